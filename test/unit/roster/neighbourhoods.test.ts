import { OFF } from '../../../solver/roster/local-search';
import { buildRosterModel } from '../../../solver/roster/model';
import { Neighbourhoods } from '../../../solver/roster/neighbourhoods';
import { Random } from '../../../solver/roster/random';
import type { RosterProblem, ShiftRequest } from '../../../solver/roster';
import { coverOn, DAY } from './helpers';

const E = 12;
const D = 28;

/** Twelve people on one shift type, no cover left unmet, and one request. */
function withRequest(request: ShiftRequest): RosterProblem {
  const days = Array.from({ length: D }, (_, d) => d);
  return {
    days: D,
    shiftTypes: [DAY],
    staff: Array.from({ length: E }, (_, e) => ({ id: `S${e}` })),
    shiftCover: coverOn('D', days, 0),
    requests: [request],
  };
}

/** How many of `draws` neighbourhoods free the cell of person `e` on day `d`. */
function timesFreed(problem: RosterProblem, cells: Int32Array, e: number, d: number, draws = 400): number {
  const lns = new Neighbourhoods(problem, buildRosterModel(problem), new Random(7));
  let n = 0;
  for (let i = 0; i < draws; i++) if (lns.next([], cells)[e * D + d] === 1) n++;
  return n;
}

describe('roster neighbourhoods: requests the incumbent does not grant', () => {
  // Everyone works weekdays; person 3 is off on day 20 (a Saturday) and works day 9.
  const cells = new Int32Array(E * D).fill(OFF);
  for (let e = 0; e < E; e++) for (let d = 0; d < D; d++) if (d % 7 < 5) cells[e * D + d] = 0;

  test('a shift-on request left ungranted draws windows to its day, with the requester free', () => {
    const problem = withRequest({ staff: 'S3', day: 20, shift: 'D', weight: 1, kind: 'on' });
    const broken = timesFreed(problem, cells, 3, 20);
    const granted = cells.slice();
    granted[3 * D + 20] = 0;
    const kept = timesFreed(problem, granted, 3, 20);
    expect(broken).toBeGreaterThan(2 * kept);
  });

  test('a shift-off request left ungranted does the same', () => {
    const problem = withRequest({ staff: 'S5', day: 9, shift: 'D', weight: 2, kind: 'off' });
    const broken = timesFreed(problem, cells, 5, 9);
    const granted = cells.slice();
    granted[5 * D + 9] = OFF;
    const kept = timesFreed(problem, granted, 5, 9);
    expect(broken).toBeGreaterThan(2 * kept);
  });
});

describe('roster neighbourhoods: weekends', () => {
  // Everyone works weekdays; person 3 also works Saturday day 5, so works one day of a weekend.
  const cells = new Int32Array(E * D).fill(OFF);
  for (let e = 0; e < E; e++) for (let d = 0; d < D; d++) if (d % 7 < 5) cells[e * D + d] = 0;
  cells[3 * D + 5] = 0;
  // Every weekend and the Friday before and Monday after it (day 28 is past the horizon).
  const weekendDays = [4, 5, 6, 7, 11, 12, 13, 14, 18, 19, 20, 21, 25, 26, 27];
  const problem = (shortDay: number): RosterProblem => ({
    days: D,
    shiftTypes: [DAY],
    staff: Array.from({ length: E }, (_, e) => ({ id: `S${e}` })),
    shiftCover: coverOn('D', [shortDay], E + 1),
  });
  /** Draws freeing exactly person 3's weekends and the days either side of them. */
  function weekendDraws(p: RosterProblem): number {
    const lns = new Neighbourhoods(p, buildRosterModel(p), new Random(3));
    let n = 0;
    for (let i = 0; i < 400; i++) {
      const free = lns.next([], cells);
      const mine = Array.from({ length: D }, (_, d) => d).filter((d) => free[3 * D + d] === 1);
      if (mine.join() === weekendDays.join()) n++;
    }
    return n;
  }

  test('a short weekend slot frees someone working half a weekend over every weekend, across weeks', () => {
    expect(weekendDraws(problem(6))).toBeGreaterThan(20);
  });

  test('with only a weekday slot short, no neighbourhood takes that shape', () => {
    expect(weekendDraws(problem(9))).toBe(0);
  });
});
