import { DateTime } from 'luxon';

/** Small independent readers of iCal text for the calendars tests (no ical-generator code). */

export interface Observance {
  kind: string;
  /** Onset as a UTC instant (DTSTART is local time in TZOFFSETFROM). */
  onset: number;
  from: number;
  to: number;
  name?: string;
}

function parseOffset(text: string): number {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad offset ${text}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** An independent reading of a VTIMEZONE: its observances as UTC onsets. */
export function parseVTimezone(text: string): Observance[] {
  const observances: Observance[] = [];
  let current: Record<string, string> | undefined;
  for (const line of text.split(/\r\n/)) {
    const m = /^(BEGIN|END):(STANDARD|DAYLIGHT)$/.exec(line);
    if (m?.[1] === 'BEGIN') current = { kind: m[2] as string };
    else if (m?.[1] === 'END' && current) {
      const from = parseOffset(current['TZOFFSETFROM'] as string);
      const local = DateTime.fromFormat(current['DTSTART'] as string, "yyyyLLdd'T'HHmmss", { zone: 'UTC' });
      observances.push({
        kind: current['kind'] as string,
        onset: local.toMillis() - from * 60000,
        from,
        to: parseOffset(current['TZOFFSETTO'] as string),
        name: current['TZNAME'],
      });
      current = undefined;
    } else if (current) {
      const i = line.indexOf(':');
      current[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return observances.sort((a, b) => a.onset - b.onset);
}

/** The offset a VTIMEZONE gives at a UTC instant: the latest observance whose onset has passed. */
export function offsetFromObservances(observances: Observance[], at: number): number | undefined {
  let offset: number | undefined;
  for (const o of observances) if (o.onset <= at) offset = o.to;
  return offset;
}

/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
export function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/** The VTIMEZONE blocks of a calendar, by TZID. */
export function vtimezones(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n[\s\S]*?END:VTIMEZONE\r\n/g)) {
    out.set(m[1] as string, m[0]);
  }
  return out;
}
