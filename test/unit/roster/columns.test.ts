import { checkRoster, type RosterProblem, type Staff } from '../../../solver/roster';
import { columnDive, spliceWindow, windowCells, windowInput } from '../../../solver/roster/columns';
import { windowDays, windowSchedule } from '../../../solver/roster/solve';
import { RosterLocalSearch } from '../../../solver/roster/local-search';
import { buildRow, buildRowWide, type RowRules } from '../../../solver/roster/row-builder';
import { Random } from '../../../solver/roster/random';
import { curtois } from './helpers';
import { bruteForce, EARLY, LATE, randomWishes } from './one-person';

/**
 * One person over 8–9 days starting on a Saturday or Sunday, so the horizon holds two weekends
 * and a maximum of one binds, at most 0–2 lates, with random runs, minutes, requests and cover.
 */
function onePerson(rng: Random): RosterProblem {
  const days = rng.int(8, 9);
  const maxCons = rng.int(2, 5);
  const shifts = rng.int(3, 6);
  const staff: Staff = {
    id: 'A',
    maxConsecutiveShifts: maxCons,
    minConsecutiveShifts: rng.int(1, Math.min(3, maxCons)),
    minConsecutiveDaysOff: rng.int(1, 2),
    totalMinutes: { min: shifts * 480, max: shifts * 480 + rng.int(0, 3) * 120 },
    maxWeekends: 1,
    maxShiftsPerType: { L: rng.int(0, 2) },
  };
  return {
    days,
    firstWeekday: rng.int(5, 6),
    shiftTypes: [EARLY, LATE],
    staff: [staff],
    ...randomWishes(rng, days),
  };
}

/** The local search's view of `p`, a clock from now, and a first dive over everyone. */
async function firstDive(p: RosterProblem) {
  const ls = new RosterLocalSearch(p, new Random(1));
  const t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const r = await columnDive(ls.columnInput(), { now, deadline: 60 });
  return { ls, now, r, roster: r.cells ? ls.toAssignment(r.cells) : null };
}

/** The single dive's objective on `p`, then seeded random dives until `stallDives` find nothing better. */
async function randomDives(p: RosterProblem, stallDives: number) {
  const { ls, now, r: first, roster } = await firstDive(p);
  const single = checkRoster(p, roster!).evaluation.objective;
  const rng = new Random(3);
  const r = await columnDive(ls.columnInput(), {
    now,
    deadline: now() + 600,
    random: () => rng.next(),
    stallDives,
  });
  return { first, single, r, check: checkRoster(p, ls.toAssignment(r.cells!)) };
}

