import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { Logger } from 'pino';
import {
  MINUTES_PER_DAY,
  StaffingInputError,
  computeRequirements,
  deskStaffing,
  projectServiceLevel,
  type ChannelTarget,
  type DemandInterval,
  type ProjectionResult,
  type RosterResult,
} from '../../solver';
import {
  AgentEntity,
  RosterEntity,
  RosterShiftEntity,
  ServiceTargetEntity,
  ShiftTemplateEntity,
  type Channel,
} from '../db/entities';
import type { Actor } from '../domain/actor';
import { DomainValidationError, NotFoundError, type FieldIssue } from '../domain/errors';
import { dates, hhmm, horizon, instantOf, localOf, minutesOfDay, toMinutes, weekdayOf } from '../domain/time';
import type { JobQueue } from '../jobs/queue';
import { QUEUES } from '../jobs/queue';
import { runSolve } from '../jobs/run-solve';
import { audit } from './audit';
import { FINISHED, lifecycleOps } from './solve-lifecycle';
import {
  assertRosterPeriod,
  buildRosterProblem,
  channelTarget,
  loadDemand,
  type BuiltRoster,
  type RosterRequestOptions,
} from './roster-problem';

export interface CreateRosterInput extends RosterRequestOptions {
  periodStart: string;
  /** Whole weeks; or give `periodEnd` (a Sunday) instead. */
  weeks?: number;
  periodEnd?: string;
  timeLimitSeconds: number;
}

