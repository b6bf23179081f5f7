import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { UserEntity } from '../db/entities';
import type { Actor } from '../domain/actor';
import type { JobQueue } from '../jobs/queue';
import { PlanService, type CreatePlanInput } from './plans';
import { RosterService, type CreateRosterInput } from './rosters';

const FINISHED_POLL_MS = 2000;

/**
 * After the demo organisation is first seeded: solve its coming fortnight plan and roster as
 * ordinary jobs (in the name of the demo admin, so the audit says who) and publish each one
 * that solves, so the web UI, feeds and reports have something to show straight away. Runs in
 * the background; a process stopped before the solves finish simply leaves them to be generated
 * from the plan board.
 */
export async function solveDemoSchedules(
  deps: { db: DataSource; jobs: JobQueue; logger: Logger },
  plan: CreatePlanInput,
  roster: CreateRosterInput,
): Promise<void> {
  const { db, jobs, logger } = deps;
  const admin = await db.getRepository(UserEntity).findOne({ where: { role: 'admin', active: true } });
  if (!admin) return;
  const actor: Actor = { userId: admin.id, name: admin.name, role: 'admin', engineerId: null, agentId: null };
  const plans = new PlanService(db, jobs, logger);
  const rosters = new RosterService(db, jobs, logger);
  const submitted = [
    { kind: 'plan', id: (await plans.create(actor, plan)).id, service: plans },
    { kind: 'roster', id: (await rosters.create(actor, roster)).id, service: rosters },
  ] as const;
  logger.info({ planId: submitted[0].id, rosterId: submitted[1].id }, 'solving the demo plan and roster');
  for (const s of submitted) {
    for (;;) {
      const row = await s.service.get(s.id);
      if (row.status === 'solved') {
        await s.service.publish(actor, s.id);
        logger.info({ [`${s.kind}Id`]: s.id }, `demo ${s.kind} published`);
        break;
      }
      if (!['draft', 'solving'].includes(row.status)) {
        logger.warn({ [`${s.kind}Id`]: s.id, status: row.status }, `demo ${s.kind} did not solve`);
        break;
      }
      await new Promise((r) => setTimeout(r, FINISHED_POLL_MS).unref());
    }
  }
}
