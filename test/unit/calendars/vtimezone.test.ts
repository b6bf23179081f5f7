import { DateTime } from 'luxon';
import { buildVTimezone, formatUtcOffset, zoneTransitions } from '../../../calendars';
import { offsetFromObservances, parseVTimezone } from './ics-reader';

describe('buildVTimezone', () => {
  it.each(['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'])(
    '%s agrees with the IANA data for every half hour of 2025–2027',
    (zone) => {
      const observances = parseVTimezone(buildVTimezone(zone, { from: 2025, to: 2027 }));
      const start = DateTime.fromObject({ year: 2025, month: 1, day: 1 }, { zone }).toMillis();
      const end = DateTime.fromObject({ year: 2028, month: 1, day: 1 }, { zone }).toMillis();
      const mismatches: string[] = [];
      for (let t = start; t < end; t += 30 * 60 * 1000) {
        const expected = DateTime.fromMillis(t, { zone }).offset;
        const actual = offsetFromObservances(observances, t);
        if (actual !== expected) mismatches.push(`${new Date(t).toISOString()}: ${actual} ≠ ${expected}`);
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('Europe/London 2026: BST from 01:00 GMT on 29 March, GMT from 02:00 BST on 25 October', () => {
    const text = buildVTimezone('Europe/London', { from: 2026, to: 2026 });
    expect(text).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT',
    );
    expect(text).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD',
    );
    expect(text.startsWith('BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n')).toBe(true);
  });

  it('America/New_York 2026: EDT from 8 March, EST from 1 November, both at 02:00 local', () => {
    const observances = parseVTimezone(buildVTimezone('America/New_York', { from: 2026, to: 2026 }));
    expect(observances.map((o) => [o.kind, new Date(o.onset).toISOString(), o.from, o.to, o.name])).toEqual([
      ['STANDARD', '2026-01-01T05:00:00.000Z', -300, -300, 'EST'],
      ['DAYLIGHT', '2026-03-08T07:00:00.000Z', -300, -240, 'EDT'],
      ['STANDARD', '2026-11-01T06:00:00.000Z', -240, -300, 'EST'],
    ]);
  });

  it('Asia/Kolkata: a single +0530 standard observance, no DST', () => {
    const text = buildVTimezone('Asia/Kolkata', { from: 2026, to: 2027 });
    const observances = parseVTimezone(text);
    expect(observances).toHaveLength(1);
    expect(observances[0]).toMatchObject({ kind: 'STANDARD', from: 330, to: 330 });
    expect(text).toContain('TZOFFSETTO:+0530');
  });

  it('finds transitions to the minute and formats offsets', () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    expect(zoneTransitions('Europe/London', from, to).map((t) => new Date(t.at).toISOString())).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
    ]);
    expect([formatUtcOffset(330), formatUtcOffset(-570), formatUtcOffset(0)]).toEqual([
      '+0530',
      '-0930',
      '+0000',
    ]);
  });

  it('rejects unknown zones', () => {
    expect(() => buildVTimezone('Europe/Atlantis', { from: 2026, to: 2026 })).toThrow(RangeError);
  });
});
