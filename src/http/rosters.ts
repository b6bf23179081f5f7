import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { ForbiddenError } from '../domain/errors';
import { MAX_ROSTER_WEEKS } from '../services/roster-problem';
import { RosterService, StaffingService } from '../services/rosters';
import type { Api } from './routes';
import { channel, idParam, isoDate, pageQuery, uuid } from './schemas';

const weight = z.number().min(0).max(1e6);

export const createRosterSchema = z.strictObject({
  periodStart: isoDate.refine((d) => DateTime.fromISO(d).weekday === 1, 'must be a Monday'),
  weeks: z.number().int().min(1).max(MAX_ROSTER_WEEKS).optional(),
  periodEnd: isoDate.optional(),
  timeLimitSeconds: z.number().min(1).max(600).default(60),
  weights: z
    .strictObject({
      underStaffing: weight,
      underStaffingGrowth: z.number().min(0).max(100),
      overStaffing: weight,
      fairEarlyShifts: weight,
    })
    .partial()
    .optional(),
});

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'must be a local date and time YYYY-MM-DDTHH:mm')
  .refine((s) => DateTime.fromISO(s.slice(0, 10)).isValid, 'must be a real calendar date');

const targetSchema = z.strictObject({
  kind: z.enum(['erlang', 'deferred']).optional(),
  serviceLevel: z.number().gt(0).max(1),
  targetSeconds: z
    .number()
    .min(0)
    .max(86400 * 7)
    .optional(),
  maxOccupancy: z.number().gt(0).max(1).optional(),
  maxAsaSeconds: z.number().gt(0).max(86400).optional(),
  concurrency: z.number().int().min(1).max(10).optional(),
  deadlineMinutes: z
    .number()
    .gt(0)
    .max(60 * 24 * 30)
    .optional(),
  deadlineBasis: z.enum(['calendar', 'open']).optional(),
});

const shrinkage = z.number().min(0).lt(1);

/** Posted demand (`intervals`) or a date range of stored forecasts (`from`, `to`). */
export const staffingRequestSchema = z
  .strictObject({
    intervalMinutes: z.union([z.literal(15), z.literal(30)]).optional(),
    intervals: z
      .array(
        z.strictObject({
          channel,
          start: z.union([localDateTime, z.number().int().min(0).max(1e7)]),
          volume: z.number().min(0).max(1e6),
          ahtSeconds: z.number().gt(0).max(86400),
        }),
      )
      .min(1)
      .max(20000)
      .optional(),
    targets: z.partialRecord(channel, targetSchema).optional(),
    shrinkage: z.union([shrinkage, z.partialRecord(channel, shrinkage)]).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.intervals) {
      if (b.from !== undefined || b.to !== undefined)
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'give either intervals or from and to' });
      const kinds = new Set(b.intervals.map((x) => typeof x.start));
      if (kinds.size > 1)
        ctx.addIssue({
          code: 'custom',
          path: [
            'intervals',
            b.intervals.findIndex((x) => typeof x.start !== typeof b.intervals![0]!.start),
            'start',
          ],
          message: 'all starts are local date-times, or all are minutes',
        });
      return;
    }
    if (b.from === undefined)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'give intervals, or from and to' });
    if (b.to === undefined)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'give intervals, or from and to' });
    if (b.from && b.to) {
      const days = DateTime.fromISO(b.to).diff(DateTime.fromISO(b.from), 'days').days;
      if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (days > 41)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most 6 weeks after from' });
    }
    for (const key of ['intervalMinutes', 'targets', 'shrinkage'] as const)
      if (b[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'only with posted intervals (stored forecasts use the stored targets)',
        });
  });

const PLANNERS = ['admin', 'rep'] as const;
const VIEWERS = ['admin', 'rep', 'director'] as const;

/** Shift rostering: submit, poll, stop, publish; agents' own shifts; the staffing calculator. */
export function rosterRoutes(api: Api, deps: AppDeps): void {
  const rosters = new RosterService(deps.db, deps.jobs ?? null, deps.logger);
  const staffing = new StaffingService(deps.db);
  api.route(
    {
      method: 'post',
      path: '/rosters',
      summary: 'Generate a shift roster for whole weeks from a Monday (runs as a job; poll GET /rosters/:id)',
      tag: 'Rosters',
      access: PLANNERS,
      body: createRosterSchema,
      status: 202,
    },
    ({ actor, body }) => rosters.create(actor!, body),
  );
  api.route(
    {
      method: 'get',
      path: '/rosters',
      summary: 'List rosters',
      tag: 'Rosters',
      access: VIEWERS,
      query: pageQuery
        .extend({ periodStart: isoDate.optional(), status: z.string().max(20).optional() })
        .strict(),
    },
    ({ query }) => rosters.list(query, query.limit, query.offset),
  );
  api.route(
    {
      method: 'get',
      path: '/rosters/:id',
      summary: 'A roster: status, progress while solving, and its cover report',
      tag: 'Rosters',
      access: VIEWERS,
      params: idParam,
    },
    ({ params }) => rosters.get(params.id),
  );
  api.route(
    {
      method: 'delete',
      path: '/rosters/:id/solve',
      summary: 'Stop solving, keeping the best roster so far',
      tag: 'Rosters',
      access: PLANNERS,
      params: idParam,
      status: 202,
    },
    ({ actor, params }) => rosters.stop(actor!, params.id),
  );
  api.route(
    {
      method: 'post',
      path: '/rosters/:id/publish',
      summary: 'Publish; supersedes the previous roster of that period start',
      tag: 'Rosters',
      access: PLANNERS,
      params: idParam,
      status: 200,
    },
    ({ actor, params }) => rosters.publish(actor!, params.id),
  );
  api.route(
    {
      method: 'get',
      path: '/rosters/:id/shifts',
      summary: 'Rostered shifts (agents see only their own)',
      tag: 'Rosters',
      access: [...VIEWERS, 'agent'],
      params: idParam,
      query: z.strictObject({ agentId: uuid.optional() }),
    },
    ({ actor, params, query }) => {
      if (actor!.role === 'agent') {
        if (query.agentId && query.agentId !== actor!.agentId)
          throw new ForbiddenError('agents see only their own shifts');
        return rosters.shifts(params.id, actor!.agentId ?? '00000000-0000-0000-0000-000000000000');
      }
      return rosters.shifts(params.id, query.agentId);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/agents/:id/shifts',
      summary: "An agent's shifts from published rosters (agents: their own only)",
      tag: 'Rosters',
      access: [...VIEWERS, 'agent'],
      params: idParam,
      query: z
        .strictObject({ from: isoDate.optional(), to: isoDate.optional() })
        .refine((q) => !q.from || !q.to || q.to >= q.from, {
          message: 'must not be before from',
          path: ['to'],
        }),
    },
    ({ actor, params, query }) => {
      if (actor!.role === 'agent' && actor!.agentId !== params.id)
        throw new ForbiddenError('agents see only their own shifts');
      return rosters.agentShifts(params.id, query.from, query.to);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/staffing/requirements',
      summary:
        'Staffing calculator: agents needed per channel and interval (Erlang C / deferred work), with service level and ASA',
      tag: 'Rosters',
      access: VIEWERS,
      body: staffingRequestSchema,
      status: 200,
    },
    ({ body }) => staffing.requirements(body),
  );
}