interface StoredOptions extends RosterRequestOptions {
  periodStart: string;
  weeks: number;
  timeLimitSeconds: number;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** How the report is derived, in words, so whoever reads it knows what the numbers mean. */
const REPORT_NOTES = [
  'Cover is pooled: an interval needs phone’s and chat’s whole agents (productive agents over 1 − shrinkage, rounded up per channel) plus e-mail’s and social’s shares of an agent (deferred work is divisible), summed and rounded up, and each agent on duty counts once. Each set of channels not every agent can answer (a skill group) must also be covered by the agents skilled in it, so the agents on duty can be put on channels they answer.',
  'For the per-channel report, agents on duty are allocated to channels, each only to a channel they are skilled in: whole agents to phone and chat up to their requirement first (most constrained agents first, each to the skilled channel least filled relative to its requirement), then the others’ time shared among e-mail and social up to their need; time still free goes to e-mail and social backlog, or, for agents with only phone or chat, to phone or chat.',
  'Projected service level and ASA use the agents allocated to a channel after shrinkage (Erlang C for phone and chat, workload within the deadline for e-mail and social).',
  'Leave lowers an agent’s weekly minimum hours pro rata; part-day absences become a day off or a heavy shift-off request.',
];

/** A stored shift as the API shows it. */
export interface RosterShiftView {
  id: string;
  rosterId: string;
  agentId: string;
  templateId: string;
  templateName: string | null;
  date: string;
  startsAt: Date;
  endsAt: Date;
  localStart: string;
  localEnd: string;
  timeZone: string;
  breaks: { start: string; end: string }[];
}

/** HH:mm in `zone` of an instant. */
function localTime(instant: Date, zone: string): string {
  return localOf(horizon('1970-01-01', 'UTC'), Math.round(instant.getTime() / 60000), zone).time;
}

/** Use cases of shift rosters: submit a solve, run it as a job, stop, publish, read. */
export class RosterService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobQueue | null,
    private readonly logger: Logger,
  ) {}

  private get lifecycle() {
    return lifecycleOps<RosterEntity>(this.db, {
      entity: RosterEntity,
      noun: 'roster',
      periodColumn: 'periodStart',
      periodOf: (r) => r.periodStart,
      rejected: (messages) => ({ status: 'rejected', messages }),
    });
  }

  async create(actor: Actor, input: CreateRosterInput): Promise<RosterEntity> {
    const weeks = resolveWeeks(input);
    // Builds the problem once up front so a bad period or data problem answers 4xx now.
    const built = await buildRosterProblem(this.db, input.periodStart, weeks, input);
    const options: StoredOptions = {
      periodStart: input.periodStart,
      weeks,
      timeLimitSeconds: input.timeLimitSeconds,
      ...(input.weights ? { weights: input.weights } : {}),
    };
    const roster = await this.db.transaction(async (m) => {
      const row = await m.save(
        m.create(RosterEntity, {
          periodStart: input.periodStart,
          periodEnd: built.periodEnd,
          status: 'draft',
          options: { ...options },
          createdBy: actor.userId,
        }),
      );
      await audit(m, actor, 'roster.create', 'roster', row.id, { periodStart: input.periodStart, weeks });
      return row;
    });
    if (this.jobs) {
      const jobId = await this.jobs.send(
        QUEUES.rosterSolve,
        { rosterId: roster.id },
        input.timeLimitSeconds + 60,
      );
      await this.db.getRepository(RosterEntity).update(roster.id, { jobId });
      roster.jobId = jobId;
    }
    return roster;
  }

  get(id: string): Promise<RosterEntity> {
    return this.lifecycle.get(id);
  }

  list(filter: { periodStart?: string; status?: string }, limit: number, offset: number) {
    return this.lifecycle.list({ period: filter.periodStart, status: filter.status }, limit, offset);
  }

  /** Shifts of one roster, optionally of one agent, in time order. */
  async shifts(rosterId: string, agentId?: string): Promise<RosterShiftView[]> {
    await this.get(rosterId);
    const rows = await this.db.getRepository(RosterShiftEntity).find({
      where: { rosterId, ...(agentId ? { agentId } : {}) },
      order: { startsAt: 'ASC' },
    });
    return this.view(rows);
  }

  /** An agent's shifts from published rosters, between two local dates (inclusive). */
  async agentShifts(agentId: string, from?: string, to?: string): Promise<RosterShiftView[]> {
    const rows = await this.db
      .getRepository(RosterShiftEntity)
      .createQueryBuilder('s')
      .innerJoin(RosterEntity, 'r', 'r.id = s."rosterId"')
      .where('s."agentId" = :agentId', { agentId })
      .andWhere('r.status = :published', { published: 'published' })
      .andWhere('s.date BETWEEN :from AND :to', {
        from: from ?? '0001-01-01',
        to: to ?? '9999-12-31',
      })
      .orderBy('s."startsAt"', 'ASC')
      .getMany();
    // No shifts: an unknown id is a 404 (a deleted agent's published shifts still show).
    if (!rows.length && !(await this.db.getRepository(AgentEntity).exists({ where: { id: agentId } })))
      throw new NotFoundError(`agent ${agentId} does not exist`);
    return this.view(rows);
  }

  private async view(rows: RosterShiftEntity[]): Promise<RosterShiftView[]> {
    const ids = [...new Set(rows.map((r) => r.templateId))];
    const templates = ids.length
      ? await this.db
          .getRepository(ShiftTemplateEntity)
          .find({ where: { id: In(ids) }, select: { id: true, name: true } })
      : [];
    const names = new Map(templates.map((t) => [t.id, t.name]));
    return rows.map((r) => ({
      id: r.id,
      rosterId: r.rosterId,
      agentId: r.agentId,
      templateId: r.templateId,
      templateName: names.get(r.templateId) ?? null,
      date: r.date,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      localStart: localTime(r.startsAt, r.timeZone),
      localEnd: localTime(r.endsAt, r.timeZone),
      timeZone: r.timeZone,
      breaks: r.breaks,
    }));
  }

  /** Asks a running solve to stop; it keeps the best roster found so far. */
  stop(actor: Actor, id: string): Promise<RosterEntity> {
    return this.lifecycle.stop(actor, id);
  }

  /** Publishes a solved roster; the previously published roster of that period start is superseded. */
  publish(actor: Actor, id: string): Promise<RosterEntity> {
    return this.lifecycle.publish(actor, id);
  }

  /**
   * The job: solve the roster and store its shifts and report. Idempotent: a retried job for a
   * roster that already finished does nothing; one for a roster that died mid-solve starts over.
   */
  async runJob(rosterId: string): Promise<void> {
    const repo = this.db.getRepository(RosterEntity);
    const roster = await repo.findOne({ where: { id: rosterId } });
    if (!roster || FINISHED.has(roster.status)) return;
    await repo.update(rosterId, { status: 'solving' });
    const options = roster.options as unknown as StoredOptions;
    // The job acts for whoever asked for this roster.
    const requester = roster.createdBy ? { userId: roster.createdBy } : null;
    // The data changed since the roster was submitted and may no longer make a problem.
    const built = await this.lifecycle.buildOrFail(rosterId, requester, () =>
      buildRosterProblem(this.db, roster.periodStart, options.weeks, options),
    );
    if (!built) return;
    let latest: Record<string, unknown> = {};
    const solve = runSolve<RosterResult>(
      { kind: 'roster', problem: built.problem, timeLimitSeconds: options.timeLimitSeconds },
      (p) => {
        latest = p as Record<string, unknown>;
      },
    );
    // Every second: publish progress, and look for a stop request.
    const ticker = setInterval(() => {
      void (async () => {
        const row = await repo.findOne({ where: { id: rosterId }, select: { id: true, progress: true } });
        if (row?.progress?.stopRequested) solve.stop();
        await repo.update(rosterId, { progress: { ...(row?.progress ?? {}), ...latest } as never });
      })().catch((err: unknown) => this.logger.warn({ err }, 'roster progress update failed'));
    }, 1000);
    let result: RosterResult;
    try {
      result = await solve.result;
    } catch (err) {
      // Hand the roster back so pg-boss's retry (possibly on another worker) starts it over.
      await repo.update(rosterId, { status: 'draft' });
      throw err;
    } finally {
      clearInterval(ticker);
    }
    const rows = result.assignment ? shiftRows(built, result, rosterId) : [];
    const report = rosterReport(built, result);
    await this.db.transaction(async (m) => {
      await m.delete(RosterShiftEntity, { rosterId });
      for (let i = 0; i < rows.length; i += 500) await m.insert(RosterShiftEntity, rows.slice(i, i + 500));
      await m.update(RosterEntity, rosterId, {
        status: result.assignment ? 'solved' : result.status === 'infeasible' ? 'infeasible' : 'failed',
        result: report as never,
        progress: { ...latest, finished: true } as never,
      });
      await audit(m, requester, 'roster.solve', 'roster', rosterId, {
        status: result.status,
        objective: result.objective,
        gap: result.gap,
      });
    });
  }
}

