import { checkRoster, type RosterAssignment, type RosterProblem, type Staff } from '../../../solver/roster';
import { RosterLocalSearch } from '../../../solver/roster/local-search';
import { buildRow, buildRowWide, windowRules } from '../../../solver/roster/row-builder';
import { Random } from '../../../solver/roster/random';
import { curtois } from './helpers';
import { bruteForce, EARLY, LATE, randomWishes } from './one-person';

/** A one-person problem with random rules, requests and cover over `days` days. */
function randomProblem(rng: Random, days: number, withLimits: boolean): RosterProblem {
  const maxCons = rng.int(2, 5);
  const minCons = rng.int(1, Math.min(3, maxCons));
  const shifts = rng.int(Math.ceil(days / 3), Math.ceil((2 * days) / 3));
  const staff: Staff = {
    id: 'A',
    maxConsecutiveShifts: maxCons,
    minConsecutiveShifts: minCons,
    minConsecutiveDaysOff: rng.int(1, 3),
    totalMinutes: { min: shifts * 480, max: shifts * 480 + rng.int(0, 3) * 120 },
    daysOff: rng.next() < 0.5 ? [rng.int(0, days - 1)] : [],
    ...(withLimits ? { maxWeekends: rng.int(0, 1), maxShiftsPerType: { L: rng.int(0, 2) } } : {}),
  };
  return { days, shiftTypes: [EARLY, LATE], staff: [staff], ...randomWishes(rng, days) };
}

function rebuilt(p: RosterProblem): { kept: boolean; row: RosterAssignment } {
  const ls = new RosterLocalSearch(p, new Random(1));
  const kept = ls.rebuildRow(0);
  return { kept, row: ls.toAssignment(ls.cells) };
}

describe('row builder: one person re-rostered against the others', () => {
  /** 40 random one-person problems: the builder's row, its verdict and the enumeration's. */
  function trials(seed: number, withLimits: boolean, minDays: number) {
    const rng = new Random(seed);
    return Array.from({ length: 40 }, () => {
      const p = randomProblem(rng, rng.int(minDays, 8), withLimits);
      const { kept, row } = rebuilt(p);
      const check = checkRoster(p, row);
      return { kept, check, ...bruteForce(p) };
    });
  }

  test('finds the optimal row whenever one exists (rest, runs, days off, minutes, requests, cover)', () => {
    const runs = trials(42, false, 6);
    for (const { kept, check, best, feasibleRows } of runs) {
      expect(kept).toBe(feasibleRows > 0);
      if (!kept) continue;
      expect(check.violations).toEqual([]);
      expect(check.evaluation.objective).toBe(best);
    }
    expect(runs.filter((r) => r.kept).length).toBeGreaterThan(20);
  });

  test('with weekend and per-type limits, the row it keeps breaks none of them', () => {
    const runs = trials(7, true, 7);
    for (const { kept, check, best, feasibleRows } of runs) {
      if (!kept) continue;
      expect(feasibleRows).toBeGreaterThan(0);
      expect(check.violations).toEqual([]);
      expect(check.evaluation.objective).toBeGreaterThanOrEqual(best);
    }
    expect(runs.filter((r) => r.kept).length).toBeGreaterThan(20);
  });

  test('a weekly contract is kept week by week', () => {
    const p: RosterProblem = {
      days: 14,
      shiftTypes: [EARLY],
      staff: [{ id: 'A', contractedMinutesPerWeek: { min: 3 * 480, max: 3 * 480 }, maxConsecutiveShifts: 2 }],
      // Cover wants everyone every day of the first week and no one in the second.
      shiftCover: Array.from({ length: 14 }, (_, day) => ({
        day,
        shift: 'E',
        requirement: day < 7 ? 1 : 0,
        underWeight: 100,
        overWeight: 1,
      })),
    };
    const { kept, row } = rebuilt(p);
    expect(kept).toBe(true);
    expect(checkRoster(p, row).violations).toEqual([]);
    expect(row[0]!.slice(0, 7).filter((x) => x === 'E')).toHaveLength(3);
    expect(row[0]!.slice(7).filter((x) => x === 'E')).toHaveLength(3);
  });

  test('rows the greedy construction leaves breaking rules on a year-long instance come back keeping them', () => {
    // Instance 22: 50 people, 364 days, exact yearly minutes; the greedy start breaks nearly every row.
    const p = curtois(22);
    const ls = new RosterLocalSearch(p, new Random(3));
    ls.construct();
    const bad = ls.violators();
    expect(bad.length).toBeGreaterThan(10);
    const left = ls.rebuildRows(bad, Infinity, () => 0);
    // A heuristic, the builder may miss a row that exists (then HiGHS re-rosters that person).
    expect(left.length).toBeLessThanOrEqual(2);
    const kept = p.staff.map((_, e) => e).filter((e) => !left.includes(e));
    const roster = ls.toAssignment(ls.cells);
    const own = checkRoster(
      { ...p, staff: kept.map((e) => p.staff[e]!) },
      kept.map((e) => roster[e]!),
    );
    expect(own.violations).toEqual([]);
  });

  test('a sweep keeps only rebuilt rows that lower the cost; the checker agrees with its totals', () => {
    const p = curtois(18); // 22 people, 84 days
    const ls = new RosterLocalSearch(p, new Random(5));
    ls.construct();
    expect(ls.rebuildRows(ls.violators(), Infinity, () => 0)).toEqual([]);
    let before = ls.objective;
    expect(ls.sweep(Infinity, () => 0)).toBe(true);
    expect(ls.objective).toBeLessThan(before);
    // Sweeps never make the roster worse, and reach a point where no rebuilt row is better.
    for (let i = 0; i < 50 && ls.objective < before; i++) {
      before = ls.objective;
      ls.sweep(Infinity, () => 0);
      expect(ls.objective).toBeLessThanOrEqual(before);
    }
    expect(ls.objective).toBe(before);
    expect(ls.sweep(Infinity, () => 0)).toBe(false);
    const check = checkRoster(p, ls.toAssignment(ls.cells));
    expect(check.feasible).toBe(true);
    expect(check.evaluation.objective).toBeCloseTo(ls.objective, 6);
    expect(ls.bestObjective).toBeCloseTo(ls.objective, 6);
  });
});

