import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as nodeIcal from 'node-ical';

// ical.js (Mozilla's strict RFC 5545 parser) ships a CommonJS build; it is a second, independent
// reader of our golden feeds next to node-ical.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js').default;

const GOLDEN_DIR = join(__dirname, '../../../fixtures/ics');
const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.ics'));

describe('golden feeds read by ical.js', () => {
  it('has golden feeds to read', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s: every event parses, in its VTIMEZONE, at the instant node-ical reads', (file) => {
    const text = readFileSync(join(GOLDEN_DIR, file), 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    const zones = calendar.getAllSubcomponents('vtimezone');
    for (const z of zones) ICAL.TimezoneService.register(z);
    const byUid = nodeIcal.sync.parseICS(text);
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
    try {
      for (const v of events) {
        const event = new ICAL.Event(v);
        expect(event.uid).toMatch(/@rota$/);
        expect(v.getFirstPropertyValue('dtstamp')).toBeTruthy();
        expect(Number.isInteger(Number(v.getFirstPropertyValue('sequence') ?? 0))).toBe(true);
        const tzid = v.getFirstProperty('dtstart')!.getParameter('tzid');
        if (tzid) expect(zones.some((z) => z.getFirstPropertyValue('tzid') === tzid)).toBe(true);
        const other = byUid[event.uid] as nodeIcal.VEvent;
        expect(event.startDate.toJSDate().toISOString()).toBe(other.start.toISOString());
        expect(event.endDate.toJSDate().toISOString()).toBe(other.end!.toISOString());
        expect(event.endDate.compare(event.startDate)).toBe(1);
      }
    } finally {
      for (const z of zones) ICAL.TimezoneService.remove(String(z.getFirstPropertyValue('tzid')));
    }
  });
});
