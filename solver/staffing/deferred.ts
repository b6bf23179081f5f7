import { IssueList } from './errors';

/*
 * Deferrable work (email, social): no queue to answer in seconds, but a share of every item must be
 * answered within a deadline ("90% within 24 h", "80% within 1 business day").
 *
 * Model, on the interval grid (all times in minutes from the horizon start):
 * - the items arriving in interval i form a cohort with workload volume × AHT (agent-seconds);
 *   the cohort can be worked from the start of interval i + 1 (conservative: an item is never
 *   worked in the interval it arrives in) and its deadline runs from the start of interval i;
 * - the deadline clock is calendar time, or open time only (`deadlineBasis: 'open'`, for business
 *   days: 1 business day of 09:00–17:00 is 480 open minutes);
 * - the cohort is due by the end of the last open interval that ends before its deadline; a cohort
 *   with no open time between its arrival and deadline is due at the end of the first open interval
 *   after it arrives, and reported in `extendedDeadlines`;
 * - the required share p of each cohort is a job due then; the rest (1 − p) is a job with no
 *   deadline that is worked only when no p-share job is waiting (earliest deadline first, which is
 *   first in, first out among cohorts since deadlines rise with arrival time);
 * - staff work only in open minutes (the open periods), so an interval's capacity is
 *   agents × open minutes × 60 agent-seconds.
 *
 * Staffing ("minimal constant level over each deadline window"): for every window of intervals
 * [a, b] from a release to a due interval, demand(a, b) = p-share work released in the window and
 * due inside it, and its density is demand / open seconds of the window. Each open interval is
 * staffed at the largest density of any such window containing it. Then every window has capacity ≥ its demand, which is exactly the condition
 * under which earliest-deadline-first meets every deadline; and a busy window is covered by a
 * constant level spread over the whole window rather than a peak at its end. Cost O(n²) for n
 * intervals (a week of 15-minute intervals: 672).
 *
 * Horizon ends: with `cyclic` (the default, for a typical week) the horizon repeats, so work
 * arriving near its end is due early in the next cycle, i.e. at the start of the horizon; every
 * interval is also staffed at least at total work / total open time, so the full workload (the
 * 1 − p share too) is cleared every cycle. With `cyclic: false`, nothing is carried in, work due
 * after the horizon is not required within it, and the 1 − p share of work due inside the horizon
 * must be done by its last open interval.
 */

/** An open period, minutes from the horizon start, half-open [start, end). */
export interface OpenPeriod {
  readonly start: number;
  readonly end: number;
}

/** Work arriving in one interval. */
export interface DeferredArrival {
  /** Interval start, minutes from the horizon start (a multiple of the interval length). */
  readonly start: number;
  /** Items arriving in the interval. */
  readonly volume: number;
  /** Average handle time per item, seconds. */
  readonly ahtSeconds: number;
}

/** A deferrable-work problem for one channel. */
export interface DeferredWorkInput {
  /** Interval length, minutes. */
  readonly intervalMinutes: number;
  /** Horizon length, minutes (a multiple of the interval length). */
  readonly horizonMinutes: number;
  /** Arrivals; intervals not listed have none. */
  readonly arrivals: readonly DeferredArrival[];
  /** Deadline, minutes of the deadline clock (e.g. 1440 for 24 h, 480 for a 09:00–17:00 business day). */
  readonly deadlineMinutes: number;
  /** Deadline clock: all minutes (default) or open minutes only. */
  readonly deadlineBasis?: 'calendar' | 'open';
  /** Share of each cohort's work to finish by its deadline, in (0, 1]. */
  readonly requiredShare: number;
  /** When the work may be done; default: always. */
  readonly openHours?: readonly OpenPeriod[];
  /** Treat the horizon as repeating (default true). */
  readonly cyclic?: boolean;
}

/** Staffing for deferrable work in one interval. */
export interface DeferredInterval {
  /** Interval start, minutes from the horizon start. */
  readonly start: number;
  /** Open minutes in the interval. */
  readonly openMinutes: number;
  /** Work arriving in the interval, agent-seconds. */
  readonly workloadSeconds: number;
  /** Productive agents needed while open (fractional, before shrinkage); 0 when closed. */
  readonly agents: number;
}

/** Result of {@link deferredRequirement}. */
export interface DeferredRequirement {
  readonly intervals: readonly DeferredInterval[];
  /** Starts of arrival intervals whose deadline held no open time, so their due time was moved later. */
  readonly extendedDeadlines: readonly number[];
}

