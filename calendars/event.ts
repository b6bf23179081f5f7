import { DateTime, IANAZone } from 'luxon';

/** What an event is; feeds and publishers may colour or filter by it. */
export type EventCategory = 'development' | 'p1-responder' | 'review-call' | 'shift';

/** RFC 5545 STATUS values we use (lowercase here, uppercased in iCal). */
export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/**
 * A neutral calendar event: the one shape both the iCal renderer and the Google publisher take.
 *
 * Times are wall-clock times in `timeZone` ('2026-03-29T09:30', seconds optional), never instants,
 * so a 09:30 block stays at 09:30 local across a clock change. `end` is exclusive.
 */
export interface CalendarEvent {
  /**
   * Stable identity across republishes, e.g. `block:<engineerId>:<itemId>:<date>:<n>`. It becomes the
   * iCal UID (`<id>@rota`) and, hashed, the Google event id; it must never contain the plan id.
   */
  id: string;
  title: string;
  /** Local start, `YYYY-MM-DDTHH:mm[:ss]` in `timeZone`. */
  start: string;
  /** Local end (exclusive), `YYYY-MM-DDTHH:mm[:ss]` in `timeZone`. */
  end: string;
  /** IANA zone name, e.g. `Europe/London`. */
  timeZone: string;
  location?: string;
  url?: string;
  description: string;
  category: EventCategory;
  status: EventStatus;
  /** Semantic colour token (e.g. `feature`, `techdebt`, `p1`, `shift`); publishers map it to their palette. */
  colorHint?: string;
  /** Whose feeds the event belongs in; the team feed takes every event. */
  audience?: EventAudience;
}

/** The person (engineer or agent) and/or customer an event concerns. */
export interface EventAudience {
  personId?: string;
  customerId?: string;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** True for an IANA zone name luxon (ICU) knows. */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Parses a local date-time in a zone; throws a RangeError for malformed input or an unknown zone. */
export function zonedDateTime(local: string, timeZone: string): DateTime {
  if (!LOCAL_DATE_TIME.test(local))
    throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown IANA time zone: ${timeZone}`);
  const dt = DateTime.fromISO(local, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`invalid local date-time ${local}: ${dt.invalidExplanation ?? ''}`);
  return dt;
}

/**
 * The span of a local `HH:mm`–`HH:mm` interval on `date`; an end at or before the start means the
 * interval crosses midnight and ends on the next day (a 22:00–06:00 night shift).
 */
export function localSpan(date: string, start: string, end: string): { start: string; end: string } {
  if (!LOCAL_DATE.test(date)) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`);
  if (!LOCAL_TIME.test(start)) throw new RangeError(`not a local time (HH:mm): ${start}`);
  if (!LOCAL_TIME.test(end)) throw new RangeError(`not a local time (HH:mm): ${end}`);
  const endDate = end <= start ? addDays(date, 1) : date;
  return { start: `${date}T${start}`, end: `${endDate}T${end}` };
}

/** Adds whole days to a local date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const dt = DateTime.fromISO(date, { zone: 'UTC' }).plus({ days });
  return dt.toISODate() ?? date;
}

/**
 * Checks the invariants every publisher relies on and throws a RangeError naming the event when one
 * fails: known zone, well-formed local times, end after start, non-empty id and title.
 */
export function assertValidEvent(event: CalendarEvent): void {
  if (!event.id.trim()) throw new RangeError('event id is empty');
  if (/[\r\n]/.test(event.id))
    throw new RangeError(`event id contains a line break: ${JSON.stringify(event.id)}`);
  if (!event.title.trim()) throw new RangeError(`event ${event.id}: title is empty`);
  const start = zonedDateTime(event.start, event.timeZone);
  const end = zonedDateTime(event.end, event.timeZone);
  if (end.toMillis() <= start.toMillis()) throw new RangeError(`event ${event.id}: end is not after start`);
}

/** Orders events by start instant, then id: the order feeds are rendered in. */
export function compareEvents(a: CalendarEvent, b: CalendarEvent): number {
  const byStart =
    zonedDateTime(a.start, a.timeZone).toMillis() - zonedDateTime(b.start, b.timeZone).toMillis();
  if (byStart !== 0) return byStart;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The events for one person's feed (engineer or agent). */
export function eventsForPerson<E extends CalendarEvent>(events: readonly E[], personId: string): E[] {
  return events.filter((event) => event.audience?.personId === personId);
}

/** The events for one customer's feed (its blocks and review calls). */
export function eventsForCustomer<E extends CalendarEvent>(events: readonly E[], customerId: string): E[] {
  return events.filter((event) => event.audience?.customerId === customerId);
}

/**
 * One component of an event id: characters that could break a UID or the `:` separator are
 * percent-encoded, so `block:<a>:<b>` stays unambiguous whatever the caller's ids contain.
 */
export function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._~-]/gu, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'))
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}
