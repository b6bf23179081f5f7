import { DateTime } from 'luxon';
import {
  eventsForCustomer,
  eventsForPerson,
  eventsFromPlan,
  eventsFromRoster,
  localSpan,
} from '../../../calendars';
import { planFixture, rosterFixture } from './fixtures';

describe('eventsFromPlan', () => {
  const events = eventsFromPlan(planFixture());

  it('makes one event per block, P1 day and review call', () => {
    expect(events.filter((e) => e.category === 'development')).toHaveLength(20);
    expect(events.filter((e) => e.category === 'p1-responder')).toHaveLength(2);
    expect(events.filter((e) => e.category === 'review-call')).toHaveLength(1);
  });

  it('derives ids from engineer, item, date and ordinal, never the plan id', () => {
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('block:eng-ana:item-42:2026-03-23:1');
    expect(ids).toContain('p1:eng-ben:2026-03-30');
    expect(ids).toContain('review:cust-globex:2026-04-02:1');
    expect(ids.some((id) => id.includes('plan-'))).toBe(false);
  });

  it('numbers two blocks of one item on one day by start time, whatever the input order', () => {
    const plan = planFixture();
    const [first] = plan.blocks;
    if (!first) throw new Error('fixture has blocks');
    const late = { ...first, localStart: '15:00', localEnd: '16:00' };
    const ids = (blocks: typeof plan.blocks) =>
      eventsFromPlan({ ...plan, blocks, p1Rota: [], reviewCalls: [] }).map((e) => `${e.id} ${e.start}`);
    expect(ids([first, late])).toEqual([
      'block:eng-ana:item-42:2026-03-23:1 2026-03-23T09:30',
      'block:eng-ana:item-42:2026-03-23:2 2026-03-23T15:00',
    ]);
    expect(ids([late, first]).sort()).toEqual(ids([first, late]).sort());
  });

  it('uses the caller’s key when given, escaping separators', () => {
    const plan = planFixture();
    const [first] = plan.blocks;
    if (!first) throw new Error('fixture has blocks');
    const [event] = eventsFromPlan({
      ...plan,
      blocks: [{ ...first, key: 'chunk 42:1' }],
      p1Rota: [],
      reviewCalls: [],
    });
    expect(event?.id).toBe('block:chunk%2042%3A1');
  });

  it('describes what, for whom, why here, and links back to the plan', () => {
    const block = events.find((e) => e.id === 'block:eng-ana:item-42:2026-03-23:1');
    expect(block?.title).toBe('Acme: Migrate billing to Postgres 16');
    expect(block?.description).toContain('Development block: feature for Acme.');
    expect(block?.description).toContain(
      'Item: Migrate billing to Postgres 16 (Feature, rank 2 for Acme, due 2026-04-02).',
    );
    expect(block?.description).toContain(
      'Why here:\n- rank 2 for Acme\n- due 2026-04-02\n- Ben and Cai lack the postgres skill',
    );
    expect(block?.description).toContain('https://rota.example.com/plans/2026-03-23');
    expect(block?.url).toBe('https://rota.example.com/plans/2026-03-23');
    const review = events.find((e) => e.category === 'review-call');
    expect(review?.description).toContain('Join: https://meet.example.com/globex-review');
    expect(review?.timeZone).toBe('America/New_York');
    expect(events.find((e) => e.category === 'p1-responder')?.description).toContain('Only P1 incidents');
  });

  it('keeps 09:30 local on both sides of the London clock change', () => {
    const instant = (id: string) => {
      const e = events.find((x) => x.id === id);
      if (!e) throw new Error(id);
      return DateTime.fromISO(e.start, { zone: e.timeZone }).toUTC().toISO();
    };
    expect(instant('block:eng-ana:item-42:2026-03-27:1')).toBe('2026-03-27T09:30:00.000Z');
    expect(instant('block:eng-ana:item-42:2026-03-30:1')).toBe('2026-03-30T08:30:00.000Z');
  });

  it('filters per person and per customer', () => {
    expect(eventsForPerson(events, 'eng-ana')).toHaveLength(20);
    expect(eventsForPerson(events, 'eng-ben')).toHaveLength(2);
    expect(eventsForCustomer(events, 'cust-globex')).toHaveLength(11);
  });

  it('prefixes names in titles for team feeds', () => {
    const team = eventsFromPlan(planFixture(), { namesInTitles: true });
    expect(team.find((e) => e.category === 'p1-responder')?.title).toBe('Ben Okafor · P1 responder');
  });
});

describe('eventsFromRoster', () => {
  const events = eventsFromRoster(rosterFixture());

  it('makes one event per shift with ids independent of roster id and template', () => {
    expect(events).toHaveLength(6);
    expect(events.map((e) => e.id)).toContain('shift:agent-priya:2026-03-27:1');
    const changed = rosterFixture();
    const [first] = changed.shifts;
    if (!first) throw new Error('fixture has shifts');
    first.template = { name: 'Late', start: '14:00', end: '22:00' };
    expect(eventsFromRoster({ ...changed, rosterId: 'other' })[0]?.id).toBe(events[0]?.id);
  });

  it('ends a night shift on the next day', () => {
    const night = events.find((e) => e.id === 'shift:agent-priya:2026-03-29:1');
    expect(night).toMatchObject({
      start: '2026-03-29T22:00',
      end: '2026-03-30T06:00',
      timeZone: 'Asia/Kolkata',
    });
    expect(night?.description).toContain('(ends the next day)');
    expect(night?.description).toContain('Breaks: 02:00–02:30.');
    expect(night?.description).toContain('Roster: https://rota.example.com/my-shifts');
  });

  it('rejects malformed times', () => {
    expect(() => localSpan('2026-03-29', '9:30', '17:30')).toThrow(RangeError);
    expect(() => localSpan('29/03/2026', '09:30', '17:30')).toThrow(RangeError);
  });
});
