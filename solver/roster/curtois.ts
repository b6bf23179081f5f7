import { checkRoster } from './checker';
import type { RosterAssignment, RosterProblem, ShiftCover, ShiftRequest, ShiftType, Staff } from './types';

/** Sizes of a parsed Curtois–Qu instance, for reports and tests. */
export interface CurtoisCounts {
  readonly days: number;
  readonly shiftTypes: number;
  readonly staff: number;
  readonly daysOff: number;
  readonly onRequests: number;
  readonly offRequests: number;
  readonly coverRows: number;
}

const SECTIONS = [
  'SECTION_HORIZON',
  'SECTION_SHIFTS',
  'SECTION_STAFF',
  'SECTION_DAYS_OFF',
  'SECTION_SHIFT_ON_REQUESTS',
  'SECTION_SHIFT_OFF_REQUESTS',
  'SECTION_COVER',
] as const;
type Section = (typeof SECTIONS)[number];

function int(text: string | undefined, where: string): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isInteger(n))
    throw new Error(`${where}: not an integer: ${text}`);
  return n;
}

/**
 * Parses the Curtois–Qu text format (schedulingbenchmarks.org instances 1–24) into the general
 * roster problem. Day 0 is a Monday; `MaxShifts` limits become per-type maxima (0 = not
 * eligible); min/max total minutes, consecutive shifts and days off and weekends map one to one.
 * Throws on malformed input (this is an import boundary).
 */
export function parseCurtois(text: string): RosterProblem {
  const rows = new Map<Section, string[][]>(SECTIONS.map((s) => [s, []]));
  let current: Section | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      current = null;
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line.startsWith('SECTION_')) {
      if (!(SECTIONS as readonly string[]).includes(line)) throw new Error(`unknown section ${line}`);
      current = line as Section;
      continue;
    }
    if (current === null) throw new Error(`line outside a section: ${line}`);
    rows.get(current)!.push(line.split(','));
  }
  const get = (s: Section) => rows.get(s) ?? [];
  const horizon = get('SECTION_HORIZON')[0]?.[0];
  const days = int(horizon, 'horizon');
  const shiftTypes: ShiftType[] = get('SECTION_SHIFTS').map((f) => ({
    id: f[0] ?? '',
    lengthMinutes: int(f[1], `shift ${f[0]}`),
    forbiddenNext: (f[2] ?? '').split('|').filter((s) => s !== ''),
  }));
  const daysOff = new Map<string, number[]>();
  for (const f of get('SECTION_DAYS_OFF'))
    daysOff.set(
      f[0] ?? '',
      f
        .slice(1)
        .filter((x) => x !== '')
        .map((x) => int(x, `days off ${f[0]}`)),
    );
  const staff: Staff[] = get('SECTION_STAFF').map((f) => {
    const id = f[0] ?? '';
    const maxShiftsPerType: Record<string, number> = {};
    for (const part of (f[1] ?? '').split('|').filter((p) => p !== '')) {
      const [shift, limit] = part.split('=');
      maxShiftsPerType[shift ?? ''] = int(limit, `staff ${id} max shifts`);
    }
    return {
      id,
      maxShiftsPerType,
      totalMinutes: { max: int(f[2], `staff ${id}`), min: int(f[3], `staff ${id}`) },
      maxConsecutiveShifts: int(f[4], `staff ${id}`),
      minConsecutiveShifts: int(f[5], `staff ${id}`),
      minConsecutiveDaysOff: int(f[6], `staff ${id}`),
      maxWeekends: int(f[7], `staff ${id}`),
      daysOff: daysOff.get(id) ?? [],
    };
  });
  const request = (kind: 'on' | 'off') => (f: string[]) =>
    ({
      staff: f[0] ?? '',
      day: int(f[1], `${kind} request`),
      shift: f[2] ?? '',
      weight: int(f[3], `${kind} request`),
      kind,
    }) satisfies ShiftRequest;
  const requests = [
    ...get('SECTION_SHIFT_ON_REQUESTS').map(request('on')),
    ...get('SECTION_SHIFT_OFF_REQUESTS').map(request('off')),
  ];
  const shiftCover: ShiftCover[] = get('SECTION_COVER').map((f) => ({
    day: int(f[0], 'cover'),
    shift: f[1] ?? '',
    requirement: int(f[2], 'cover'),
    underWeight: int(f[3], 'cover'),
    overWeight: int(f[4], 'cover'),
  }));
  return { days, firstWeekday: 0, shiftTypes, staff, requests, shiftCover };
}

/** Counts of a parsed instance (FORMAT.md §6 compares these with the published sizes). */
export function curtoisCounts(problem: RosterProblem): CurtoisCounts {
  const requests = problem.requests ?? [];
  return {
    days: problem.days,
    shiftTypes: problem.shiftTypes.length,
    staff: problem.staff.length,
    daysOff: problem.staff.reduce((a, e) => a + (e.daysOff?.length ?? 0), 0),
    onRequests: requests.filter((r) => r.kind === 'on').length,
    offRequests: requests.filter((r) => r.kind === 'off').length,
    coverRows: problem.shiftCover?.length ?? 0,
  };
}

/**
 * The benchmark objective P of a roster (FORMAT.md §5): on-requests not granted, off-requests
 * worked, and per (day, shift type) under- and over-cover times their weights. Null when the
 * roster breaks a hard rule (FORMAT.md §4), with the violations.
 */
export function curtoisObjective(
  problem: RosterProblem,
  assignment: RosterAssignment,
): { objective: number | null; violations: readonly string[] } {
  const check = checkRoster(problem, assignment);
  return { objective: check.feasible ? check.evaluation.objective : null, violations: check.violations };
}

/** Roster as CSV `employee,day,shift`, one row per worked day, days from 0. */
export function rosterCsv(problem: RosterProblem, assignment: RosterAssignment): string {
  const lines = ['employee,day,shift'];
  problem.staff.forEach((e, ei) => {
    (assignment[ei] ?? []).forEach((s, d) => {
      if (s !== null) lines.push(`${e.id},${d},${s}`);
    });
  });
  return lines.join('\n') + '\n';
}

/** Reads a roster CSV written by {@link rosterCsv} back into an assignment. */
export function parseRosterCsv(problem: RosterProblem, csv: string): RosterAssignment {
  const index = new Map(problem.staff.map((e, i) => [e.id, i]));
  const out = problem.staff.map(() => new Array<string | null>(problem.days).fill(null));
  for (const line of csv.split(/\r?\n/).slice(1)) {
    if (line.trim() === '') continue;
    const [e, d, s] = line.split(',');
    const ei = index.get(e ?? '');
    const day = Number(d);
    if (ei === undefined || !Number.isInteger(day) || s === undefined)
      throw new Error(`bad roster line ${line}`);
    const row = out[ei];
    if (row) row[day] = s;
  }
  return out;
}
