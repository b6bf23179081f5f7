import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  parseCurtois,
  type RosterProblem,
  type ShiftCover,
  type ShiftType,
  type Staff,
} from '../../../solver/roster';

/** Where the Curtois–Qu benchmark files are. */
export const CURTOIS_DIR = path.resolve(__dirname, '../../../../shared/benchmarks/curtois');

/** Curtois–Qu Instance `n`, parsed. */
export function curtois(n: number): RosterProblem {
  return parseCurtois(fs.readFileSync(path.join(CURTOIS_DIR, `Instance${n}.txt`), 'utf8'));
}

export const DAY: ShiftType = { id: 'D', lengthMinutes: 480, startMinute: 9 * 60 };

/** Cover rows: `req` people on `shift` for each day in `days`, under 100, over `over`. */
export function coverOn(shift: string, days: number[], req = 1, over = 1): ShiftCover[] {
  return days.map((day) => ({ day, shift, requirement: req, underWeight: 100, overWeight: over }));
}

/** Requirement 0 on every other day, so over-cover is priced everywhere. */
export function coverAll(shift: string, horizon: number, reqDays: number[], req = 1, over = 1): ShiftCover[] {
  return Array.from({ length: horizon }, (_, day) => ({
    day,
    shift,
    requirement: reqDays.includes(day) ? req : 0,
    underWeight: 100,
    overWeight: over,
  }));
}

export function oneStaff(extra: Partial<Staff> = {}): Staff {
  return { id: 'A', ...extra };
}

export function problem(p: Partial<RosterProblem> & Pick<RosterProblem, 'days'>): RosterProblem {
  return { shiftTypes: [DAY], staff: [oneStaff()], ...p };
}

export const OPTS = { timeLimitSeconds: 20, seed: 1 };
