import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError } from './config';
import { ALL_EXTENSIONS } from './http/extensions';
import { startJobQueue } from './jobs/queue';
import { stopAllSolves } from './jobs/run-solve';
import { startWorkers } from './jobs/workers';
import { startRuntime } from './runtime';
import { DEMO_FORTNIGHT_START, DEMO_ROSTER_START } from '../fixtures/demo';
import { createPlanSchema } from './http/plans';
import { createRosterSchema } from './http/rosters';
import { solveDemoSchedules } from './services/demo-schedules';
import { seedIfEmpty } from './services/seed';

/** Wires the service and listens; SIGTERM/SIGINT stop intake, finish in-flight work and exit 0. */
async function main(): Promise<void> {
  const rt = await startRuntime();
  const { config, logger } = rt;
  let freshDemo = false;
  if (config.SEED_DEMO) {
    const seeded = await seedIfEmpty(rt.db, { reset: false });
    if (seeded) {
      freshDemo = true;
      logger.info('demo organisation seeded');
      console.log('\nDemo API tokens (shown once; also: npm run token -- --user <email>):');
      for (const t of seeded.tokens) console.log(`  ${t.role.padEnd(9)} ${t.email.padEnd(36)} ${t.token}`);
      console.log('');
    }
  }
  const jobs = await startJobQueue(rt.url, config.DATABASE_SCHEMA, logger);
  // Embedded: one process does everything. With a server, run `npm run worker` processes too.
  if (config.IN_PROCESS_WORKER ?? !config.DATABASE_URL) await startWorkers(rt.db, jobs, logger, config);
  const { app } = createApp({
    db: rt.db,
    config,
    logger,
    jobs,
    extensions: ALL_EXTENSIONS,
  });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ port: config.PORT, docs: `${config.PUBLIC_BASE_URL}/docs` }, 'Rota is listening');
  });
  server.keepAliveTimeout = 5000;
  if (freshDemo && config.DEMO_SCHEDULES) {
    void solveDemoSchedules(
      { db: rt.db, jobs, logger },
      createPlanSchema.parse({ fortnightStart: DEMO_FORTNIGHT_START, timeLimitSeconds: 30, seed: 1 }),
      createRosterSchema.parse({ periodStart: DEMO_ROSTER_START, weeks: 2, timeLimitSeconds: 90 }),
    ).catch((err: unknown) => logger.warn({ err }, 'the demo plan and roster could not be solved'));
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests; finishing those in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20000);
    force.unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    // Running solves stop now and keep their best result, so their jobs complete instead of expiring.
    stopAllSolves();
    await jobs.stop();
    await rt.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('Rota failed to start:', err);
  process.exit(1);
});
