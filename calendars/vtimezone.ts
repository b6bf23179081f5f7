import { DateTime } from 'luxon';
import { isValidTimeZone } from './event';

/** One UTC-offset change of a zone. */
export interface ZoneTransition {
  /** The instant the new offset starts (ms since the epoch). */
  at: number;
  /** Offsets in minutes east of UTC. */
  offsetFrom: number;
  offsetTo: number;
}

const HOUR = 60 * 60 * 1000;
const STEP = 6 * HOUR;

function offsetAt(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

/**
 * Every offset change of `zone` in [from, to), found from the IANA data luxon reads through ICU:
 * sampled every 6 hours (no zone changes offset twice that fast), each change then pinned to the
 * minute by bisection.
 */
export function zoneTransitions(zone: string, from: number, to: number): ZoneTransition[] {
  const transitions: ZoneTransition[] = [];
  let t = from;
  let offset = offsetAt(zone, t);
  while (t < to) {
    const next = Math.min(t + STEP, to);
    const nextOffset = offsetAt(zone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60 * 1000) {
        const mid = lo + Math.floor((hi - lo) / 2 / 60000) * 60000;
        if (mid <= lo) break;
        if (offsetAt(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      transitions.push({ at: hi, offsetFrom: offset, offsetTo: nextOffset });
    }
    t = next;
    offset = nextOffset;
  }
  return transitions;
}

/** `+0530`, `-0400`: an RFC 5545 UTC-OFFSET from minutes east of UTC. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The zone's abbreviation at an instant (GMT, BST, EST, IST), or the numeric offset when ICU only
 * knows a "GMT+5:30"-style name in the locales we try.
 */
function abbreviation(zone: string, ms: number): string {
  for (const locale of ['en-US', 'en-GB', 'en-IN']) {
    const name = DateTime.fromMillis(ms, { zone }).setLocale(locale).offsetNameShort;
    if (name && (name === 'GMT' || name === 'UTC' || !/^(GMT|UTC)[+-]/.test(name))) return name;
  }
  return formatUtcOffset(offsetAt(zone, ms));
}

function localStamp(ms: number, offsetMinutes: number): string {
  return DateTime.fromMillis(ms + offsetMinutes * 60 * 1000, { zone: 'UTC' }).toFormat("yyyyLLdd'T'HHmmss");
}

/** Years (inclusive) a VTIMEZONE must cover. */
export interface YearRange {
  from: number;
  to: number;
}

/**
 * A VTIMEZONE for an IANA zone, exact for the years in `years` (inclusive): one observance in force
 * at 1 January of the first year, then one STANDARD or DAYLIGHT observance per offset change, each
 * with its onset as local time in the offset before the change (RFC 5545 §3.6.5). Explicit
 * observances rather than RRULEs, so the text follows the tz database exactly, including rule
 * changes between years. Lines end in CRLF; unfolded (all lines are short).
 */
export function buildVTimezone(zone: string, years: YearRange): string {
  if (!isValidTimeZone(zone)) throw new RangeError(`unknown IANA time zone: ${zone}`);
  const start = DateTime.fromObject({ year: years.from, month: 1, day: 1 }, { zone }).toMillis();
  const end = DateTime.fromObject({ year: years.to + 1, month: 1, day: 1 }, { zone }).toMillis();
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  const initial = offsetAt(zone, start);
  lines.push(...observance(zone, start, initial, initial));
  for (const change of zoneTransitions(zone, start, end)) {
    lines.push(...observance(zone, change.at, change.offsetFrom, change.offsetTo));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n') + '\r\n';
}

function observance(zone: string, at: number, offsetFrom: number, offsetTo: number): string[] {
  const dst = DateTime.fromMillis(at, { zone }).isInDST;
  const kind = dst ? 'DAYLIGHT' : 'STANDARD';
  return [
    `BEGIN:${kind}`,
    `DTSTART:${localStamp(at, offsetFrom)}`,
    `TZOFFSETFROM:${formatUtcOffset(offsetFrom)}`,
    `TZOFFSETTO:${formatUtcOffset(offsetTo)}`,
    `TZNAME:${abbreviation(zone, at)}`,
    `END:${kind}`,
  ];
}
