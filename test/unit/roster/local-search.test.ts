import { checkRoster, type RosterProblem } from '../../../solver/roster';
import { localSearchSupported, RosterLocalSearch } from '../../../solver/roster/local-search';
import { weekendPartners } from '../../../solver/roster/problem';
import { Random } from '../../../solver/roster/random';
import { coverAll, curtois } from './helpers';

/** A small general problem: weekly hours, rest rule, availability, requests and two shift types. */
const general: RosterProblem = {
  days: 14,
  firstWeekday: 2,
  minRestMinutes: 11 * 60,
  shiftTypes: [
    { id: 'E', lengthMinutes: 480, startMinute: 6 * 60 },
    { id: 'L', lengthMinutes: 480, startMinute: 14 * 60, forbiddenNext: [] },
  ],
  staff: ['A', 'B', 'C', 'D'].map((id, i) => ({
    id,
    maxShiftsPerType: { E: 6, L: 6 },
    totalMinutes: { min: 480 * 4, max: 480 * 9 },
    contractedMinutesPerWeek: { max: 480 * 5 },
    maxConsecutiveShifts: 4,
    minConsecutiveShifts: 2,
    minConsecutiveDaysOff: 2,
    maxWeekends: 1,
    daysOff: [i, i + 7],
    availableWeekdays: i === 3 ? [0, 1, 2, 3, 4] : undefined,
  })),
  requests: [
    { staff: 'A', day: 3, shift: 'E', weight: 2, kind: 'on' },
    { staff: 'B', day: 4, shift: 'L', weight: 3, kind: 'off' },
  ],
  shiftCover: [
    ...coverAll('E', 14, [0, 1, 2, 3, 4, 5, 6, 8, 9], 2),
    ...coverAll('L', 14, [0, 2, 4, 6, 10], 1),
  ],
};

/** Random walks at a high temperature (most moves kept); after each batch the incremental totals
 * must equal a full recomputation, and the checker must agree on feasibility and objective. */
function walk(problem: RosterProblem, batches: number, seed: number): void {
  const ls = new RosterLocalSearch(problem, new Random(seed));
  ls.construct();
  for (let b = 0; b < batches; b++) {
    const temp = b % 2 === 0 ? 1e4 : 5;
    ls.run({ seconds: 1, now: () => 0, maxIterations: 200, startTemperature: temp, endTemperature: temp });
    ls.joinWeekends(); // re-rosters windows of two people, kept or undone
    ls.moveWeekend();
    const inc = { soft: ls.soft, cover: ls.cover, hard: ls.hard };
    const under = ls
      .underCovered()
      .map((u) => `${u.day}/${problem.shiftTypes[u.shift]!.id}`)
      .sort();
    ls.recompute();
    expect(inc.soft).toBeCloseTo(ls.soft, 9);
    expect(inc.cover).toBeCloseTo(ls.cover, 9);
    expect(inc.hard).toBeCloseTo(ls.hard, 9);
    const check = checkRoster(problem, ls.toAssignment(ls.cells));
    expect(check.evaluation.objective).toBeCloseTo(ls.objective, 9);
    expect(ls.hard === 0).toBe(check.feasible);
    // The moves aimed at under-cover draw from a set kept up to date move by move.
    const expected = check.evaluation.cover.filter((c) => c.under > 0).map((c) => `${c.day}/${c.slot}`);
    expect(under).toEqual(expected.sort());
  }
  if (Number.isFinite(ls.bestObjective)) {
    const check = checkRoster(problem, ls.toAssignment());
    expect(check.feasible).toBe(true);
    expect(check.evaluation.objective).toBeCloseTo(ls.bestObjective, 9);
  }
}

