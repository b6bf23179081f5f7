import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../config';
import { CalendarService } from '../services/calendar-publish';
import { PlanService } from '../services/plans';
import { RosterService } from '../services/rosters';
import { QUEUES, type JobQueue } from './queue';

/** Registers the job handlers on a queue: this process now takes solves. */
export async function startWorkers(
  db: DataSource,
  jobs: JobQueue,
  logger: Logger,
  config: Config = loadConfig(),
): Promise<void> {
  const plans = new PlanService(db, jobs, logger);
  await jobs.work(QUEUES.planSolve, async (data, jobId) => {
    const planId = String(data.planId);
    logger.info({ planId, jobId }, 'plan solve started');
    await plans.runJob(planId);
    logger.info({ planId, jobId }, 'plan solve finished');
  });
  const rosters = new RosterService(db, jobs, logger);
  await jobs.work(QUEUES.rosterSolve, async (data, jobId) => {
    const rosterId = String(data.rosterId);
    logger.info({ rosterId, jobId }, 'roster solve started');
    await rosters.runJob(rosterId);
    logger.info({ rosterId, jobId }, 'roster solve finished');
  });
  const calendars = new CalendarService(db, config, logger, jobs);
  await jobs.work(QUEUES.calendarPublish, async (data, jobId) => {
    logger.info(
      { kind: data.kind, planId: data.planId, rosterId: data.rosterId, jobId },
      'calendar job started',
    );
    await calendars.runJob(data);
    logger.info(
      { kind: data.kind, planId: data.planId, rosterId: data.rosterId, jobId },
      'calendar job finished',
    );
  });
}
