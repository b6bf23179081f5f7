import { projectDeferred } from './deferred';
import { IssueList } from './errors';
import {
  computeRequirements,
  deferredInput,
  erlangAt,
  prepareDemand,
  type ChannelTarget,
  type DemandInterval,
} from './requirements';

/** Agents rostered on one channel in one interval (heads, before shrinkage). */
export interface StaffOnDuty {
  /** Interval start, minutes from the horizon start. */
  readonly start: number;
  readonly channel: string;
  /**
   * Agents on this channel. An agent with several skills is split by the caller (for instance
   * half an agent on phone and half on chat); this module does not allocate.
   */
  readonly agents: number;
}

/** Input of {@link projectServiceLevel}. */
export interface ProjectionInput {
  readonly intervals: readonly DemandInterval[];
  /** Interval length, minutes. */
  readonly intervalMinutes: 15 | 30;
  readonly targets: Readonly<Record<string, ChannelTarget>>;
  /** Share of paid time not available for contacts, in [0, 1): one value, or one per channel. */
  readonly shrinkage: number | Readonly<Record<string, number>>;
  /** Staff per channel and interval; intervals not listed have nobody. */
  readonly staffOnDuty: readonly StaffOnDuty[];
  /** Horizon length, minutes; default: the end of the last demand or staff interval. */
  readonly horizonMinutes?: number;
  /** Length of a reporting day, minutes (default 1440); day d starts at minute d × dayMinutes. */
  readonly dayMinutes?: number;
}

/** Projection of one channel in one interval. */
export interface IntervalProjection {
  /** Interval start, minutes from the horizon start. */
  readonly start: number;
  readonly volume: number;
  /** Workload, Erlangs. */
  readonly trafficErlangs: number;
  /** Agents required (after shrinkage), as {@link computeRequirements} gives. */
  readonly required: number;
  /** Agents rostered (heads, before shrinkage). */
  readonly rostered: number;
  /** Productive agents: `floor(rostered × (1 − shrinkage))` (a fraction of an agent answers nothing). */
  readonly effective: number;
  /** `rostered − required`: negative is under-staffing, agents. */
  readonly gap: number;
  /**
   * Projected service level with `effective` agents: share answered within the target time
   * (erlang) or share of this interval's arrivals finished within the deadline (deferred); null
   * when it cannot be judged (deferred: nothing arrives, or the deadline is past a non-cyclic horizon).
   */
  readonly serviceLevel: number | null;
  /** Average speed of answer, seconds (erlang: Infinity when understaffed; null for deferred). */
  readonly asaSeconds: number | null;
  /** Share of productive capacity busy (erlang: may exceed 1 when understaffed). */
  readonly occupancy: number;
  /** Service level below the channel's target while work arrives. */
  readonly belowTarget: boolean;
}

/** One day of one channel. */
export interface DailyProjection {
  readonly day: number;
  /** Required agent-hours (after shrinkage). */
  readonly requiredHours: number;
  /** Rostered agent-hours. */
  readonly rosteredHours: number;
  readonly volume: number;
  /** Volume-weighted projected service level, 0..1; null when no interval has a judged level. */
  readonly serviceLevel: number | null;
  readonly intervalsBelowTarget: number;
}

/** Staffing gaps, in staff-intervals (agents × intervals) and agent-hours. */
export interface StaffingGaps {
  /** Σ max(0, required − rostered) over intervals, staff-intervals. */
  readonly underStaffIntervals: number;
  /** Σ max(0, rostered − required) over intervals, staff-intervals. */
  readonly overStaffIntervals: number;
  readonly underHours: number;
  readonly overHours: number;
  readonly intervalsBelowTarget: number;
}

/** Projection of one channel over the horizon. */
export interface ChannelProjection extends StaffingGaps {
  readonly channel: string;
  readonly kind: 'erlang' | 'deferred';
  readonly shrinkage: number;
  readonly intervals: readonly IntervalProjection[];
  readonly days: readonly DailyProjection[];
  /** Volume-weighted projected service level over the horizon, or null. */
  readonly serviceLevel: number | null;
}

/** Result of {@link projectServiceLevel}. */
export interface ProjectionResult {
  readonly channels: readonly ChannelProjection[];
  /** All channels together. */
  readonly totals: StaffingGaps;
}

/** Guards the floor against float noise: 100 × (1 − 0.29) is 70.99999999999999. */
const FLOOR_TOLERANCE = 1e-9;

/** Productive agents of `rostered` heads on a live channel: `floor(rostered × (1 − shrinkage))`. */
export function effectiveAgents(rostered: number, shrinkage: number): number {
  return Math.floor(rostered * (1 - shrinkage) + FLOOR_TOLERANCE);
}

/**
 * Projected service level, ASA and staffing gaps per channel and interval for the staff actually
 * on duty (per channel, as allocated by the caller), after shrinkage, with daily summaries per
 * channel and totals. Requirements come from {@link computeRequirements} on the same demand.
 * Throws {@link StaffingInputError} naming every invalid field.
 */
