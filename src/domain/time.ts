import { DateTime } from 'luxon';

/**
 * The one place where local dates and times (with IANA zones, DST included) become the
 * solver's integer minutes from the horizon start, and back. The horizon starts at 00:00 of
 * the first date in the organisation's zone.
 */
export interface Horizon {
  /** First local date, YYYY-MM-DD. */
  readonly startDate: string;
  readonly zone: string;
  /** The horizon's start instant, epoch milliseconds. */
  readonly startMs: number;
}

export function horizon(startDate: string, zone: string): Horizon {
  const start = DateTime.fromISO(startDate, { zone }).startOf('day');
  if (!start.isValid) throw new Error(`invalid horizon start ${startDate} in ${zone}`);
  return { startDate, zone, startMs: start.toMillis() };
}

/** Local dates from `startDate`, `count` of them. */
export function dates(startDate: string, count: number): string[] {
  const d = DateTime.fromISO(startDate);
  return Array.from({ length: count }, (_, i) => d.plus({ days: i }).toISODate()!);
}

export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Minutes from the horizon start of local `date` at `time` in `zone`. A local time skipped by a
 * spring-forward change maps to the first valid instant after it.
 */
export function toMinutes(h: Horizon, date: string, time: string, zone: string): number {
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  return Math.round((local.toMillis() - h.startMs) / 60000);
}

/** The instant `minutes` after the horizon start. */
export function instantOf(h: Horizon, minutes: number): Date {
  return new Date(h.startMs + minutes * 60000);
}

/** Local date and HH:mm in `zone` of the instant `minutes` after the horizon start. */
export function localOf(h: Horizon, minutes: number, zone: string): { date: string; time: string } {
  const dt = DateTime.fromMillis(h.startMs + minutes * 60000, { zone });
  return { date: dt.toISODate()!, time: dt.toFormat('HH:mm') };
}

/** ISO weekday (1 = Monday) of a local date. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date).weekday;
}

/** Subtracts `[cutStart, cutEnd)` from a list of disjoint intervals. */
export function subtract(
  intervals: { start: number; end: number }[],
  cutStart: number,
  cutEnd: number,
): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const iv of intervals) {
    if (cutEnd <= iv.start || cutStart >= iv.end) out.push(iv);
    else {
      if (cutStart > iv.start) out.push({ start: iv.start, end: cutStart });
      if (cutEnd < iv.end) out.push({ start: cutEnd, end: iv.end });
    }
  }
  return out;
}
