import { ModelBuilder } from '../../../solver/mip';
import { evaluateSolution, expandValues, removeFixedColumns } from '../../../solver/mip/presolve';

describe('presolve for backends without one', () => {
  test('substitutes fixed columns and turns single-column rows into bounds', () => {
    const b = new ModelBuilder();
    const x = b.addVar('x', { lower: 1, upper: 1, integer: true, cost: 5 });
    const y = b.addVar('y', { upper: 10, cost: 1 });
    const z = b.addVar('z', { upper: 10, cost: -1 });
    // y ≤ 4·x → y ≤ 4 once x is fixed; y + z ≥ 3 keeps both free.
    b.le(
      'link',
      [
        [y, 1],
        [x, -4],
      ],
      0,
    );
    b.ge(
      'sum',
      [
        [y, 1],
        [z, 1],
      ],
      3,
    );
    const r = removeFixedColumns(b.build());
    expect(r.infeasible).toBe(false);
    expect(r.model.variables.map((v) => [v.name, v.lower, v.upper])).toEqual([
      ['y', 0, 4],
      ['z', 0, 10],
    ]);
    expect(r.model.rows.map((row) => row.name)).toEqual(['sum']);
    expect(r.model.offset).toBe(5);
    expect(Array.from(expandValues(r, [2, 1]))).toEqual([1, 2, 1]);
  });

  test('rounds integer bounds inwards and detects a row that cannot hold', () => {
    const b = new ModelBuilder();
    const x = b.addVar('x', { upper: 10, integer: true });
    b.le('half', [[x, 2]], 5); // x ≤ 2.5 → x ≤ 2
    expect(removeFixedColumns(b.build()).model.variables[0]!.upper).toBe(2);

    const c = new ModelBuilder();
    const f = c.addVar('f', { lower: 3, upper: 3 });
    c.le('cap', [[f, 1]], 2);
    expect(removeFixedColumns(c.build()).infeasible).toBe(true);
  });

  test('evaluates a solution: bounds, rows, integrality and objective', () => {
    const b = new ModelBuilder();
    const x = b.addVar('x', { upper: 1, integer: true, cost: 2 });
    const y = b.addVar('y', { cost: 1 });
    b.ge(
      'g',
      [
        [x, 1],
        [y, 1],
      ],
      1,
    );
    b.addOffset(3);
    const m = b.build();
    expect(evaluateSolution(m, [1, 0])).toEqual({ feasible: true, objective: 5 });
    expect(evaluateSolution(m, [0.5, 0.5]).feasible).toBe(false); // fractional integer
    expect(evaluateSolution(m, [0, 0]).feasible).toBe(false); // row broken
    expect(evaluateSolution(m, [2, 0]).feasible).toBe(false); // bound broken
  });
});
