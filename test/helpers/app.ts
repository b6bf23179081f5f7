import pino from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import {
  AgentEntity,
  EngineerEntity,
  OrganisationSettingsEntity,
  UserEntity,
  type Role,
} from '../../src/db/entities';
import { startJobQueue } from '../../src/jobs/queue';
import { startWorkers } from '../../src/jobs/workers';
import { TokenService } from '../../src/services/tokens';
import { createTestDatabase, type TestDatabase } from './db';

export interface TestApp {
  http: TestAgent;
  database: TestDatabase;
  tokens: Record<Role, string>;
  /** The engineer and agent records the engineer/agent tokens belong to. */
  engineerId: string;
  agentId: string;
  deps: AppDeps;
  as(role: Role): { Authorization: string };
  close(): Promise<void>;
}

/** Starts the real app on a fresh database with one user and token per role. */
export interface TestAppOptions {
  extensions?: AppDeps['extensions'];
  /** Start pg-boss on the test schema and run the job workers in this process. */
  jobs?: boolean;
  /** Extra environment for loadConfig (e.g. GOOGLE_API_ROOT_URL pointing at a fake). */
  env?: Record<string, string>;
  /** 'pglite': the embedded database whatever DATABASE_URL says (tests of the embedded path). */
  database?: 'auto' | 'pglite';
  /**
   * The app's own DataSource connects to the URL this returns for the test database's URL
   * (e.g. through a fault-injecting proxy); setup, seeding and jobs keep the direct connection.
   */
  connectVia?: (databaseUrl: string) => string | Promise<string>;
}

export async function startTestApp(options: TestAppOptions | AppDeps['extensions'] = []): Promise<TestApp> {
  const {
    extensions = [],
    jobs: withJobs = false,
    env = {},
    connectVia,
    database: kind = 'auto',
  } = Array.isArray(options) ? { extensions: options } : options;
  const database = await createTestDatabase(kind);
  const { db } = database;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'http://rota.test',
    ...env,
  } as NodeJS.ProcessEnv);
  const logger = pino({ level: 'silent' });
  await db.getRepository(OrganisationSettingsEntity).insert({
    name: 'Test Org',
    timeZone: 'Europe/London',
    weekStart: 1,
    fortnightAnchor: '2026-01-12',
    billableTargetMinutesPerWeek: 1680,
    defaultWorkingDay: { start: '09:30', end: '17:30', lunchStart: '12:30', lunchMinutes: 60 },
    p1BufferMinutes: 120,
    holidayCalendar: 'england-and-wales',
  });
  const engineer = await db.getRepository(EngineerEntity).save({
    name: 'Ana Engineer',
    email: 'ana@example.com',
    timeZone: 'Europe/London',
    pattern: [1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:30', end: '17:30', breakMinutes: 60 })),
    skills: ['postgres'],
    costRate: 40,
  });
  const agent = await db.getRepository(AgentEntity).save({
    name: 'Abe Agent',
    email: 'abe@example.com',
    timeZone: 'Europe/London',
    minHoursPerWeek: 30,
    maxHoursPerWeek: 40,
    channels: ['phone'],
  });
  const service = new TokenService(db);
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const) {
    const user = await db.getRepository(UserEntity).save({
      name: `${role} user`,
      email: `${role}@example.com`,
      role,
      engineerId: role === 'engineer' ? engineer.id : null,
      agentId: role === 'agent' ? agent.id : null,
    });
    tokens[role] = (await service.issue(null, user.id, 'test')).token;
  }
  const jobs = withJobs ? await startJobQueue(database.url, database.schema, logger) : null;
  if (jobs) await startWorkers(db, jobs, logger, config);
  let appDb = db;
  if (connectVia) {
    appDb = createDataSource({ url: await connectVia(database.url), schema: database.schema, poolSize: 8 });
    await appDb.initialize();
  }
  const deps: AppDeps = { db: appDb, config, logger, extensions, jobs };
  const { app } = createApp(deps);
  return {
    http: request(app),
    database,
    tokens,
    engineerId: engineer.id,
    agentId: agent.id,
    deps,
    as: (role) => ({ Authorization: `Bearer ${tokens[role]}` }),
    async close() {
      await jobs?.stop();
      if (appDb !== db) await appDb.destroy();
      if (jobs && database.kind === 'postgres')
        await db.query(`DROP SCHEMA IF EXISTS "${database.schema}_pgboss" CASCADE`);
      await database.close();
    },
  };
}
