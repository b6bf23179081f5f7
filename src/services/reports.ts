import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { Between, In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import { z } from 'zod';
import { MINUTES_PER_DAY, deskStaffing, projectServiceLevel } from '../../solver';
import {
  ActualHoursEntity,
  AgentEntity,
  AvailabilityExceptionEntity,
  CustomerEntity,
  EngineerEntity,
  OrganisationSettingsEntity,
  PlanEntity,
  PublicHolidayEntity,
  RoadmapItemEntity,
  RosterEntity,
  RosterShiftEntity,
  ScheduledBlockEntity,
} from '../db/entities';
import type { Actor } from '../domain/actor';
import { seesMoney } from '../domain/actor';
import { DomainValidationError, ForbiddenError, NotFoundError, type FieldIssue } from '../domain/errors';
import {
  availableMinutesByDate,
  deskChannelDays,
  deskRows,
  NoReportSourceError,
  onDutyBySlot,
  overviewWeeks,
  p1BufferByDate,
  planVsActual,
  profitability,
  r2,
  utilisation,
  type DeskDay,
  type DutySpan,
  type FortnightProfitRow,
  type PlanVsActualItem,
  type ReportBlock,
  type ReportCustomer,
  type ReportEngineer,
} from '../domain/reporting';
import { dates, minutesOfDay } from '../domain/time';
import { isoDate } from '../http/schemas';
import { audit } from './audit';
import { assertFortnightStart } from './plan-problem';
import { loadDemand, requirementsOf } from './roster-problem';
import { zodIssues } from './validation';

/** Most fortnights one profitability or plan-vs-actual report spans (a year of trend). */
export const MAX_REPORT_FORTNIGHTS = 26;
/** Most days one rostering report spans (the roster's own limit: six weeks). */
export const MAX_DESK_DAYS = 42;
/** Most rows one actual-hours import may carry. */
export const MAX_IMPORT_ROWS = 5000;

/** The plan a fortnight's figures come from, as the answer names it. */
export interface PlanSource {
  id: string;
  status: 'published' | 'solved';
  fortnightStart: string;
}

interface PlanData {
  plan: PlanSource;
  blocks: ReportBlock[];
  engineers: ReportEngineer[];
  customers: ReportCustomer[];
  /** Engineer → date → available minutes. */
  available: Map<string, Map<string, number>>;
  /** Engineer → date → P1 buffer minutes on the plan's responder days. */
  p1Buffer: Map<string, Map<string, number>>;
  targetMinutesPerWeek: number;
}

const sumOf = (byDate: ReadonlyMap<string, number>) => [...byDate.values()].reduce((s, m) => s + m, 0);
const fortnightSums = (m: ReadonlyMap<string, ReadonlyMap<string, number>>) =>
  new Map([...m].map(([id, byDate]) => [id, sumOf(byDate)]));

function utilisationOf(data: PlanData, fortnightStart: string) {
  return utilisation({
    fortnightStart,
    engineers: data.engineers,
    blocks: data.blocks,
    available: data.available,
    p1Buffer: data.p1Buffer,
    targetMinutesPerWeek: data.targetMinutesPerWeek,
  });
}

function profitabilityOf(data: PlanData, fortnightStart: string) {
  return profitability({
    fortnightStart,
    customers: data.customers,
    engineers: data.engineers,
    blocks: data.blocks,
    availableMinutes: fortnightSums(data.available),
    p1BufferMinutes: fortnightSums(data.p1Buffer),
  });
}

/** One raw row of an import, as read from CSV (strings) or JSON, with where it came from. */
export interface ImportRow {
  values: Record<string, unknown>;
  /** 1-based CSV line, for messages; absent for JSON. */
  line?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NO_ID = '00000000-0000-0000-0000-000000000000';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().min(1).max(max).optional());

/** One imported row: item and engineer by id, or item by title (optionally with its customer) and engineer by email. */
const importRowSchema = z.strictObject({
  item: z.preprocess(emptyToUndefined, z.string({ error: 'required' }).trim().min(1).max(200)),
  engineer: text(200),
  customer: text(200),
  date: z.preprocess(emptyToUndefined, isoDate),
  hours: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : emptyToUndefined(v)),
    z
      .number({ error: 'must be a number of hours such as 2.5' })
      .gt(0)
      .max(24)
      // Stored with two decimals (numeric(6,2)): answer what is stored.
      .transform((h) => Math.round(h * 100) / 100),
  ),
  note: z.preprocess(emptyToUndefined, z.string().max(500).optional()),
});

/** The directors' reports (utilisation, profitability, plan vs actual, rostering, overview) and the actual-hours import. */
export class ReportService {
  constructor(private readonly db: DataSource) {}

  private async settings(): Promise<OrganisationSettingsEntity> {
    const row = await this.db
      .getRepository(OrganisationSettingsEntity)
      .findOne({ where: {}, order: { createdAt: 'ASC' } });
    if (!row) throw new NotFoundError('the organisation has no settings yet');
    return row;
  }

