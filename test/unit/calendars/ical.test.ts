import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import * as nodeIcal from 'node-ical';
import {
  eventsForCustomer,
  eventsForPerson,
  eventsFromPlan,
  eventsFromRoster,
  nextVersions,
  renderCalendar,
  type CalendarEvent,
  type VersionedEvent,
} from '../../../calendars';
import { offsetFromObservances, parseVTimezone, unfold, vtimezones } from './ics-reader';
import { agentWeekFixture, planFixture, rosterFixture } from './fixtures';

const GOLDEN_DIR = join(__dirname, '../../../fixtures/ics');
const v1At = new Date('2026-03-20T12:00:00Z');
const v2At = new Date('2026-03-21T08:00:00Z');
const MOVED = 'block:eng-ana:item-42:2026-03-31:1';
const REMOVED = 'block:eng-ana:item-7:2026-04-03:1';

/** Ana's feed after two publishes: one block moved to 10:00, one removed (kept as CANCELLED). */
function anaFeed(): VersionedEvent[] {
  const first = nextVersions([], eventsForPerson(eventsFromPlan(planFixture()), 'eng-ana'), { now: v1At });
  const changed = eventsForPerson(eventsFromPlan(planFixture()), 'eng-ana')
    .filter((e) => e.id !== REMOVED)
    .map((e) => (e.id === MOVED ? { ...e, start: '2026-03-31T10:00', end: '2026-03-31T13:00' } : e));
  return nextVersions(first.events, changed, { now: v2At }).events;
}

function renderAna(): string {
  return renderCalendar({
    name: 'Rota: Ana Silva',
    description: 'Development blocks, P1 days and review calls from Rota',
    color: '#1a73e8',
    refreshMinutes: 60,
    events: anaFeed(),
    now: v2At,
  });
}

function renderGlobex(): string {
  const events = eventsForCustomer(eventsFromPlan(planFixture(), { namesInTitles: true }), 'cust-globex');
  return renderCalendar({
    name: 'Rota: Globex, Inc.',
    refreshMinutes: 240,
    events: nextVersions([], events, { now: v1At }).events,
    now: v1At,
  });
}

function renderRosterTeam(): string {
  const events = eventsFromRoster(rosterFixture(), { namesInTitles: true });
  return renderCalendar({
    name: 'Rota: support team shifts',
    color: '#0B8043',
    refreshMinutes: 30,
    events: nextVersions([], events, { now: v1At }).events,
    now: v1At,
  });
}

const SAM_MOVED = 'shift:agent-sam:2026-10-20:1';
const SAM_REMOVED = 'shift:agent-sam:2026-10-19:1';
const SAM_NIGHT = 'shift:agent-sam:2026-10-24:1';
const samV1At = new Date('2026-10-16T12:00:00Z');
const samV2At = new Date('2026-10-17T08:00:00Z');

/**
 * Sam's own feed after two publishes of week 43: Tuesday's early became a late (same UID,
 * SEQUENCE 1), Monday's shift was taken off (CANCELLED, SEQUENCE 1), the night over the clock
 * change stayed as it was.
 */
function renderSamWeek(): string {
  const first = nextVersions([], eventsForPerson(eventsFromRoster(agentWeekFixture()), 'agent-sam'), {
    now: samV1At,
  });
  const changed = agentWeekFixture();
  changed.shifts = changed.shifts
    .filter((s) => s.date !== '2026-10-19')
    .map((s) =>
      s.date === '2026-10-20'
        ? {
            ...s,
            template: { name: 'Late', start: '13:00', end: '21:00' },
            breaks: [{ start: '17:00', end: '17:30' }],
          }
        : s,
    );
  const second = nextVersions(first.events, eventsForPerson(eventsFromRoster(changed), 'agent-sam'), {
    now: samV2At,
  });
  return renderCalendar({
    name: 'Rota: Sam Reid',
    description: 'Shifts from Rota',
    refreshMinutes: 60,
    events: second.events,
    now: samV2At,
  });
}

/** Compares with fixtures/ics/<name> after normalising line endings; UPDATE_GOLDEN=1 rewrites it. */
function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
  if (!existsSync(path)) throw new Error(`golden file missing: ${path} (run with UPDATE_GOLDEN=1 once)`);
  const golden = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  expect(text.replace(/\r\n/g, '\n')).toBe(golden);
}