describe('column generation and diving over whole rows', () => {
  test("pricing keeps a limited type's count as state: a cheap late on day 0 does not crowd out saving it for day 1", () => {
    // Two interchangeable 480-minute types, at most one L. Day 0: E −9, L −10; day 1: L −100.
    const rules: RowRules = {
      D: 2,
      S: 2,
      allowed: new Uint8Array(4).fill(1),
      forbid: new Uint8Array(4),
      len: Int32Array.from([480, 480]),
      maxType: Int32Array.from([2, 1]),
      minMinutes: 0,
      maxMinutes: 960,
      maxConsecutive: 2,
      minConsecutive: 1,
      minDaysOff: 1,
      maxWeekends: 1,
      weekendOf: Int32Array.from([-1, -1]),
      weekly: null,
    };
    // cost[d·3 + x], x = 2 the day off
    const cost = Float64Array.from([-9, -10, 0, 0, -100, 0]);
    expect(Array.from(buildRowWide(rules, cost, 1000)!)).toEqual([0, 1]);
    // The fast builder carries the count as a resource, not state, and misses it (−100 at best).
    expect(Array.from(buildRow(rules, cost)!)).not.toEqual([0, 1]);
  });

  test("a day the person must work (a dive's fixed cell) is worked even when the day off is cheaper", () => {
    const rules: RowRules = {
      D: 3,
      S: 1,
      allowed: new Uint8Array(3).fill(1),
      forbid: new Uint8Array(1),
      len: Int32Array.from([480]),
      maxType: Int32Array.from([3]),
      minMinutes: 0,
      maxMinutes: 1440,
      maxConsecutive: 3,
      minConsecutive: 1,
      minDaysOff: 1,
      maxWeekends: 1,
      weekendOf: Int32Array.from([-1, -1, -1]),
      weekly: null,
    };
    const cost = Float64Array.from([5, 0, 5, 0, 5, 0]); // working costs 5 a day, the day off 0
    expect(Array.from(buildRowWide(rules, cost, 1000)!)).toEqual([-1, -1, -1]);
    const mustWork = Uint8Array.from([0, 1, 0]);
    expect(Array.from(buildRowWide({ ...rules, mustWork }, cost, 1000)!)).toEqual([-1, 0, -1]);
    // With no shift allowed that day, there is no row.
    const allowed = Uint8Array.from([1, 0, 1]);
    expect(buildRowWide({ ...rules, mustWork, allowed }, cost, 1000)).toBeNull();
  });

  test('one person: the dive lands on the best row, weekend and per-type limits and all (pricing exact there)', async () => {
    const rng = new Random(5);
    let withRow = 0;
    for (let t = 0; t < 30; t++) {
      const p = onePerson(rng);
      const { best } = bruteForce(p);
      const { r, roster } = await firstDive(p);
      if (!Number.isFinite(best)) {
        // No row keeps the rules: the dive has no row to start from.
        expect(roster).toBeNull();
        continue;
      }
      withRow++;
      expect(roster).not.toBeNull();
      const check = checkRoster(p, roster!);
      expect(check.violations).toEqual([]);
      expect(check.evaluation.objective).toBe(best);
      expect(r.rootConverged).toBe(true);
      expect(r.rootLp).toBeCloseTo(best, 6);
    }
    expect(withRow).toBeGreaterThan(15);
  });

  test('Curtois Instance4: a roster keeping every rule at its proven optimum 1,716', async () => {
    const p = curtois(4);
    const { r, roster } = await firstDive(p);
    expect(roster).not.toBeNull();
    const check = checkRoster(p, roster!);
    expect(check.violations).toEqual([]);
    expect(check.evaluation.objective).toBe(1716);
    expect(r.rootLp).toBeLessThanOrEqual(1716 + 1e-6);
  });

  test('randomised dives after the first keep the best roster: Curtois Instance5 from 1,151 to its best known 1,143', async () => {
    const { first, single, r, check } = await randomDives(curtois(5), 100);
    expect(r.complete).toBe(true);
    expect(r.dives).toBeGreaterThan(first.dives);
    expect(check.violations).toEqual([]);
    expect(single).toBe(1151);
    expect(check.evaluation.objective).toBe(1143);
  });

  test('without a start, a root cut short by the clock still dives, and the time running out rounds the rest', async () => {
    const p = curtois(5);
    const ls = new RosterLocalSearch(p, new Random(1));
    let t = 0;
    const now = () => (t += 0.1); // a clock that moves on at every reading: three root rounds
    const r = await columnDive(ls.columnInput(), { now, deadline: 1 });
    expect(r.rootConverged).toBe(false);
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.complete).toBe(false);
    expect(checkRoster(p, ls.toAssignment(r.cells!)).violations).toEqual([]);
  });

  test("with a random source the first dive is on cells: alone it lands on Curtois Instance4's optimum 1,716", async () => {
    const p = curtois(4);
    const ls = new RosterLocalSearch(p, new Random(1));
    const t0 = performance.now();
    const now = () => (performance.now() - t0) / 1000;
    const rng = new Random(3);
    const r = await columnDive(ls.columnInput(), {
      now,
      deadline: 600,
      random: () => rng.next(),
      stallDives: 0,
    });
    expect(r.dives).toBe(1);
    expect(r.complete).toBe(true);
    const check = checkRoster(p, ls.toAssignment(r.cells!));
    expect(check.violations).toEqual([]);
    expect(check.evaluation.objective).toBe(1716);
  });

  test('dives on cells and rows alternating beat the single dive on rows: Curtois Instance6', async () => {
    const { single, r, check } = await randomDives(curtois(6), 2);
    expect(r.complete).toBe(true);
    expect(r.dives).toBeGreaterThanOrEqual(3);
    expect(check.violations).toEqual([]);
    expect(single).toBe(1959);
    expect(check.evaluation.objective).toBeLessThan(single);
  });

  test('people to keep keep their start rows; the others are re-rostered around them', async () => {
    const p = curtois(5);
    const { ls, now, r: first } = await firstDive(p);
    const start = first.cells!;
    const { E, D } = ls;
    const keep = Uint8Array.from({ length: E }, (_, e) => (e % 2 === 0 ? 1 : 0));
    const r = await columnDive(ls.columnInput(), { now, deadline: now() + 60, start, keep });
    expect(r.complete).toBe(true);
    for (let e = 0; e < E; e++)
      if (keep[e])
        expect(Array.from(r.cells!.subarray(e * D, e * D + D))).toEqual(
          Array.from(start.subarray(e * D, e * D + D)),
        );
    expect(checkRoster(p, ls.toAssignment(r.cells!)).violations).toEqual([]);
  });

  test('with a start and no time for the root, there is no dive (the caller keeps its roster); keeping everyone returns the start', async () => {
    const p = curtois(1);
    const { ls, now, r: first } = await firstDive(p);
    const start = first.cells!;
    const late = await columnDive(ls.columnInput(), { now, deadline: 0, start });
    expect(late.cells).toBeNull();
    expect(late.rootConverged).toBe(false);
    const kept = await columnDive(ls.columnInput(), {
      now,
      deadline: now() + 60,
      start,
      keep: new Uint8Array(ls.E).fill(1),
    });
    expect(Array.from(kept.cells!)).toEqual(Array.from(start));
  });
});