  /** Fortnight starts from `from` to `to`, each checked against the organisation's grid. */
  async fortnights(from: string, to: string | undefined): Promise<string[]> {
    const { fortnightAnchor } = await this.settings();
    const issues: FieldIssue[] = [];
    for (const [value, path] of [
      [from, 'query.from'],
      [to, 'query.to'],
    ] as const) {
      if (value === undefined) continue;
      try {
        assertFortnightStart(fortnightAnchor, value, path);
      } catch (err) {
        if (err instanceof DomainValidationError) issues.push(...err.issues);
        else throw err;
      }
    }
    if (issues.length) throw new DomainValidationError('not a fortnight start', issues);
    const last = to ?? from;
    const count = Math.round(DateTime.fromISO(last).diff(DateTime.fromISO(from), 'days').days / 14) + 1;
    if (count < 1)
      throw new DomainValidationError('empty range', [
        { path: 'query.to', message: 'must not be before from' },
      ]);
    if (count > MAX_REPORT_FORTNIGHTS)
      throw new DomainValidationError('range too long', [
        { path: 'query.to', message: `at most ${MAX_REPORT_FORTNIGHTS} fortnights after from` },
      ]);
    return Array.from({ length: count }, (_, k) =>
      DateTime.fromISO(from)
        .plus({ days: 14 * k })
        .toISODate()!,
    );
  }

  async checkFortnight(fortnightStart: string, path: string): Promise<void> {
    assertFortnightStart((await this.settings()).fortnightAnchor, fortnightStart, path);
  }

  /** The fortnight's published plan, else its latest solved one, else null. */
  async planSource(fortnightStart: string): Promise<PlanSource | null> {
    const repo = this.db.getRepository(PlanEntity);
    const select = { id: true, status: true, fortnightStart: true } as const;
    const plan =
      (await repo.findOne({
        where: { fortnightStart, status: 'published' },
        order: { publishedAt: 'DESC', createdAt: 'DESC' },
        select,
      })) ??
      (await repo.findOne({
        where: { fortnightStart, status: 'solved' },
        order: { createdAt: 'DESC' },
        select,
      }));
    return plan ? { id: plan.id, status: plan.status as PlanSource['status'], fortnightStart } : null;
  }

  /** Blocks, people, prices and availability of one fortnight's source plan. */
  private async planData(fortnightStart: string): Promise<PlanData | null> {
    const manager = this.db.manager;
    const plan = await this.planSource(fortnightStart);
    if (!plan) return null;
    const settings = await this.settings();
    const days = dates(fortnightStart, 14);
    const last = days[13]!;
    const blockRows = await manager
      .getRepository(ScheduledBlockEntity)
      .find({ where: { planId: plan.id, kind: 'development' }, order: { startsAt: 'ASC' } });
    const itemIds = [...new Set(blockRows.map((b) => b.itemId))];
    const engineerIds = [...new Set(blockRows.map((b) => b.engineerId))];
    const customerIds = [...new Set(blockRows.map((b) => b.customerId))];
    const [items, engineerRows, customerRows, holidays, absences] = await Promise.all([
      itemIds.length
        ? manager
            .getRepository(RoadmapItemEntity)
            .find({ where: { id: In(itemIds) }, select: { id: true, billable: true } })
        : [],
      // Everyone active now, and anyone who has work in the plan (even if they have left since).
      manager.getRepository(EngineerEntity).find({
        where: [{ active: true }, ...(engineerIds.length ? [{ id: In(engineerIds) }] : [])],
        order: { name: 'ASC', id: 'ASC' },
      }),
      manager.getRepository(CustomerEntity).find({
        where: [{ active: true }, ...(customerIds.length ? [{ id: In(customerIds) }] : [])],
        order: { name: 'ASC', id: 'ASC' },
      }),
      manager
        .getRepository(PublicHolidayEntity)
        .find({ where: { calendar: settings.holidayCalendar, date: Between(fortnightStart, last) } }),
      manager.getRepository(AvailabilityExceptionEntity).find({
        where: {
          engineerId: Not(IsNull()),
          startDate: LessThanOrEqual(last),
          endDate: MoreThanOrEqual(fortnightStart),
        },
      }),
    ]);
    // An item deleted since the plan was made still counts as billable work: the plan scheduled it as such.
    const billable = new Map(items.map((i) => [i.id, i.billable]));
    const blocks: ReportBlock[] = blockRows.map((b) => ({
      engineerId: b.engineerId,
      customerId: b.customerId,
      itemId: b.itemId,
      date: b.date,
      minutes: Math.round((b.endsAt.getTime() - b.startsAt.getTime()) / 60000),
      billable: billable.get(b.itemId) ?? true,
    }));
    const holidayDates = new Set(holidays.map((h) => h.date));
    const lunch = minutesOfDay(settings.defaultWorkingDay.lunchStart);
    const available = new Map(
      engineerRows.map((e) => [
        e.id,
        availableMinutesByDate(
          e.pattern,
          days,
          holidayDates,
          absences.filter((a) => a.engineerId === e.id),
          lunch,
        ),
      ]),
    );
    // The P1 rota is stored with the plan's report, each responder day with its date.
    const result = await manager
      .getRepository(PlanEntity)
      .findOne({ where: { id: plan.id }, select: { id: true, result: true } });
    const rota = (
      (result?.result as { p1Rota?: { engineerId: string; date?: string }[] } | null)?.p1Rota ?? []
    ).filter((r): r is { engineerId: string; date: string } => typeof r.date === 'string');
    const known = new Set(customerRows.map((c) => c.id));
    return {
      plan,
      blocks,
      engineers: engineerRows.map((e) => ({ id: e.id, name: e.name, costRate: e.costRate })),
      customers: [
        ...customerRows.map((c) => ({
          id: c.id,
          name: c.name,
          feePerFortnight: c.feePerFortnight,
          hourlyRate: c.hourlyRate,
        })),
        ...customerIds
          .filter((id) => !known.has(id))
          .map((id) => ({ id, name: '(deleted customer)', feePerFortnight: null, hourlyRate: null })),
      ],
      available,
      p1Buffer: p1BufferByDate(rota, available, settings.p1BufferMinutes),
      targetMinutesPerWeek: settings.billableTargetMinutesPerWeek,
    };
  }

