import { deferredRequirement, projectDeferred, type DeferredWorkInput, type OpenPeriod } from './deferred';
import {
  agentsNeeded,
  erlangMetrics,
  MAX_AGENTS_PER_INTERVAL,
  trafficErlangs,
  type ErlangMetrics,
} from './erlang';
import { IssueList } from './errors';

/** Forecast demand of one channel in one interval. */
export interface DemandInterval {
  /** Interval start, minutes from the horizon start (a multiple of the interval length). */
  readonly start: number;
  /** Channel name, e.g. `phone`, `chat`, `email`, `social`. */
  readonly channel: string;
  /** Contacts arriving in the interval. */
  readonly volume: number;
  /** Average handle time, seconds. */
  readonly ahtSeconds: number;
}

/** Service target of one channel. */
export interface ChannelTarget {
  /** `erlang`: answered live (phone, chat); `deferred`: answered within a deadline (email, social). */
  readonly kind: 'erlang' | 'deferred';
  /** Required share: answered within `targetSeconds` (erlang) or within the deadline (deferred), 0..1. */
  readonly serviceLevel: number;
  /** Answer-time target, seconds (erlang only, required there). */
  readonly targetSeconds?: number;
  /** Occupancy cap, (0, 1] (erlang). */
  readonly maxOccupancy?: number;
  /** Average-speed-of-answer cap, seconds (erlang). */
  readonly maxAsaSeconds?: number;
  /** Contacts an agent handles at once, integer ≥ 1 (erlang, chat). */
  readonly concurrency?: number;
  /** Deadline, minutes of the deadline clock (deferred only, required there). */
  readonly deadlineMinutes?: number;
  /** Deadline clock for deferred work: all minutes (default) or open minutes (business days). */
  readonly deadlineBasis?: 'calendar' | 'open';
  /** When deferred work may be done (minutes from the horizon start); default always. */
  readonly openHours?: readonly OpenPeriod[];
  /** Deferred work: treat the horizon as repeating (default true). */
  readonly cyclic?: boolean;
}

/** Input of {@link computeRequirements}. */
export interface RequirementsInput {
  readonly intervals: readonly DemandInterval[];
  /** Interval length, minutes. */
  readonly intervalMinutes: 15 | 30;
  /** Service target per channel; every channel in `intervals` needs one. */
  readonly targets: Readonly<Record<string, ChannelTarget>>;
  /** Share of paid time not available for contacts, in [0, 1): one value, or one per channel. */
  readonly shrinkage: number | Readonly<Record<string, number>>;
  /** Horizon length, minutes; default: the end of the last interval given. */
  readonly horizonMinutes?: number;
}

/** Requirement of one channel in one interval. */
export interface IntervalRequirement {
  /** Interval start, minutes from the horizon start. */
  readonly start: number;
  readonly volume: number;
  /** Average handle time, seconds (0 when there is no volume). */
  readonly ahtSeconds: number;
  /** Workload, Erlangs: volume × AHT / interval length. */
  readonly trafficErlangs: number;
  /** Productive agents needed, before shrinkage (integer for erlang, fractional for deferred). */
  readonly rawAgents: number;
  /**
   * Agents to roster: `ceil(rawAgents / (1 − shrinkage))` (erlang); for deferred work the share of
   * an agent, `rawAgents / (1 − shrinkage)` rounded up to a hundredth.
   */
  readonly required: number;
  /**
   * Projected service level with `rawAgents` productive agents: share answered within the target
   * time (erlang), or share of this interval's arrivals finished within the deadline (deferred;
   * null when nothing arrives or the deadline lies past a non-cyclic horizon).
   */
  readonly serviceLevel: number | null;
  /** Average speed of answer, seconds (erlang; null for deferred). */
  readonly asaSeconds: number | null;
  /** Share of productive agent time busy, 0..1. */
  readonly occupancy: number;
}

/** Requirements of one channel over the horizon. */
export interface ChannelRequirements {
  readonly channel: string;
  readonly kind: 'erlang' | 'deferred';
  readonly shrinkage: number;
  /** One entry per interval of the horizon, in time order. */
  readonly intervals: readonly IntervalRequirement[];
  /** Sum of `required` × interval length, hours. */
  readonly requiredHours: number;
  /** Deferred: starts of arrival intervals whose deadline held no open time (due time moved later). */
  readonly extendedDeadlines: readonly number[];
}

/** Result of {@link computeRequirements}: one entry per channel in `targets`, in that order. */
export interface RequirementsResult {
  readonly intervalMinutes: number;
  readonly horizonMinutes: number;
  readonly channels: readonly ChannelRequirements[];
}

