import type { DataSource } from 'typeorm';
import type { Block, PlanProblem, PlanResult } from '../../solver';
import { CustomerEntity, EngineerEntity, PlanEntity, ScheduledBlockEntity } from '../db/entities';
import type { Actor } from '../domain/actor';
import { ConflictError, NotFoundError } from '../domain/errors';
import { instantOf, localOf } from '../domain/time';
import type { JobQueue } from '../jobs/queue';
import { QUEUES } from '../jobs/queue';
import { runSolve } from '../jobs/run-solve';
import { audit } from './audit';
import { FINISHED, lifecycleOps } from './solve-lifecycle';
import { buildPlanProblem, type BuiltProblem, type PlanRequestOptions } from './plan-problem';
import type { Logger } from 'pino';

export interface ReplanInput {
  asOf: Date;
  timeLimitSeconds: number;
}

export interface CreatePlanInput extends PlanRequestOptions {
  fortnightStart: string;
  backend: 'highs' | 'jslp';
  timeLimitSeconds: number;
}

/** Use cases of the fortnight plan: submit a solve, run it as a job, stop, publish, read. */
export class PlanService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue | null,
    private readonly logger: Logger,
  ) {}

  private get lifecycle() {
    return lifecycleOps<PlanEntity>(this.db, {
      entity: PlanEntity,
      noun: 'plan',
      periodColumn: 'fortnightStart',
      periodOf: (p) => p.fortnightStart,
      rejected: (messages) => ({ status: 'rejected', explanation: messages }),
    });
  }

  async create(actor: Actor, input: CreatePlanInput): Promise<PlanEntity> {
    // Builds the problem once up front so a bad fortnight or data problem answers 4xx now.
    await buildPlanProblem(this.db, input.fortnightStart, input);
    const plan = await this.db.transaction(async (m) => {
      const row = await m.save(
        m.create(PlanEntity, {
          fortnightStart: input.fortnightStart,
          status: 'draft',
          options: { ...input },
          createdBy: actor.userId,
        }),
      );
      await audit(m, actor, 'plan.create', 'plan', row.id, { fortnightStart: input.fortnightStart });
      return row;
    });
    return this.enqueue(plan, input.timeLimitSeconds);
  }

  get(id: string): Promise<PlanEntity> {
    return this.lifecycle.get(id);
  }

  list(filter: { fortnightStart?: string; status?: string }, limit: number, offset: number) {
    return this.lifecycle.list({ period: filter.fortnightStart, status: filter.status }, limit, offset);
  }

  async blocks(planId: string, engineerId?: string): Promise<ScheduledBlockEntity[]> {
    await this.get(planId);
    return this.db.getRepository(ScheduledBlockEntity).find({
      where: { planId, ...(engineerId ? { engineerId } : {}) },
      order: { startsAt: 'ASC' },
    });
  }

  /** Throws NotFoundError unless the engineer or customer exists. */
  async assertExists(kind: 'engineer' | 'customer', id: string): Promise<void> {
    const found =
      kind === 'engineer'
        ? await this.db.getRepository(EngineerEntity).exists({ where: { id } })
        : await this.db.getRepository(CustomerEntity).exists({ where: { id } });
    if (!found) throw new NotFoundError(`${kind} ${id} does not exist`);
  }

  /** Asks a running solve to stop; it keeps the best plan found so far. */
  stop(actor: Actor, id: string): Promise<PlanEntity> {
    return this.lifecycle.stop(actor, id);
  }

  /** Publishes a solved plan; the previously published plan of that fortnight is superseded. */
  publish(actor: Actor, id: string): Promise<PlanEntity> {
    return this.lifecycle.publish(actor, id);
  }

  /**
   * Re-plans a published fortnight after a change (a P1 ate hours, new leave, an urgent item):
   * blocks that ended before `asOf` stay exactly as they were, every other published block that
   * moves is penalised, and the solved plan's report carries the diff against the published one.
   */
  async replan(actor: Actor, baseId: string, input: ReplanInput): Promise<PlanEntity> {
    const base = await this.get(baseId);
    if (base.status !== 'published') {
      throw new ConflictError(
        `only a published plan can be re-planned (this one is ${base.status})`,
        'not_published',
      );
    }
    const options = {
      ...(base.options as unknown as CreatePlanInput),
      ...input,
      asOf: input.asOf.toISOString(),
      replanOf: baseId,
    };
    const plan = await this.db.transaction(async (m) => {
      const row = await m.save(
        m.create(PlanEntity, {
          fortnightStart: base.fortnightStart,
          status: 'draft',
          options,
          basedOnPlanId: baseId,
          createdBy: actor.userId,
        }),
      );
      await audit(m, actor, 'plan.replan', 'plan', row.id, { replanOf: baseId, asOf: options.asOf });
      return row;
    });
    return this.enqueue(plan, options.timeLimitSeconds);
  }

  private async enqueue(plan: PlanEntity, timeLimitSeconds: number): Promise<PlanEntity> {
    if (!this.jobs) return plan;
    // An attempt may take the time limit plus building and storing; past that, another worker retries it.
    const jobId = await this.jobs.send(QUEUES.planSolve, { planId: plan.id }, timeLimitSeconds + 60);
    await this.db.getRepository(PlanEntity).update(plan.id, { jobId });
    plan.jobId = jobId;
    return plan;
  }

  /** The published plan's blocks as solver blocks: fixed if they ended before `asOf`, all penalised if moved. */
  private async replanBlocks(built: BuiltProblem, baseId: string, asOf: Date): Promise<Partial<PlanProblem>> {
    const rows = await this.db
      .getRepository(ScheduledBlockEntity)
      .find({ where: { planId: baseId, kind: 'development' } });
    const items = new Set(built.problem.items.map((i) => i.id));
    const toMinutes = (d: Date) => Math.round((d.getTime() - built.horizon.startMs) / 60000);
    const previous: Block[] = rows.flatMap((b) => {
      const day = built.dayDates.indexOf(b.date);
      if (day < 0 || !items.has(b.itemId)) return [];
      return [
        {
          itemId: b.itemId,
          engineerId: b.engineerId,
          day,
          start: toMinutes(b.startsAt),
          end: toMinutes(b.endsAt),
        },
      ];
    });
    const from = Math.max(0, toMinutes(asOf));
    return {
      previousBlocks: previous,
      fixedBlocks: previous.filter((b) => b.end <= from),
      replanFromMinute: from,
    };
  }

  /**
   * The job: solve the plan and store blocks and report. Idempotent: a retried job for a plan
   * that already finished does nothing; a retried job for one that died mid-solve starts over.
   */
  async runJob(planId: string): Promise<void> {
    const plan = await this.db.getRepository(PlanEntity).findOne({ where: { id: planId } });
    if (!plan || FINISHED.has(plan.status)) return;
    await this.db.getRepository(PlanEntity).update(planId, { status: 'solving' });
    const options = plan.options as unknown as CreatePlanInput & { replanOf?: string; asOf?: string };
    const requester = plan.createdBy ? { userId: plan.createdBy } : null;
    // The data changed since the plan was submitted (e.g. the fortnight grid moved) and may no
    // longer make a problem.
    const built = await this.lifecycle.buildOrFail(planId, requester, async () => {
      const made = await buildPlanProblem(this.db, plan.fortnightStart, options);
      if (options.replanOf && options.asOf) {
        made.problem = {
          ...made.problem,
          ...(await this.replanBlocks(made, options.replanOf, new Date(options.asOf))),
        };
      }
      return made;
    });
    if (!built) return;
    let latest: Record<string, unknown> = {};
    const solve = runSolve<PlanResult>(
      {
        kind: 'plan',
        problem: built.problem,
        backend: options.backend,
        timeLimitSeconds: options.timeLimitSeconds,
      },
      (p) => {
        latest = p as Record<string, unknown>;
      },
    );
    // Every second: publish progress, and look for a stop request.
    const ticker = setInterval(() => {
      void (async () => {
        const row = await this.db
          .getRepository(PlanEntity)
          .findOne({ where: { id: planId }, select: { id: true, progress: true } });
        if (row?.progress?.stopRequested) solve.stop();
        await this.db
          .getRepository(PlanEntity)
          .update(planId, { progress: { ...(row?.progress ?? {}), ...latest } as never });
      })().catch((err: unknown) => this.logger.warn({ err }, 'progress update failed'));
    }, 1000);
    let result: PlanResult;
    try {
      result = await solve.result;
    } catch (err) {
      // Hand the plan back so pg-boss's retry (possibly on another worker) starts it over.
      await this.db.getRepository(PlanEntity).update(planId, { status: 'draft' });
      throw err;
    } finally {
      clearInterval(ticker);
    }
    const found =
      ['optimal', 'feasible', 'time_limit', 'interrupted'].includes(result.status) &&
      result.check?.ok === true;
    await this.db.transaction(async (m) => {
      await m.delete(ScheduledBlockEntity, { planId });
      const rows = result.blocks.map((b) => {
        const zone = built.engineerZones[b.engineerId] ?? built.horizon.zone;
        const start = localOf(built.horizon, b.start, zone);
        const end = localOf(built.horizon, b.end, zone);
        const itemId = b.itemId.split('#')[0]!;
        return {
          planId,
          itemId,
          engineerId: b.engineerId,
          customerId: built.customerOf[itemId]!,
          date: start.date,
          startsAt: instantOf(built.horizon, b.start),
          endsAt: instantOf(built.horizon, b.end),
          localStart: start.time,
          localEnd: end.time,
          timeZone: zone,
          kind: 'development' as const,
        };
      });
      for (let i = 0; i < rows.length; i += 500) await m.insert(ScheduledBlockEntity, rows.slice(i, i + 500));
      const { blocks: _b, assignments: _a, ...report } = result;
      const p1Rota = result.p1Rota.map((r) => ({ ...r, date: built.dayDates[r.day] }));
      await m.update(PlanEntity, planId, {
        status: found
          ? 'solved'
          : ['infeasible', 'invalid'].includes(result.status)
            ? 'infeasible'
            : 'failed',
        result: { ...report, p1Rota, dayDates: built.dayDates } as never,
        progress: { ...latest, finished: true } as never,
      });
      // The job acts for whoever asked for this plan (created or re-planned it).
      await audit(m, requester, 'plan.solve', 'plan', planId, {
        status: result.status,
        objective: result.objective,
        gap: result.gap,
      });
    });
  }
}
