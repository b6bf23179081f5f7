import { ConfigError } from './config';
import { startJobQueue } from './jobs/queue';
import { stopAllSolves } from './jobs/run-solve';
import { startWorkers } from './jobs/workers';
import { startRuntime } from './runtime';

/** `npm run worker`: takes solve and publish jobs from pg-boss; run as many as you like. */
async function main(): Promise<void> {
  const rt = await startRuntime();
  const jobs = await startJobQueue(rt.url, rt.config.DATABASE_SCHEMA, rt.logger);
  await startWorkers(rt.db, jobs, rt.logger);
  rt.logger.info({ pid: process.pid }, 'worker ready');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.logger.info({ signal }, 'worker stopping: no new jobs; finishing the current one');
    // Running solves stop now and keep their best result, so their jobs complete instead of expiring.
    stopAllSolves();
    await jobs.stop();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