describe('renderCalendar: golden files', () => {
  it('engineer feed across the London clock change', () =>
    expectGolden('engineer-ana-2026-03-23.ics', renderAna()));
  it('customer feed with a New York review call', () =>
    expectGolden('customer-globex-2026-03-23.ics', renderGlobex()));
  it('team roster feed with Kolkata night shifts', () =>
    expectGolden('team-roster-2026-w13.ics', renderRosterTeam()));
  it('agent feed over the London fall-back change, with a changed and a cancelled shift', () =>
    expectGolden('agent-sam-2026-w43.ics', renderSamWeek()));

  it('is independent of the process time zone', () => {
    const before = process.env.TZ;
    const texts: string[] = [];
    try {
      for (const tz of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata']) {
        process.env.TZ = tz;
        texts.push(renderAna() + renderRosterTeam() + renderSamWeek());
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(new Set(texts).size).toBe(1);
  });
});

describe('renderCalendar: RFC 5545 properties', () => {
  const text = renderAna();
  const lines = unfold(text);

  it('has the feed properties', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        'X-WR-CALNAME:Rota: Ana Silva',
        'X-WR-CALDESC:Development blocks\\, P1 days and review calls from Rota',
        'X-APPLE-CALENDAR-COLOR:#1A73E8',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
      ]),
    );
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Rota//Rota calendars//EN\r\n')).toBe(
      true,
    );
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('has a VTIMEZONE for every zone used, and only those', () => {
    expect([...vtimezones(renderGlobex()).keys()].sort()).toEqual(['America/New_York', 'Europe/London']);
    expect([...vtimezones(renderRosterTeam()).keys()].sort()).toEqual(['Asia/Kolkata', 'Europe/London']);
    const used = new Set(
      lines.filter((l) => l.startsWith('DTSTART;TZID=')).map((l) => /TZID=([^:]+)/.exec(l)?.[1]),
    );
    expect([...vtimezones(text).keys()]).toEqual([...used]);
  });

  it('versions: UID, SEQUENCE, DTSTAMP and STATUS per event', () => {
    const vevents = text
      .replace(/\r\n[ \t]/g, '')
      .split('BEGIN:VEVENT\r\n')
      .slice(1);
    const moved = vevents.find((v) => v.startsWith(`UID:${MOVED}@rota\r\n`));
    expect(moved).toContain('SEQUENCE:1\r\nDTSTAMP:20260321T080000Z\r\n');
    expect(moved).toContain('DTSTART;TZID=Europe/London:20260331T100000\r\n');
    const removed = vevents.find((v) => v.startsWith(`UID:${REMOVED}@rota\r\n`));
    expect(removed).toContain('SEQUENCE:1\r\n');
    expect(removed).toContain('STATUS:CANCELLED\r\n');
    const untouched = vevents.find((v) => v.startsWith('UID:block:eng-ana:item-42:2026-03-23:1@rota\r\n'));
    expect(untouched).toContain('SEQUENCE:0\r\nDTSTAMP:20260320T120000Z\r\n');
    expect(untouched).toContain('STATUS:CONFIRMED\r\n');
  });

  it('folds lines at 75 octets without splitting UTF-8 characters', () => {
    const event: CalendarEvent = {
      id: 'fold:test',
      title: 'Ünïcödé 🚀 '.repeat(12),
      start: '2026-03-30T09:30',
      end: '2026-03-30T10:30',
      timeZone: 'Europe/London',
      description: 'é€🚀 and plain text, '.repeat(30),
      category: 'development',
      status: 'confirmed',
    };
    const folded = renderCalendar({
      name: 'x',
      refreshMinutes: 60,
      events: nextVersions([], [event], { now: v1At }).events,
      now: v1At,
    });
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(20);
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(folded).not.toMatch(/\r\n(?![ \t]|[A-Z]|$)/);
    const parsed = Object.values(nodeIcal.sync.parseICS(folded)).find((c) => c?.type === 'VEVENT');
    expect(parsed && 'description' in parsed ? parsed.description : undefined).toBe(event.description);
    expect(parsed && 'summary' in parsed ? parsed.summary : undefined).toBe(event.title);
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const event: CalendarEvent = {
      id: 'escape:test',
      title: 'A, B; C',
      start: '2026-03-30T09:30',
      end: '2026-03-30T10:30',
      timeZone: 'Europe/London',
      location: 'Room 1; floor 2, east',
      description: 'line one, with comma; and semicolon\nline two \\ backslash\r\nline three',
      category: 'development',
      status: 'confirmed',
    };
    const out = renderCalendar({
      name: 'x',
      refreshMinutes: 60,
      events: nextVersions([], [event], { now: v1At }).events,
      now: v1At,
    });
    const unfolded = unfold(out);
    expect(unfolded).toContain('SUMMARY:A\\, B\\; C');
    expect(unfolded).toContain('LOCATION:Room 1\\; floor 2\\, east');
    expect(unfolded).toContain(
      'DESCRIPTION:line one\\, with comma\\; and semicolon\\nline two \\\\ backslash\\nline three',
    );
    const parsed = Object.values(nodeIcal.sync.parseICS(out)).find((c) => c?.type === 'VEVENT');
    expect(parsed && 'description' in parsed ? parsed.description : undefined).toBe(
      'line one, with comma; and semicolon\nline two \\ backslash\nline three',
    );
  });

  it('rejects a bad colour or refresh interval', () => {
    expect(() => renderCalendar({ name: 'x', refreshMinutes: 0, events: [], now: v1At })).toThrow(RangeError);
    expect(() =>
      renderCalendar({ name: 'x', color: 'blue', refreshMinutes: 5, events: [], now: v1At }),
    ).toThrow(RangeError);
  });
});

