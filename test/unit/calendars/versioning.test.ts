import {
  contentHash,
  eventsForPerson,
  eventsFromPlan,
  nextVersions,
  renderCalendar,
  type CalendarEvent,
  type VersionedEvent,
} from '../../../calendars';
import { planFixture } from './fixtures';

const day0 = new Date('2026-03-20T12:00:00Z');
const day1 = new Date('2026-03-21T08:00:00Z');

function anaEvents(): CalendarEvent[] {
  return eventsForPerson(eventsFromPlan(planFixture()), 'eng-ana');
}

function render(events: readonly VersionedEvent[], now: Date): string {
  return renderCalendar({ name: 'Ana', refreshMinutes: 60, events, now });
}

function byId(events: readonly VersionedEvent[]): Map<string, VersionedEvent> {
  return new Map(events.map((e) => [e.id, e]));
}

describe('contentHash', () => {
  it('does not depend on key order or versioning fields', () => {
    const [event] = anaEvents();
    if (!event) throw new Error('fixture has events');
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as CalendarEvent;
    expect(contentHash(reordered)).toBe(contentHash(event));
    expect(contentHash({ ...event, sequence: 9, updatedAt: 'x' } as VersionedEvent)).toBe(contentHash(event));
    expect(contentHash({ ...event, start: event.start.replace('09:30', '10:00') })).not.toBe(
      contentHash(event),
    );
  });
});

describe('nextVersions', () => {
  it('first publish: everything created at sequence 0', () => {
    const { events, changes } = nextVersions([], anaEvents(), { now: day0 });
    expect(events).toHaveLength(20);
    expect(events.every((e) => e.sequence === 0 && e.updatedAt === day0.toISOString())).toBe(true);
    expect(changes.created).toHaveLength(20);
  });

  it('republishing unchanged events changes nothing, byte for byte', () => {
    const first = nextVersions([], anaEvents(), { now: day0 });
    const second = nextVersions(first.events, anaEvents(), { now: day1 });
    expect(second.events).toEqual(first.events);
    expect(second.changes.unchanged).toHaveLength(20);
    expect(render(second.events, day1)).toBe(render(first.events, day0));
  });

  it('a republished plan (new plan id, same fortnight) keeps every id', () => {
    const again = { ...planFixture(), planId: 'plan-2026-03-23-v4' };
    expect(eventsFromPlan(again).map((e) => e.id)).toEqual(eventsFromPlan(planFixture()).map((e) => e.id));
  });

  it('moving one block raises exactly that event’s sequence', () => {
    const first = nextVersions([], anaEvents(), { now: day0 });
    const moved = anaEvents().map((e) =>
      e.id === 'block:eng-ana:item-42:2026-03-31:1'
        ? { ...e, start: '2026-03-31T10:00', end: '2026-03-31T13:00' }
        : e,
    );
    const second = nextVersions(first.events, moved, { now: day1 });
    expect(second.changes.updated).toEqual(['block:eng-ana:item-42:2026-03-31:1']);
    const before = byId(first.events);
    for (const event of second.events) {
      const prior = before.get(event.id);
      if (event.id === 'block:eng-ana:item-42:2026-03-31:1') {
        expect(event.sequence).toBe(1);
        expect(event.updatedAt).toBe(day1.toISOString());
      } else {
        expect(event).toEqual(prior);
      }
    }
  });

  it('a changed description or title also bumps the sequence', () => {
    const first = nextVersions([], anaEvents(), { now: day0 });
    const edited = anaEvents().map((e, i) => (i === 0 ? { ...e, description: `${e.description}\nnote` } : e));
    const second = nextVersions(first.events, edited, { now: day1 });
    expect(second.changes.updated).toHaveLength(1);
  });

  it('removing one block cancels exactly that event, then drops it after the retention period', () => {
    const first = nextVersions([], anaEvents(), { now: day0 });
    const removedId = 'block:eng-ana:item-7:2026-04-03:1';
    const fewer = anaEvents().filter((e) => e.id !== removedId);
    const second = nextVersions(first.events, fewer, { now: day1, retentionDays: 14 });
    expect(second.changes.cancelled).toEqual([removedId]);
    const cancelled = byId(second.events).get(removedId);
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1, cancelledAt: day1.toISOString() });
    expect(second.events.filter((e) => e.status === 'cancelled')).toHaveLength(1);

    const withinRetention = nextVersions(second.events, fewer, { now: new Date('2026-04-04T08:00:00Z') });
    expect(byId(withinRetention.events).get(removedId)).toEqual(cancelled);
    expect(withinRetention.changes.purged).toEqual([]);

    const afterRetention = nextVersions(withinRetention.events, fewer, {
      now: new Date('2026-04-04T08:00:01Z'),
    });
    expect(afterRetention.changes.purged).toEqual([removedId]);
    expect(byId(afterRetention.events).has(removedId)).toBe(false);
    expect(afterRetention.events).toHaveLength(19);
  });

  it('re-adding a cancelled event confirms it with sequence+1', () => {
    const first = nextVersions([], anaEvents(), { now: day0 });
    const removedId = 'block:eng-ana:item-7:2026-04-03:1';
    const second = nextVersions(
      first.events,
      anaEvents().filter((e) => e.id !== removedId),
      { now: day1 },
    );
    const third = nextVersions(second.events, anaEvents(), { now: new Date('2026-03-22T08:00:00Z') });
    expect(third.changes.restored).toEqual([removedId]);
    const restored = byId(third.events).get(removedId);
    expect(restored?.status).toBe('confirmed');
    expect(restored?.sequence).toBe(2);
    expect(restored?.cancelledAt).toBeUndefined();
  });

  it('rejects duplicate ids and invalid events', () => {
    const [event] = anaEvents();
    if (!event) throw new Error('fixture has events');
    expect(() => nextVersions([], [event, event], { now: day0 })).toThrow(/duplicate/);
    expect(() => nextVersions([], [{ ...event, end: event.start }], { now: day0 })).toThrow(
      /end is not after start/,
    );
    expect(() => nextVersions([], [{ ...event, timeZone: 'Mars/Olympus' }], { now: day0 })).toThrow(
      /time zone/,
    );
  });
});