/** One interval of {@link projectDeferred}. */
export interface DeferredProjectionInterval {
  readonly start: number;
  /**
   * Share of the work arriving in this interval that is finished by its deadline, 0..1; null when
   * nothing arrives or (non-cyclic) the deadline lies beyond the horizon.
   */
  readonly shareWithinDeadline: number | null;
  /** Share of the interval's capacity spent working, 0..1 (0 when there is no capacity). */
  readonly occupancy: number;
  /** Work still waiting at the end of the interval, agent-seconds. */
  readonly backlogSeconds: number;
}

/** A cohort of work on the unrolled timeline (the horizon repeated when cyclic). */
interface Cohort {
  /** Arrival interval (unrolled index). */
  readonly index: number;
  /** Workload, agent-seconds. */
  readonly work: number;
  /** Due interval (unrolled index, inclusive); null when the deadline is past the timeline or nothing opens. */
  readonly due: number | null;
  readonly extended: boolean;
}

interface Timeline {
  /** Intervals in the horizon. */
  readonly n: number;
  /** Intervals on the unrolled timeline (3n when cyclic, n otherwise). */
  readonly length: number;
  readonly cyclic: boolean;
  readonly share: number;
  /** Open minutes per unrolled interval. */
  readonly open: readonly number[];
  /** Work arriving per horizon interval, agent-seconds. */
  readonly work: readonly number[];
  /** One cohort per unrolled interval. */
  readonly cohorts: readonly Cohort[];
}

function validate(input: DeferredWorkInput, path: string): void {
  const issues = new IssueList();
  const p = path ? `${path}.` : '';
  issues.above(`${p}intervalMinutes`, input.intervalMinutes, 0);
  issues.above(`${p}horizonMinutes`, input.horizonMinutes, 0);
  if (input.intervalMinutes > 0 && input.horizonMinutes % input.intervalMinutes !== 0)
    issues.add(`${p}horizonMinutes`, 'must be a multiple of the interval length');
  issues.above(`${p}deadlineMinutes`, input.deadlineMinutes, 0);
  issues.above(`${p}requiredShare`, input.requiredShare, 0);
  issues.number(`${p}requiredShare`, input.requiredShare, 0, 1);
  if (
    input.deadlineBasis !== undefined &&
    input.deadlineBasis !== 'calendar' &&
    input.deadlineBasis !== 'open'
  )
    issues.add(`${p}deadlineBasis`, "must be 'calendar' or 'open'");
  input.arrivals.forEach((a, i) => {
    issues.number(`${p}arrivals[${i}].volume`, a.volume, 0);
    issues.number(`${p}arrivals[${i}].ahtSeconds`, a.ahtSeconds, 0);
    if (!Number.isInteger(a.start / input.intervalMinutes) || a.start < 0 || a.start >= input.horizonMinutes)
      issues.add(`${p}arrivals[${i}].start`, 'must be an interval start inside the horizon');
  });
  (input.openHours ?? []).forEach((o, i) => {
    issues.number(`${p}openHours[${i}].start`, o.start, 0);
    if (!(o.end > o.start)) issues.add(`${p}openHours[${i}].end`, 'must be after start');
  });
  issues.throwIfAny();
}

