import { evaluateSolution } from '../../../solver/mip/presolve';
import { buildRosterModel } from '../../../solver/roster/model';
import { HighsSession } from '../../../solver/roster/session';
import { curtois } from './helpers';

describe('HiGHS session: stopping a stalled branch-and-bound', () => {
  // Instance 5's root bound is far below its optimum, so the solve never closes in 2 s.
  const problem = curtois(5);
  const rm = buildRosterModel(problem);
  let session: HighsSession;
  beforeAll(async () => {
    session = await HighsSession.open(rm.model, 1);
  });
  afterAll(() => session.dispose());

  test('an incumbent that does not improve while the gap is open stops the solve with it', () => {
    const r = session.solve({ timeLimitSeconds: 2, relativeGap: 1e-4, stallSeconds: 0, stallGap: 0 });
    expect(r.status).toBe('interrupted');
    expect(r.values).not.toBeNull();
    expect(r.objective).not.toBeNull();
  });

  test('a solve whose gap is within the stall gap goes on to its time limit', () => {
    const r = session.solve({ timeLimitSeconds: 2, relativeGap: 1e-4, stallSeconds: 0, stallGap: 1 });
    expect(r.status).toBe('time_limit');
    expect(r.values).not.toBeNull();
  });
});

describe('HiGHS session: a neighbourhood solved as a model of its own', () => {
  // Instance 1: 8 people, 14 days, one shift type. Everyone but the first two is held off work.
  const problem = curtois(1);
  const rm = buildRosterModel(problem);
  const D = problem.days;
  const heldOff = Array.from(rm.x).filter((v, c) => v >= 0 && Math.floor(c / D) >= 2);
  let session: HighsSession;
  beforeAll(async () => {
    session = await HighsSession.open(rm.model, 1);
  });
  afterAll(() => session.dispose());

  const fixings = (indices: number[], value: number) => ({
    fixIndices: Int32Array.from(indices),
    fixValues: new Float64Array(indices.length).fill(value),
  });

  test('reaches the same optimum as the whole model with the same columns fixed, in full values', () => {
    const opts = { timeLimitSeconds: 20, relativeGap: 0, absoluteGap: 0.5, ...fixings(heldOff, 0) };
    const whole = session.solve(opts);
    const extracted = session.solve({ ...opts, extract: true });
    expect(whole.status).toBe('optimal');
    expect(extracted.status).toBe('optimal');
    expect(extracted.objective).toBeCloseTo(whole.objective!, 6);
    // Full-length values that keep every fixing and every row of the whole model.
    expect(extracted.values).toHaveLength(rm.model.variables.length);
    for (const i of heldOff) expect(extracted.values![i]).toBe(0);
    const check = evaluateSolution(rm.model, extracted.values!);
    expect(check.feasible).toBe(true);
    expect(check.objective).toBeCloseTo(extracted.objective!, 6);
  });

  test('takes a sparse start given in the whole model’s columns', () => {
    const start = { indices: Int32Array.from(heldOff), values: new Float64Array(heldOff.length) };
    const r = session.solve({
      timeLimitSeconds: 20,
      relativeGap: 0,
      absoluteGap: 0.5,
      extract: true,
      start,
      ...fixings(heldOff, 0),
    });
    expect(r.status).toBe('optimal');
  });

  test('fixings that break a hard rule on their own are infeasible, as for the whole model', () => {
    // The first person on every day they can work: longer than any run they may work.
    const everyDay = Array.from(rm.x).filter((v, c) => v >= 0 && Math.floor(c / D) === 0);
    const opts = { timeLimitSeconds: 5, relativeGap: 1e-4, ...fixings(everyDay, 1) };
    expect(session.solve(opts).status).toBe('infeasible');
    const r = session.solve({ ...opts, extract: true });
    expect(r.status).toBe('infeasible');
    expect(r.values).toBeNull();
  });
});
