import { z } from 'zod';
import type { AppDeps } from '../app';
import { ForbiddenError } from '../domain/errors';
import { CalendarService } from '../services/calendar-publish';
import { PlanService } from '../services/plans';
import { ALL_ROLES, type Api } from './routes';
import { idParam, isoDate, pageQuery, uuid } from './schemas';

const weightsSchema = z
  .strictObject({
    weeklyShortfall: z.number().min(0).max(1e6),
    subscriptionTopUp: z.number().min(0).max(1e6),
    techDebtShortfall: z.number().min(0).max(1e6),
    rankValue: z.number().min(0).max(1e6),
    customersPerEngineer: z.number().min(0).max(1e6),
    continuity: z.number().min(0).max(1e6),
    contextSwitches: z.number().min(0).max(1e6),
    shortBlocks: z.number().min(0).max(1e6),
    p1Imbalance: z.number().min(0).max(1e6),
    movedBlocks: z.number().min(0).max(1e6),
    dueDateLateness: z.number().min(0).max(1e6),
  })
  .partial();

export const createPlanSchema = z.strictObject({
  fortnightStart: isoDate,
  confidence: z.enum(['P50', 'P80', 'P90']).default('P80'),
  backend: z.enum(['highs', 'jslp']).default('highs'),
  timeLimitSeconds: z.number().min(1).max(600).default(10),
  weights: weightsSchema.optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .optional(),
});

const PLANNERS = ['admin', 'rep'] as const;
const VIEWERS = ['admin', 'rep', 'director'] as const;

/** The fortnight planner's routes: submit, poll, stop, publish and the rep's and engineers' views. */
export function planRoutes(api: Api, deps: AppDeps): void {
  const plans = new PlanService(deps.db, deps.jobs ?? null, deps.logger);
  const calendars = new CalendarService(deps.db, deps.config, deps.logger, deps.jobs ?? null);
  api.route(
    {
      method: 'post',
      path: '/plans',
      summary: 'Generate a fortnight plan (runs as a job; poll GET /plans/:id)',
      tag: 'Plans',
      access: PLANNERS,
      body: createPlanSchema,
      status: 202,
    },
    ({ actor, body }) => plans.create(actor!, body),
  );
  api.route(
    {
      method: 'get',
      path: '/plans',
      summary: 'List plans',
      tag: 'Plans',
      access: VIEWERS,
      query: pageQuery
        .extend({ fortnightStart: isoDate.optional(), status: z.string().max(20).optional() })
        .strict(),
    },
    ({ query }) => plans.list(query, query.limit, query.offset),
  );
  api.route(
    {
      method: 'get',
      path: '/plans/:id',
      summary: 'A plan: status, progress while solving, and its report',
      tag: 'Plans',
      access: VIEWERS,
      params: idParam,
    },
    ({ params }) => plans.get(params.id),
  );
  api.route(
    {
      method: 'delete',
      path: '/plans/:id/solve',
      summary: 'Stop solving, keeping the best plan so far',
      tag: 'Plans',
      access: PLANNERS,
      params: idParam,
      status: 202,
    },
    ({ actor, params }) => plans.stop(actor!, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/plans/:id/publish',
      summary: 'Publish; supersedes the previous plan of that fortnight',
      tag: 'Plans',
      access: PLANNERS,
      params: idParam,
      status: 200,
    },
    async ({ actor, params }) => {
      const plan = await plans.publish(actor!, params.id);
      // Feeds and Google follow the published plan (queued; feeds also rebuild on read if this is lost).
      await calendars.planPublished(plan.id);
      return plan;
    },
  );
  api.route(
    {
      method: 'post',
      path: '/plans/:id/replan',
      summary: 'Re-plan a published fortnight from a moment on: past blocks stay, moved blocks are penalised',
      tag: 'Plans',
      access: PLANNERS,
      params: idParam,
      body: z.strictObject({
        asOf: z.iso.datetime({ offset: true }).optional(),
        timeLimitSeconds: z.number().min(1).max(600).default(10),
      }),
      status: 202,
    },
    ({ actor, params, body }) =>
      plans.replan(actor!, params.id, {
        asOf: body.asOf ? new Date(body.asOf) : new Date(),
        timeLimitSeconds: body.timeLimitSeconds,
      }),
  );
  api.route(
    {
      method: 'get',
      path: '/plans/:id/blocks',
      summary: 'Scheduled blocks (engineers see only their own)',
      tag: 'Plans',
      access: ALL_ROLES.filter((r) => r !== 'agent'),
      params: idParam,
      query: z.strictObject({ engineerId: uuid.optional() }),
    },
    ({ actor, params, query }) => {
      if (actor!.role === 'engineer') {
        if (query.engineerId && query.engineerId !== actor!.engineerId)
          throw new ForbiddenError('engineers see only their own blocks');
        return plans.blocks(params.id, actor!.engineerId ?? '00000000-0000-0000-0000-000000000000');
      }
      return plans.blocks(params.id, query.engineerId);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/plans/:id/engineers/:engineerId',
      summary: "An engineer's fortnight: blocks and hours per week against the target",
      tag: 'Plans',
      access: ALL_ROLES.filter((r) => r !== 'agent'),
      params: z.strictObject({ id: uuid, engineerId: uuid }),
    },
    async ({ actor, params }) => {
      if (actor!.role === 'engineer' && actor!.engineerId !== params.engineerId) {
        throw new ForbiddenError('engineers see only their own schedule');
      }
      const plan = await plans.get(params.id);
      const result = (plan.result ?? {}) as {
        engineers?: { engineerId: string }[];
        p1Rota?: { engineerId: string }[];
      };
      const view = {
        planId: plan.id,
        status: plan.status,
        fortnightStart: plan.fortnightStart,
        weeks: (result.engineers ?? []).filter((e) => e.engineerId === params.engineerId),
        p1Days: (result.p1Rota ?? []).filter((r) => r.engineerId === params.engineerId),
        blocks: await plans.blocks(params.id, params.engineerId),
      };
      // Nothing in the plan: an unknown id is a 404 (a deleted engineer's past plans still show).
      if (!view.weeks.length && !view.p1Days.length && !view.blocks.length)
        await plans.assertExists('engineer', params.engineerId);
      return view;
    },
  );
  api.route(
    {
      method: 'get',
      path: '/plans/:id/customers/:customerId',
      summary: "The rep's review sheet for one customer",
      tag: 'Plans',
      access: VIEWERS,
      params: z.strictObject({ id: uuid, customerId: uuid }),
    },
    async ({ params }) => {
      const plan = await plans.get(params.id);
      const result = (plan.result ?? {}) as { customers?: { customerId: string }[]; confidence?: string };
      const blocks = (await plans.blocks(params.id)).filter((b) => b.customerId === params.customerId);
      const customer = (result.customers ?? []).find((c) => c.customerId === params.customerId) ?? null;
      // Nothing in the plan: an unknown id is a 404 (a deleted customer's past plans still show).
      if (!customer && !blocks.length) await plans.assertExists('customer', params.customerId);
      return {
        planId: plan.id,
        status: plan.status,
        fortnightStart: plan.fortnightStart,
        confidence: result.confidence ?? null,
        customer,
        blocks,
      };
    },
  );
}
