import { checkRoster, solveRoster } from '../../../solver/roster';
import { buildRosterModel } from '../../../solver/roster/model';
import { HighsSession } from '../../../solver/roster/session';
import { coverOn, curtois, oneStaff, problem } from './helpers';

describe('solveRoster outcomes are values', () => {
  test('an invalid problem is rejected with reasons in words', async () => {
    const r = await solveRoster(problem({ days: 2, shiftCover: coverOn('X', [0]) }), { timeLimitSeconds: 5 });
    expect(r.status).toBe('rejected');
    expect(r.messages.join()).toMatch(/unknown shift X/);
    expect(r.assignment).toBeNull();
  });

  test('a time limit that would never end, or a negative gap or cell cap, is rejected by name', async () => {
    const p = problem({ days: 2, shiftCover: coverOn('D', [0]) });
    for (const timeLimitSeconds of [NaN, Infinity, 0, -1]) {
      const r = await solveRoster(p, { timeLimitSeconds });
      expect(r.status).toBe('rejected');
      expect(r.messages).toEqual(['options.timeLimitSeconds: must be a positive, finite number of seconds']);
    }
    const r = await solveRoster(p, { timeLimitSeconds: 1, relativeGap: -1, maxMipCells: NaN });
    expect(r.messages.join('\n')).toMatch(/options.relativeGap.*\n.*options.maxMipCells/);
  });

  test('minimum hours that cannot be met make the problem infeasible', async () => {
    const p = problem({ days: 3, staff: [oneStaff({ totalMinutes: { min: 480 * 3 }, daysOff: [1] })] });
    const r = await solveRoster(p, { timeLimitSeconds: 5 });
    expect(r.status).toBe('infeasible');
    expect(r.messages.join()).toMatch(/minimum of hours/);
  });

  test('terms, cover detail and bound are reported with the roster', async () => {
    const p = problem({ days: 2, shiftCover: coverOn('D', [0, 1], 2) });
    const progress: number[] = [];
    const r = await solveRoster(p, { timeLimitSeconds: 5, onProgress: (x) => progress.push(x.seconds) });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(200);
    expect(r.bound).toBe(200);
    expect(r.gap).toBe(0);
    expect(r.underCover).toBe(2);
    expect(r.terms.find((t) => t.name === 'cover under')?.value).toBe(200);
    expect(r.cover).toEqual([
      { day: 0, slot: 'D', required: 2, rostered: 1, under: 1, over: 0 },
      { day: 1, slot: 'D', required: 2, rostered: 1, under: 1, over: 0 },
    ]);
  });

  test('a feasible initial roster is accepted as a start; an infeasible one is ignored', async () => {
    const p = problem({
      days: 2,
      staff: [oneStaff({ maxShiftsPerType: { D: 1 } })],
      shiftCover: coverOn('D', [0, 1]),
    });
    const ok = await solveRoster(p, { timeLimitSeconds: 5, initialAssignment: [['D', null]] });
    expect(ok.objective).toBe(100);
    const bad = await solveRoster(p, { timeLimitSeconds: 5, initialAssignment: [['D', 'D']] });
    expect(bad.objective).toBe(100);
    expect(bad.messages.join()).toMatch(/initial roster ignored/);
  });
});

describe('when the MIP engine fails mid-solve', () => {
  test('the local search still returns a roster that passes the checker, and says why', async () => {
    // HiGHS in WebAssembly aborts when a model outgrows its memory (Curtois 24); simulated here by
    // an engine that throws on every solve, as the aborted runtime does.
    const spy = jest.spyOn(HighsSession.prototype, 'solve').mockImplementation(() => {
      throw new Error('RuntimeError: Aborted()');
    });
    try {
      const p = curtois(2);
      const r = await solveRoster(p, { timeLimitSeconds: 2, seed: 1 });
      expect(r.assignment).not.toBeNull();
      expect(checkRoster(p, r.assignment!).feasible).toBe(true);
      expect(r.objective).toBe(checkRoster(p, r.assignment!).evaluation.objective);
      expect(r.status).toBe('time_limit');
      expect(r.messages.join()).toMatch(/MIP engine failed.*local search/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a model too large for the MIP engine', () => {
  test('is not built: the local search returns a checked roster, without a bound, and says why', async () => {
    const p = curtois(2);
    const spy = jest.spyOn(HighsSession, 'open');
    try {
      const r = await solveRoster(p, { timeLimitSeconds: 2, seed: 1, maxMipCells: 100 });
      expect(r.assignment).not.toBeNull();
      const check = checkRoster(p, r.assignment!);
      expect(check.feasible).toBe(true);
      expect(r.objective).toBe(check.evaluation.objective);
      expect(r.bound).toBeNull();
      expect(r.messages.join()).toMatch(/too large for the MIP engine.*local search/);
      // Only one-person repair models may be opened, never the whole roster's.
      const whole = buildRosterModel(p).model.variables.length;
      for (const [model] of spy.mock.calls) expect(model.variables.length).toBeLessThan(whole / 2);
    } finally {
      spy.mockRestore();
    }
  });

  test('a problem the local search does not model gets the MIP whatever its size', async () => {
    // Fair shares of early shifts are a term only the MIP models.
    const p = { ...curtois(1), fairEarlyShifts: { weight: 1 } };
    const r = await solveRoster(p, { timeLimitSeconds: 5, seed: 1, maxMipCells: 100 });
    expect(r.assignment).not.toBeNull();
    expect(r.bound).not.toBeNull();
    expect(r.messages.join()).not.toMatch(/too large/);
  });

  test("on eight weeks (Curtois 16) windows of days spliced into the roster leave it checked and its objective the checker's", async () => {
    const p = curtois(16);
    const r = await solveRoster(p, { timeLimitSeconds: 6, seed: 1, maxMipCells: 100 });
    expect(r.assignment).not.toBeNull();
    const check = checkRoster(p, r.assignment!);
    expect(check.violations).toEqual([]);
    expect(r.objective).toBe(check.evaluation.objective);
  });
});
