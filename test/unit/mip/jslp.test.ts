import { highsBackend, jslpBackend, MAX_DENSE_ENTRIES, ModelBuilder, toJslpModel } from '../../../solver/mip';

/** max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3, x, y integer → x = 3, y = 1, value 11. */
function small() {
  const b = new ModelBuilder();
  const x = b.addVar('x', { upper: 3, integer: true, cost: -3 });
  const y = b.addVar('y', { integer: true, cost: -2 });
  b.le(
    'c1',
    [
      [x, 1],
      [y, 1],
    ],
    4,
  );
  b.le(
    'c2',
    [
      [x, 1],
      [y, 3],
    ],
    6,
  );
  return b.build();
}

describe('javascript-lp-solver backend', () => {
  test('solves a small MIP to the same optimum as HiGHS', async () => {
    const j = await jslpBackend.solve(small(), { timeLimitSeconds: 5 });
    const h = await highsBackend.solve(small(), { timeLimitSeconds: 5 });
    expect(j.objective).toBeCloseTo(-11, 6);
    expect(h.objective).toBeCloseTo(-11, 6);
    expect(Array.from(j.values!)).toEqual([3, 1]);
  });

  test('variable bounds become rows, equalities stay equalities', () => {
    const b = new ModelBuilder();
    const x = b.addVar('x', { lower: -2, upper: 5 });
    b.eq('e', [[x, 1]], 1);
    const m = toJslpModel(b.build());
    expect(m.constraints).toMatchObject({ lb0: { min: -2 }, ub0: { max: 5 }, r0: { equal: 1 } });
    expect(m.unrestricted).toEqual({ v0: 1 });
  });

  test('reports infeasibility as a value', async () => {
    const b = new ModelBuilder();
    const x = b.addVar('x', { upper: 1 });
    b.ge('g', [[x, 1]], 2);
    expect((await jslpBackend.solve(b.build(), { timeLimitSeconds: 5 })).status).toBe('infeasible');
  });

  test('is stopped at its time limit and keeps a feasible start as its answer', async () => {
    // The worker cannot even load the solver within a millisecond: the limit must end the solve.
    const r = await jslpBackend.solve(small(), { timeLimitSeconds: 0.001, initialValues: [2, 1] });
    expect(r.status).toBe('time_limit');
    expect(Array.from(r.values!)).toEqual([2, 1]);
    expect(r.objective).toBeCloseTo(-8, 6);
  });

  test('an infeasible start is not kept', async () => {
    const r = await jslpBackend.solve(small(), { timeLimitSeconds: 0.001, initialValues: [3, 3] });
    expect(r.status).toBe('time_limit');
    expect(r.values).toBeNull();
  });

  test('its own better answer replaces the start', async () => {
    const r = await jslpBackend.solve(small(), { timeLimitSeconds: 5, initialValues: [2, 1] });
    expect(Array.from(r.values!)).toEqual([3, 1]);
    expect(r.status).toBe('optimal');
  });

  test('a model too large for its dense tableau is not started; a feasible start is kept', async () => {
    const b = new ModelBuilder();
    // n − 1 bounded columns stay after presolve (x0 is fixed by its row), each a bound row.
    const n = Math.ceil(Math.sqrt(MAX_DENSE_ENTRIES)) + 2;
    for (let i = 0; i < n; i++) b.addVar(`x${i}`, { upper: 1, cost: 1 });
    b.ge('some', [[0, 1]], 1);
    const model = b.build();
    const start = new Float64Array(n);
    start[0] = 1;
    const kept = await jslpBackend.solve(model, { timeLimitSeconds: 60, initialValues: start });
    expect(kept.status).toBe('feasible');
    expect(kept.objective).toBe(1);
    expect(kept.detail).toMatch(/too large for jslp/);
    const none = await jslpBackend.solve(model, { timeLimitSeconds: 60 });
    expect(none.status).toBe('error');
    expect(none.values).toBeNull();
  });
});