  private async requirePlan(fortnightStart: string): Promise<PlanData> {
    const data = await this.planData(fortnightStart);
    if (!data)
      throw new NoReportSourceError(
        'no_plan',
        `the fortnight of ${fortnightStart} has no published or solved plan to report on`,
      );
    return data;
  }

  /**
   * Utilisation per engineer per week and for the team. Engineers see only their own rows and no
   * team figures.
   */
  async utilisation(actor: Actor, query: { fortnightStart: string; engineerId?: string }) {
    await this.checkFortnight(query.fortnightStart, 'query.fortnightStart');
    let engineerId = query.engineerId;
    if (actor.role === 'engineer') {
      if (engineerId && engineerId !== actor.engineerId)
        throw new ForbiddenError('engineers see only their own utilisation', [
          { path: 'query.engineerId', message: 'must be your own' },
        ]);
      engineerId = actor.engineerId ?? NO_ID;
    }
    const data = await this.requirePlan(query.fortnightStart);
    const result = utilisationOf(data, query.fortnightStart);
    return {
      fortnightStart: query.fortnightStart,
      plan: data.plan,
      weeklyTargetHours: r2(data.targetMinutesPerWeek / 60),
      engineers: engineerId ? result.engineers.filter((r) => r.engineerId === engineerId) : result.engineers,
      ...(actor.role === 'engineer' || engineerId ? {} : { team: result.team }),
    };
  }

  /** Profitability per customer, per engineer and per fortnight over a range of fortnights. */
  async profitability(query: { from: string; to?: string }) {
    const fortnights = await this.fortnights(query.from, query.to);
    const plans: (PlanSource & { fortnightStart: string })[] = [];
    const customers = [];
    const engineers = [];
    const totals: FortnightTotalsRow[] = [];
    for (const f of fortnights) {
      const data = await this.planData(f);
      if (!data) {
        totals.push(emptyFortnight(f));
        continue;
      }
      plans.push(data.plan);
      const p = profitabilityOf(data, f);
      customers.push(...p.customers);
      engineers.push(...p.engineers);
      totals.push({ ...p.totals, planId: data.plan.id, planStatus: data.plan.status });
    }
    if (plans.length === 0)
      throw new NoReportSourceError('no_plan', 'no fortnight in the range has a published or solved plan');
    return {
      from: fortnights[0]!,
      to: fortnights[fortnights.length - 1]!,
      plans,
      customers,
      engineers,
      fortnights: totals,
    };
  }

