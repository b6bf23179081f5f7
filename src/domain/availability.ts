import { minutesOfDay, subtract } from './time';

/** One weekday of a working pattern, local times. */
export interface PatternDayInput {
  weekday: number;
  start: string;
  end: string;
  breakMinutes: number;
}

/** An absence: whole days, or part of each day by local times. */
export interface AbsenceInput {
  startDate: string;
  endDate: string;
  startTime: string | null;
  endTime: string | null;
}

/** A working day's free windows and what each absence on it took. */
export interface DayWindows<A extends AbsenceInput> {
  /** Disjoint local windows, minutes of the day. */
  windows: { start: number; end: number }[];
  /** Each absence covering the date with the minutes it removed (0 when it fell outside the day). */
  lost: { absence: A; minutes: number }[];
}

/**
 * The windows someone can work on `date` under pattern day `p`: the pattern's span less the break
 * and the absences covering the date (a whole day without times, else the part between them).
 * The break sits at the organisation's lunch time when that falls inside the day, else mid-day.
 * The planner places work in these windows and the reports count them, so both agree.
 */
export function dayWindows<A extends AbsenceInput>(
  p: PatternDayInput,
  date: string,
  absences: readonly A[],
  lunchStartMinute: number,
): DayWindows<A> {
  const start = minutesOfDay(p.start);
  const end = minutesOfDay(p.end);
  const lunch =
    lunchStartMinute > start && lunchStartMinute + p.breakMinutes < end
      ? lunchStartMinute
      : Math.round((start + end - p.breakMinutes) / 2);
  let windows = subtract([{ start, end }], lunch, lunch + p.breakMinutes);
  const lost: { absence: A; minutes: number }[] = [];
  for (const a of absences) {
    if (a.startDate > date || a.endDate < date) continue;
    const before = minutesIn(windows);
    windows =
      a.startTime && a.endTime ? subtract(windows, minutesOfDay(a.startTime), minutesOfDay(a.endTime)) : [];
    lost.push({ absence: a, minutes: before - minutesIn(windows) });
  }
  return { windows, lost };
}

/** Total minutes of disjoint windows. */
export function minutesIn(windows: readonly { start: number; end: number }[]): number {
  return windows.reduce((s, w) => s + w.end - w.start, 0);
}
