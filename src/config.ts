import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const zone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/London');

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Schema to use inside DATABASE_URL (tests use one schema per file). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Where users reach Rota (feed links, cookies); default `http://localhost:<PORT>`. */
  PUBLIC_BASE_URL: z.url().optional(),
  ORG_TIME_ZONE: zone.default('Europe/London'),
  /** Run pg-boss workers inside the API process (default when embedded). */
  IN_PROCESS_WORKER: bool.optional(),
  SEED_DEMO: bool.default(true),
  /** After a fresh demo seed, solve and publish its coming plan and roster in the background. */
  DEMO_SCHEDULES: bool.default(true),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  BODY_LIMIT: z.string().default('1mb'),
  GOOGLE_CREDENTIALS_FILE: z.string().optional(),
  GOOGLE_SUBJECT: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  GOOGLE_REFRESH_TOKEN: z.string().optional(),
  GOOGLE_API_ROOT_URL: z.url().default('https://www.googleapis.com/'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
});

/** Every setting Rota reads from the environment, with its default. */
export const configSchema = envSchema.transform((c) => ({
  ...c,
  PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ''),
}));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; a wrong value names the variable and stops start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Where the service's PostgreSQL is: the configured server, or the embedded one on loopback. */
export function databaseUrl(config: Config): string {
  return config.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_DB_PORT}/postgres`;
}
