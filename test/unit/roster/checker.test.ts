import {
  atLeast11HoursRest,
  checkRoster,
  type RosterAssignment,
  type RosterProblem,
} from '../../../solver/roster';
import { DAY, coverAll, coverOn, oneStaff, problem } from './helpers';

const E = { id: 'E', lengthMinutes: 480, startMinute: 6 * 60 };
const L = { id: 'L', lengthMinutes: 480, startMinute: 14 * 60 };

/** Expects exactly the hard-rule violation named by `pattern`. */
function rejects(p: RosterProblem, roster: RosterAssignment, pattern: RegExp): void {
  const check = checkRoster(p, roster);
  expect(check.feasible).toBe(false);
  expect(check.violations.join('\n')).toMatch(pattern);
}

describe('checkRoster rejects a roster breaking each hard rule', () => {
  test('unknown shift and wrong shape', () => {
    const p = problem({ days: 2 });
    rejects(p, [['X', null]], /unknown shift X/);
    rejects(p, [['D']], /1 days, expected 2/);
    rejects(p, [], /0 rows for 1 staff/);
  });

  test('shift rotation and at least 11 hours rest', () => {
    const explicit = problem({ days: 2, shiftTypes: [E, { ...L, forbiddenNext: ['E'] }] });
    rejects(explicit, [['L', 'E']], /E may not follow L/);
    const rest = atLeast11HoursRest(problem({ days: 2, shiftTypes: [E, L] }));
    rejects(rest, [['L', 'E']], /less than 660 min rest/);
    expect(checkRoster(rest, [['E', 'L']]).feasible).toBe(true);
  });

  test('max shifts per type, total minutes, contracted hours', () => {
    rejects(
      problem({ days: 3, staff: [oneStaff({ maxShiftsPerType: { D: 1 } })] }),
      [['D', 'D', null]],
      /2 D shifts, at most 1/,
    );
    rejects(
      problem({ days: 3, staff: [oneStaff({ totalMinutes: { max: 480 } })] }),
      [['D', 'D', null]],
      /at most 480/,
    );
    rejects(
      problem({ days: 3, staff: [oneStaff({ totalMinutes: { min: 960 } })] }),
      [['D', null, null]],
      /at least 960/,
    );
    const weekly = problem({
      days: 14,
      staff: [oneStaff({ contractedMinutesPerWeek: { min: 480, max: 960 } })],
    });
    const roster = [['D', 'D', 'D', null, null, null, null, null, null, null, null, null, null, null]];
    rejects(weekly, roster, /week 1 has 1440 min, at most 960/);
    rejects(weekly, roster, /week 2 has 0 min, at least 480/);
  });

  test('consecutive working days and days off', () => {
    rejects(
      problem({ days: 4, staff: [oneStaff({ maxConsecutiveShifts: 2 })] }),
      [['D', 'D', 'D', null]],
      /3 consecutive working days/,
    );
    const minRun = problem({ days: 5, staff: [oneStaff({ minConsecutiveShifts: 2 })] });
    rejects(minRun, [[null, 'D', null, null, null]], /1 consecutive working days from day 1, at least 2/);
    expect(checkRoster(minRun, [['D', null, null, null, 'D']]).feasible).toBe(true); // runs at the ends are exempt
    const minOff = problem({ days: 5, staff: [oneStaff({ minConsecutiveDaysOff: 2 })] });
    rejects(minOff, [['D', null, 'D', 'D', 'D']], /1 consecutive days off from day 1/);
    expect(checkRoster(minOff, [[null, 'D', 'D', 'D', null]]).feasible).toBe(true);
  });

  test('max weekends, days off, availability, template weekdays, skills', () => {
    const days = Array<string | null>(14).fill(null);
    const twoWeekends = [...days];
    twoWeekends[6] = 'D';
    twoWeekends[12] = 'D';
    rejects(
      problem({ days: 14, staff: [oneStaff({ maxWeekends: 1 })] }),
      [twoWeekends],
      /2 weekends worked, at most 1/,
    );
    rejects(
      problem({ days: 2, staff: [oneStaff({ daysOff: [1] })] }),
      [[null, 'D']],
      /day 1: may not work D/,
    );
    rejects(
      problem({ days: 7, staff: [oneStaff({ availableWeekdays: [0] })] }),
      [[null, 'D', null, null, null, null, null]],
      /day 1/,
    );
    rejects(
      problem({ days: 7, shiftTypes: [{ ...DAY, weekdays: [0, 1, 2, 4] }] }),
      [[null, null, null, 'D', null, null, null]],
      /day 3/,
    );
    rejects(problem({ days: 1, staff: [oneStaff({ allowedShiftTypes: [] })] }), [['D']], /may not work D/);
  });

  test('breaks must be placed inside their window when interval cover is used', () => {
    const shift = {
      ...DAY,
      unpaidBreak: { lengthMinutes: 30, earliestStartOffset: 180, latestStartOffset: 240 },
    };
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [shift],
      staff: [oneStaff()],
      intervalCover: [
        { day: 0, startMinute: 600, lengthMinutes: 30, requirement: 1, underWeight: 1, overWeight: 1 },
      ],
    };
    rejects(p, [['D']], /no break placed/);
    expect(checkRoster(p, [['D']], [[60]]).violations.join()).toMatch(/outside its window/);
    expect(checkRoster(p, [['D']], [[210]]).feasible).toBe(true);
  });
});

