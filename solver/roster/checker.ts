import {
  MINUTES_PER_DAY,
  breakOffsets,
  breakStep,
  clockText,
  coversInterval,
  isAllowed,
  paidMinutes,
  weekendsOf,
} from './problem';
import { intervalUnderPenalty } from './types';
import type {
  BreakPlacement,
  CoverDetail,
  ObjectiveTerm,
  RosterAssignment,
  RosterEvaluation,
  RosterProblem,
  ShiftType,
} from './types';

export interface RosterCheck {
  /** True when every hard rule holds. */
  readonly feasible: boolean;
  /** Each broken hard rule, in words. */
  readonly violations: readonly string[];
  /** The objective recomputed from the roster alone. */
  readonly evaluation: RosterEvaluation;
}

/** Term names, shared with the model so explanations use the same words. */
export const TERM = {
  onRequests: 'shift-on requests',
  offRequests: 'shift-off requests',
  coverUnder: 'cover under',
  coverOver: 'cover over',
  intervalUnder: 'interval cover under',
  intervalOver: 'interval cover over',
  fairEarly: 'fair share of early shifts',
} as const;

/**
 * Re-derives every hard rule of `problem` for a roster and recomputes its objective, without
 * using the MIP model. `breaks` gives break starts (minutes after shift start) and is required
 * for shifts with an unpaid break when the problem has interval cover.
 */
export function checkRoster(
  problem: RosterProblem,
  assignment: RosterAssignment,
  breaks?: BreakPlacement | null,
): RosterCheck {
  const v: string[] = [];
  const D = problem.days;
  const shiftById = new Map(problem.shiftTypes.map((s) => [s.id, s]));
  if (assignment.length !== problem.staff.length)
    v.push(`roster has ${assignment.length} rows for ${problem.staff.length} staff`);
  const needBreaks = (problem.intervalCover?.length ?? 0) > 0;
  const step = breakStep(problem);
  problem.staff.forEach((e, ei) => {
    const row = assignment[ei] ?? [];
    if (row.length !== D) v.push(`${e.id}: roster row has ${row.length} days, expected ${D}`);
    const shiftOn = (d: number): ShiftType | null => {
      const id = row[d];
      return id === null || id === undefined ? null : (shiftById.get(id) ?? null);
    };
    const works = (d: number): boolean => d >= 0 && d < D && shiftOn(d) !== null;
    const perType = new Map<string, number>();
    let total = 0;
    for (let d = 0; d < D; d++) {
      const id = row[d];
      if (id === null || id === undefined) continue;
      const s = shiftById.get(id);
      if (!s) {
        v.push(`${e.id} day ${d}: unknown shift ${id}`);
        continue;
      }
      if (!isAllowed(problem, e, d, s))
        v.push(`${e.id} day ${d}: may not work ${id} (day off, skill or availability)`);
      perType.set(id, (perType.get(id) ?? 0) + 1);
      total += paidMinutes(s);
      const next = shiftOn(d + 1);
      if (next && d + 1 < D) {
        if (s.forbiddenNext?.includes(next.id)) v.push(`${e.id} day ${d}: ${next.id} may not follow ${id}`);
        else if (
          problem.minRestMinutes !== undefined &&
          s.startMinute !== undefined &&
          next.startMinute !== undefined &&
          MINUTES_PER_DAY + next.startMinute - (s.startMinute + s.lengthMinutes) < problem.minRestMinutes
        )
          v.push(`${e.id} day ${d}: less than ${problem.minRestMinutes} min rest before ${next.id}`);
      }
      const b = breaks?.[ei]?.[d] ?? null;
      if (s.unpaidBreak && needBreaks) {
        if (b === null) v.push(`${e.id} day ${d}: no break placed in ${id}`);
        else if (!breakOffsets(s, step).includes(b))
          v.push(`${e.id} day ${d}: break at +${b} min is outside its window`);
      }
    }
    for (const [id, n] of perType) {
      const max = e.maxShiftsPerType?.[id];
      if (max !== undefined && n > max) v.push(`${e.id}: ${n} ${id} shifts, at most ${max}`);
    }
    if (e.totalMinutes?.max !== undefined && total > e.totalMinutes.max)
      v.push(`${e.id}: ${total} min in the horizon, at most ${e.totalMinutes.max}`);
    if (e.totalMinutes?.min !== undefined && total < e.totalMinutes.min)
      v.push(`${e.id}: ${total} min in the horizon, at least ${e.totalMinutes.min}`);
    if (e.contractedMinutesPerWeek) {
      for (let w = 0; w * 7 < D; w++) {
        let m = 0;
        for (let d = 7 * w; d < Math.min(D, 7 * w + 7); d++) {
          const s = shiftOn(d);
          if (s) m += paidMinutes(s);
        }
        const { min, max } = e.contractedMinutesPerWeek;
        if (max !== undefined && m > max) v.push(`${e.id}: week ${w + 1} has ${m} min, at most ${max}`);
        if (min !== undefined && m < min) v.push(`${e.id}: week ${w + 1} has ${m} min, at least ${min}`);
      }
    }
    // Runs of equal working state; the days outside the horizon never shorten a run's check:
    // work runs and off runs touching either end are exempt from the minimum-length rules.
    let d = 0;
    while (d < D) {
      const w = works(d);
      let end = d;
      while (end + 1 < D && works(end + 1) === w) end++;
      const len = end - d + 1;
      const internal = d > 0 && end < D - 1;
      if (w) {
        if (e.maxConsecutiveShifts !== undefined && len > e.maxConsecutiveShifts)
          v.push(`${e.id}: ${len} consecutive working days from day ${d}, at most ${e.maxConsecutiveShifts}`);
        if (internal && e.minConsecutiveShifts !== undefined && len < e.minConsecutiveShifts)
          v.push(
            `${e.id}: ${len} consecutive working days from day ${d}, at least ${e.minConsecutiveShifts}`,
          );
      } else if (internal && e.minConsecutiveDaysOff !== undefined && len < e.minConsecutiveDaysOff)
        v.push(`${e.id}: ${len} consecutive days off from day ${d}, at least ${e.minConsecutiveDaysOff}`);
      d = end + 1;
    }
    if (e.maxWeekends !== undefined) {
      const worked = weekendsOf(problem).filter((days) => days.some(works)).length;
      if (worked > e.maxWeekends) v.push(`${e.id}: ${worked} weekends worked, at most ${e.maxWeekends}`);
    }
  });
  return { feasible: v.length === 0, violations: v, evaluation: evaluateRoster(problem, assignment, breaks) };
}

