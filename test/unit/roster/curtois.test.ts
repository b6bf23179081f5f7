import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  checkRoster,
  curtoisCounts,
  curtoisObjective,
  parseCurtois,
  parseRosterCsv,
  rosterCsv,
  solveRoster,
} from '../../../solver/roster';
import { CURTOIS_DIR, curtois } from './helpers';

describe('Curtois–Qu importer', () => {
  test('Instance1: counts as published', () => {
    const p = curtois(1);
    expect(curtoisCounts(p)).toEqual({
      days: 14,
      shiftTypes: 1,
      staff: 8,
      daysOff: 8,
      onRequests: 21,
      offRequests: 5,
      coverRows: 14,
    });
    expect(p.staff[0]).toMatchObject({
      id: 'A',
      maxShiftsPerType: { D: 14 },
      totalMinutes: { max: 4320, min: 3360 },
      maxConsecutiveShifts: 5,
      minConsecutiveShifts: 2,
      minConsecutiveDaysOff: 2,
      maxWeekends: 1,
      daysOff: [0],
    });
    expect(p.shiftCover?.[0]).toEqual({
      day: 0,
      shift: 'D',
      requirement: 5,
      underWeight: 100,
      overWeight: 1,
    });
  });

  test('LF line endings, empty forbidden lists and shared employee/shift ids parse the same', () => {
    const text = fs.readFileSync(path.join(CURTOIS_DIR, 'Instance2.txt'), 'utf8');
    expect(parseCurtois(text.replace(/\r\n/g, '\n'))).toEqual(parseCurtois(text));
    expect(curtois(1).shiftTypes[0]).toEqual({ id: 'D', lengthMinutes: 480, forbiddenNext: [] });
  });

  test('the stored optimal roster of Instance1 scores 607', () => {
    const p = curtois(1);
    const csv = fs.readFileSync(
      path.resolve(__dirname, '../../../fixtures/curtois/instance1-607.csv'),
      'utf8',
    );
    const roster = parseRosterCsv(p, csv);
    expect(curtoisObjective(p, roster)).toEqual({ objective: 607, violations: [] });
    expect(rosterCsv(p, roster)).toBe(csv);
  });

  test('Instance1 is solved to its proven optimum 607', async () => {
    const p = curtois(1);
    const r = await solveRoster(p, { timeLimitSeconds: 60, seed: 1 });
    expect(r.objective).toBe(607);
    expect(r.status).toBe('optimal');
    expect(checkRoster(p, r.assignment!).feasible).toBe(true);
  });
});