describe('column generation over a window of days (windowInput)', () => {
  test('re-rosters everyone over four weeks of Curtois 18 around the rest of the year, keeping every rule across the edges', async () => {
    const p = curtois(18); // 22 people, 84 days
    const ls = new RosterLocalSearch(p, new Random(5));
    ls.construct();
    expect(ls.rebuildRows(ls.violators(), Infinity, () => 0)).toEqual([]);
    const before = Int32Array.from(ls.cells);
    const startObjective = checkRoster(p, ls.toAssignment(before)).evaluation.objective;
    const D = p.days;
    const E = p.staff.length;
    const [a, b] = [30, 58]; // not whole weeks: the runs at both edges cut through work and days off
    const input = windowInput(ls.columnInput(), before, a, b);
    expect(input.D).toBe(b - a);
    const start = windowCells(before, D, a, b);
    expect(start).toHaveLength(E * (b - a));
    const r = await columnDive(input, { now: () => 0, deadline: 1, start });
    expect(r.rootConverged).toBe(true);
    expect(r.cells).not.toBeNull();
    const after = spliceWindow(before, D, a, b, r.cells!);
    const check = checkRoster(p, ls.toAssignment(after));
    expect(check.violations).toEqual([]);
    expect(check.evaluation.objective).toBeLessThan(startObjective);
    // Only the window changed.
    for (let e = 0; e < E; e++)
      for (let d = 0; d < D; d++) if (d < a || d >= b) expect(after[e * D + d]).toBe(before[e * D + d]);
  });

  test('windows are whole weeks, sized by staff × shift types, only where whole rows cost too much or the horizon is long', () => {
    expect(windowDays(curtois(12))).toBe(0); // 28 days, whole rows affordable
    expect(windowDays(curtois(22))).toBe(28); // 50 × 10: √800 → 4 weeks
    expect(windowDays(curtois(24))).toBe(7); // 150 × 32
    expect(windowDays(curtois(16))).toBe(28); // 56 days: at most half
  });

  test('each pass of windows rolls by half a window and starts three days later than the last, unless weeks must be whole', () => {
    const p = curtois(16); // 56 days, no weekly contracts
    const next = windowSchedule(p, 28);
    const windows = Array.from({ length: 8 }, () => next());
    expect(windows).toEqual([
      [0, 28],
      [14, 42],
      [28, 56], // the pass ends at the horizon's end
      [3, 31],
      [17, 45],
      [31, 56],
      [6, 34],
      [20, 48],
    ]);
    const weekly: RosterProblem = {
      ...p,
      staff: p.staff.map((e) => ({ ...e, contractedMinutesPerWeek: { min: 0, max: 3000 } })),
    };
    const whole = windowSchedule(weekly, 7);
    const starts = Array.from({ length: 20 }, () => whole()[0]);
    expect(starts.every((a) => a % 7 === 0)).toBe(true);
    expect(starts.slice(7, 9)).toEqual([49, 0]); // a pass of one-week windows: 0, 7, …, 49
  });
});
