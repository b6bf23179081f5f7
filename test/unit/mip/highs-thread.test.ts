import { ModelBuilder, solveHighsInThread } from '../../../solver/mip';

describe('HiGHS in a worker thread', () => {
  test('solves a small MIP to the same optimum as in the calling thread', async () => {
    // max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3, x, y integer → x = 3, y = 1.
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
    const r = await solveHighsInThread(b.build(), { timeLimitSeconds: 60 }).result;
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(-11, 6);
    expect(Array.from(r.values!)).toEqual([3, 1]);
  });
});
