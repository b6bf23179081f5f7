import type { RosterProblem, ShiftType, Staff } from './types';

/** Minutes in a day: day `d` starts at minute `MINUTES_PER_DAY·d` of the horizon. */
export const MINUTES_PER_DAY = 1440;

/** Weekday of day `d` (0 = Monday … 6 = Sunday). */
export function weekdayOf(problem: RosterProblem, day: number): number {
  return ((((problem.firstWeekday ?? 0) + day) % 7) + 7) % 7;
}

/**
 * The weekends of the horizon as lists of days: each Saturday with the following Sunday (when
 * inside the horizon), and a Sunday on day 0 alone.
 */
export function weekendsOf(problem: RosterProblem): number[][] {
  const weekends: number[][] = [];
  for (let d = 0; d < problem.days; d++) {
    const wd = weekdayOf(problem, d);
    if (wd === 5) weekends.push(d + 1 < problem.days ? [d, d + 1] : [d]);
    else if (wd === 6 && d === 0) weekends.push([d]);
  }
  return weekends;
}

/** The other day of each day's weekend: −1 on weekdays and for a weekend cut to one day. */
export function weekendPartners(problem: RosterProblem): Int32Array {
  const partner = new Int32Array(problem.days).fill(-1);
  for (const days of weekendsOf(problem))
    if (days.length === 2) {
      partner[days[0]!] = days[1]!;
      partner[days[1]!] = days[0]!;
    }
  return partner;
}

/** Paid minutes of one shift: its length minus its unpaid break. */
export function paidMinutes(shift: ShiftType): number {
  return shift.lengthMinutes - (shift.unpaidBreak?.lengthMinutes ?? 0);
}

/** Whether `staff` may work `shift` on `day` at all (days off, skills, availability, template days). */
export function isAllowed(problem: RosterProblem, staff: Staff, day: number, shift: ShiftType): boolean {
  if (staff.maxShiftsPerType && (staff.maxShiftsPerType[shift.id] ?? Infinity) <= 0) return false;
  if (staff.allowedShiftTypes && !staff.allowedShiftTypes.includes(shift.id)) return false;
  if (staff.daysOff?.includes(day)) return false;
  const wd = weekdayOf(problem, day);
  if (staff.availableWeekdays && !staff.availableWeekdays.includes(wd)) return false;
  if (shift.weekdays && !shift.weekdays.includes(wd)) return false;
  return true;
}

/**
 * Pairs (a, b) of shift indices where `b` must not follow `a` on the next day: the explicit
 * forbidden successions and, when `minRestMinutes` is set, every pair leaving less rest than that.
 * Returned as `forbidden[a]` = sorted list of b.
 */
export function forbiddenSuccessors(problem: RosterProblem): number[][] {
  const index = new Map(problem.shiftTypes.map((s, i) => [s.id, i]));
  return problem.shiftTypes.map((a) => {
    const out = new Set<number>();
    for (const id of a.forbiddenNext ?? []) {
      const j = index.get(id);
      if (j !== undefined) out.add(j);
    }
    for (const j of restViolations(problem, a)) out.add(j);
    return [...out].sort((p, q) => p - q);
  });
}

/** Indices of shifts that would leave less than `minRestMinutes` of rest after `a` (next day). */
export function restViolations(problem: RosterProblem, a: ShiftType): number[] {
  const minRest = problem.minRestMinutes;
  if (minRest === undefined || a.startMinute === undefined) return [];
  const end = a.startMinute + a.lengthMinutes;
  const out: number[] = [];
  problem.shiftTypes.forEach((b, j) => {
    if (b.startMinute !== undefined && MINUTES_PER_DAY + b.startMinute - end < minRest) out.push(j);
  });
  return out;
}

/** Allowed break start offsets (minutes after shift start) of a shift, in `step`-minute steps. */
export function breakOffsets(shift: ShiftType, step: number): number[] {
  const br = shift.unpaidBreak;
  if (!br) return [];
  const out: number[] = [];
  const first = Math.ceil(br.earliestStartOffset / step) * step;
  for (let o = first; o <= br.latestStartOffset; o += step) out.push(o);
  return out;
}

/** Grid step for break starts: the shortest cover interval, else 15 minutes. */
export function breakStep(problem: RosterProblem): number {
  let step = Infinity;
  for (const c of problem.intervalCover ?? []) step = Math.min(step, c.lengthMinutes);
  return Number.isFinite(step) ? step : 15;
}