/** Open minutes of each horizon interval: its overlap with the open periods. */
function openMinutes(n: number, length: number, openHours: readonly OpenPeriod[] | undefined): number[] {
  const open: number[] = [];
  for (let j = 0; j < n; j++) {
    const s = j * length;
    const e = s + length;
    if (!openHours) {
      open.push(length);
      continue;
    }
    // Merge overlaps so a minute is never counted twice.
    const cut = openHours
      .map((o) => [Math.max(o.start, s), Math.min(o.end, e)] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let total = 0;
    let reach = s;
    for (const [a, b] of cut) {
      const from = Math.max(a, reach);
      if (b > from) total += b - from;
      reach = Math.max(reach, b);
    }
    open.push(total);
  }
  return open;
}

function buildTimeline(input: DeferredWorkInput, path = ''): Timeline {
  validate(input, path);
  const len = input.intervalMinutes;
  const n = input.horizonMinutes / len;
  const cyclic = input.cyclic ?? true;
  const copies = cyclic ? 3 : 1;
  const base = openMinutes(n, len, input.openHours);
  const open: number[] = [];
  for (let c = 0; c < copies; c++) open.push(...base);
  const work = new Array<number>(n).fill(0);
  for (const a of input.arrivals) {
    const j = a.start / len;
    work[j] = (work[j] ?? 0) + a.volume * a.ahtSeconds;
  }

  // Deadline clock at each unrolled interval boundary: calendar minutes or open minutes.
  const clock: number[] = [0];
  for (let j = 0; j < open.length; j++)
    clock.push((clock[j] ?? 0) + (input.deadlineBasis === 'open' ? (open[j] ?? 0) : len));

  const cohorts: Cohort[] = [];
  for (let i = 0; i < open.length; i++) {
    const limit = (clock[i] ?? 0) + input.deadlineMinutes;
    if (limit > (clock[open.length] ?? 0)) {
      // The deadline falls after the (unrolled) timeline: not required within it.
      cohorts.push({ index: i, work: work[i % n] ?? 0, due: null, extended: false });
      continue;
    }
    let due: number | null = null;
    for (let e = i + 1; e < open.length && (clock[e + 1] ?? Infinity) <= limit; e++)
      if ((open[e] ?? 0) > 0) due = e;
    let extended = false;
    if (due === null) {
      for (let e = i + 1; e < open.length; e++)
        if ((open[e] ?? 0) > 0) {
          due = e;
          extended = true;
          break;
        }
    }
    cohorts.push({ index: i, work: work[i % n] ?? 0, due, extended });
  }
  return { n, length: open.length, cyclic, share: input.requiredShare, open, work, cohorts };
}

/** A job for the earliest-deadline-first model: work released at `release`, due by the end of `due`. */
interface Job {
  readonly release: number;
  readonly due: number;
  readonly work: number;
}

/**
 * Productive agents needed per interval so that the required share of each cohort of deferrable
 * work is finished by its deadline, spread as a constant level over each deadline window (see the
 * model at the top of this file). Agents are fractional and before shrinkage; closed intervals
 * need none. Throws {@link StaffingInputError} on invalid input (field paths under `path`).
 */
export function deferredRequirement(input: DeferredWorkInput, path = ''): DeferredRequirement {
  const t = buildTimeline(input, path);
  const { n } = t;
  if (t.work.some((w) => w > 0) && !t.open.some((m) => m > 0)) {
    const issues = new IssueList();
    issues.add(
      `${path ? `${path}.` : ''}openHours`,
      'leave no open time in the horizon for the work that arrives',
    );
    issues.throwIfAny();
  }
  // Windows start in the first copy and span at most one horizon, so the first two copies suffice.
  const span = t.cyclic ? 2 * n : n;
  const lastOpen = lastOpenBefore(t.open, n);
  const jobs: Job[] = [];
  for (const c of t.cohorts) {
    if (c.index >= span || c.work <= 0 || c.due === null || c.due >= span) continue;
    jobs.push({ release: c.index + 1, due: c.due, work: c.work * t.share });
    if (!t.cyclic && t.share < 1 && lastOpen !== null && lastOpen >= c.index + 1)
      jobs.push({ release: c.index + 1, due: Math.max(c.due, lastOpen), work: c.work * (1 - t.share) });
  }
  const byDue: Job[][] = Array.from({ length: span }, () => []);
  const releases = new Set<number>();
  for (const j of jobs) {
    byDue[j.due]?.push(j);
    releases.add(j.release);
  }

  // Only windows from a release to a due date matter: a wider window has the same demand and more
  // capacity, and staffing its idle edges would be waste.
  const openSeconds = t.open.slice(0, span).map((m) => m * 60);
  const level = new Array<number>(span).fill(0);
  // Cyclic: a window may start at n too, where the previous cycle's last cohort is released.
  for (let a = 0; a < (t.cyclic ? n + 1 : n); a++) {
    if (!releases.has(a)) continue;
    const end = Math.min(a + n, span); // exclusive
    const density: number[] = [];
    let demand = 0;
    let capacity = 0;
    for (let b = a; b < end; b++) {
      const due = byDue[b] ?? [];
      for (const j of due) if (j.release >= a) demand += j.work;
      capacity += openSeconds[b] ?? 0;
      density.push(due.length > 0 && capacity > 0 ? demand / capacity : 0);
    }
    let best = 0;
    for (let b = end - 1; b >= a; b--) {
      best = Math.max(best, density[b - a] ?? 0);
      if (best > (level[b] ?? 0)) level[b] = best;
    }
  }

  // Cyclic: fold the second copy onto the first, and clear the whole workload every cycle.
  const totalWork = t.work.reduce((s, w) => s + w, 0);
  const totalOpen = openSeconds.slice(0, n).reduce((s, o) => s + o, 0);
  const throughput = t.cyclic && totalOpen > 0 ? totalWork / totalOpen : 0;
  const intervals: DeferredInterval[] = [];
  for (let j = 0; j < n; j++) {
    const open = t.open[j] ?? 0;
    const folded = t.cyclic ? Math.max(level[j] ?? 0, level[j + n] ?? 0, throughput) : (level[j] ?? 0);
    intervals.push({
      start: j * input.intervalMinutes,
      openMinutes: open,
      workloadSeconds: t.work[j] ?? 0,
      agents: open > 0 ? folded : 0,
    });
  }
  const extendedDeadlines = t.cohorts
    .filter((c) => c.index < n && c.extended && c.work > 0)
    .map((c) => c.index * input.intervalMinutes);
  return { intervals, extendedDeadlines };
}

/** Last interval index below `n` with open time, or null. */
function lastOpenBefore(open: readonly number[], n: number): number | null {
  for (let j = n - 1; j >= 0; j--) if ((open[j] ?? 0) > 0) return j;
  return null;
}

/**
 * Projects deferrable work against `agents` productive agents per horizon interval (indexed like
 * the horizon's intervals): work is done in open minutes, the required share of each cohort first
 * in arrival order, then the remaining share in arrival order (the policy the requirement assumes,
 * so staffing at {@link deferredRequirement}'s level meets the target). When cyclic, the horizon
 * is simulated three times from empty and the middle cycle reported (one cycle of warm-up carries
 * the backlog in). Throws {@link StaffingInputError} on invalid input.
 */
export function projectDeferred(
  input: DeferredWorkInput,
  agents: readonly number[],
  path = '',
): DeferredProjectionInterval[] {
  const t = buildTimeline(input, path);
  const issues = new IssueList();
  if (agents.length !== t.n) issues.add(`${path ? `${path}.` : ''}agents`, `must have ${t.n} entries`);
  agents.forEach((x, i) => issues.number(`${path ? `${path}.` : ''}agents[${i}]`, x, 0));
  issues.throwIfAny();

  const { n, length, share } = t;
  // Cumulative work released (first share and rest), and cumulative work done, per unrolled interval.
  const doneFirst: number[] = [];
  const doneRest: number[] = [];
  const used: number[] = [];
  const backlog: number[] = [];
  let releasedFirst = 0;
  let releasedRest = 0;
  let cumFirst = 0;
  let cumRest = 0;
  for (let j = 0; j < length; j++) {
    const previous = t.cohorts[j - 1];
    if (previous) {
      releasedFirst += previous.work * share;
      releasedRest += previous.work * (1 - share);
    }
    const capacity = (agents[j % n] ?? 0) * (t.open[j] ?? 0) * 60;
    const first = Math.min(capacity, releasedFirst - cumFirst);
    cumFirst += first;
    const rest = Math.min(capacity - first, releasedRest - cumRest);
    cumRest += rest;
    doneFirst.push(cumFirst);
    doneRest.push(cumRest);
    used.push(capacity > 0 ? (first + rest) / capacity : 0);
    backlog.push(releasedFirst + releasedRest - cumFirst - cumRest);
  }

  const report = t.cyclic ? n : 0;
  const result: DeferredProjectionInterval[] = [];
  let before = 0; // work of earlier cohorts, agent-seconds
  for (const c of t.cohorts) {
    if (c.index >= report && c.index < report + n) {
      let shareWithin: number | null = null;
      const inHorizon = c.due !== null && (t.cyclic || c.due < n);
      if (c.work > 0 && c.due !== null && inHorizon) {
        const first = clamp((doneFirst[c.due] ?? 0) - before * share, 0, c.work * share);
        const rest = clamp((doneRest[c.due] ?? 0) - before * (1 - share), 0, c.work * (1 - share));
        shareWithin = Math.min(1, (first + rest) / c.work);
      }
      result.push({
        start: (c.index - report) * input.intervalMinutes,
        shareWithinDeadline: shareWithin,
        occupancy: used[c.index] ?? 0,
        backlogSeconds: backlog[c.index] ?? 0,
      });
    }
    before += c.work;
  }
  return result;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
