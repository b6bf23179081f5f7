import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { type Config, databaseUrl, loadConfig } from './config';
import { createDataSource } from './db/data-source';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './db/embedded';

export interface Runtime {
  config: Config;
  logger: Logger;
  db: DataSource;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * Everything a process needs before it serves or works: configuration, the database (the
 * configured server, or embedded PGlite on loopback when DATABASE_URL is unset) with its
 * migrations applied.
 */
export async function startRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const config = loadConfig(env);
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'rota', pid: process.pid } });
  let embedded: EmbeddedDatabase | null = null;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_DB_PORT);
    logger.info({ dataDir: config.DATA_DIR, port: embedded.port }, 'embedded PostgreSQL (PGlite) started');
  }
  const url = embedded?.url ?? databaseUrl(config);
  const db = createDataSource({ url, schema: config.DATABASE_SCHEMA });
  await db.initialize();
  if (config.DATABASE_SCHEMA !== 'public')
    await db.query(`CREATE SCHEMA IF NOT EXISTS "${config.DATABASE_SCHEMA}"`);
  const ran = await db.runMigrations({ transaction: 'each' });
  if (ran.length > 0) logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
  return {
    config,
    logger,
    db,
    url,
    embedded,
    async close() {
      if (db.isInitialized) await db.destroy();
      await embedded?.stop();
    },
  };
}
