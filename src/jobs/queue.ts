import PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export const QUEUES = {
  planSolve: 'plan-solve',
  rosterSolve: 'roster-solve',
  calendarPublish: 'calendar-publish',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** The durable job queue (pg-boss over the same PostgreSQL). Nothing home-made. */
export interface JobQueue {
  /** `expireInSeconds`: how long one attempt may run before pg-boss hands the job to another worker. */
  send(queue: QueueName, data: object, expireInSeconds?: number): Promise<string>;
  work(
    queue: QueueName,
    handler: (data: Record<string, unknown>, jobId: string) => Promise<void>,
  ): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobQueue(url: string, schema: string, logger: Logger): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: `${schema === 'public' ? '' : `${schema}_`}pgboss`,
    max: 4,
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name);
  return {
    async send(queue, data, expireInSeconds = 900) {
      // A solve may be retried by another worker if this one dies (its attempt expires); the handler is idempotent.
      const id = await boss.send(queue, data, { retryLimit: 3, retryDelay: 2, expireInSeconds });
      if (!id) throw new Error(`pg-boss refused a ${queue} job`);
      return id;
    },
    async work(queue, handler) {
      await boss.work<Record<string, unknown>>(
        queue,
        { batchSize: 1, pollingIntervalSeconds: 1 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data, job.id);
        },
      );
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 15000 });
    },
  };
}
