import ical, { escape, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { compareEvents, zonedDateTime } from './event';
import type { VersionedEvent } from './versioning';
import { buildVTimezone } from './vtimezone';

/** What {@link renderCalendar} needs for one feed. */
export interface RenderCalendarInput {
  /** X-WR-CALNAME, e.g. 'Rota: Ana Silva'. */
  name: string;
  /** X-WR-CALDESC. */
  description?: string;
  /** X-APPLE-CALENDAR-COLOR, `#RRGGBB`. */
  color?: string;
  /** How often clients should refetch: REFRESH-INTERVAL and X-PUBLISHED-TTL. */
  refreshMinutes: number;
  /** The feed's events as versioned by `nextVersions` (cancelled ones included). */
  events: readonly VersionedEvent[];
  /** Render time; only used as DTSTAMP for events without an `updatedAt`. */
  now: Date;
  /** PRODID; default `-//Rota//Rota calendars//EN`. */
  prodId?: { company: string; product: string; language?: string };
}

/** Domain appended to event ids to make the iCal UID. */
export const UID_DOMAIN = 'rota';

/** The iCal UID of an event id: `<id>@rota`. */
export function icalUid(eventId: string): string {
  return `${eventId}@${UID_DOMAIN}`;
}

const STATUS: Record<VersionedEvent['status'], ICalEventStatus> = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/**
 * Renders a feed as RFC 5545 text (CRLF line ends, lines folded at 75 octets) with ical-generator:
 * UID `<id>@rota`, SEQUENCE, DTSTAMP/LAST-MODIFIED = the version's `updatedAt`, STATUS, DTSTART and
 * DTEND with TZID, and a VTIMEZONE (from the IANA data, see `buildVTimezone`) for every zone used,
 * exact for the years the events cover. Events are ordered by start instant then id, so the same
 * versioned input always gives the same bytes (a stable ETag).
 */
export function renderCalendar(input: RenderCalendarInput): string {
  if (!Number.isInteger(input.refreshMinutes) || input.refreshMinutes <= 0) {
    throw new RangeError(`refreshMinutes must be a positive integer, got ${input.refreshMinutes}`);
  }
  if (input.color !== undefined && !/^#[0-9A-Fa-f]{6}$/.test(input.color)) {
    throw new RangeError(`color must be #RRGGBB, got ${input.color}`);
  }
  const events = [...input.events].sort(compareEvents);
  const years = coveredYears(events, input.now);
  const calendar = ical({
    prodId: input.prodId ?? { company: 'Rota', product: 'Rota calendars', language: 'EN' },
    // name null: DTSTAMP/LAST-MODIFIED stay in UTC; each event carries its own TZID.
    timezone: { name: null, generator: (zone) => buildVTimezone(zone, years) },
    name: escape(input.name, false),
    ttl: input.refreshMinutes * 60,
  });
  if (input.description !== undefined) calendar.description(escape(input.description, false));
  if (input.color !== undefined) calendar.color(input.color.toUpperCase());

  const fallbackStamp = DateTime.fromJSDate(input.now, { zone: 'UTC' });
  for (const event of events) {
    const stamp = event.updatedAt ? DateTime.fromISO(event.updatedAt, { zone: 'UTC' }) : fallbackStamp;
    const ev = calendar.createEvent({
      id: icalUid(event.id),
      sequence: event.sequence,
      stamp,
      lastModified: stamp,
      start: zonedDateTime(event.start, event.timeZone),
      end: zonedDateTime(event.end, event.timeZone),
      timezone: event.timeZone,
      summary: event.title,
      description: event.description,
      status: STATUS[event.status],
      categories: [{ name: event.category.toUpperCase() }],
    });
    if (event.location) ev.location(event.location);
    if (event.url) ev.url(event.url);
  }
  return calendar.toString() + '\r\n';
}

/** First and last year any event touches (or the render year when there are none). */
function coveredYears(events: readonly VersionedEvent[], now: Date): { from: number; to: number } {
  if (events.length === 0) {
    const year = now.getUTCFullYear();
    return { from: year, to: year };
  }
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    for (const local of [event.start, event.end]) {
      const year = Number(local.slice(0, 4));
      from = Math.min(from, year);
      to = Math.max(to, year);
    }
  }
  return { from, to };
}
