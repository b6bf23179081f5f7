import { checkRoster, type RosterAssignment } from '../../../solver/roster';
import { RosterLocalSearch } from '../../../solver/roster/local-search';
import { Random } from '../../../solver/roster/random';
import { repairRows, rowProblem, solveRow } from '../../../solver/roster/rows';
import { coverAll, curtois, DAY, problem } from './helpers';

describe('one person re-rostered against the others', () => {
  const p = problem({
    days: 3,
    shiftTypes: [DAY],
    staff: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
    requests: [
      { staff: 'A', day: 0, shift: 'D', weight: 2, kind: 'off' },
      { staff: 'B', day: 1, shift: 'D', weight: 3, kind: 'on' },
    ],
    shiftCover: coverAll('D', 3, [0, 1], 2),
  });

  test('its cover rows keep what the others leave uncovered, and only its requests', () => {
    const sub = rowProblem(
      p,
      [
        ['D', null, null],
        ['D', 'D', null],
        [null, 'D', 'D'],
      ],
      0,
    );
    expect(sub.staff.map((s) => s.id)).toEqual(['A']);
    expect(sub.requests).toEqual([{ staff: 'A', day: 0, shift: 'D', weight: 2, kind: 'off' }]);
    // Day 0: B alone of the others (1 of 2 still needed); day 1: B and C (none); day 2: C (none,
    // and over-cover priced as before).
    expect(sub.shiftCover!.map((c) => c.requirement)).toEqual([1, 0, 0]);
    expect(sub.shiftCover!.map((c) => c.overWeight)).toEqual([1, 1, 1]);
  });

  test('the best row for the person is the best roster with everyone else fixed', async () => {
    // A covers day 0 (under-cover 100 beats its off request of 2) and stays off days 1–2, where
    // one more person would only add over-cover.
    const { row } = await solveRow(
      p,
      [
        [null, null, null],
        ['D', 'D', null],
        [null, 'D', 'D'],
      ],
      0,
      5,
      1,
    );
    expect(row).toEqual(['D', null, null]);
  });

  test('rows the annealing left breaking rules come back keeping every rule', async () => {
    // Instance 16: each person works exactly 35 of 56 days (minutes 16,380–16,860 in 480-minute
    // shifts) in runs of 2–5 with at least 2 days off between, at most 4 weekends.
    const problem16 = curtois(16);
    const ls = new RosterLocalSearch(problem16, new Random(3));
    ls.construct();
    expect(ls.violators().length).toBeGreaterThan(0);
    const fixed = ls.violators().slice(0, 4);
    const assignment = ls.toAssignment(ls.cells).map((row) => row.slice());
    for (const e of fixed) {
      const { row } = await solveRow(problem16, assignment, e, 10, 1);
      expect(row).not.toBeNull();
      assignment[e] = row!;
    }
    ls.load(assignment);
    expect(ls.violators().filter((e) => fixed.includes(e))).toEqual([]);
    // The checker agrees, on those people alone.
    const own = checkRoster(
      { ...problem16, staff: fixed.map((e) => problem16.staff[e]!) },
      fixed.map((e) => assignment[e]!),
    );
    expect(own.violations).toEqual([]);
  });
});

describe('repairing every row that breaks a rule', () => {
  test('ends with a roster the checker accepts, telling the caller each pass', async () => {
    const problem16 = curtois(16);
    const ls = new RosterLocalSearch(problem16, new Random(3));
    ls.construct();
    const bad = ls.violators();
    expect(bad.length).toBeGreaterThan(0);
    let last: RosterAssignment = [];
    let seconds = 0;
    await repairRows(problem16, ls.toAssignment(ls.cells), bad, {
      deadline: Infinity,
      now: () => 0,
      shouldStop: () => false,
      seed: 1,
      onSolve: (s) => (seconds += s),
      violators: (assignment) => {
        last = assignment;
        ls.load(assignment);
        return ls.violators();
      },
    });
    expect(ls.violators()).toEqual([]);
    expect(checkRoster(problem16, last).feasible).toBe(true);
    expect(seconds).toBeGreaterThan(0);
  });
});