/** The objective of a roster, term by term, with cover detail. Assumes the roster's shape is right. */
export function evaluateRoster(
  problem: RosterProblem,
  assignment: RosterAssignment,
  breaks?: BreakPlacement | null,
): RosterEvaluation {
  const staffIndex = new Map(problem.staff.map((e, i) => [e.id, i]));
  const at = (staff: string, day: number): string | null => {
    const i = staffIndex.get(staff);
    return i === undefined ? null : (assignment[i]?.[day] ?? null);
  };
  let onPenalty = 0;
  let offPenalty = 0;
  for (const r of problem.requests ?? []) {
    const got = at(r.staff, r.day) === r.shift;
    if (r.kind === 'on' && !got) onPenalty += r.weight;
    if (r.kind === 'off' && got) offPenalty += r.weight;
  }
  const cover: CoverDetail[] = [];
  let under = 0;
  let over = 0;
  let underPenalty = 0;
  let overPenalty = 0;
  for (const c of problem.shiftCover ?? []) {
    let n = 0;
    for (const row of assignment) if (row[c.day] === c.shift) n++;
    const u = Math.max(0, c.requirement - n);
    const o = Math.max(0, n - c.requirement);
    under += u;
    over += o;
    underPenalty += u * c.underWeight;
    overPenalty += o * c.overWeight;
    cover.push({ day: c.day, slot: c.shift, required: c.requirement, rostered: n, under: u, over: o });
  }
  let iUnderPenalty = 0;
  let iOverPenalty = 0;
  const shiftById = new Map(problem.shiftTypes.map((s) => [s.id, s]));
  for (const c of problem.intervalCover ?? []) {
    let n = 0;
    const counted = c.staff ? new Set(c.staff) : null;
    assignment.forEach((row, ei) => {
      if (counted && !counted.has(problem.staff[ei]?.id ?? '')) return;
      for (let d = Math.max(0, c.day - 1); d <= Math.min(problem.days - 1, c.day + 1); d++) {
        const id = row[d];
        const s = id === null || id === undefined ? undefined : shiftById.get(id);
        if (s && coversInterval(s, d, breaks?.[ei]?.[d] ?? null, c.day, c.startMinute, c.lengthMinutes)) n++;
      }
    });
    const u = Math.max(0, c.requirement - n);
    const o = Math.max(0, n - c.requirement);
    if (!counted) {
      under += u;
      over += o;
    }
    iUnderPenalty += intervalUnderPenalty(c, u);
    iOverPenalty += o * c.overWeight;
    cover.push({
      day: c.day,
      slot: clockText(c.startMinute),
      required: c.requirement,
      rostered: n,
      under: u,
      over: o,
      ...(c.label !== undefined ? { label: c.label } : {}),
    });
  }
  let fairPenalty = 0;
  if (problem.fairEarlyShifts) {
    const counts = earlyEligible(problem).map((ei) => {
      let n = 0;
      for (const id of assignment[ei] ?? []) if (id !== null && shiftById.get(id)?.early) n++;
      return n;
    });
    if (counts.length > 0) {
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      fairPenalty = problem.fairEarlyShifts.weight * counts.reduce((a, n) => a + Math.abs(n - mean), 0);
    }
  }
  const firstWeight = (list: readonly { underWeight: number; overWeight: number }[] | undefined) => ({
    under: list?.[0]?.underWeight ?? 0,
    over: list?.[0]?.overWeight ?? 0,
  });
  const sw = firstWeight(problem.shiftCover);
  const iw = firstWeight(problem.intervalCover);
  const terms: ObjectiveTerm[] = [
    { name: TERM.onRequests, weight: 1, value: onPenalty },
    { name: TERM.offRequests, weight: 1, value: offPenalty },
    { name: TERM.coverUnder, weight: sw.under, value: underPenalty },
    { name: TERM.coverOver, weight: sw.over, value: overPenalty },
  ];
  if (problem.intervalCover?.length)
    terms.push(
      { name: TERM.intervalUnder, weight: iw.under, value: iUnderPenalty },
      { name: TERM.intervalOver, weight: iw.over, value: iOverPenalty },
    );
  if (problem.fairEarlyShifts)
    terms.push({ name: TERM.fairEarly, weight: problem.fairEarlyShifts.weight, value: fairPenalty });
  const objective = terms.reduce((a, t) => a + t.value, 0);
  return { objective, terms, underCover: under, overCover: over, cover };
}

/** Staff who may work at least one early shift on at least one day: they share the early shifts. */
export function earlyEligible(problem: RosterProblem): number[] {
  const early = problem.shiftTypes.filter((s) => s.early);
  const out: number[] = [];
  problem.staff.forEach((e, ei) => {
    for (let d = 0; d < problem.days; d++)
      if (early.some((s) => isAllowed(problem, e, d, s))) {
        out.push(ei);
        return;
      }
  });
  return out;
}
