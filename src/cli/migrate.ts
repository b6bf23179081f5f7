import { startRuntime } from '../runtime';

/** `npm run db:migrate`: applies pending migrations (start-up does this too) and exits. */
startRuntime()
  .then(async (rt) => {
    rt.logger.info('database is up to date');
    await rt.close();
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