/**
 * Whether a shift started on `shiftDay` is at work for the whole interval, given its break offset
 * (null = no break). Intervals and shifts are compared in absolute horizon minutes.
 */
export function coversInterval(
  shift: ShiftType,
  shiftDay: number,
  breakOffset: number | null,
  intervalDay: number,
  intervalStart: number,
  intervalLength: number,
): boolean {
  if (shift.startMinute === undefined) return false;
  const s = shiftDay * MINUTES_PER_DAY + shift.startMinute;
  const a = intervalDay * MINUTES_PER_DAY + intervalStart;
  if (a < s || a + intervalLength > s + shift.lengthMinutes) return false;
  if (breakOffset === null || !shift.unpaidBreak) return true;
  const b = s + breakOffset;
  const e = b + shift.unpaidBreak.lengthMinutes;
  return e <= a || b >= a + intervalLength;
}

/** `HH:MM` of a minute of the day (minutes ≥ 1440 wrap). */
export function clockText(minute: number): string {
  const m = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Checks the problem's own consistency (ids, ranges, references). Returns the problems in
 * words; an empty list means the problem can be modelled.
 */
export function validateProblem(problem: RosterProblem): string[] {
  const errors: string[] = [];
  if (!Number.isInteger(problem.days) || problem.days < 1) errors.push('days must be a positive integer');
  const shiftIds = new Set<string>();
  for (const s of problem.shiftTypes) {
    if (shiftIds.has(s.id)) errors.push(`duplicate shift type ${s.id}`);
    shiftIds.add(s.id);
    if (!(s.lengthMinutes > 0)) errors.push(`shift ${s.id}: length must be positive`);
    for (const f of s.forbiddenNext ?? [])
      if (!problem.shiftTypes.some((t) => t.id === f)) errors.push(`shift ${s.id}: unknown successor ${f}`);
    if (s.unpaidBreak) {
      const br = s.unpaidBreak;
      if (s.startMinute === undefined) errors.push(`shift ${s.id}: a break needs a start time`);
      if (breakOffsets(s, breakStep(problem)).length === 0)
        errors.push(`shift ${s.id}: no break start fits the break window`);
      if (br.latestStartOffset + br.lengthMinutes > s.lengthMinutes)
        errors.push(`shift ${s.id}: break window runs past the shift end`);
    }
  }
  const needTimes = problem.minRestMinutes !== undefined || (problem.intervalCover?.length ?? 0) > 0;
  if (needTimes)
    for (const s of problem.shiftTypes)
      if (s.startMinute === undefined)
        errors.push(`shift ${s.id}: start time needed for rest and interval cover`);
  const staffIds = new Set<string>();
  for (const e of problem.staff) {
    if (staffIds.has(e.id)) errors.push(`duplicate staff ${e.id}`);
    staffIds.add(e.id);
    if (e.contractedMinutesPerWeek && problem.days % 7 !== 0)
      errors.push(`staff ${e.id}: contracted hours per week need a horizon of whole weeks`);
    for (const id of Object.keys(e.maxShiftsPerType ?? {}))
      if (!shiftIds.has(id)) errors.push(`staff ${e.id}: unknown shift type ${id}`);
    for (const id of e.allowedShiftTypes ?? [])
      if (!shiftIds.has(id)) errors.push(`staff ${e.id}: unknown shift type ${id}`);
  }
  for (const r of problem.requests ?? []) {
    if (!staffIds.has(r.staff)) errors.push(`request for unknown staff ${r.staff}`);
    if (!shiftIds.has(r.shift)) errors.push(`request for unknown shift ${r.shift}`);
    if (!(r.day >= 0 && r.day < problem.days)) errors.push(`request for ${r.staff} outside the horizon`);
  }
  for (const c of problem.shiftCover ?? []) {
    if (!shiftIds.has(c.shift)) errors.push(`cover for unknown shift ${c.shift}`);
    if (!(c.day >= 0 && c.day < problem.days)) errors.push(`cover outside the horizon (day ${c.day})`);
  }
  for (const c of problem.intervalCover ?? []) {
    if (!(c.lengthMinutes > 0)) errors.push(`interval cover on day ${c.day}: length must be positive`);
    for (const id of c.staff ?? [])
      if (!staffIds.has(id)) errors.push(`interval cover on day ${c.day} counts unknown staff ${id}`);
  }
  return errors;
}
