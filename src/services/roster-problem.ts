import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { Between, IsNull, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import {
  ELEVEN_HOURS,
  MINUTES_PER_DAY,
  StaffingInputError,
  computeRequirements,
  isAllowed,
  pooledRequirement,
  skillGroups,
  validateProblem,
  type ChannelTarget,
  type DemandInterval,
  type IntervalCover,
  type OpenPeriod,
  type RequirementsResult,
  type RosterProblem,
  type ShiftRequest,
  type ShiftType,
  type Staff,
} from '../../solver';
import {
  AgentEntity,
  AvailabilityExceptionEntity,
  DemandForecastEntity,
  OrganisationSettingsEntity,
  ServiceTargetEntity,
  ShiftTemplateEntity,
  type Channel,
} from '../db/entities';
import { DomainValidationError, type FieldIssue } from '../domain/errors';
import { dates, minutesOfDay, weekdayOf } from '../domain/time';

/*
 * DB → solver problem for a roster period. The solver works on the wall clock of the
 * organisation's zone: day d of the period starts at minute 1440·d and a shift template's
 * start is its local HH:mm, so a 06:00 shift is 06:00 on every day, the clock-change days
 * included (the rest rule is off by the hour on those two nights). Instants are computed only
 * when the roster is stored, in each agent's own zone (see RosterService). Approximations:
 * - agents are assumed to work on the organisation's clock for cover (true of a single-site
 *   desk; an agent in another zone still gets their shift's instants in their own zone);
 * - multi-skilled agents are pooled: the requirement of an interval is phone's and chat's whole
 *   agents (productive agents over 1 − shrinkage, rounded up per channel) plus e-mail's and
 *   social's shares of an agent, summed and rounded up (so deferred work needing a fraction of an
 *   agent is not rounded up to a whole agent per channel), and an agent on duty
 *   counts once towards it, whichever channel they answer (per-channel requirements are kept for
 *   the report); besides, every set of channels not served by all agents (the skill groups) has
 *   its own pooled requirement that only the agents skilled in it count towards, so the agents on
 *   duty can always be put on channels they can answer;
 * - a part-day absence makes the day off when every template the agent could work that day
 *   overlaps it, and otherwise becomes a heavy shift-off request on the overlapping templates;
 * - leave lowers an agent's weekly minimum hours pro rata (available days left / available
 *   days), never the maximum; with several weeks the weekly minimum is the lowest week's and the
 *   period minimum is the sum of the weeks' minimums;
 * - days before the period count as days off (no history from the previous roster).
 */

/** The soft terms' weights of a roster solve. */
export interface RosterWeights {
  /** Per agent short of the requirement per interval (the first one missing). */
  underStaffing: number;
  /**
   * How much dearer each further missing agent in the same interval is: the k-th costs
   * `underStaffing · (1 + underStaffingGrowth · (k − 1))`. Service level falls much faster than
   * linearly as agents go missing, so a shortage is better spread thin (and breaks staggered) than
   * piled into a few intervals; 0 prices every missing agent alike.
   */
  underStaffingGrowth: number;
  /** Per agent above the requirement per interval (including intervals with no requirement). */
  overStaffing: number;
  /** Per early shift of deviation from the mean, per agent who may work early shifts. */
  fairEarlyShifts: number;
}

export const DEFAULT_ROSTER_WEIGHTS: RosterWeights = {
  underStaffing: 10,
  underStaffingGrowth: 1,
  overStaffing: 1,
  fairEarlyShifts: 5,
};

/** Weight of a shift-off request standing for a part-day absence: above any cover gain of one shift. */
const PART_DAY_WEIGHT = 10_000;

/** Answer-time rules per channel (domain: phone/chat Erlang C, e-mail within 24 h, social within 1 business day). */
const CHANNEL_RULES: Record<Channel, { kind: 'erlang' | 'deferred'; deadlineBasis?: 'calendar' | 'open' }> = {
  phone: { kind: 'erlang' },
  chat: { kind: 'erlang' },
  email: { kind: 'deferred', deadlineBasis: 'calendar' },
  social: { kind: 'deferred', deadlineBasis: 'open' },
};

export const MAX_ROSTER_WEEKS = 6;

export interface RosterRequestOptions {
  weights?: Partial<RosterWeights>;
}

/** Demand on the interval grid, in wall-clock minutes from 00:00 of the first date. */
export interface LoadedDemand {
  intervalMinutes: 15 | 30;
  /** Dates covered, day index → YYYY-MM-DD. */
  dayDates: string[];
  intervals: DemandInterval[];
  targets: Record<string, ChannelTarget>;
  shrinkage: Record<string, number>;
  /** Desk opening per day: first to last forecast interval of any channel. */
  openHours: OpenPeriod[];
}

export interface RosterAgentInfo {
  id: string;
  name: string;
  timeZone: string;
  channels: Channel[];
}

export interface RosterTemplateInfo {
  id: string;
  name: string;
  start: string;
  end: string;
  /** Minute of the day the shift starts, and its length (breaks included). */
  startMinute: number;
  lengthMinutes: number;
  breakMinutes: number;
  early: boolean;
}

/** A part-day absence the solver saw only as a soft request, kept to check the roster against. */
export interface PartDayAbsence {
  agentId: string;
  day: number;
  start: number;
  end: number;
  note: string;
}

export interface BuiltRoster {
  problem: RosterProblem;
  periodStart: string;
  periodEnd: string;
  weeks: number;
  /** The organisation's zone: the wall clock of demand and cover. */
  zone: string;
  dayDates: string[];
  intervalMinutes: 15 | 30;
  /** In the order of `problem.staff`. */
  agents: RosterAgentInfo[];
  templates: Record<string, RosterTemplateInfo>;
  demand: LoadedDemand;
  requirements: RequirementsResult;
  /** Global slot (day · slotsPerDay + slot) → pooled requirement (Σ over channels). */
  pooled: number[];
  /** Global slot → most agents who could be on duty at all (rules of a single day only). */
  available: number[];
  /** Channel → global slot → most agents skilled in the channel who could be on duty. */
  availableByChannel: Record<string, number[]>;
  partDayAbsences: PartDayAbsence[];
  weights: RosterWeights;
}

const KIND_WORDS: Record<string, string> = {
  leave: 'annual leave',
  training: 'training',
  sick: 'sick leave',
  public_holiday: 'public holiday',
  part_day: 'part-day absence',
};

/** Checks the period: a Monday and 1–6 whole weeks. */
export function assertRosterPeriod(periodStart: string, weeks: number): void {
  const issues: FieldIssue[] = [];
  if (weekdayOf(periodStart) !== 1)
    issues.push({ path: 'body.periodStart', message: 'a roster period starts on a Monday' });
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_ROSTER_WEEKS)
    issues.push({ path: 'body.weeks', message: `a roster period is 1 to ${MAX_ROSTER_WEEKS} whole weeks` });
  // The database stores dates up to year 9999; the period's last day must be one of them.
  else if (DateTime.fromISO(periodStart).plus({ days: 7 * weeks - 1 }).year > 9999)
    issues.push({ path: 'body.periodStart', message: 'the roster period must end by 9999-12-31' });
  if (issues.length) throw new DomainValidationError('not a roster period', issues);
}