/** Tolerance for `ceil` on fractional requirements, so 3.0000000001 agents is 3, not 4. */
const CEIL_TOLERANCE = 1e-7;

/** Agents to roster for `raw` productive agents: `ceil(raw / (1 − shrinkage))`. */
export function withShrinkage(raw: number, shrinkage: number): number {
  if (raw <= 0) return 0;
  return Math.ceil(raw / (1 - shrinkage) - CEIL_TOLERANCE);
}

/**
 * Agents to roster per interval for a desk whose agents are pooled across channels (an agent on
 * duty answers whichever of their channels needs them): live channels (erlang) need whole agents
 * each, `ceil(rawAgents / (1 − shrinkage))` — Erlang C staffs each queue with whole agents —
 * and deferred channels their shares of an agent, `rawAgents / (1 − shrinkage)`; the sum is
 * rounded up once. Pooling the deferred shares matters: e-mail needing 0.3 of an agent and social
 * 0.2 need one agent between them (with whatever time the live channels leave), not one each in
 * every open interval of the day. `length`: intervals to return (default: the longest channel's),
 * padded with zeros.
 */
export function pooledRequirement(
  channels: readonly ChannelRequirements[],
  length = channels.reduce((m, c) => Math.max(m, c.intervals.length), 0),
): number[] {
  const out = new Array<number>(length).fill(0);
  for (let j = 0; j < length; j++) {
    let need = 0;
    for (const c of channels) {
      const raw = c.intervals[j]?.rawAgents ?? 0;
      if (raw > 0) need += c.kind === 'erlang' ? withShrinkage(raw, c.shrinkage) : raw / (1 - c.shrinkage);
    }
    out[j] = need > 0 ? Math.ceil(need - CEIL_TOLERANCE) : 0;
  }
  return out;
}

/**
 * Agents to roster for `raw` productive agents of deferrable work: `raw / (1 − shrinkage)` rounded
 * up to a hundredth, not to a whole agent. Deferred work is divisible (an agent clears e-mail
 * between calls), so its requirement is a share of an agent; a desk rounds its pooled need once
 * ({@link pooledRequirement}).
 */
export function deferredShare(raw: number, shrinkage: number): number {
  if (raw <= 0) return 0;
  return Math.ceil((raw / (1 - shrinkage)) * 100 - CEIL_TOLERANCE) / 100;
}

/** Demand of one channel on the full interval grid. */
interface ChannelDemand {
  readonly volume: number[];
  readonly aht: number[];
}

/** Validated, gridded demand shared by requirements and projection. */
export interface PreparedDemand {
  readonly intervalMinutes: number;
  readonly horizonMinutes: number;
  readonly n: number;
  readonly channels: readonly string[];
  readonly demand: ReadonlyMap<string, ChannelDemand>;
  readonly shrinkage: ReadonlyMap<string, number>;
}

/**
 * Checks the common inputs of requirements and projection, collecting every problem with its
 * field path, and lays the demand on the interval grid (missing intervals have no volume).
 */