describe('row builder on a window of a longer row (windowRules)', () => {
  const values = [null, 'E', 'L'] as const;
  const index = (x: string | null) => (x === null ? -1 : x === 'E' ? 0 : 1);

  /**
   * Random one-person problems with a row that keeps every rule; a random window of it and
   * random costs on the window's cells: the cheapest window row by enumeration (every other day
   * kept, the whole row checked by the checker) against the row builder's on windowRules.
   */
  function windowTrials(seed: number, withLimits: boolean) {
    const rng = new Random(seed);
    const out: Array<{ cost: number | null; best: number | null; whole: boolean }> = [];
    while (out.length < 30) {
      const p = randomProblem(rng, rng.int(8, 12), withLimits);
      const ls = new RosterLocalSearch(p, new Random(1));
      if (!ls.rebuildRow(0) || ls.hard > 0) continue; // no row keeps every rule
      const row = Array.from(ls.cells, (x) => x);
      const width = rng.int(2, Math.min(6, p.days - 1));
      const a = rng.int(0, p.days - width);
      const b = a + width;
      const cost = Float64Array.from({ length: width * 3 }, () => rng.int(-5, 5));
      const full = ls.columnInput().rules(0);
      const rules = windowRules(full, row, a, b);
      expect(rules.D).toBe(width);
      // Enumeration: every window row with the other days kept, checked as a whole row.
      let best: number | null = null;
      const trial = [...row];
      const visit = (d: number, c: number): void => {
        if (d === b) {
          const named = trial.map((x) => (x < 0 ? null : x === 0 ? 'E' : 'L'));
          if (checkRoster(p, [named]).feasible && (best === null || c < best)) best = c;
          return;
        }
        for (const v of values) {
          trial[d] = index(v);
          visit(d + 1, c + cost[(d - a) * 3 + (v === null ? 2 : index(v))]!);
        }
      };
      visit(a, 0);
      for (const got of [buildRow(rules, cost), buildRowWide(rules, cost, 100000)]) {
        let c: number | null = null;
        let whole = true;
        if (got) {
          c = 0;
          for (let d = 0; d < width; d++) c += cost[d * 3 + (got[d]! < 0 ? 2 : got[d]!)]!;
          const spliced = [...row];
          got.forEach((x, d) => (spliced[a + d] = x));
          whole = checkRoster(p, [spliced.map((x) => (x < 0 ? null : x === 0 ? 'E' : 'L'))]).feasible;
        }
        out.push({ cost: c, best, whole });
      }
    }
    return out;
  }

  test('finds the cheapest window row that keeps the whole row valid (runs across its edges, rest, minutes)', () => {
    const runs = windowTrials(11, false);
    for (const r of runs) {
      expect(r.whole).toBe(true);
      expect(r.cost).toBe(r.best);
    }
    // Windows where the edges bind: some leave fewer choices than the days alone would.
    expect(runs.filter((r) => r.best !== null).length).toBeGreaterThan(20);
  });

  test('with weekend and per-type limits, the window row never breaks them over the whole row', () => {
    const runs = windowTrials(5, true);
    for (const r of runs) {
      expect(r.whole).toBe(true);
      if (r.cost !== null) expect(r.cost).toBeGreaterThanOrEqual(r.best!);
    }
    expect(runs.filter((r) => r.cost !== null).length).toBeGreaterThan(20);
  });

  test('rejects a window outside the row, and one that splits a week of a weekly contract', () => {
    const p: RosterProblem = {
      days: 14,
      shiftTypes: [EARLY],
      staff: [{ id: 'A', contractedMinutesPerWeek: { min: 0, max: 3 * 480 } }],
    };
    const rules = new RosterLocalSearch(p, new Random(1)).columnInput().rules(0);
    const row = new Array<number>(14).fill(-1);
    expect(() => windowRules(rules, row, 3, 20)).toThrow(RangeError);
    expect(() => windowRules(rules, row, 3, 10)).toThrow(/whole weeks/);
    expect(windowRules(rules, row, 7, 14).D).toBe(7);
  });
});