describe('roster local search', () => {
  test('supports the Curtois problems and the general shift problem, not interval cover', () => {
    expect(localSearchSupported(curtois(1))).toBe(true);
    expect(localSearchSupported(general)).toBe(true);
    expect(
      localSearchSupported({
        ...general,
        intervalCover: [
          { day: 0, startMinute: 600, lengthMinutes: 60, requirement: 1, underWeight: 1, overWeight: 1 },
        ],
      }),
    ).toBe(false);
  });

  test('delta evaluation equals full re-evaluation and the checker (Instance 5)', () => {
    walk(curtois(5), 60, 3);
  });

  test('delta evaluation equals full re-evaluation and the checker (general rules)', () => {
    walk(general, 150, 11);
    walk(general, 150, 12);
  });

  test('construction and repair give a roster meeting every hard rule on Instance 11', () => {
    const problem = curtois(11);
    const ls = new RosterLocalSearch(problem, new Random(5));
    ls.construct();
    const now = () => ls.iterations / 1e6;
    expect(ls.repair({ seconds: 30, now })).toBe(true);
    ls.noteCurrent();
    const check = checkRoster(problem, ls.toAssignment());
    expect(check.violations).toEqual([]);
    expect(check.evaluation.objective).toBe(ls.bestObjective);
    // a short anneal keeps a checker-verified best that is no worse
    const before = ls.bestObjective;
    ls.run({ seconds: 0.2, now });
    expect(ls.bestObjective).toBeLessThanOrEqual(before);
    const after = checkRoster(problem, ls.toAssignment());
    expect(after.feasible).toBe(true);
    expect(after.evaluation.objective).toBe(ls.bestObjective);
  });

  test('weekend partners pair each Saturday with its Sunday; a weekend the horizon cuts has none', () => {
    // Starts on a Sunday (day 0), ends on a Saturday (day 13).
    const partners = weekendPartners({ ...general, firstWeekday: 6 });
    expect(Array.from(partners)).toEqual([-1, -1, -1, -1, -1, -1, 7, 6, -1, -1, -1, -1, -1, -1]);
    // Starts on a Wednesday: Saturdays 3 and 10, Sundays 4 and 11.
    expect(Array.from(weekendPartners(general))).toEqual([
      -1, -1, -1, 4, 3, -1, -1, -1, -1, -1, 11, 10, -1, -1,
    ]);
  });

  test('joining weekends: two one-day weekends become one whole weekend and a free one', () => {
    // Two weeks from a Monday; everyone works exactly four shifts and at most one weekend. A
    // works Saturday 5 and B Sunday 6, so the second weekend (12, 13) is not covered at all.
    const problem: RosterProblem = {
      days: 14,
      firstWeekday: 0,
      shiftTypes: [{ id: 'D', lengthMinutes: 480 }],
      staff: ['A', 'B'].map((id) => ({ id, maxWeekends: 1, totalMinutes: { min: 4 * 480, max: 4 * 480 } })),
      shiftCover: coverAll('D', 14, [1, 2, 5, 6, 8, 9, 12, 13], 1),
    };
    const row = (days: number[]) => Array.from({ length: 14 }, (_, d) => (days.includes(d) ? 'D' : null));
    const start = [row([1, 2, 3, 5]), row([6, 8, 9, 10])];
    for (let seed = 1; seed <= 6; seed++) {
      const ls = new RosterLocalSearch(problem, new Random(seed));
      ls.load(start);
      expect(ls.objective).toBe(202); // the second weekend short, days 3 and 10 over
      let kept: boolean | null = null;
      for (let t = 0; t < 50 && kept === null; t++) kept = ls.joinWeekends();
      expect(kept).toBe(true);
      const check = checkRoster(problem, ls.toAssignment());
      expect(check.violations).toEqual([]);
      expect(check.evaluation.objective).toBe(0);
      expect(ls.bestObjective).toBe(0);
      const weekends = ls
        .toAssignment()
        .map((r) => [r[5], r[6], r[12], r[13]].map((x) => (x ? 1 : 0)).join(''));
      expect(weekends.sort()).toEqual(['0011', '1100']);
    }
    // When joining costs more than it covers (both would work a weekend day they asked to have
    // off), the roster is left as it was.
    const refusing: RosterProblem = {
      ...problem,
      requests: [
        { staff: 'A', day: 6, shift: 'D', weight: 500, kind: 'off' },
        { staff: 'B', day: 5, shift: 'D', weight: 500, kind: 'off' },
      ],
    };
    const ls = new RosterLocalSearch(refusing, new Random(1));
    ls.load(start);
    for (let t = 0; t < 20; t++) expect(ls.joinWeekends()).not.toBe(true);
    expect(ls.toAssignment(ls.cells)).toEqual(start);
    expect(ls.objective).toBe(202);
  });

  test('moving a weekend: from an over-covered weekend to an under-covered one', () => {
    // A works four shifts and at most one weekend: Tuesday, Wednesday and the first weekend, which
    // no one needs, while the second weekend has no one.
    const problem: RosterProblem = {
      days: 14,
      firstWeekday: 0,
      shiftTypes: [{ id: 'D', lengthMinutes: 480 }],
      staff: [{ id: 'A', maxWeekends: 1, totalMinutes: { min: 4 * 480, max: 4 * 480 } }],
      shiftCover: coverAll('D', 14, [1, 2, 12, 13], 1),
    };
    const row = (days: number[]) => Array.from({ length: 14 }, (_, d) => (days.includes(d) ? 'D' : null));
    const ls = new RosterLocalSearch(problem, new Random(1));
    ls.load([row([1, 2, 5, 6])]);
    expect(ls.objective).toBe(202);
    expect(ls.moveWeekend()).toBe(true);
    expect(ls.toAssignment()).toEqual([row([1, 2, 12, 13])]);
    expect(checkRoster(problem, ls.toAssignment()).evaluation.objective).toBe(0);
    // Nothing under-covered: no move.
    expect(ls.moveWeekend()).toBeNull();
  });

  test('a loaded roster round-trips through cells', () => {
    const problem = curtois(1);
    const ls = new RosterLocalSearch(problem, new Random(1));
    ls.construct();
    const a = ls.toAssignment(ls.cells);
    const other = new RosterLocalSearch(problem, new Random(2));
    other.load(a);
    expect(other.toAssignment(other.cells)).toEqual(a);
    expect(other.cost).toBeCloseTo(ls.cost, 9);
  });
});
