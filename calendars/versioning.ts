import { assertValidEvent, type CalendarEvent } from './event';
import { canonicalJson, sha256Hex } from './hash';

/**
 * An event as last published in one feed: its content plus the versioning state calendar clients
 * use to apply changes (RFC 5545 SEQUENCE, DTSTAMP/LAST-MODIFIED). The caller stores the whole list
 * per feed (JSON) and passes it back on the next publish.
 */
export interface VersionedEvent extends CalendarEvent {
  /** Content hash of the CalendarEvent fields (see {@link contentHash}). */
  hash: string;
  /** RFC 5545 SEQUENCE: 0 when first published, +1 on every content change, cancel or re-add. */
  sequence: number;
  /** Instant (ISO, UTC) this version was made; rendered as DTSTAMP and LAST-MODIFIED. */
  updatedAt: string;
  /** Instant (ISO, UTC) the event left the plan; set while it is kept as CANCELLED. */
  cancelledAt?: string;
}

/** What changed between two publishes, by event id (each list sorted). */
export interface VersionChanges {
  created: string[];
  updated: string[];
  cancelled: string[];
  restored: string[];
  unchanged: string[];
  /** Cancelled longer than the retention period: dropped from the feed. */
  purged: string[];
}

/** Options for {@link nextVersions}. */
export interface VersioningOptions {
  now: Date;
  /** How long a removed event stays in the feed as CANCELLED before it is dropped. Default 14. */
  retentionDays?: number;
}

/** Default retention for cancelled events, in days. */
export const DEFAULT_RETENTION_DAYS = 14;

const CONTENT_KEYS: readonly (keyof CalendarEvent)[] = [
  'id',
  'title',
  'start',
  'end',
  'timeZone',
  'location',
  'url',
  'description',
  'category',
  'status',
  'colorHint',
  'audience',
];

/** Just the CalendarEvent fields of a (possibly versioned) event. */
export function eventContent(event: CalendarEvent): CalendarEvent {
  const out: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) if (event[key] !== undefined) out[key] = event[key];
  return out as unknown as CalendarEvent;
}

/** Deterministic SHA-256 (hex) of an event's content: key order and versioning fields do not matter. */
export function contentHash(event: CalendarEvent): string {
  return sha256Hex(canonicalJson(eventContent(event)));
}

/**
 * The next versioned set for a feed, from what was published before and the events wanted now:
 * - unchanged content keeps its sequence and timestamp (so unchanged input renders byte-identical);
 * - changed content (time, title, description, …) gets sequence+1;
 * - an event no longer wanted is kept with status cancelled, sequence+1 and `cancelledAt = now`,
 *   and dropped once it has been cancelled for longer than `retentionDays`;
 * - an event wanted again after a cancel is confirmed again with sequence+1.
 * Throws a RangeError on duplicate ids or invalid events. Output is sorted by id.
 */
export function nextVersions(
  previous: readonly VersionedEvent[],
  current: readonly CalendarEvent[],
  options: VersioningOptions,
): { events: VersionedEvent[]; changes: VersionChanges } {
  const now = options.now.toISOString();
  const retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 24 * 60 * 60 * 1000;
  const before = new Map<string, VersionedEvent>();
  for (const event of previous) before.set(event.id, event);
  const changes: VersionChanges = {
    created: [],
    updated: [],
    cancelled: [],
    restored: [],
    unchanged: [],
    purged: [],
  };
  const out: VersionedEvent[] = [];
  const seen = new Set<string>();

  for (const event of current) {
    if (seen.has(event.id)) throw new RangeError(`duplicate event id: ${event.id}`);
    seen.add(event.id);
    assertValidEvent(event);
    const content = eventContent(event);
    const hash = contentHash(content);
    const prior = before.get(event.id);
    const cancelledNow = content.status === 'cancelled';
    if (!prior) {
      out.push(versioned(content, hash, 0, now, cancelledNow ? now : undefined));
      changes.created.push(event.id);
    } else if (prior.cancelledAt !== undefined && !cancelledNow) {
      out.push(versioned(content, hash, prior.sequence + 1, now, undefined));
      changes.restored.push(event.id);
    } else if (prior.hash === hash) {
      out.push(prior);
      changes.unchanged.push(event.id);
    } else {
      const cancelledAt = cancelledNow ? (prior.cancelledAt ?? now) : undefined;
      out.push(versioned(content, hash, prior.sequence + 1, now, cancelledAt));
      (cancelledNow && prior.cancelledAt === undefined ? changes.cancelled : changes.updated).push(event.id);
    }
  }

  for (const prior of previous) {
    if (seen.has(prior.id)) continue;
    if (prior.cancelledAt !== undefined) {
      if (options.now.getTime() - Date.parse(prior.cancelledAt) > retentionMs) changes.purged.push(prior.id);
      else {
        out.push(prior);
        changes.unchanged.push(prior.id);
      }
      continue;
    }
    const content: CalendarEvent = { ...eventContent(prior), status: 'cancelled' };
    out.push(versioned(content, contentHash(content), prior.sequence + 1, now, now));
    changes.cancelled.push(prior.id);
  }

  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const list of Object.values(changes) as string[][]) list.sort();
  return { events: out, changes };
}

function versioned(
  content: CalendarEvent,
  hash: string,
  sequence: number,
  updatedAt: string,
  cancelledAt: string | undefined,
): VersionedEvent {
  const event: VersionedEvent = { ...content, hash, sequence, updatedAt };
  if (cancelledAt !== undefined) event.cancelledAt = cancelledAt;
  return event;
}