export function prepareDemand(
  input: Pick<
    RequirementsInput,
    'intervals' | 'intervalMinutes' | 'targets' | 'shrinkage' | 'horizonMinutes'
  >,
  issues: IssueList,
): PreparedDemand {
  const len = input.intervalMinutes;
  if (len !== 15 && len !== 30) issues.add('intervalMinutes', 'must be 15 or 30');
  const channels = Object.keys(input.targets);
  for (const ch of channels) {
    const t = input.targets[ch];
    if (!t) continue;
    const p = `targets.${ch}`;
    if (t.kind !== 'erlang' && t.kind !== 'deferred')
      issues.add(`${p}.kind`, "must be 'erlang' or 'deferred'");
    if (t.kind === 'erlang') {
      issues.number(`${p}.serviceLevel`, t.serviceLevel, 0, 1, true);
      if (t.targetSeconds === undefined)
        issues.add(`${p}.targetSeconds`, 'is required for an erlang channel');
      else issues.number(`${p}.targetSeconds`, t.targetSeconds, 0);
      if (t.maxOccupancy !== undefined) {
        issues.above(`${p}.maxOccupancy`, t.maxOccupancy, 0);
        issues.number(`${p}.maxOccupancy`, t.maxOccupancy, 0, 1);
      }
      if (t.maxAsaSeconds !== undefined) issues.above(`${p}.maxAsaSeconds`, t.maxAsaSeconds, 0);
      if (t.concurrency !== undefined) issues.integer(`${p}.concurrency`, t.concurrency, 1);
    }
    if (t.kind === 'deferred') {
      issues.above(`${p}.serviceLevel`, t.serviceLevel, 0);
      issues.number(`${p}.serviceLevel`, t.serviceLevel, 0, 1);
      if (t.deadlineMinutes === undefined)
        issues.add(`${p}.deadlineMinutes`, 'is required for a deferred channel');
      else issues.above(`${p}.deadlineMinutes`, t.deadlineMinutes, 0);
      if (t.deadlineBasis !== undefined && t.deadlineBasis !== 'calendar' && t.deadlineBasis !== 'open')
        issues.add(`${p}.deadlineBasis`, "must be 'calendar' or 'open'");
      (t.openHours ?? []).forEach((o, i) => {
        issues.number(`${p}.openHours[${i}].start`, o.start, 0);
        if (!(o.end > o.start)) issues.add(`${p}.openHours[${i}].end`, 'must be after start');
      });
    }
  }

  const shrinkage = new Map<string, number>();
  if (typeof input.shrinkage === 'number') {
    issues.number('shrinkage', input.shrinkage, 0, 1, true);
    for (const ch of channels) shrinkage.set(ch, input.shrinkage);
  } else {
    for (const ch of channels) {
      const s = input.shrinkage[ch];
      if (s === undefined) issues.add(`shrinkage.${ch}`, 'is missing');
      else issues.number(`shrinkage.${ch}`, s, 0, 1, true);
      shrinkage.set(ch, s ?? 0);
    }
  }

  let horizon = input.horizonMinutes;
  if (horizon === undefined) {
    horizon = len;
    for (const d of input.intervals) if (Number.isFinite(d.start)) horizon = Math.max(horizon, d.start + len);
  } else {
    issues.above('horizonMinutes', horizon, 0);
    if (len > 0 && horizon % len !== 0) issues.add('horizonMinutes', 'must be a multiple of intervalMinutes');
  }
  const n = len > 0 ? Math.max(1, Math.floor(horizon / len)) : 1;

  const demand = new Map<string, ChannelDemand>();
  for (const ch of channels)
    demand.set(ch, { volume: new Array<number>(n).fill(0), aht: new Array<number>(n).fill(0) });
  const seen = new Set<string>();
  const overloadedCaps = new Set<string>();
  input.intervals.forEach((d, i) => {
    const p = `intervals[${i}]`;
    issues.number(`${p}.volume`, d.volume, 0);
    issues.number(`${p}.ahtSeconds`, d.ahtSeconds, 0);
    // A load no desk could staff is refused here, by field, before the Erlang search steps
    // through the agents one by one (see MAX_AGENTS_PER_INTERVAL).
    const t = input.targets[d.channel];
    const sound =
      t?.kind === 'erlang' &&
      (t.maxOccupancy === undefined || (t.maxOccupancy > 0 && t.maxOccupancy <= 1)) &&
      (t.concurrency === undefined || (Number.isInteger(t.concurrency) && t.concurrency >= 1));
    if (t && sound && len > 0 && Number.isFinite(d.volume * d.ahtSeconds)) {
      const erlangs = (d.volume * d.ahtSeconds) / (len * 60) / (t.concurrency ?? 1);
      if (erlangs / (t.maxOccupancy ?? 1) > MAX_AGENTS_PER_INTERVAL) {
        const message = `would need more than ${MAX_AGENTS_PER_INTERVAL} agents in one interval`;
        if (erlangs > MAX_AGENTS_PER_INTERVAL || t.maxOccupancy === undefined)
          issues.add(`${p}.volume`, message);
        else if (!overloadedCaps.has(d.channel)) {
          overloadedCaps.add(d.channel);
          issues.add(`targets.${d.channel}.maxOccupancy`, message);
        }
      }
    }
    const slot = d.start / len;
    if (!Number.isInteger(slot) || slot < 0 || slot >= n)
      issues.add(`${p}.start`, `must be a multiple of ${len} inside the horizon`);
    const ch = demand.get(d.channel);
    if (!ch) {
      issues.add(`${p}.channel`, `has no target: ${d.channel}`);
      return;
    }
    const key = `${d.channel}@${d.start}`;
    if (seen.has(key)) issues.add(`${p}.start`, `duplicates another ${d.channel} interval at ${d.start}`);
    seen.add(key);
    if (Number.isInteger(slot) && slot >= 0 && slot < n && d.volume > 0) {
      ch.volume[slot] = d.volume;
      ch.aht[slot] = d.ahtSeconds;
    }
  });
  return { intervalMinutes: len, horizonMinutes: n * len, n, channels, demand, shrinkage };
}

