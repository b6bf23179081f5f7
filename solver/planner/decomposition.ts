import { finite, getRuntime, highsBackend, loadModel, type HighsModel } from '../mip/highs';
import type { MipModel } from '../mip/model';
import { evaluateSolution } from '../mip/presolve';
import type { PlanModel } from './model';

export interface DecompositionOptions {
  /** Seconds on any clock; the column generation stops at `deadline`. */
  readonly now: () => number;
  readonly deadline: number;
  /** Relative gap of each engineer's pricing MIP (the bound uses the MIP's own dual bound). */
  readonly pricingGap?: number;
  /** Seconds one pricing MIP may take. */
  readonly pricingSeconds?: number;
  /**
   * After the bound, dive for a plan: fix engineers' columns one by one (re-pricing the others
   * after each), then solve the planning MIP with the fixed engineers held (see {@link DiveOptions}).
   */
  readonly dive?: DiveOptions;
}

export interface DiveOptions {
  /** The dive stops fixing once this share of the engineers is fixed (default 0.75). */
  readonly fixShare?: number;
  /** Seconds of the final MIP over the engineers left free (default 60), kept before the deadline. */
  readonly completeSeconds?: number;
}

export interface DivePlan {
  /** One value per model variable: a whole, feasible plan. */
  readonly values: Float64Array;
  readonly objective: number;
  /** Engineers held at a column when the final MIP ran. */
  readonly fixedEngineers: number;
  readonly seconds: number;
}

export interface DecompositionResult {
  /** The best Lagrangian bound seen: a valid lower bound on the planning MIP's optimum. */
  readonly bound: number;
  /** The restricted master LP's value when the column generation stopped. */
  readonly masterLp: number;
  /** Whether no engineer had an improving column left (then bound ≈ masterLp). */
  readonly converged: boolean;
  readonly rounds: number;
  readonly columns: number;
  /** Rows shared by several engineers (the master's), and rows of one engineer's alone. */
  readonly linkingRows: number;
  readonly engineerRows: number;
  /** The dive's plan (when asked for and found). */
  readonly plan: DivePlan | null;
}

/** Cost of one unit of an artificial variable, which keeps the master feasible from the start. */
const ARTIFICIAL_COST = 1e4;
const REDUCED_COST_EPS = 1e-6;
/** A column with at least this weight in the master is fixed together with the best one. */
const FIX_WEIGHT = 0.9;
/** Re-pricing rounds after a fixing at most (each round prices every free engineer). */
const DIVE_PRICING_ROUNDS = 50;

/** One engineer's pricing problem: their variables (model indices) and a HiGHS MIP over them. */
interface Subproblem {
  readonly vars: readonly number[];
  /** Null for an engineer without variables: their only column is the empty one. */
  readonly mip: HighsModel | null;
}

/** The part of `model` over the variables `vars` and the rows `rows` (which use only those). */
function subModel(model: MipModel, vars: readonly number[], rows: readonly number[]): MipModel {
  const local = new Map(vars.map((v, i) => [v, i]));
  return {
    variables: vars.map((v) => model.variables[v]!),
    rows: rows.map((r) => {
      const row = model.rows[r]!;
      return { ...row, indices: row.indices.map((v) => local.get(v)!) };
    }),
    offset: 0,
  };
}

/**
 * The Dantzig–Wolfe bound of the planning MIP, decomposed by engineer. Each engineer's variables
 * (`BuildState.engineerOf`) and the rows that use only them form a pricing MIP: a column is one
 * engineer's whole fortnight (units, week split, customers, responder days, shortfall), whole
 * numbers throughout. The master keeps the shared variables (roadmap prefixes), every row that
 * links engineers (rank order, one engineer per unit, one responder a day, dependencies across
 * engineers), a convexity row per engineer and priced artificials. Each round solves the master
 * LP and prices every engineer at its duals; the Lagrangian value `masterLp + Σ_e (pricing
 * bound_e − convexity dual_e)` is a valid bound at every round, and equals the master LP when no
 * column improves. With `dive`, a diving heuristic over the columns then finds a whole plan (a
 * reference for how good a plan can be). Pricing is an exact MIP per engineer, so this is a
 * measurement tool (minutes on the bench's M), not part of a solve.
 */
