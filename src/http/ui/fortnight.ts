import { DateTime } from 'luxon';
import { DomainValidationError } from '../../domain/errors';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The fortnight start (on the organisation's 14-day grid from `anchor`) containing `date`. */
export function fortnightContaining(anchor: string, date: string): string {
  const a = DateTime.fromISO(anchor, { zone: 'UTC' });
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  const k = Math.floor(d.diff(a, 'days').days / 14);
  return a.plus({ days: 14 * k }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Today's date in the organisation's zone. */
export function today(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/**
 * The fortnight a page shows: `?fortnight=` if given (must be on the grid), else the coming
 * fortnight (reps plan the next one before the review call) or the current one.
 */
export function chosenFortnight(
  anchor: string,
  zone: string,
  now: Date,
  given: string | undefined,
  which: 'current' | 'next',
): string {
  if (given !== undefined && given !== '') {
    if (
      !ISO.test(given) ||
      !DateTime.fromISO(given).isValid ||
      fortnightContaining(anchor, given) !== given
    ) {
      throw new DomainValidationError('not a fortnight start', [
        { path: 'query.fortnight', message: `fortnights start every 14 days from ${anchor}` },
      ]);
    }
    return given;
  }
  const current = fortnightContaining(anchor, today(now, zone));
  return which === 'next' ? addDays(current, 14) : current;
}

/** "Mon 7 Dec" */
export function dayLabel(date: string): string {
  return DateTime.fromISO(date).setLocale('en-GB').toFormat('ccc d LLL');
}

export function isWeekend(date: string): boolean {
  return DateTime.fromISO(date).weekday >= 6;
}