describe('renderCalendar: round trip through node-ical', () => {
  function parsedEvents(text: string): nodeIcal.VEvent[] {
    return Object.values(nodeIcal.sync.parseICS(text)).filter(
      (c): c is nodeIcal.VEvent => c?.type === 'VEVENT',
    );
  }

  it('keeps UID, SEQUENCE, STATUS and the intended local times in each zone', () => {
    const feed = anaFeed();
    const parsed = parsedEvents(renderAna());
    expect(parsed).toHaveLength(feed.length);
    for (const event of feed) {
      const p = parsed.find((x) => x.uid === `${event.id}@rota`);
      expect(p).toBeDefined();
      if (!p) continue;
      expect(Number(p.sequence)).toBe(event.sequence);
      expect(p.status).toBe(event.status.toUpperCase());
      const intended = DateTime.fromISO(event.start, { zone: event.timeZone }).toMillis();
      expect(p.start.getTime()).toBe(intended);
      expect(p.end?.getTime()).toBe(DateTime.fromISO(event.end, { zone: event.timeZone }).toMillis());
    }
  });

  it('09:30 London is 09:30Z before the clock change and 08:30Z after', () => {
    const parsed = parsedEvents(renderAna());
    const start = (uid: string) => parsed.find((p) => p.uid === uid)?.start.toISOString();
    expect(start('block:eng-ana:item-42:2026-03-27:1@rota')).toBe('2026-03-27T09:30:00.000Z');
    expect(start('block:eng-ana:item-42:2026-03-30:1@rota')).toBe('2026-03-30T08:30:00.000Z');
  });

  it('Kolkata night shifts and a New York call land on the right instants', () => {
    const shifts = parsedEvents(renderRosterTeam());
    const night = shifts.find((p) => p.uid === 'shift:agent-priya:2026-03-29:1@rota');
    expect(night?.start.toISOString()).toBe('2026-03-29T16:30:00.000Z');
    expect(night?.end?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
    const call = parsedEvents(renderGlobex()).find((p) => p.uid === 'review:cust-globex:2026-04-02:1@rota');
    expect(call?.start.toISOString()).toBe('2026-04-02T14:00:00.000Z');
  });

  it('an agent’s week over the fall-back change: UIDs, versions and instants survive the round trip', () => {
    const parsed = parsedEvents(renderSamWeek());
    const byUid = (id: string) => parsed.find((p) => p.uid === `${id}@rota`);
    expect(parsed.map((p) => [p.uid, Number(p.sequence), p.status]).sort()).toEqual([
      [`${SAM_REMOVED}@rota`, 1, 'CANCELLED'],
      [`${SAM_MOVED}@rota`, 1, 'CONFIRMED'],
      [`${SAM_NIGHT}@rota`, 0, 'CONFIRMED'],
    ]);
    // Cancelled Monday keeps its times so clients can match it: 06:00 BST is 05:00Z.
    expect(byUid(SAM_REMOVED)?.start.toISOString()).toBe('2026-10-19T05:00:00.000Z');
    expect(byUid(SAM_MOVED)?.start.toISOString()).toBe('2026-10-20T12:00:00.000Z');
    expect(String(byUid(SAM_MOVED)?.summary)).toBe('Late shift 13:00–21:00');
    expect(String(byUid(SAM_MOVED)?.description)).toContain('Breaks: 17:00–17:30.');
    // 22:00 BST Saturday to 06:00 GMT Sunday: nine hours, the clocks went back in between.
    const night = byUid(SAM_NIGHT);
    expect(night?.start.toISOString()).toBe('2026-10-24T21:00:00.000Z');
    expect(night?.end?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
    expect(String(night?.description)).toContain('(ends the next day)');
    expect(String(night?.description)).toContain('Breaks: 02:00–02:30.');
    expect([...vtimezones(renderSamWeek()).keys()]).toEqual(['Europe/London']);
  });

  it('every DTSTART resolves through the feed’s own VTIMEZONE to the intended instant', () => {
    for (const text of [renderAna(), renderGlobex(), renderRosterTeam(), renderSamWeek()]) {
      const zones = vtimezones(text);
      for (const line of unfold(text)) {
        const m = /^DT(START|END);TZID=([^:]+):(\d{8}T\d{6})$/.exec(line);
        if (!m) continue;
        const zone = m[2] as string;
        const observances = parseVTimezone(zones.get(zone) ?? '');
        const local = DateTime.fromFormat(m[3] as string, "yyyyLLdd'T'HHmmss", { zone: 'UTC' }).toMillis();
        // Outside gaps, local − offset(instant) = instant has one answer; find it from the observances.
        const guess = local - (offsetFromObservances(observances, local) ?? 0) * 60000;
        const offset = offsetFromObservances(observances, guess) ?? 0;
        const instant = local - offset * 60000;
        const expected = DateTime.fromFormat(m[3] as string, "yyyyLLdd'T'HHmmss", { zone }).toMillis();
        expect([line, new Date(instant).toISOString()]).toEqual([line, new Date(expected).toISOString()]);
      }
    }
  });
});