async function organisationZone(db: DataSource): Promise<string> {
  const settings = await db
    .getRepository(OrganisationSettingsEntity)
    .findOneOrFail({ where: {}, order: { createdAt: 'ASC' } });
  return settings.timeZone;
}

/** A channel's service target as the staffing library wants it. */
export function channelTarget(t: ServiceTargetEntity, openHours: OpenPeriod[]): ChannelTarget {
  const rule = CHANNEL_RULES[t.channel];
  if (rule.kind === 'erlang') {
    return {
      kind: 'erlang',
      serviceLevel: t.serviceLevel,
      targetSeconds: t.targetSeconds,
      ...(t.maxOccupancy !== null ? { maxOccupancy: t.maxOccupancy } : {}),
      concurrency: t.concurrency,
    };
  }
  return {
    kind: 'deferred',
    serviceLevel: t.serviceLevel,
    deadlineMinutes: Math.max(1, Math.round(t.targetSeconds / 60)),
    deadlineBasis: rule.deadlineBasis ?? 'calendar',
    ...(openHours.length ? { openHours } : {}),
    cyclic: true,
  };
}

/**
 * The stored demand forecasts of `days` dates from `from`, on one interval grid (the finest
 * length among the rows: 60-minute rows are split in halves, 30-minute rows in quarters when
 * some rows are 15 minutes, volume shared equally), with the stored service targets.
 */
