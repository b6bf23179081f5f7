import {
  atLeast11HoursRest,
  checkRoster,
  evaluateRoster,
  solveRoster,
  type RosterProblem,
} from '../../../solver/roster';
import { DAY, OPTS, coverAll, coverOn, oneStaff, problem } from './helpers';

/** Solves, asserts the roster passes the checker, and returns the objective and the roster. */
async function solve(p: RosterProblem) {
  const r = await solveRoster(p, OPTS);
  expect(r.status).toBe('optimal');
  expect(r.assignment).not.toBeNull();
  const check = checkRoster(p, r.assignment!, r.breaks);
  expect(check.violations).toEqual([]);
  expect(check.evaluation.objective).toBeCloseTo(r.objective!, 6);
  return { objective: r.objective!, roster: r.assignment!, result: r };
}

const E: RosterProblem['shiftTypes'][number] = { id: 'E', lengthMinutes: 480, startMinute: 6 * 60 };
const L: RosterProblem['shiftTypes'][number] = { id: 'L', lengthMinutes: 480, startMinute: 14 * 60 };

describe('roster rules, one at a time', () => {
  test('one shift per day: one person cannot cover an early and a late on the same day', async () => {
    const p = problem({
      days: 1,
      shiftTypes: [E, L],
      shiftCover: [...coverOn('E', [0]), ...coverOn('L', [0])],
    });
    expect((await solve(p)).objective).toBe(100);
  });

  test('shift rotation: a forbidden successor is not worked the next day', async () => {
    const late = { ...L, forbiddenNext: ['E'] };
    const p = problem({
      days: 2,
      shiftTypes: [E, late],
      shiftCover: [...coverOn('L', [0]), ...coverOn('E', [1])],
    });
    expect((await solve(p)).objective).toBe(100);
    const free = problem({
      days: 2,
      shiftTypes: [E, L],
      shiftCover: [...coverOn('L', [0]), ...coverOn('E', [1])],
    });
    expect((await solve(free)).objective).toBe(0);
  });

  test('at least 11 hours rest: late 14–22 then early 06–14 leaves 8 h, so it is forbidden', async () => {
    const base = problem({
      days: 2,
      shiftTypes: [E, L],
      shiftCover: [...coverOn('L', [0]), ...coverOn('E', [1])],
    });
    const { objective, roster } = await solve(atLeast11HoursRest(base));
    expect(objective).toBe(100);
    expect(roster[0]).not.toEqual(['L', 'E']);
  });

  test('max shifts per type', async () => {
    const p = problem({
      days: 5,
      staff: [oneStaff({ maxShiftsPerType: { D: 2 } })],
      shiftCover: coverOn('D', [0, 1, 2, 3, 4]),
    });
    expect((await solve(p)).objective).toBe(300);
  });

  test('total minutes: at most and at least', async () => {
    const max = problem({
      days: 5,
      staff: [oneStaff({ totalMinutes: { max: 960 } })],
      shiftCover: coverOn('D', [0, 1, 2, 3, 4]),
    });
    expect((await solve(max)).objective).toBe(300);
    const min = problem({
      days: 5,
      staff: [oneStaff({ totalMinutes: { min: 1440 } })],
      shiftCover: coverAll('D', 5, []),
    });
    const r = await solve(min);
    expect(r.objective).toBe(3);
    expect(r.roster[0]!.filter((s) => s !== null)).toHaveLength(3);
  });

  test('contracted hours per week: exactly two 8-hour shifts in each week', async () => {
    const p = problem({
      days: 14,
      staff: [oneStaff({ contractedMinutesPerWeek: { min: 960, max: 960 } })],
      shiftCover: coverOn(
        'D',
        Array.from({ length: 14 }, (_, d) => d),
      ),
    });
    const { objective, roster } = await solve(p);
    expect(objective).toBe(1000);
    expect(roster[0]!.slice(0, 7).filter((s) => s).length).toBe(2);
    expect(roster[0]!.slice(7).filter((s) => s).length).toBe(2);
  });

  test('max consecutive working days', async () => {
    const p = problem({
      days: 5,
      staff: [oneStaff({ maxConsecutiveShifts: 2 })],
      shiftCover: coverOn('D', [0, 1, 2, 3, 4]),
    });
    const { objective, roster } = await solve(p);
    expect(objective).toBe(100);
    expect(roster[0]).toEqual(['D', 'D', null, 'D', 'D']);
  });

  test('min consecutive working days (runs touching the horizon ends are exempt)', async () => {
    const p = problem({
      days: 7,
      staff: [oneStaff({ minConsecutiveShifts: 3 })],
      shiftCover: coverAll('D', 7, [3]),
    });
    expect((await solve(p)).objective).toBe(2);
    const edge = problem({
      days: 7,
      staff: [oneStaff({ minConsecutiveShifts: 3 })],
      shiftCover: coverAll('D', 7, [0]),
    });
    expect((await solve(edge)).objective).toBe(0);
  });

  test('min consecutive days off', async () => {
    const p = problem({
      days: 5,
      staff: [oneStaff({ minConsecutiveDaysOff: 2 })],
      shiftCover: coverAll('D', 5, [0, 1, 3, 4], 1, 200),
    });
    expect((await solve(p)).objective).toBe(100);
  });

  test('max weekends: Saturday or Sunday worked counts as a weekend', async () => {
    const p = problem({ days: 14, staff: [oneStaff({ maxWeekends: 1 })], shiftCover: coverOn('D', [5, 13]) });
    expect((await solve(p)).objective).toBe(100);
  });

  test('days off, availability and template weekdays', async () => {
    const off = problem({
      days: 3,
      staff: [oneStaff({ daysOff: [1] })],
      shiftCover: coverOn('D', [0, 1, 2]),
    });
    expect((await solve(off)).objective).toBe(100);
    const avail = problem({
      days: 7,
      staff: [oneStaff({ availableWeekdays: [0, 1, 2, 3, 4] })],
      shiftCover: coverOn('D', [0, 5, 6]),
    });
    expect((await solve(avail)).objective).toBe(200);
    // A template that runs Mon, Tue, Wed and Fri only: nobody can work it on Thursday.
    const monTueWedFri = problem({
      days: 7,
      shiftTypes: [{ ...DAY, weekdays: [0, 1, 2, 4] }],
      shiftCover: coverOn('D', [3, 4]),
    });
    const { objective, roster } = await solve(monTueWedFri);
    expect(objective).toBe(100);
    expect(roster[0]![3]).toBeNull();
  });

  test('shift requests: on-requests pull work in, off-requests push it out', async () => {
    const p = problem({
      days: 3,
      shiftCover: coverAll('D', 3, [2], 1, 1),
      requests: [
        { staff: 'A', day: 0, shift: 'D', weight: 3, kind: 'on' },
        { staff: 'A', day: 2, shift: 'D', weight: 150, kind: 'off' },
      ],
    });
    const { objective, roster } = await solve(p);
    expect(objective).toBe(101); // over-cover 1 on day 0, under-cover on day 2
    expect(roster[0]).toEqual(['D', null, null]);
  });

  test('cover is per shift type, with under and over weights', async () => {
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [E, L],
      staff: [oneStaff(), oneStaff({ id: 'B' }), oneStaff({ id: 'C' })],
      shiftCover: [
        { day: 0, shift: 'E', requirement: 1, underWeight: 100, overWeight: 5 },
        { day: 0, shift: 'L', requirement: 1, underWeight: 100, overWeight: 7 },
      ],
    };
    const { objective, result } = await solve(p);
    expect(objective).toBe(0);
    expect(result.underCover).toBe(0);
    expect(result.cover).toHaveLength(2);
  });

  test('interval cover: breaks are staggered so cover holds over lunch', async () => {
    const shift = {
      id: 'D',
      lengthMinutes: 480,
      startMinute: 9 * 60,
      unpaidBreak: { lengthMinutes: 60, earliestStartOffset: 180, latestStartOffset: 240 },
    };
    const intervals = Array.from({ length: 16 }, (_, i) => {
      const start = 9 * 60 + 30 * i;
      const lunch = start >= 12 * 60 && start < 14 * 60;
      return {
        day: 0,
        startMinute: start,
        lengthMinutes: 30,
        requirement: lunch ? 1 : 2,
        underWeight: 10,
        overWeight: 1,
      };
    });
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [shift],
      staff: [oneStaff(), oneStaff({ id: 'B' })],
      intervalCover: intervals,
    };
    const { objective, result } = await solve(p);
    expect(objective).toBe(0);
    const starts = result.breaks!.map((row) => row[0]);
    expect(new Set(starts).size).toBe(2);
  });

  test('interval cover: growing under-staffing spreads an unavoidable shortage over the breaks', async () => {
    // Three people, three needed all day; everyone's 30-minute break must fall at 12:00 or 12:30.
    // Linear cost: 3 × 10 however the breaks fall (so all three at 12:00 is as good as any).
    // Growth 1: all at one time costs 10·(3 + 3) = 60; split 2 + 1 costs 10·(2 + 1) + 10 = 40.
    const shift = {
      id: 'D',
      lengthMinutes: 480,
      startMinute: 9 * 60,
      unpaidBreak: { lengthMinutes: 30, earliestStartOffset: 180, latestStartOffset: 210 },
    };
    const intervals = Array.from({ length: 16 }, (_, i) => ({
      day: 0,
      startMinute: 9 * 60 + 30 * i,
      lengthMinutes: 30,
      requirement: 3,
      underWeight: 10,
      overWeight: 1,
      underGrowth: 1,
    }));
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [shift],
      staff: [oneStaff(), oneStaff({ id: 'B' }), oneStaff({ id: 'C' })],
      intervalCover: intervals,
    };
    const { objective, result } = await solve(p);
    expect(objective).toBe(40);
    const starts = result.breaks!.map((row) => row[0]);
    expect(new Set(starts).size).toBe(2);
    // The checker prices a pile-up by the same rule.
    const piled = evaluateRoster(p, [['D'], ['D'], ['D']], [[180], [180], [180]]);
    expect(piled.objective).toBe(60);
  });

  test('interval cover of a skill group: only the people it names count towards it', async () => {
    // One person needed all day and one all evening (the desk); the evening also needs one of the
    // group {A} (say, the only agent with the phone skill). A would rather work early.
    const intervals = (from: number, to: number, extra: object = {}) =>
      Array.from({ length: (to - from) / 60 }, (_, i) => ({
        day: 0,
        startMinute: from + 60 * i,
        lengthMinutes: 60,
        requirement: 1,
        underWeight: 10,
        overWeight: 1,
        ...extra,
      }));
    const p: RosterProblem = {
      days: 1,
      shiftTypes: [E, L],
      staff: [oneStaff(), oneStaff({ id: 'B' })],
      requests: [{ staff: 'A', day: 0, shift: 'E', weight: 1, kind: 'on' }],
      intervalCover: [
        ...intervals(6 * 60, 22 * 60),
        ...intervals(14 * 60, 22 * 60, { staff: ['A'], label: 'phone', overWeight: 0 }),
      ],
    };
    const { objective, roster, result } = await solve(p);
    // Without the group, A early and B late would cost nothing; with it, A works late (request
    // missed: 1) rather than leave the group short for eight hours (80).
    expect(objective).toBe(1);
    expect(roster).toEqual([['L'], ['E']]);
    // The group's rows are reported with their label and left out of the desk's totals.
    expect(result.cover.filter((c) => c.label === 'phone')).toHaveLength(8);
    const swapped = evaluateRoster(p, [['E'], ['L']]);
    expect(swapped.objective).toBe(80);
    expect(swapped.underCover).toBe(0);
  });

  test('fair share of early shifts: deviation from the mean is penalised', async () => {
    const early = { ...E, early: true };
    const p: RosterProblem = {
      days: 4,
      shiftTypes: [early, L],
      staff: [oneStaff(), oneStaff({ id: 'B' })],
      shiftCover: [...coverOn('E', [0, 1, 2, 3]), ...coverOn('L', [0, 1, 2, 3])],
      requests: [0, 1, 2, 3].map((day) => ({ staff: 'A', day, shift: 'E', weight: 1, kind: 'on' as const })),
      fairEarlyShifts: { weight: 2 },
    };
    const { objective, roster } = await solve(p);
    expect(objective).toBe(2);
    expect(roster[0]!.filter((s) => s === 'E')).toHaveLength(2);
  });
});
