import type { MipModel, MipRow, MipVariable } from './model';

/** A model with fixed columns substituted out, and the way back to the original's values. */
export interface Reduced {
  readonly model: MipModel;
  /** Original index of each reduced column. */
  readonly kept: readonly number[];
  /** Value of every original column that was fixed (NaN for kept columns). */
  readonly fixed: Float64Array;
  /** A row left with no columns whose bounds its constant breaks: the model is infeasible. */
  readonly infeasible: boolean;
}

const EPS = 1e-9;

/**
 * A small presolve for solvers without one (javascript-lp-solver): repeatedly turns single-column
 * rows into bounds and substitutes columns whose bounds meet (lower = upper) into the rows' bounds
 * and the objective offset. An LP with the integers fixed (the planner's incumbent completion)
 * shrinks to its few free columns this way. Integer bounds are rounded inwards.
 */
export function removeFixedColumns(model: MipModel): Reduced {
  const n = model.variables.length;
  const lower = Float64Array.from(model.variables, (v) => v.lower);
  const upper = Float64Array.from(model.variables, (v) => v.upper);
  const rowAlive = new Uint8Array(model.rows.length).fill(1);
  let infeasible = false;
  const isFixed = (i: number) => upper[i]! - lower[i]! <= EPS;
  for (let changed = true; changed && !infeasible;) {
    changed = false;
    model.rows.forEach((r, k) => {
      if (!rowAlive[k]) return;
      let constant = 0;
      let free = -1;
      let freeCount = 0;
      for (let j = 0; j < r.indices.length; j++) {
        const i = r.indices[j]!;
        if (isFixed(i)) constant += r.coefs[j]! * lower[i]!;
        else {
          freeCount++;
          free = j;
        }
      }
      if (freeCount > 1) return;
      rowAlive[k] = 0;
      changed = true;
      const lo = r.lower - constant;
      const hi = r.upper - constant;
      if (freeCount === 0) {
        if (lo > 1e-7 || hi < -1e-7) infeasible = true;
        return;
      }
      const i = r.indices[free]!;
      const a = r.coefs[free]!;
      let l = a > 0 ? lo / a : hi / a;
      let u = a > 0 ? hi / a : lo / a;
      if (model.variables[i]!.integer) {
        l = Math.ceil(l - 1e-7);
        u = Math.floor(u + 1e-7);
      }
      lower[i] = Math.max(lower[i]!, l);
      upper[i] = Math.min(upper[i]!, u);
      if (lower[i]! > upper[i]! + 1e-7) infeasible = true;
      else if (upper[i]! < lower[i]!) upper[i] = lower[i]!;
    });
  }
  const kept: number[] = [];
  const newIndex = new Int32Array(n).fill(-1);
  const fixed = new Float64Array(n).fill(NaN);
  let offset = model.offset;
  for (let i = 0; i < n; i++) {
    if (isFixed(i)) {
      fixed[i] = lower[i]!;
      offset += model.variables[i]!.cost * lower[i]!;
    } else {
      newIndex[i] = kept.length;
      kept.push(i);
    }
  }
  const variables: MipVariable[] = kept.map((i) => ({
    ...model.variables[i]!,
    lower: lower[i]!,
    upper: upper[i]!,
  }));
  const rows: MipRow[] = [];
  model.rows.forEach((r, k) => {
    if (!rowAlive[k]) return;
    let constant = 0;
    const indices: number[] = [];
    const coefs: number[] = [];
    for (let j = 0; j < r.indices.length; j++) {
      const i = r.indices[j]!;
      if (newIndex[i]! < 0) constant += r.coefs[j]! * fixed[i]!;
      else {
        indices.push(newIndex[i]!);
        coefs.push(r.coefs[j]!);
      }
    }
    rows.push({ name: r.name, indices, coefs, lower: r.lower - constant, upper: r.upper - constant });
  });
  return { model: { variables, rows, offset }, kept, fixed, infeasible };
}

/** The original model's values from a solution of the reduced one. */
export function expandValues(reduced: Reduced, values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(reduced.fixed);
  reduced.kept.forEach((orig, i) => (out[orig] = values[i]!));
  return out;
}

/**
 * Whether `values` satisfy every bound, row and integrality of `model` within `tol` (absolute,
 * scaled by the row's size), and the objective they reach.
 */
export function evaluateSolution(
  model: MipModel,
  values: ArrayLike<number>,
  tol = 1e-6,
): { feasible: boolean; objective: number } {
  let objective = model.offset;
  let feasible = values.length === model.variables.length;
  model.variables.forEach((v, i) => {
    const x = values[i] ?? NaN;
    objective += v.cost * x;
    if (!(x >= v.lower - tol && x <= v.upper + tol)) feasible = false;
    if (v.integer && Math.abs(x - Math.round(x)) > tol) feasible = false;
  });
  for (const r of model.rows) {
    let s = 0;
    let scale = 1;
    for (let j = 0; j < r.indices.length; j++) {
      s += r.coefs[j]! * values[r.indices[j]!]!;
      scale = Math.max(scale, Math.abs(r.coefs[j]!));
    }
    if (s < r.lower - tol * scale || s > r.upper + tol * scale) feasible = false;
  }
  return { feasible, objective };
}