export async function decompositionBound(
  pm: PlanModel,
  opts: DecompositionOptions,
): Promise<DecompositionResult> {
  const { model, state } = pm;
  const highs = await getRuntime();
  const inf = highs.infinity;
  const engineers = state.ctx.engineers.map((e) => e.id);
  const E = engineers.length;
  const index = new Map(engineers.map((e, i) => [e, i]));
  const ownerOf = (v: number): number => {
    const e = state.engineerOf.get(v);
    return e === undefined ? -1 : index.get(e)!;
  };
  const varsOf: number[][] = engineers.map(() => []);
  const shared: number[] = [];
  model.variables.forEach((_, v) => {
    const o = ownerOf(v);
    if (o < 0) shared.push(v);
    else varsOf[o]!.push(v);
  });
  const rowsOf: number[][] = engineers.map(() => []);
  const linking: number[] = [];
  model.rows.forEach((row, r) => {
    const owners = new Set(row.indices.map(ownerOf));
    const only = owners.size === 1 ? [...owners][0]! : -1;
    if (only >= 0) rowsOf[only]!.push(r);
    else linking.push(r);
  });
  const L = linking.length;
  // A variable's entries in the master's rows.
  const entries: [number, number][][] = model.variables.map(() => []);
  linking.forEach((r, m) => {
    const row = model.rows[r]!;
    row.indices.forEach((v, j) => entries[v]!.push([m, row.coefs[j]!]));
  });

  // Every native model made is disposed of at the end, whatever fails on the way.
  const subs: Subproblem[] = [];
  let master: HighsModel | null = null;
  try {
    for (let e = 0; e < E; e++) {
      if (varsOf[e]!.length === 0) {
        subs.push({ vars: [], mip: null });
        continue;
      }
      const mip = loadModel(highs, subModel(model, varsOf[e]!, rowsOf[e]!));
      mip.options.set({
        output_flag: false,
        mip_rel_gap: opts.pricingGap ?? 1e-4,
        time_limit: opts.pricingSeconds ?? 5,
      });
      subs.push({ vars: varsOf[e]!, mip });
    }
    // Rows 0..L−1: the linking rows; L..L+E−1: one convexity row per engineer (= 1).
    const lp = loadModel(highs, {
      variables: [],
      rows: [
        ...linking.map((r) => ({ ...model.rows[r]!, indices: [], coefs: [] })),
        ...engineers.map((e) => ({ name: `convex[${e}]`, indices: [], coefs: [], lower: 1, upper: 1 })),
      ],
      offset: model.offset,
    });
    master = lp;
    lp.options.set({ output_flag: false, presolve: 'off' });
    for (const v of shared) {
      const { cost, lower, upper: up } = model.variables[v]!;
      const es = entries[v]!;
      lp.addCol(cost, finite(lower, inf), finite(up, inf), {
        indices: es.map((x) => x[0]),
        values: es.map((x) => x[1]),
      });
    }
    for (let m = 0; m < L; m++)
      for (const sign of [1, -1]) lp.addCol(ARTIFICIAL_COST, 0, inf, { indices: [m], values: [sign] });

    // The master's columns: shared variables, artificials, then the engineers' columns.
    const firstColumn = shared.length + 2 * L;
    const columns: { engineer: number; x: Float64Array }[] = [];
    const addColumn = (e: number, x: ArrayLike<number>): void => {
      const acc = new Map<number, number>([[L + e, 1]]);
      let cost = 0;
      subs[e]!.vars.forEach((v, k) => {
        const value = x[k]!;
        if (Math.abs(value) < 1e-9) return;
        cost += model.variables[v]!.cost * value;
        for (const [m, a] of entries[v]!) acc.set(m, (acc.get(m) ?? 0) + a * value);
      });
      const rows = [...acc.keys()];
      lp.addCol(cost, 0, inf, { indices: rows, values: rows.map((m) => acc.get(m)!) });
      columns.push({ engineer: e, x: Float64Array.from(x) });
    };
    /** Engineer `e`'s best column at `dual`: its reduced cost, a lower bound on it, its values. */
    const price = (e: number, dual: ArrayLike<number> | null) => {
      const sub = subs[e]!;
      const cost = Float64Array.from(sub.vars, (v) => {
        let c = model.variables[v]!.cost;
        if (dual) for (const [m, a] of entries[v]!) c -= dual[m]! * a;
        return c;
      });
      const convexity = dual ? dual[L + e]! : 0;
      if (!sub.mip) return { reduced: -convexity, bound: -convexity, x: new Float64Array(0) };
      sub.mip.changeColsCost({ kind: 'range', from: 0, to: sub.vars.length - 1 }, cost);
      sub.mip.run();
      const value = Number(sub.mip.info.get('objective_function_value'));
      const dualBound = Number(sub.mip.info.get('mip_dual_bound') ?? value);
      return {
        reduced: value - convexity,
        bound: Math.min(value, dualBound) - convexity,
        x: sub.mip.getSolution().colValue,
      };
    };
    // Seed: each engineer's best fortnight at the model's own costs.
    for (let e = 0; e < E; e++) addColumn(e, price(e, null).x);
    const solveMaster = () => {
      lp.run();
      const solution = lp.getSolution();
      let artificial = 0;
      for (let j = shared.length; j < firstColumn; j++) artificial += solution.colValue[j]!;
      return {
        value: Number(lp.info.get('objective_function_value')),
        dual: solution.rowDual,
        primal: solution.colValue,
        artificial,
      };
    };
    /** Prices every engineer not in `skip`; returns the columns added and the Lagrangian sum. */
    const priceRound = (dual: ArrayLike<number>, skip: ReadonlySet<number>) => {
      let added = 0;
      let sum = 0;
      for (let e = 0; e < E; e++) {
        if (skip.has(e)) continue;
        const p = price(e, dual);
        sum += p.bound;
        if (p.reduced < -REDUCED_COST_EPS) {
          addColumn(e, p.x);
          added++;
        }
      }
      return { added, sum };
    };
    let bound = -Infinity;
    let masterLp = Infinity;
    let converged = false;
    let rounds = 0;
    const none = new Set<number>();
    while (opts.now() < opts.deadline) {
      const m = solveMaster();
      masterLp = m.value;
      rounds++;
      const { added, sum } = priceRound(m.dual, none);
      bound = Math.max(bound, masterLp + sum);
      if (added === 0) {
        converged = true;
        break;
      }
    }
    const plan = opts.dive ? await dive(opts.dive) : null;
    return {
      bound,
      masterLp,
      converged,
      rounds,
      columns: columns.length,
      linkingRows: L,
      engineerRows: model.rows.length - L,
      plan,
    };

    /**
     * Diving: hold the free engineer whose best column has the largest weight in the master (with
     * every other engineer whose best column weighs at least FIX_WEIGHT) at that column, re-price
     * the free engineers, and repeat until `fixShare` of the engineers are held or holding one
     * more would leave the master needing artificials (the prefixes, whole in the plan, are
     * fractional in the master, so a last few engineers rarely fit one column each). Then the
     * planning MIP itself, with the held engineers' variables fixed, places the rest.
     */
    async function dive(o: DiveOptions): Promise<DivePlan | null> {
      const t0 = opts.now();
      const held = new Map<number, number>(); // engineer → column
      const target = Math.ceil((o.fixShare ?? 0.75) * E);
      const completeSeconds = o.completeSeconds ?? 60;
      // The fixing stops in time to leave the final MIP its seconds before the deadline.
      const fixUntil = opts.deadline - completeSeconds;
      while (held.size < target && opts.now() < fixUntil) {
        const m = solveMaster();
        if (m.artificial > 1e-6) break;
        const best = new Map<number, { column: number; weight: number }>();
        columns.forEach((c, k) => {
          if (held.has(c.engineer)) return;
          const weight = m.primal[firstColumn + k]!;
          const cur = best.get(c.engineer);
          if (!cur || weight > cur.weight) best.set(c.engineer, { column: k, weight });
        });
        const order = [...best].sort((a, b) => b[1].weight - a[1].weight);
        if (order.length === 0) break;
        const batch = order.filter(([, c], i) => i === 0 || c.weight >= FIX_WEIGHT);
        for (const [e, c] of batch) {
          held.set(e, c.column);
          lp.changeColBounds(firstColumn + c.column, 1, 1);
        }
        const skip = new Set(held.keys());
        let after = solveMaster();
        for (let r = 0; r < DIVE_PRICING_ROUNDS && opts.now() < fixUntil; r++) {
          if (priceRound(after.dual, skip).added === 0) break;
          after = solveMaster();
        }
        if (after.artificial > 1e-6) {
          // This batch leaves no fractional plan: release it and complete from before it.
          for (const [e, c] of batch) {
            held.delete(e);
            lp.changeColBounds(firstColumn + c.column, 0, inf);
          }
          break;
        }
      }
      const fixedValue = new Map<number, number>();
      for (const [e, k] of held)
        subs[e]!.vars.forEach((v, j) => {
          const x = columns[k]!.x[j]!;
          // A pricing MIP's integers come back within its tolerance of whole.
          fixedValue.set(v, model.variables[v]!.integer ? Math.round(x) : x);
        });
      const restricted: MipModel = {
        ...model,
        variables: model.variables.map((v, i) => {
          const x = fixedValue.get(i);
          return x === undefined ? v : { ...v, lower: x, upper: x };
        }),
      };
      const left = Math.max(1, opts.deadline - opts.now());
      const r = await highsBackend.solve(restricted, { timeLimitSeconds: Math.min(completeSeconds, left) });
      if (!r.values) return null;
      const check = evaluateSolution(model, r.values);
      if (!check.feasible) return null;
      return {
        values: r.values,
        objective: check.objective,
        fixedEngineers: held.size,
        seconds: opts.now() - t0,
      };
    }
  } finally {
    master?.dispose();
    for (const s of subs) s.mip?.dispose();
  }
}