function resolveWeeks(input: CreateRosterInput): number {
  if (input.periodEnd === undefined) {
    const weeks = input.weeks ?? 1;
    assertRosterPeriod(input.periodStart, weeks);
    return weeks;
  }
  const days = dates(input.periodStart, 60).indexOf(input.periodEnd) + 1;
  const issues: FieldIssue[] = [];
  if (days <= 0 || days % 7 !== 0)
    issues.push({
      path: 'body.periodEnd',
      message: 'a roster period ends on the Sunday of its last whole week',
    });
  else if (input.weeks !== undefined && input.weeks !== days / 7)
    issues.push({ path: 'body.weeks', message: `disagrees with periodEnd (${days / 7} weeks)` });
  if (issues.length) throw new DomainValidationError('not a roster period', issues);
  assertRosterPeriod(input.periodStart, days / 7);
  return days / 7;
}

/** Shift rows with instants computed in each agent's own zone (right across clock changes). */
function shiftRows(built: BuiltRoster, result: RosterResult, rosterId: string) {
  const h = horizon(built.periodStart, built.zone);
  const out: Omit<RosterShiftEntity, 'id'>[] = [];
  built.agents.forEach((agent, ei) => {
    const row = result.assignment?.[ei] ?? [];
    row.forEach((templateId, d) => {
      if (templateId === null) return;
      const t = built.templates[templateId]!;
      const date = built.dayDates[d]!;
      const overnight = t.startMinute + t.lengthMinutes > MINUTES_PER_DAY;
      const endDate = overnight ? dates(date, 2)[1]! : date;
      const startsAt = instantOf(h, toMinutes(h, date, t.start, agent.timeZone));
      const endsAt = instantOf(h, toMinutes(h, endDate, t.end, agent.timeZone));
      const offset = result.breaks?.[ei]?.[d] ?? null;
      const breaks =
        offset === null || t.breakMinutes === 0
          ? []
          : [
              {
                start: hhmm(t.startMinute + offset),
                end: hhmm(t.startMinute + offset + t.breakMinutes),
              },
            ];
      out.push({
        rosterId,
        agentId: agent.id,
        templateId,
        date,
        startsAt,
        endsAt,
        timeZone: agent.timeZone,
        breaks,
      });
    });
  });
  return out;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const finite = (x: number | null, digits: number) =>
  x === null || !Number.isFinite(x) ? null : round(x, digits);

/** The roster's report: cover per interval and channel, service level, gaps, agents' hours. */
export function rosterReport(built: BuiltRoster, result: RosterResult): Record<string, unknown> {
  const base = {
    status: result.status,
    messages: [...result.messages],
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    seconds: round(result.seconds, 2),
    terms: result.terms,
    periodStart: built.periodStart,
    periodEnd: built.periodEnd,
    dayDates: built.dayDates,
    intervalMinutes: built.intervalMinutes,
    weights: built.weights,
    notes: REPORT_NOTES,
  };
  if (!result.assignment) return base;
  const len = built.intervalMinutes;
  const slots = built.pooled.length;
  const perDay = MINUTES_PER_DAY / len;
  const assignment = result.assignment;
  const onDuty: number[][] = Array.from({ length: slots }, () => []);
  built.agents.forEach((_a, ei) => {
    assignment[ei]?.forEach((id, d) => {
      if (id === null) return;
      const t = built.templates[id]!;
      const begin = d * MINUTES_PER_DAY + t.startMinute;
      const offset = result.breaks?.[ei]?.[d] ?? null;
      const b0 = offset === null || t.breakMinutes === 0 ? null : begin + offset;
      for (let m = Math.ceil(begin / len) * len; m + len <= begin + t.lengthMinutes; m += len) {
        if (m / len >= slots) break;
        if (b0 !== null && b0 < m + len && b0 + t.breakMinutes > m) continue;
        onDuty[m / len]!.push(ei);
      }
    });
  });

  const channels = built.requirements.channels.map((c) => c.channel);
  const deferredChannels = new Set(
    built.requirements.channels.filter((c) => c.kind === 'deferred').map((c) => c.channel),
  );
  const { allocated, staffOnDuty } = deskStaffing(
    built.requirements.channels,
    onDuty.map((agents) => agents.map((ei) => built.agents[ei]!.channels)),
    len,
  );
  const projection: ProjectionResult = projectServiceLevel({
    intervals: built.demand.intervals,
    intervalMinutes: built.intervalMinutes,
    targets: built.demand.targets,
    shrinkage: built.demand.shrinkage,
    staffOnDuty,
    horizonMinutes: built.dayDates.length * MINUTES_PER_DAY,
  });
  const byChannel = new Map(projection.channels.map((c) => [c.channel, c]));

  const intervals: Record<string, unknown>[] = [];
  const uncovered: Record<string, unknown>[] = [];
  for (let j = 0; j < slots; j++) {
    const rows = channels.map((c) => ({ channel: c, p: byChannel.get(c)?.intervals[j] }));
    const anyVolume = rows.some((r) => (r.p?.volume ?? 0) > 0);
    if (built.pooled[j] === 0 && onDuty[j]!.length === 0 && !anyVolume) continue;
    const day = Math.floor(j / perDay);
    const date = built.dayDates[day]!;
    const start = hhmm((j % perDay) * len);
    const end = hhmm((j % perDay) * len + len);
    intervals.push({
      date,
      start,
      end,
      required: built.pooled[j],
      rostered: onDuty[j]!.length,
      available: built.available[j],
      channels: rows.map(({ channel, p }) => ({
        channel,
        volume: round(p?.volume ?? 0, 2),
        required: p?.required ?? 0,
        rostered: round(p?.rostered ?? 0, 2),
        serviceLevel: finite(p?.serviceLevel ?? null, 4),
        asaSeconds: finite(p?.asaSeconds ?? null, 1),
      })),
    });
    for (const { channel, p } of rows) {
      const short = round((p?.required ?? 0) - (allocated[j]![channel] ?? 0), 2);
      if (short <= 0) continue;
      // Deferred work below its level in one interval can still meet its deadlines (the level
      // covers a whole deadline window): it is uncovered only when its arrivals miss the target.
      if (deferredChannels.has(channel) && !p?.belowTarget) continue;
      const skilled = built.availableByChannel[channel]?.[j] ?? 0;
      const skilledOnDuty = onDuty[j]!.filter((ei) =>
        built.agents[ei]!.channels.some((c) => c === channel),
      ).length;
      const reason =
        skilled < (p?.required ?? 0)
          ? `only ${skilled} agents with the ${channel} skill can work then`
          : built.available[j]! < built.pooled[j]!
            ? `only ${built.available[j]} agents can work then`
            : onDuty[j]!.length < built.pooled[j]! || skilledOnDuty < (p?.required ?? 0)
              ? 'contracted hours, rest and days-off rules leave it short'
              : `the agents on duty with the ${channel} skill are needed on other channels`;
      uncovered.push({
        date,
        start,
        end,
        channel,
        required: p?.required ?? 0,
        rostered: round(allocated[j]![channel] ?? 0, 2),
        short,
        reason,
        text: `${WEEKDAY_NAMES[weekdayOf(date) - 1]} ${date} ${start}–${end}: ${channel} short by ${short}`,
      });
    }
  }

  const hours = len / 60;
  const requiredIntervals = built.pooled.reduce((s, x) => s + x, 0);
  const rosteredIntervals = onDuty.reduce((s, x) => s + x.length, 0);
  const totals = {
    requiredAgentHours: round(requiredIntervals * hours, 2),
    rosteredAgentHours: round(rosteredIntervals * hours, 2),
    underStaffIntervals: result.underCover,
    overStaffIntervals: result.overCover,
    underHours: round(result.underCover * hours, 2),
    overHours: round(result.overCover * hours, 2),
    uncoveredIntervals: uncovered.length,
    byChannel: {
      underStaffIntervals: projection.totals.underStaffIntervals,
      overStaffIntervals: projection.totals.overStaffIntervals,
      underHours: round(projection.totals.underHours, 2),
      overHours: round(projection.totals.overHours, 2),
      intervalsBelowTarget: projection.totals.intervalsBelowTarget,
    },
  };

  const channelSummaries = projection.channels.map((c) => ({
    channel: c.channel,
    kind: c.kind,
    shrinkage: c.shrinkage,
    serviceLevel: finite(c.serviceLevel, 4),
    requiredHours: round(
      c.days.reduce((s, d) => s + d.requiredHours, 0),
      2,
    ),
    rosteredHours: round(
      c.days.reduce((s, d) => s + d.rosteredHours, 0),
      2,
    ),
    underHours: round(c.underHours, 2),
    overHours: round(c.overHours, 2),
    intervalsBelowTarget: c.intervalsBelowTarget,
  }));

  const messages = [...result.messages];
  for (const x of built.partDayAbsences) {
    const ei = built.agents.findIndex((a) => a.id === x.agentId);
    const id = assignment[ei]?.[x.day] ?? null;
    if (id === null) continue;
    const t = built.templates[id]!;
    if (t.startMinute < x.end && t.startMinute + t.lengthMinutes > x.start)
      messages.push(
        `${built.agents[ei]!.name} works ${t.name} on ${built.dayDates[x.day]} despite ${x.note}`,
      );
  }

  const agents = built.agents.map((a, ei) => {
    const row = assignment[ei] ?? [];
    const weeks: number[] = [];
    for (let w = 0; w < built.weeks; w++) {
      let paid = 0;
      for (let d = 7 * w; d < 7 * w + 7; d++) {
        const id = row[d] ?? null;
        if (id !== null) paid += built.templates[id]!.lengthMinutes - built.templates[id]!.breakMinutes;
      }
      weeks.push(round(paid / 60, 2));
    }
    const worked = row.filter((id): id is string => id !== null);
    return {
      agentId: a.id,
      name: a.name,
      shifts: worked.length,
      earlyShifts: worked.filter((id) => built.templates[id]!.early).length,
      hoursPerWeek: weeks,
    };
  });

  return {
    ...base,
    messages,
    totals,
    channels: channelSummaries,
    intervals,
    uncovered,
    agents,
  };
}

/** A posted or stored demand for the staffing calculator. */
export interface StaffingRequest {
  intervalMinutes?: 15 | 30;
  intervals?: { channel: Channel; start: string | number; volume: number; ahtSeconds: number }[];
  targets?: Partial<Record<Channel, Partial<ChannelTarget> & { serviceLevel: number }>>;
  shrinkage?: number | Partial<Record<Channel, number>>;
  from?: string;
  to?: string;
}

/** The staffing calculator: agents needed per channel and interval, with their SL and ASA. */
export class StaffingService {
  constructor(private readonly db: DataSource) {}

  async requirements(input: StaffingRequest): Promise<Record<string, unknown>> {
    const stored = await this.db.getRepository(ServiceTargetEntity).find();
    const storedBy = new Map(stored.map((t) => [t.channel, t]));
    let intervals: DemandInterval[];
    let intervalMinutes: 15 | 30;
    let targets: Record<string, ChannelTarget> = {};
    let shrinkage: Record<string, number> = {};
    let horizonMinutes: number | undefined;
    let startText: (minute: number) => string | number;
    const posted = new Set<string>();
    if (input.intervals) {
      intervalMinutes = input.intervalMinutes ?? 30;
      const texts = input.intervals.filter((x) => typeof x.start === 'string').map((x) => String(x.start));
      const first = texts.length ? texts.reduce((a, b) => (a < b ? a : b)).slice(0, 10) : null;
      const dayDates = first ? dates(first, 400) : [];
      const dayOf = new Map(dayDates.map((d, i) => [d, i]));
      const issues: FieldIssue[] = [];
      intervals = input.intervals.map((x, i) => {
        let start: number;
        if (typeof x.start === 'number') start = x.start;
        else {
          const day = dayOf.get(x.start.slice(0, 10));
          if (day === undefined) {
            issues.push({
              path: `body.intervals[${i}].start`,
              message: 'more than 400 days after the first',
            });
            start = 0;
          } else start = day * MINUTES_PER_DAY + minutesOfDay(x.start.slice(11, 16));
        }
        posted.add(`${x.channel}@${start}`);
        return { channel: x.channel, start, volume: x.volume, ahtSeconds: x.ahtSeconds };
      });
      if (issues.length) throw new DomainValidationError('invalid demand', issues);
      if (first) {
        const lastDay = Math.max(...intervals.map((x) => Math.floor(x.start / MINUTES_PER_DAY)));
        horizonMinutes = (lastDay + 1) * MINUTES_PER_DAY;
        startText = (m) => `${dayDates[Math.floor(m / MINUTES_PER_DAY)]}T${hhmm(m % MINUTES_PER_DAY)}`;
      } else startText = (m) => m;
      const channels = [...new Set(input.intervals.map((x) => x.channel))].sort();
      for (const ch of channels) {
        const given = input.targets?.[ch];
        const saved = storedBy.get(ch);
        if (given) {
          targets[ch] = { ...channelTargetDefaults(ch), ...given } as ChannelTarget;
          shrinkage[ch] = 0;
        } else if (saved) {
          targets[ch] = channelTarget(saved, []);
          shrinkage[ch] = saved.shrinkage;
        }
      }
      // Posted targets for channels without demand still get answered (with no volume).
      for (const [ch, given] of Object.entries(input.targets ?? {})) {
        if (targets[ch] || !given) continue;
        targets[ch] = { ...channelTargetDefaults(ch as Channel), ...given } as ChannelTarget;
        shrinkage[ch] = 0;
      }
      if (typeof input.shrinkage === 'number')
        for (const ch of Object.keys(targets)) shrinkage[ch] = input.shrinkage;
      else
        for (const [ch, s] of Object.entries(input.shrinkage ?? {})) if (s !== undefined) shrinkage[ch] = s;
    } else {
      const from = input.from!;
      const days = dates(from, 400).indexOf(input.to!) + 1;
      const demand = await loadDemand(this.db, from, days, 'body.from');
      intervalMinutes = demand.intervalMinutes;
      intervals = demand.intervals;
      targets = demand.targets;
      shrinkage = demand.shrinkage;
      horizonMinutes = days * MINUTES_PER_DAY;
      for (const x of intervals) posted.add(`${x.channel}@${x.start}`);
      startText = (m) => `${demand.dayDates[Math.floor(m / MINUTES_PER_DAY)]}T${hhmm(m % MINUTES_PER_DAY)}`;
    }
    let result;
    try {
      result = computeRequirements({
        intervals,
        intervalMinutes,
        targets,
        shrinkage,
        ...(horizonMinutes !== undefined ? { horizonMinutes } : {}),
      });
    } catch (err) {
      if (err instanceof StaffingInputError)
        throw new DomainValidationError(
          'the demand cannot be staffed as given',
          // Stored forecasts are not the request's fields: their problems point at the period.
          err.issues.map((i) =>
            input.intervals
              ? { path: `body.${i.path}`, message: i.message }
              : { path: 'body.from', message: `${i.path}: ${i.message}` },
          ),
        );
      throw err;
    }
    return {
      intervalMinutes: result.intervalMinutes,
      channels: result.channels.map((c) => ({
        channel: c.channel,
        kind: c.kind,
        shrinkage: c.shrinkage,
        requiredHours: round(c.requiredHours, 2),
        intervals: c.intervals
          .filter((x) => posted.has(`${c.channel}@${x.start}`) || x.rawAgents > 0)
          .map((x) => ({
            start: startText(x.start),
            volume: x.volume,
            ahtSeconds: round(x.ahtSeconds, 1),
            trafficErlangs: round(x.trafficErlangs, 4),
            agents: round(x.rawAgents, 3),
            required: x.required,
            serviceLevel: finite(x.serviceLevel, 4),
            asaSeconds: finite(x.asaSeconds, 2),
            occupancy: round(x.occupancy, 4),
          })),
      })),
    };
  }
}

/** A posted target is used as given; only its kind defaults, by channel (as in the domain). */
function channelTargetDefaults(ch: Channel): Partial<ChannelTarget> {
  return { kind: ch === 'email' || ch === 'social' ? 'deferred' : 'erlang' };
}
