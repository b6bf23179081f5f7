import { checkRoster } from '../../../solver/roster';
import { RosterLocalSearch } from '../../../solver/roster/local-search';
import { LocalSearchThread, SharedRoster } from '../../../solver/roster/parallel';
import { Random } from '../../../solver/roster/random';
import { curtois } from './helpers';

describe('shared roster slot', () => {
  test('a reader sees each written roster once, the latest one', () => {
    const writer = new SharedRoster(4);
    const reader = new SharedRoster(writer.buffer);
    expect(reader.read()).toBeNull();
    writer.write([0, 1, -1, 2], 10);
    writer.write([1, 1, -1, 2], 9);
    expect(reader.read()).toEqual({ cells: Int32Array.from([1, 1, -1, 2]), objective: 9 });
    expect(reader.read()).toBeNull();
    writer.write([2, 2, 2, 2], 8);
    expect(reader.read()?.objective).toBe(8);
  });

  test('a copy is independent of later writes', () => {
    const writer = new SharedRoster(2);
    const reader = new SharedRoster(writer.buffer);
    writer.write([1, 2], 5);
    const got = reader.read()!;
    writer.write([3, 4], 4);
    expect(Array.from(got.cells)).toEqual([1, 2]);
  });
});

describe('local search in a second thread', () => {
  test('publishes better rosters that meet every hard rule, and stops when told', async () => {
    const problem = curtois(5);
    const ls = new RosterLocalSearch(problem, new Random(5));
    ls.construct();
    expect(ls.repair({ seconds: 1, now: () => ls.iterations / 1e6 })).toBe(true);
    ls.noteCurrent();
    const thread = new LocalSearchThread(problem, 7, Int32Array.from(ls.cells), ls.objective, 2e5);
    try {
      let got: { cells: Int32Array; objective: number } | null = null;
      // The thread's first bursts improve a freshly repaired roster; wait for its first report.
      for (let i = 0; i < 600 && !got; i++) {
        await new Promise((r) => setTimeout(r, 100));
        got = thread.poll();
      }
      expect(got).not.toBeNull();
      expect(got!.objective).toBeLessThan(ls.objective);
      const check = checkRoster(problem, ls.toAssignment(got!.cells));
      expect(check.feasible).toBe(true);
      expect(check.evaluation.objective).toBeCloseTo(got!.objective, 9);
    } finally {
      await thread.stop();
    }
  });
});