  /**
   * Plan vs actual over a range of fortnights: per item, hours scheduled in the source plans and
   * hours logged on dates inside the range, and for finished items whether the total logged ever
   * lay inside the estimate range.
   */
  async planVsActual(query: { from: string; to?: string; customerId?: string }) {
    const fortnights = await this.fortnights(query.from, query.to);
    const first = fortnights[0]!;
    const last = dates(fortnights[fortnights.length - 1]!, 14)[13]!;
    const scheduled = new Map<string, number>();
    const plans: PlanSource[] = [];
    for (const f of fortnights) {
      const plan = await this.planSource(f);
      if (!plan) continue;
      plans.push(plan);
      const blocks = await this.db.getRepository(ScheduledBlockEntity).find({
        where: { planId: plan.id, kind: 'development' },
        select: { itemId: true, startsAt: true, endsAt: true },
      });
      for (const b of blocks)
        scheduled.set(
          b.itemId,
          (scheduled.get(b.itemId) ?? 0) + Math.round((b.endsAt.getTime() - b.startsAt.getTime()) / 60000),
        );
    }
    const logged = await this.db
      .getRepository(ActualHoursEntity)
      .find({ where: { date: Between(first, last) }, select: { itemId: true, hours: true } });
    const actual = new Map<string, number>();
    for (const a of logged) actual.set(a.itemId, (actual.get(a.itemId) ?? 0) + a.hours);
    if (plans.length === 0 && logged.length === 0)
      throw new NoReportSourceError('no_plan', 'no fortnight in the range has a plan or logged hours');
    const ids = [...new Set([...scheduled.keys(), ...actual.keys()])];
    const items = ids.length
      ? await this.db.getRepository(RoadmapItemEntity).find({
          where: { id: In(ids), ...(query.customerId ? { customerId: query.customerId } : {}) },
        })
      : [];
    const totals = new Map<string, number>();
    if (items.length) {
      const rows: { itemId: string; total: string }[] = await this.db
        .getRepository(ActualHoursEntity)
        .createQueryBuilder('a')
        .select('a."itemId"', 'itemId')
        .addSelect('SUM(a.hours)', 'total')
        .where('a."itemId" IN (:...ids)', { ids: items.map((i) => i.id) })
        .groupBy('a."itemId"')
        .getRawMany();
      for (const r of rows) totals.set(r.itemId, Number(r.total));
    }
    const customers = new Map(
      (await this.db.getRepository(CustomerEntity).find({ select: { id: true, name: true } })).map((c) => [
        c.id,
        c.name,
      ]),
    );
    const ordered: PlanVsActualItem[] = items
      .map((i) => ({
        id: i.id,
        title: i.title,
        customerId: i.customerId,
        customerName: customers.get(i.customerId) ?? '',
        status: i.status,
        estimateLowHours: i.estimateLowHours,
        estimateHighHours: i.estimateHighHours,
        rank: i.rank,
      }))
      .sort(
        (a, b) => a.customerName.localeCompare(b.customerName) || a.rank - b.rank || a.id.localeCompare(b.id),
      )
      .map(({ rank: _rank, ...i }) => i);
    const result = planVsActual({
      items: ordered,
      scheduledMinutes: scheduled,
      actualHours: actual,
      actualTotalHours: totals,
    });
    return { from: first, to: last, plans, summary: result.summary, items: result.items };
  }

  // -------------------------------------------------------------------------------------------
  // Rostering