describe('checkRoster recomputes the objective', () => {
  test('requests, cover under and over, term by term', () => {
    const p: RosterProblem = {
      ...problem({ days: 3, staff: [oneStaff(), oneStaff({ id: 'B' })] }),
      shiftCover: [...coverOn('D', [0], 2, 1), ...coverAll('D', 3, [], 0, 3).slice(1)],
      requests: [
        { staff: 'A', day: 1, shift: 'D', weight: 2, kind: 'on' },
        { staff: 'B', day: 2, shift: 'D', weight: 3, kind: 'off' },
      ],
    };
    const ev = checkRoster(p, [
      ['D', null, null],
      [null, null, 'D'],
    ]).evaluation;
    // day 0: 1 of 2 → under 100; day 2: 1 over a requirement of 0 → 3; on-request missed 2; off-request worked 3
    expect(ev.objective).toBe(108);
    expect(Object.fromEntries(ev.terms.map((t) => [t.name, t.value]))).toEqual({
      'shift-on requests': 2,
      'shift-off requests': 3,
      'cover under': 100,
      'cover over': 3,
    });
    expect(ev.underCover).toBe(1);
    expect(ev.overCover).toBe(1);
  });

  test('interval cover counts people at work minus those on break', () => {
    const shift = {
      ...DAY,
      unpaidBreak: { lengthMinutes: 30, earliestStartOffset: 180, latestStartOffset: 240 },
    };
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [shift],
      staff: [oneStaff()],
      intervalCover: [
        { day: 0, startMinute: 12 * 60, lengthMinutes: 30, requirement: 1, underWeight: 10, overWeight: 1 },
        { day: 0, startMinute: 8 * 60, lengthMinutes: 30, requirement: 0, underWeight: 10, overWeight: 1 },
      ],
    };
    expect(checkRoster(p, [['D']], [[180]]).evaluation.objective).toBe(10); // on break 12:00–12:30
    expect(checkRoster(p, [['D']], [[210]]).evaluation.objective).toBe(0);
  });

  test('a skill group counts only its people, and a shortage in shares pays its share', () => {
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [DAY],
      staff: [oneStaff(), oneStaff({ id: 'B' })],
      intervalCover: [
        { day: 0, startMinute: 600, lengthMinutes: 60, requirement: 2, underWeight: 10, overWeight: 1 },
        // Two of {B} needed (one short when B works), growing: 10 for the first missing, 20 the next.
        {
          day: 0,
          startMinute: 600,
          lengthMinutes: 60,
          requirement: 2,
          underWeight: 10,
          overWeight: 0,
          underGrowth: 1,
          staff: ['B'],
          label: 'chat',
        },
        // 0.4 of an agent of {A} (deferred work): 0.4 short when A is off pays 0.4 of a step.
        {
          day: 0,
          startMinute: 660,
          lengthMinutes: 60,
          requirement: 0.4,
          underWeight: 10,
          overWeight: 0,
          staff: ['A'],
          label: 'email',
        },
      ],
    };
    const both = checkRoster(p, [['D'], ['D']]).evaluation;
    expect(both.objective).toBe(10); // chat one short
    expect(both.underCover).toBe(0); // the desk itself is full
    const onlyA = checkRoster(p, [['D'], [null]]).evaluation;
    expect(onlyA.objective).toBe(10 + 30); // desk one short; chat two short: 10 + 20
    expect(onlyA.underCover).toBe(1);
    expect(onlyA.cover.find((c) => c.label === 'chat')).toMatchObject({ required: 2, rostered: 0, under: 2 });
    const onlyB = checkRoster(p, [[null], ['D']]).evaluation;
    expect(onlyB.objective).toBeCloseTo(10 + 10 + 4, 9); // desk one short; chat one short; e-mail 0.4 short
  });
});