/** The deferrable-work problem of one channel at the given demand. */
export function deferredInput(
  prepared: PreparedDemand,
  channel: string,
  target: ChannelTarget,
): DeferredWorkInput {
  const d = prepared.demand.get(channel);
  return {
    intervalMinutes: prepared.intervalMinutes,
    horizonMinutes: prepared.horizonMinutes,
    arrivals: (d?.volume ?? []).map((v, j) => ({
      start: j * prepared.intervalMinutes,
      volume: v,
      ahtSeconds: d?.aht[j] ?? 0,
    })),
    deadlineMinutes: target.deadlineMinutes ?? 0,
    deadlineBasis: target.deadlineBasis,
    requiredShare: target.serviceLevel,
    openHours: target.openHours,
    cyclic: target.cyclic,
  };
}

/**
 * Agents needed per channel and interval: Erlang C for live channels (smallest N meeting the
 * service level, ASA and occupancy targets), workload within the deadline for deferrable
 * channels; then `required = ceil(raw / (1 − shrinkage))` (to a hundredth of an agent for deferred
 * work). Every channel in `targets` gets the full interval grid of the horizon. Throws {@link StaffingInputError} naming every invalid field.
 */
export function computeRequirements(input: RequirementsInput): RequirementsResult {
  const issues = new IssueList();
  const prepared = prepareDemand(input, issues);
  issues.throwIfAny();
  const len = prepared.intervalMinutes;
  const channels: ChannelRequirements[] = [];
  for (const channel of prepared.channels) {
    const target = input.targets[channel];
    const d = prepared.demand.get(channel);
    if (!target || !d) continue;
    const shrinkage = prepared.shrinkage.get(channel) ?? 0;
    const intervals: IntervalRequirement[] = [];
    let extendedDeadlines: readonly number[] = [];
    if (target.kind === 'erlang') {
      for (let j = 0; j < prepared.n; j++) {
        const volume = d.volume[j] ?? 0;
        const aht = d.aht[j] ?? 0;
        const m = agentsNeeded({
          volume,
          intervalSeconds: len * 60,
          ahtSeconds: aht,
          targetServiceLevel: target.serviceLevel,
          targetSeconds: target.targetSeconds ?? 0,
          maxOccupancy: target.maxOccupancy,
          maxAsaSeconds: target.maxAsaSeconds,
          concurrency: target.concurrency,
        });
        intervals.push({
          start: j * len,
          volume,
          ahtSeconds: aht,
          trafficErlangs: m.trafficErlangs,
          rawAgents: m.agents,
          required: withShrinkage(m.agents, shrinkage),
          serviceLevel: m.serviceLevel,
          asaSeconds: m.asa,
          occupancy: m.occupancy,
        });
      }
    } else {
      const problem = deferredInput(prepared, channel, target);
      const plan = deferredRequirement(problem, `targets.${channel}`);
      const agents = plan.intervals.map((x) => x.agents);
      const projected = projectDeferred(problem, agents, `targets.${channel}`);
      extendedDeadlines = plan.extendedDeadlines;
      for (let j = 0; j < prepared.n; j++) {
        const raw = agents[j] ?? 0;
        intervals.push({
          start: j * len,
          volume: d.volume[j] ?? 0,
          ahtSeconds: d.aht[j] ?? 0,
          trafficErlangs: trafficErlangs(d.volume[j] ?? 0, d.aht[j] ?? 0, len * 60),
          rawAgents: raw,
          required: deferredShare(raw, shrinkage),
          serviceLevel: projected[j]?.shareWithinDeadline ?? null,
          asaSeconds: null,
          occupancy: projected[j]?.occupancy ?? 0,
        });
      }
    }
    const requiredHours = (intervals.reduce((s, x) => s + x.required, 0) * len) / 60;
    channels.push({ channel, kind: target.kind, shrinkage, intervals, requiredHours, extendedDeadlines });
  }
  return { intervalMinutes: len, horizonMinutes: prepared.horizonMinutes, channels };
}

/** Erlang metrics of `agents` productive agents in one interval of `len` minutes of a channel. */
export function erlangAt(
  target: ChannelTarget,
  agents: number,
  volume: number,
  ahtSeconds: number,
  len: number,
): ErlangMetrics {
  const traffic = trafficErlangs(volume, ahtSeconds, len * 60);
  return erlangMetrics(agents, traffic, target.targetSeconds ?? 0, ahtSeconds, target.concurrency ?? 1);
}