export function projectServiceLevel(input: ProjectionInput): ProjectionResult {
  const issues = new IssueList();
  const len = input.intervalMinutes;
  let horizon = input.horizonMinutes;
  if (horizon === undefined) {
    horizon = len;
    for (const x of [...input.intervals, ...input.staffOnDuty])
      if (Number.isFinite(x.start)) horizon = Math.max(horizon, x.start + len);
  }
  const prepared = prepareDemand({ ...input, horizonMinutes: horizon }, issues);
  const dayMinutes = input.dayMinutes ?? 1440;
  issues.above('dayMinutes', dayMinutes, 0);
  const { n } = prepared;
  const staff = new Map(prepared.channels.map((ch) => [ch, new Array<number>(n).fill(0)]));
  const seen = new Set<string>();
  input.staffOnDuty.forEach((s, i) => {
    const p = `staffOnDuty[${i}]`;
    issues.number(`${p}.agents`, s.agents, 0);
    const slot = s.start / len;
    const row = staff.get(s.channel);
    if (!row) issues.add(`${p}.channel`, `has no target: ${s.channel}`);
    if (!Number.isInteger(slot) || slot < 0 || slot >= n)
      issues.add(`${p}.start`, `must be a multiple of ${len} inside the horizon`);
    else if (row) {
      const key = `${s.channel}@${s.start}`;
      if (seen.has(key)) issues.add(`${p}.start`, `duplicates another ${s.channel} entry at ${s.start}`);
      seen.add(key);
      row[slot] = s.agents;
    }
  });
  issues.throwIfAny();

  const requirements = computeRequirements({ ...input, horizonMinutes: prepared.horizonMinutes });
  const hoursPerInterval = len / 60;
  const channels: ChannelProjection[] = [];
  for (const req of requirements.channels) {
    const target = input.targets[req.channel];
    const demand = prepared.demand.get(req.channel);
    const rostered = staff.get(req.channel);
    if (!target || !demand || !rostered) continue;
    // Erlang C counts whole servers; deferred work is divisible, so its capacity is not floored
    // (one agent at 30% shrinkage clears 0.7 of an agent's work, not none).
    const effective = rostered.map((r) =>
      target.kind === 'deferred' ? r * (1 - req.shrinkage) : effectiveAgents(r, req.shrinkage),
    );
    const deferred =
      target.kind === 'deferred'
        ? projectDeferred(deferredInput(prepared, req.channel, target), effective, `targets.${req.channel}`)
        : null;
    const intervals: IntervalProjection[] = req.intervals.map((r, j) => {
      const onDuty = rostered[j] ?? 0;
      const eff = effective[j] ?? 0;
      let serviceLevel: number | null;
      let asaSeconds: number | null = null;
      let occupancy: number;
      if (deferred) {
        serviceLevel = deferred[j]?.shareWithinDeadline ?? null;
        occupancy = deferred[j]?.occupancy ?? 0;
      } else {
        const m = erlangAt(target, eff, r.volume, r.ahtSeconds, len);
        serviceLevel = m.serviceLevel;
        asaSeconds = m.asa;
        occupancy = m.occupancy;
      }
      const belowTarget = r.volume > 0 && serviceLevel !== null && serviceLevel < target.serviceLevel - 1e-9;
      return {
        start: r.start,
        volume: r.volume,
        trafficErlangs: r.trafficErlangs,
        required: r.required,
        rostered: onDuty,
        effective: eff,
        gap: onDuty - r.required,
        serviceLevel,
        asaSeconds,
        occupancy,
        belowTarget,
      };
    });

    const dayCount = Math.ceil(prepared.horizonMinutes / dayMinutes);
    const days: DailyProjection[] = [];
    for (let d = 0; d < dayCount; d++) {
      const inDay = intervals.filter((x) => Math.floor(x.start / dayMinutes) === d);
      days.push({
        day: d,
        requiredHours: sum(inDay.map((x) => x.required)) * hoursPerInterval,
        rosteredHours: sum(inDay.map((x) => x.rostered)) * hoursPerInterval,
        volume: sum(inDay.map((x) => x.volume)),
        serviceLevel: weightedServiceLevel(inDay),
        intervalsBelowTarget: inDay.filter((x) => x.belowTarget).length,
      });
    }
    channels.push({
      channel: req.channel,
      kind: req.kind,
      shrinkage: req.shrinkage,
      intervals,
      days,
      serviceLevel: weightedServiceLevel(intervals),
      ...gaps(intervals, hoursPerInterval),
    });
  }
  const all = channels.flatMap((c) => c.intervals);
  return { channels, totals: gaps(all, hoursPerInterval) };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

/** Σ volume × service level / Σ volume over intervals with a judged level; null without volume. */
function weightedServiceLevel(intervals: readonly IntervalProjection[]): number | null {
  let volume = 0;
  let answered = 0;
  for (const x of intervals)
    if (x.serviceLevel !== null && x.volume > 0) {
      volume += x.volume;
      answered += x.volume * x.serviceLevel;
    }
  return volume > 0 ? answered / volume : null;
}

function gaps(intervals: readonly IntervalProjection[], hoursPerInterval: number): StaffingGaps {
  const under = sum(intervals.map((x) => Math.max(0, -x.gap)));
  const over = sum(intervals.map((x) => Math.max(0, x.gap)));
  return {
    underStaffIntervals: under,
    overStaffIntervals: over,
    underHours: under * hoursPerInterval,
    overHours: over * hoursPerInterval,
    intervalsBelowTarget: intervals.filter((x) => x.belowTarget).length,
  };
}