  /**
   * Which roster each date is read from: a published roster covering it (the latest published),
   * else the latest solved one, else none.
   */
  private async rosterFor(
    from: string,
    to: string,
  ): Promise<{ byDate: Map<string, RosterEntity>; used: RosterEntity[] }> {
    const candidates = await this.db.getRepository(RosterEntity).find({
      where: {
        status: In(['published', 'solved']),
        periodStart: LessThanOrEqual(to),
        periodEnd: MoreThanOrEqual(from),
      },
      select: {
        id: true,
        status: true,
        periodStart: true,
        periodEnd: true,
        publishedAt: true,
        createdAt: true,
      },
      order: { createdAt: 'DESC' },
    });
    const rank = (r: RosterEntity) =>
      [r.status === 'published' ? 1 : 0, (r.publishedAt ?? r.createdAt).getTime()] as const;
    const byDate = new Map<string, RosterEntity>();
    const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days + 1;
    for (const date of dates(from, days)) {
      let best: RosterEntity | undefined;
      for (const r of candidates) {
        if (r.periodStart > date || r.periodEnd < date) continue;
        if (!best) best = r;
        else {
          const [a, b] = [rank(r), rank(best)];
          if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) best = r;
        }
      }
      if (best) byDate.set(date, best);
    }
    const used = [...new Map([...byDate.values()].map((r) => [r.id, r])).values()].sort((a, b) =>
      a.periodStart.localeCompare(b.periodStart),
    );
    return { byDate, used };
  }

  /**
   * Required, rostered and projected service level for one stretch of days (a roster's whole
   * period, or a Monday-to-Sunday week without a roster), computed as the roster's own report
   * does: requirements from the stored demand and targets (Erlang C, deferred work), agents on
   * duty from the stored shifts, allocated to channels (deskStaffing), then the projection.
   */
  private async segment(
    start: string,
    days: number,
    roster: RosterEntity | null,
    zone: string,
    path: string,
  ) {
    const dayDates = dates(start, days);
    const demand = await loadDemand(this.db, start, days, path);
    const requirements = requirementsOf(demand, days, path);
    const len = demand.intervalMinutes;
    const slots = (days * MINUTES_PER_DAY) / len;
    let onDuty: string[][] = Array.from({ length: slots }, () => []);
    let skills = new Map<string, string[]>();
    if (roster) {
      const shifts = await this.db.getRepository(RosterShiftEntity).find({ where: { rosterId: roster.id } });
      const origin = DateTime.fromISO(start, { zone }).startOf('day');
      // Wall-clock minutes of the organisation's zone from 00:00 of the first date (the demand's clock).
      const clock = (instant: DateTime) => {
        const local = instant.setZone(zone);
        const day = Math.round(local.startOf('day').diff(origin.startOf('day'), 'days').days);
        return day * MINUTES_PER_DAY + local.hour * 60 + local.minute;
      };
      const spans: DutySpan[] = shifts.map((s) => {
        const begin = DateTime.fromJSDate(s.startsAt, { zone: s.timeZone });
        // Breaks are local times of the agent's day; one before the shift's start is after midnight.
        const at = (hhmm: string, after: DateTime) => {
          let t = DateTime.fromISO(`${s.date}T${hhmm}`, { zone: s.timeZone });
          if (t < after) t = t.plus({ days: 1 });
          return t;
        };
        return {
          agentId: s.agentId,
          start: clock(begin),
          end: clock(DateTime.fromJSDate(s.endsAt)),
          breaks: s.breaks.map((b) => {
            const bs = at(b.start, begin);
            return { start: clock(bs), end: clock(at(b.end, bs)) };
          }),
        };
      });
      onDuty = onDutyBySlot(spans, len, slots);
      const agentIds = [...new Set(shifts.map((s) => s.agentId))];
      const agents = agentIds.length
        ? await this.db
            .getRepository(AgentEntity)
            .find({ where: { id: In(agentIds) }, select: { id: true, channels: true } })
        : [];
      skills = new Map(agents.map((a) => [a.id, a.channels]));
    }
    const { pooled, staffOnDuty } = deskStaffing(
      requirements.channels,
      onDuty.map((ids) => ids.map((id) => skills.get(id) ?? [])),
      len,
    );
    const projection = projectServiceLevel({
      intervals: demand.intervals,
      intervalMinutes: len,
      targets: demand.targets,
      shrinkage: demand.shrinkage,
      staffOnDuty,
      horizonMinutes: days * MINUTES_PER_DAY,
    });
    const channelDays = deskChannelDays(projection.channels, demand.targets, dayDates, len);
    const h = len / 60;
    const deskDays: DeskDay[] = dayDates.map((date, d) => {
      let required = 0;
      let rostered = 0;
      let under = 0;
      let over = 0;
      for (let j = (d * MINUTES_PER_DAY) / len; j < ((d + 1) * MINUTES_PER_DAY) / len; j++) {
        required += pooled[j]! * h;
        rostered += onDuty[j]!.length * h;
        under += Math.max(0, pooled[j]! - onDuty[j]!.length) * h;
        over += Math.max(0, onDuty[j]!.length - pooled[j]!) * h;
      }
      return {
        date,
        rosterId: roster?.id ?? null,
        requiredHours: required,
        rosteredHours: roster ? rostered : null,
        underHours: roster ? under : null,
        overHours: roster ? over : null,
        channels: channelDays.filter((c) => c.date === date),
      };
    });
    return { dayDates, len, deskDays, projection, pooled, onDuty, roster };
  }

  /** The desk over a date range: each date read from its roster (or, without one, requirement only). */
  private async desk(from: string, to: string, path: string) {
    const { timeZone } = await this.settings();
    const { byDate, used } = await this.rosterFor(from, to);
    const days = Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days) + 1;
    const wanted = dates(from, days);
    const out: DeskDay[] = [];
    const done = new Set<string>();
    for (const date of wanted) {
      if (done.has(date)) continue;
      const roster = byDate.get(date) ?? null;
      // A roster's figures come from its whole period (deferred work is cyclic over it), an
      // unrostered date's from its Monday-to-Sunday week.
      const start = roster ? roster.periodStart : DateTime.fromISO(date).startOf('week').toISODate()!;
      const length = roster
        ? Math.round(
            DateTime.fromISO(roster.periodEnd).diff(DateTime.fromISO(roster.periodStart), 'days').days,
          ) + 1
        : 7;
      const seg = await this.segment(start, length, roster, timeZone, path);
      for (const d of seg.deskDays) {
        if (!wanted.includes(d.date) || done.has(d.date)) continue;
        if ((byDate.get(d.date)?.id ?? null) !== d.rosterId) continue;
        out.push(d);
        done.add(d.date);
      }
    }
    out.sort((a, b) => a.date.localeCompare(b.date));
    return {
      days: out,
      rosters: used.map((r) => ({
        id: r.id,
        status: r.status,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
      })),
    };
  }

  /** Required vs rostered hours and projected service level per day and per channel per day. */
  async rostering(query: { from: string; to: string }) {
    const span = DateTime.fromISO(query.to).diff(DateTime.fromISO(query.from), 'days').days;
    if (span < 0)
      throw new DomainValidationError('empty range', [
        { path: 'query.to', message: 'must not be before from' },
      ]);
    if (span >= MAX_DESK_DAYS)
      throw new DomainValidationError('range too long', [
        { path: 'query.to', message: `at most ${MAX_DESK_DAYS} days from from` },
      ]);
    const desk = await this.desk(query.from, query.to, 'query.from');
    const rows = deskRows(desk.days);
    return {
      from: query.from,
      to: query.to,
      rosters: desk.rosters,
      days: rows.days,
      channels: rows.channels,
    };
  }

  /** One day, interval by interval: per channel and for the desk (pooled). */
  async coverage(query: { date: string; channel?: string }) {
    const { timeZone } = await this.settings();
    const { byDate } = await this.rosterFor(query.date, query.date);
    const roster = byDate.get(query.date) ?? null;
    const start = roster ? roster.periodStart : DateTime.fromISO(query.date).startOf('week').toISODate()!;
    const length = roster
      ? Math.round(
          DateTime.fromISO(roster.periodEnd).diff(DateTime.fromISO(roster.periodStart), 'days').days,
        ) + 1
      : 7;
    const seg = await this.segment(start, length, roster, timeZone, 'query.date');
    const d = seg.dayDates.indexOf(query.date);
    const perDay = MINUTES_PER_DAY / seg.len;
    const time = (m: number) =>
      `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const slots = Array.from({ length: perDay }, (_, k) => d * perDay + k);
    const channels = seg.projection.channels
      .filter((c) => !query.channel || c.channel === query.channel)
      .flatMap((c) =>
        slots.map((j) => {
          const x = c.intervals[j]!;
          return {
            date: query.date,
            start: time((j % perDay) * seg.len),
            end: time(((j % perDay) + 1) * seg.len),
            channel: c.channel,
            volume: r2(x.volume),
            requiredAgents: x.required,
            rosteredAgents: roster ? r2(x.rostered) : null,
            gapAgents: roster ? r2(x.rostered - x.required) : null,
            serviceLevelPct:
              roster && x.serviceLevel !== null && x.volume > 0 ? r2(100 * x.serviceLevel) : null,
            asaSeconds:
              roster && x.asaSeconds !== null && Number.isFinite(x.asaSeconds) && x.volume > 0
                ? Math.round(x.asaSeconds * 10) / 10
                : null,
            belowTarget: roster ? x.belowTarget : null,
          };
        }),
      );
    const pooled = slots.map((j) => ({
      date: query.date,
      start: time((j % perDay) * seg.len),
      end: time(((j % perDay) + 1) * seg.len),
      requiredAgents: seg.pooled[j]!,
      onDutyAgents: roster ? seg.onDuty[j]!.length : null,
      gapAgents: roster ? seg.onDuty[j]!.length - seg.pooled[j]! : null,
    }));
    return {
      date: query.date,
      intervalMinutes: seg.len,
      roster: roster
        ? {
            id: roster.id,
            status: roster.status,
            periodStart: roster.periodStart,
            periodEnd: roster.periodEnd,
          }
        : null,
      channels,
      pooled,
    };
  }

  /**
   * One fortnight at a glance: the engineers' plan (billable, available, utilisation) and the
   * desk (required, rostered, service level) per week; money on the fortnight row for those who
   * may see it.
   */
  async overview(actor: Actor, fortnightStart: string) {
    await this.checkFortnight(fortnightStart, 'query.fortnightStart');
    const data = await this.planData(fortnightStart);
    const last = dates(fortnightStart, 14)[13]!;
    const desk = await this.desk(fortnightStart, last, 'query.fortnightStart');
    const team = data ? utilisationOf(data, fortnightStart).team : null;
    const weeks = overviewWeeks(team, desk.days, fortnightStart);
    // Money is per fortnight (a fee is not earned by the week): only on the fortnight row.
    const totals = data && seesMoney(actor) ? profitabilityOf(data, fortnightStart).totals : null;
    const rows = weeks.map((w) => {
      if (!seesMoney(actor)) return w;
      const t = w.period === 'fortnight' ? totals : null;
      return {
        ...w,
        revenue: t?.revenue ?? null,
        cost: t?.cost ?? null,
        p1BufferCost: t?.p1BufferCost ?? null,
        idleCost: t?.idleCost ?? null,
        margin: t?.margin ?? null,
        marginPct: t?.marginPct ?? null,
        netMargin: t?.netMargin ?? null,
      };
    });
    return {
      fortnightStart,
      plan: data?.plan ?? null,
      rosters: desk.rosters,
      weeks: rows,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Import

  /**
   * Imports actual hours all or nothing: every row is validated and resolved (item by id or
   * title, engineer by id or email) before anything is written, and every bad row is reported
   * as `rows[N].field` (N counts data rows from 0). `replace` first deletes the logged hours of
   * the same item, engineer and date, so importing a corrected file again does not double count.
   */
  async importActualHours(
    actor: Actor,
    rows: readonly ImportRow[],
    opts: { mode: 'append' | 'replace'; format: 'csv' | 'json' },
  ) {
    if (rows.length === 0)
      throw new DomainValidationError('nothing to import', [{ path: 'rows', message: 'there are no rows' }]);
    if (rows.length > MAX_IMPORT_ROWS)
      throw new DomainValidationError('too many rows', [
        { path: 'rows', message: `at most ${MAX_IMPORT_ROWS} rows per import` },
      ]);
    const where = (i: number) => (rows[i]!.line !== undefined ? `line ${rows[i]!.line}: ` : '');
    const issues: FieldIssue[] = [];
    const parsed = rows.map((r, i) => {
      const res = importRowSchema.safeParse(r.values);
      if (!res.success) {
        // One message per field: a malformed date need not also be told it is not a calendar date.
        const seen = new Set<string>();
        for (const x of zodIssues(res.error, `rows[${i}]`)) {
          if (seen.has(x.path)) continue;
          seen.add(x.path);
          issues.push({ path: x.path, message: where(i) + x.message });
        }
        return null;
      }
      return res.data;
    });
    return this.db.transaction(async (m) => {
      const [engineers, customers] = await Promise.all([
        m.getRepository(EngineerEntity).find({ select: { id: true, email: true, name: true } }),
        m.getRepository(CustomerEntity).find({ select: { id: true, name: true } }),
      ]);
      const byEmail = new Map(engineers.map((e) => [e.email.toLowerCase(), e]));
      const engineerById = new Map(engineers.map((e) => [e.id, e]));
      const wanted = parsed.filter((p) => p !== null);
      const ids = wanted.map((p) => p.item).filter((x) => UUID.test(x));
      const titles = [
        ...new Set(
          wanted
            .map((p) => p.item)
            .filter((x) => !UUID.test(x))
            .map((x) => x.toLowerCase()),
        ),
      ];
      const items = [
        ...(ids.length
          ? await m
              .getRepository(RoadmapItemEntity)
              .find({ where: { id: In(ids) }, select: { id: true, title: true, customerId: true } })
          : []),
        ...(titles.length
          ? await m
              .getRepository(RoadmapItemEntity)
              .createQueryBuilder('i')
              .select(['i.id', 'i.title', 'i.customerId'])
              .where('LOWER(TRIM(i.title)) IN (:...titles)', { titles })
              .getMany()
          : []),
      ];
      const itemById = new Map(items.map((i) => [i.id, i]));
      const customerName = new Map(customers.map((c) => [c.id, c.name]));
      const resolved: {
        index: number;
        itemId: string;
        engineerId: string;
        date: string;
        hours: number;
        note: string | null;
      }[] = [];
      parsed.forEach((p, i) => {
        if (!p) return;
        const at = `rows[${i}]`;
        let customerId: string | undefined;
        if (p.customer !== undefined) {
          const key = p.customer.toLowerCase();
          customerId = customers.find((c) => c.id === p.customer || c.name.toLowerCase() === key)?.id;
          if (!customerId) {
            issues.push({
              path: `${at}.customer`,
              message: `${where(i)}no customer with id or name "${p.customer}"`,
            });
            return;
          }
        }
        let itemId: string | undefined;
        if (UUID.test(p.item)) {
          const item = itemById.get(p.item);
          if (!item)
            issues.push({ path: `${at}.item`, message: `${where(i)}no roadmap item with id ${p.item}` });
          else if (customerId && item.customerId !== customerId)
            issues.push({ path: `${at}.item`, message: `${where(i)}the item belongs to another customer` });
          else itemId = item.id;
        } else {
          const key = p.item.toLowerCase();
          const matches = items.filter(
            (x) => x.title.trim().toLowerCase() === key && (!customerId || x.customerId === customerId),
          );
          if (matches.length === 1) itemId = matches[0]!.id;
          else if (matches.length === 0)
            issues.push({ path: `${at}.item`, message: `${where(i)}no roadmap item titled "${p.item}"` });
          else
            issues.push({
              path: `${at}.item`,
              message: `${where(i)}${matches.length} roadmap items are titled "${p.item}" (${[
                ...new Set(matches.map((x) => customerName.get(x.customerId) ?? x.customerId)),
              ].join(', ')}): add a customer column or give the item id`,
            });
        }
        let engineerId: string | undefined;
        if (p.engineer === undefined) {
          if (actor.role === 'engineer') engineerId = actor.engineerId ?? NO_ID;
          else
            issues.push({ path: `${at}.engineer`, message: `${where(i)}required (an engineer id or email)` });
        } else {
          const e = UUID.test(p.engineer)
            ? engineerById.get(p.engineer)
            : byEmail.get(p.engineer.toLowerCase());
          if (!e)
            issues.push({
              path: `${at}.engineer`,
              message: `${where(i)}no engineer with id or email "${p.engineer}"`,
            });
          else engineerId = e.id;
        }
        if (itemId && engineerId)
          resolved.push({ index: i, itemId, engineerId, date: p.date, hours: p.hours, note: p.note ?? null });
      });
      if (issues.length)
        throw new DomainValidationError(
          `${issues.length} problem(s) in the import; nothing was imported`,
          issues,
        );

      // Engineers may log only their own hours (the actual-hours resource's own-write rule).
      if (actor.role === 'engineer') {
        const foreign = resolved.filter((r) => r.engineerId !== actor.engineerId);
        if (foreign.length)
          throw new ForbiddenError(
            'engineers may import only their own hours',
            foreign.map((r) => ({
              path: `rows[${r.index}].engineer`,
              message: `${where(r.index)}must be your own`,
            })),
          );
      }

      let replaced = 0;
      if (opts.mode === 'replace') {
        const keys = [...new Map(resolved.map((r) => [`${r.itemId}|${r.engineerId}|${r.date}`, r])).values()];
        for (let k = 0; k < keys.length; k += 500) {
          const chunk = keys.slice(k, k + 500);
          const res = await m
            .createQueryBuilder()
            .delete()
            .from(ActualHoursEntity)
            .where(
              `("itemId", "engineerId", "date") IN (${chunk.map((_, n) => `(CAST(:i${n} AS uuid), CAST(:e${n} AS uuid), CAST(:d${n} AS date))`).join(', ')})`,
              Object.fromEntries(
                chunk.flatMap((r, n) => [
                  [`i${n}`, r.itemId],
                  [`e${n}`, r.engineerId],
                  [`d${n}`, r.date],
                ]),
              ),
            )
            .execute();
          replaced += res.affected ?? 0;
        }
      }

      // No engineer logs more than 24 hours on a day, counting what is already logged.
      const pairs = [...new Set(resolved.map((r) => `${r.engineerId}|${r.date}`))];
      const existing = new Map<string, number>();
      for (let k = 0; k < pairs.length; k += 500) {
        const chunk = pairs.slice(k, k + 500).map((x) => x.split('|') as [string, string]);
        const sums: { engineerId: string; date: string; total: string }[] = await m
          .getRepository(ActualHoursEntity)
          .createQueryBuilder('a')
          .select('a."engineerId"', 'engineerId')
          .addSelect(`to_char(a.date, 'YYYY-MM-DD')`, 'date')
          .addSelect('SUM(a.hours)', 'total')
          .where(
            `(a."engineerId", a.date) IN (${chunk.map((_, n) => `(CAST(:e${n} AS uuid), CAST(:d${n} AS date))`).join(', ')})`,
            Object.fromEntries(
              chunk.flatMap(([e, d], n) => [
                [`e${n}`, e],
                [`d${n}`, d],
              ]),
            ),
          )
          .groupBy('a."engineerId"')
          .addGroupBy('a.date')
          .getRawMany();
        for (const s of sums) existing.set(`${s.engineerId}|${s.date}`, Number(s.total));
      }
      const running = new Map(existing);
      for (const r of resolved) {
        const key = `${r.engineerId}|${r.date}`;
        const total = (running.get(key) ?? 0) + r.hours;
        running.set(key, total);
        if (total > 24 + 1e-9)
          issues.push({
            path: `rows[${r.index}].hours`,
            message: `${where(r.index)}brings ${engineerById.get(r.engineerId)?.name ?? 'the engineer'}'s hours on ${r.date} to ${r2(total)} (at most 24)`,
          });
      }
      if (issues.length)
        throw new DomainValidationError(
          `${issues.length} problem(s) in the import; nothing was imported`,
          issues,
        );

      const saved = await m.getRepository(ActualHoursEntity).save(
        resolved.map(({ index: _i, ...r }) => m.create(ActualHoursEntity, r)),
        { chunk: 500 },
      );
      await audit(m, actor, 'actual-hours.import', 'actual-hours', null, {
        format: opts.format,
        mode: opts.mode,
        imported: saved.length,
        replaced,
        hours: r2(resolved.reduce((s, r) => s + r.hours, 0)),
      });
      return {
        imported: saved.length,
        replaced,
        rows: saved.map((s) => ({
          id: s.id,
          itemId: s.itemId,
          engineerId: s.engineerId,
          date: s.date,
          hours: s.hours,
          note: s.note,
        })),
      };
    });
  }
}

/** A fortnight of the profitability trend; without a plan every figure is null. */
export type FortnightTotalsRow = {
  [K in keyof FortnightProfitRow]: K extends 'fortnightStart' ? string : FortnightProfitRow[K] | null;
} & { planId: string | null; planStatus: string | null };

function emptyFortnight(f: string): FortnightTotalsRow {
  return {
    fortnightStart: f,
    planId: null,
    planStatus: null,
    scheduledHours: null,
    billableHours: null,
    availableHours: null,
    p1BufferHours: null,
    idleHours: null,
    revenue: null,
    unattributedRevenue: null,
    cost: null,
    p1BufferCost: null,
    idleCost: null,
    margin: null,
    marginPct: null,
    netMargin: null,
  };
}