export async function loadDemand(
  db: DataSource,
  from: string,
  days: number,
  path = 'body.periodStart',
): Promise<LoadedDemand> {
  const dayDates = dates(from, days);
  const last = dayDates[dayDates.length - 1]!;
  const [rows, targets] = await Promise.all([
    db.getRepository(DemandForecastEntity).find({
      where: { date: Between(from, last) },
      order: { date: 'ASC', intervalStart: 'ASC', channel: 'ASC' },
    }),
    db.getRepository(ServiceTargetEntity).find(),
  ]);
  const grid: 15 | 30 = rows.some((r) => r.intervalMinutes === 15) ? 15 : 30;
  const dayOf = new Map(dayDates.map((d, i) => [d, i]));
  const merged = new Map<string, { channel: string; start: number; volume: number; work: number }>();
  const open = new Map<number, { start: number; end: number }>();
  const issues: FieldIssue[] = [];
  for (const r of rows) {
    const day = dayOf.get(r.date)!;
    const startOfDay = minutesOfDay(r.intervalStart);
    if (startOfDay % grid !== 0) {
      issues.push({
        path,
        message: `the ${r.channel} forecast of ${r.date} ${r.intervalStart} is off the ${grid}-minute grid`,
      });
      continue;
    }
    const pieces = Math.max(1, Math.round(r.intervalMinutes / grid));
    for (let k = 0; k < pieces; k++) {
      const start = day * MINUTES_PER_DAY + startOfDay + k * grid;
      const key = `${r.channel}@${start}`;
      const m = merged.get(key) ?? { channel: r.channel, start, volume: 0, work: 0 };
      m.volume += r.volume / pieces;
      m.work += (r.volume / pieces) * r.ahtSeconds;
      merged.set(key, m);
    }
    const o = open.get(day);
    const end = day * MINUTES_PER_DAY + startOfDay + pieces * grid;
    const begin = day * MINUTES_PER_DAY + startOfDay;
    open.set(day, o ? { start: Math.min(o.start, begin), end: Math.max(o.end, end) } : { start: begin, end });
  }
  const channels = new Set(rows.map((r) => r.channel));
  const byChannel = new Map(targets.map((t) => [t.channel, t]));
  for (const ch of channels)
    if (!byChannel.has(ch))
      issues.push({ path, message: `the ${ch} channel has demand but no service target` });
  if (issues.length) throw new DomainValidationError('the demand cannot be used', issues);
  const openHours = [...open.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
  const intervals: DemandInterval[] = [...merged.values()].map((m) => ({
    channel: m.channel,
    start: m.start,
    volume: Math.round(m.volume * 1000) / 1000,
    ahtSeconds: m.volume > 0 ? m.work / m.volume : 0,
  }));
  const targetMap: Record<string, ChannelTarget> = {};
  const shrinkage: Record<string, number> = {};
  for (const ch of [...channels].sort()) {
    const t = byChannel.get(ch)!;
    targetMap[ch] = channelTarget(t, openHours);
    shrinkage[ch] = t.shrinkage;
  }
  return { intervalMinutes: grid, dayDates, intervals, targets: targetMap, shrinkage, openHours };
}

/** Requirements per channel and interval; a bad input becomes a 422 on `path`. */
export function requirementsOf(demand: LoadedDemand, days: number, path: string): RequirementsResult {
  try {
    return computeRequirements({
      intervals: demand.intervals,
      intervalMinutes: demand.intervalMinutes,
      targets: demand.targets,
      shrinkage: demand.shrinkage,
      horizonMinutes: days * MINUTES_PER_DAY,
    });
  } catch (err) {
    if (err instanceof StaffingInputError)
      throw new DomainValidationError(
        'the stored demand or service targets are not usable',
        err.issues.map((i) => ({ path, message: `${i.path}: ${i.message}` })),
      );
    throw err;
  }
}

function shiftTypeOf(t: ShiftTemplateEntity): { type: ShiftType; info: RosterTemplateInfo } {
  const start = minutesOfDay(t.start);
  let end = minutesOfDay(t.end);
  if (end <= start) end += MINUTES_PER_DAY; // overnight
  const length = end - start;
  const after = (hhmm: string) => {
    const m = minutesOfDay(hhmm);
    return m < start ? m + MINUTES_PER_DAY - start : m - start;
  };
  let unpaidBreak: ShiftType['unpaidBreak'];
  if (t.breakMinutes > 0) {
    // The break lies inside its window; without one, somewhere in the middle third of the shift.
    const earliest = t.breakWindowStart ? after(t.breakWindowStart) : Math.floor(length / 3);
    const windowEnd = t.breakWindowEnd ? after(t.breakWindowEnd) : Math.ceil((2 * length) / 3);
    const latest = Math.min(length - t.breakMinutes, Math.max(earliest, windowEnd - t.breakMinutes));
    unpaidBreak = { lengthMinutes: t.breakMinutes, earliestStartOffset: earliest, latestStartOffset: latest };
  }
  return {
    type: {
      id: t.id,
      startMinute: start,
      lengthMinutes: length,
      weekdays: t.weekdays.map((w) => w - 1),
      early: t.early,
      ...(unpaidBreak ? { unpaidBreak } : {}),
    },
    info: {
      id: t.id,
      name: t.name,
      start: t.start,
      end: t.end,
      startMinute: start,
      lengthMinutes: length,
      breakMinutes: t.breakMinutes,
      early: t.early,
    },
  };
}

/**
 * Reads agents, templates, leave and demand for a period of whole weeks from a Monday and turns
 * them into the roster solver's problem (see the approximations at the top of this file).
 */
export async function buildRosterProblem(
  db: DataSource,
  periodStart: string,
  weeks: number,
  opts: RosterRequestOptions,
): Promise<BuiltRoster> {
  assertRosterPeriod(periodStart, weeks);
  const days = weeks * 7;
  const zone = await organisationZone(db);
  const dayDates = dates(periodStart, days);
  const periodEnd = dayDates[days - 1]!;
  const [agentRows, templateRows, exceptions, demand] = await Promise.all([
    db.getRepository(AgentEntity).find({ where: { active: true }, order: { name: 'ASC' } }),
    db.getRepository(ShiftTemplateEntity).find({ order: { start: 'ASC', name: 'ASC' } }),
    db.getRepository(AvailabilityExceptionEntity).find({
      where: {
        agentId: Not(IsNull()),
        startDate: LessThanOrEqual(periodEnd),
        endDate: MoreThanOrEqual(periodStart),
      },
    }),
    loadDemand(db, periodStart, days),
  ]);
  const issues: FieldIssue[] = [];
  if (agentRows.length === 0)
    issues.push({ path: 'body.periodStart', message: 'there are no active agents' });
  if (templateRows.length === 0)
    issues.push({ path: 'body.periodStart', message: 'there are no shift templates' });
  if (demand.intervals.length === 0)
    issues.push({
      path: 'body.periodStart',
      message: `there is no demand forecast between ${periodStart} and ${periodEnd}`,
    });
  if (issues.length) throw new DomainValidationError('nothing to roster', issues);

  const weights: RosterWeights = { ...DEFAULT_ROSTER_WEIGHTS, ...(opts.weights ?? {}) };
  const len = demand.intervalMinutes;
  const perDay = MINUTES_PER_DAY / len;
  const slots = days * perDay;
  const requirements = requirementsOf(demand, days, 'body.periodStart');
  const pooled = pooledRequirement(requirements.channels, slots);

  const shifts = templateRows.map(shiftTypeOf);
  const shiftTypes = shifts.map((s) => s.type);
  const templates = Object.fromEntries(shifts.map((s) => [s.info.id, s.info]));
  const templateIds = new Set(templateRows.map((t) => t.id));
  const dayOf = new Map(dayDates.map((d, i) => [d, i]));
  const skeleton: RosterProblem = { days, firstWeekday: 0, shiftTypes, staff: [] };

  const requests: ShiftRequest[] = [];
  const partDayAbsences: PartDayAbsence[] = [];
  const staff: Staff[] = agentRows.map((a) => {
    const allowed = a.allowedTemplateIds.length
      ? a.allowedTemplateIds.filter((id) => templateIds.has(id))
      : undefined;
    const base: Staff = {
      id: a.id,
      ...(allowed ? { allowedShiftTypes: allowed } : {}),
      availableWeekdays: a.daysAvailable.map((w) => w - 1),
      maxConsecutiveShifts: a.maxConsecutiveDays,
      minConsecutiveDaysOff: a.minConsecutiveDaysOff,
    };
    const canWork = (day: number) => shiftTypes.filter((s) => isAllowed(skeleton, base, day, s));
    const off = new Set<number>();
    for (const x of exceptions) {
      if (x.agentId !== a.id) continue;
      for (const date of dayDates) {
        if (date < x.startDate || date > x.endDate) continue;
        const day = dayOf.get(date)!;
        if (!x.startTime || !x.endTime) {
          off.add(day);
          continue;
        }
        const from = minutesOfDay(x.startTime);
        const to = minutesOfDay(x.endTime);
        const clash = canWork(day).filter(
          (s) => s.startMinute! < to && s.startMinute! + s.lengthMinutes > from,
        );
        if (clash.length === 0) continue;
        if (clash.length === canWork(day).length) {
          off.add(day);
          continue;
        }
        const note = x.note ? `${KIND_WORDS[x.kind]}: ${x.note}` : KIND_WORDS[x.kind]!;
        partDayAbsences.push({ agentId: a.id, day, start: from, end: to, note });
        for (const s of clash)
          requests.push({ staff: a.id, day, shift: s.id, weight: PART_DAY_WEIGHT, kind: 'off' });
      }
    }
    // Leave lowers the weekly minimum pro rata over the days the agent is available that week.
    const weekMins: number[] = [];
    for (let w = 0; w < weeks; w++) {
      let availableDays = 0;
      let leaveDays = 0;
      for (let d = 7 * w; d < 7 * w + 7; d++) {
        if (!a.daysAvailable.includes(weekdayOf(dayDates[d]!))) continue;
        availableDays++;
        if (off.has(d)) leaveDays++;
      }
      const share = availableDays ? (availableDays - leaveDays) / availableDays : 0;
      weekMins.push(Math.floor(a.minHoursPerWeek * 60 * share));
    }
    const withLeave: Staff = { ...base, daysOff: [...off].sort((p, q) => p - q) };
    const workable = Array.from({ length: days }, (_, d) => d).some((d) =>
      shiftTypes.some((s) => isAllowed(skeleton, withLeave, d, s)),
    );
    // Someone who can work no template on any day has no minimum to meet.
    const weekMin = workable ? Math.min(...weekMins) : 0;
    const totalMin = workable ? weekMins.reduce((s, m) => s + m, 0) : 0;
    return {
      ...withLeave,
      contractedMinutesPerWeek: { min: weekMin, max: Math.round(a.maxHoursPerWeek * 60) },
      ...(weeks > 1 ? { totalMinutes: { min: totalMin } } : {}),
    };
  });

  // Cover: every interval with a requirement, inside the desk's hours, or inside a template
  // running that day (so being on duty with nothing to do counts as over-staffing).
  const relevant = new Array<boolean>(slots).fill(false);
  pooled.forEach((r, j) => {
    if (r > 0) relevant[j] = true;
  });
  for (const o of demand.openHours) for (let m = o.start; m < o.end; m += len) relevant[m / len] = true;
  for (let d = 0; d < days; d++)
    for (const s of shiftTypes) {
      if (s.weekdays && !s.weekdays.includes(d % 7)) continue;
      const begin = d * MINUTES_PER_DAY + s.startMinute!;
      for (let m = Math.ceil(begin / len) * len; m + len <= begin + s.lengthMinutes; m += len)
        if (m / len < slots) relevant[m / len] = true;
    }
  const intervalCover: IntervalCover[] = [];
  const coverAt = (j: number, requirement: number, overWeight: number) => {
    const m = j * len;
    return {
      day: Math.floor(m / MINUTES_PER_DAY),
      startMinute: m % MINUTES_PER_DAY,
      lengthMinutes: len,
      requirement,
      underWeight: weights.underStaffing,
      underGrowth: weights.underStaffingGrowth,
      overWeight,
    };
  };
  relevant.forEach((on, j) => {
    if (on) intervalCover.push(coverAt(j, pooled[j]!, weights.overStaffing));
  });
  // Skill groups: the agents skilled in a set of channels must cover that set's need, or the
  // agents on duty could not all be put on channels they can answer (phone short while the desk
  // as a whole is full). Only a shortage is priced; the desk's row prices over-staffing.
  const groups = skillGroups(
    requirements.channels,
    agentRows.map((a) => a.channels),
    slots,
  );
  for (const g of groups) {
    const ids = g.agents.map((i) => agentRows[i]!.id);
    const label = g.channels.join('+');
    g.required.forEach((r, j) => {
      if (r > 0) intervalCover.push({ ...coverAt(j, r, 0), staff: ids, label });
    });
  }

  // The most agents who could be at work in each interval, breaks aside: an upper bound on cover;
  // and per channel, the most of them skilled in it.
  const available = new Array<number>(slots).fill(0);
  const availableByChannel: Record<string, number[]> = Object.fromEntries(
    requirements.channels.map((c) => [c.channel, new Array<number>(slots).fill(0)]),
  );
  for (const [ei, e] of staff.entries()) {
    const mine = new Array<boolean>(slots).fill(false);
    for (let d = 0; d < days; d++)
      for (const s of shiftTypes) {
        if (!isAllowed(skeleton, e, d, s)) continue;
        const begin = d * MINUTES_PER_DAY + s.startMinute!;
        for (let m = Math.ceil(begin / len) * len; m + len <= begin + s.lengthMinutes; m += len)
          if (m / len < slots) mine[m / len] = true;
      }
    mine.forEach((on, j) => {
      if (!on) return;
      available[j]! += 1;
      for (const c of agentRows[ei]!.channels) if (availableByChannel[c]) availableByChannel[c][j]! += 1;
    });
  }

  const problem: RosterProblem = {
    days,
    firstWeekday: 0,
    shiftTypes,
    staff,
    ...(requests.length ? { requests } : {}),
    intervalCover,
    minRestMinutes: ELEVEN_HOURS,
    fairEarlyShifts: { weight: weights.fairEarlyShifts },
  };
  const messages = validateProblem(problem);
  if (messages.length)
    throw new DomainValidationError(
      'the agents and shift templates do not make a roster problem',
      messages.map((message) => ({ path: 'body.periodStart', message })),
    );
  return {
    problem,
    periodStart,
    periodEnd,
    weeks,
    zone,
    dayDates,
    intervalMinutes: len,
    agents: agentRows.map((a) => ({ id: a.id, name: a.name, timeZone: a.timeZone, channels: a.channels })),
    templates,
    demand,
    requirements,
    pooled,
    available,
    availableByChannel,
    partDayAbsences,
    weights,
  };
}
