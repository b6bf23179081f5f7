import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { createApp, type AppDeps } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ALL_EXTENSIONS } from '../../src/http/extensions';
import { startJobQueue } from '../../src/jobs/queue';
import { startWorkers } from '../../src/jobs/workers';
import { seedIfEmpty } from '../../src/services/seed';
import { createTestDatabase, type TestDatabase } from './db';

export interface DemoApp {
  baseUrl: string;
  database: TestDatabase;
  /** One API token per role of the demo organisation. */
  tokens: Record<string, { email: string; token: string }>;
  close(): Promise<void>;
}

/** The whole service (every router, job workers) on the seeded demo organisation, listening on loopback. */
export async function startDemoApp(): Promise<DemoApp> {
  const database = await createTestDatabase();
  const seeded = await seedIfEmpty(database.db, { reset: false });
  if (!seeded) throw new Error('demo seeding did nothing');
  const logger = pino({ level: 'silent' });
  const jobs = await startJobQueue(database.url, database.schema, logger);
  const server: Server = await new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_BASE_URL: baseUrl } as NodeJS.ProcessEnv);
  await startWorkers(database.db, jobs, logger, config);
  const deps: AppDeps = { db: database.db, config, logger, jobs, extensions: ALL_EXTENSIONS };
  const { app } = createApp(deps);
  server.on('request', app);
  return {
    baseUrl,
    database,
    tokens: Object.fromEntries(seeded.tokens.map((t) => [t.role, { email: t.email, token: t.token }])),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await jobs.stop();
      if (database.kind === 'postgres')
        await database.db.query(`DROP SCHEMA IF EXISTS "${database.schema}_pgboss" CASCADE`);
      await database.close();
    },
  };
}
