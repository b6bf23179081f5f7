import { performance } from 'node:perf_hooks';
import { getRuntime, type HighsModel } from '../mip/highs';
import { buildRowWide, windowRules, type RowRules } from './row-builder';

/**
 * What column generation needs of a roster problem whose every hard rule concerns one person and
 * whose objective is per-cell costs plus linear cover penalties (what the local search models).
 */
export interface ColumnInput {
  readonly E: number;
  readonly D: number;
  readonly S: number;
  /** `cellCost[(e·D + d)·(S+1) + x]`: e's request cost of x on day d (x = S: the day off). */
  readonly cellCost: Float64Array;
  /** Per slot `d·S + s`: staff required, and the cost of each one short or over. */
  readonly req: Float64Array;
  readonly wu: Float64Array;
  readonly wo: Float64Array;
  rules(e: number): RowRules;
}

/**
 * The problem over days [a, b) only, every other day of everyone kept as in `cells` (`e·D + d`):
 * each person's rules become those of the window ({@link windowRules}), so column generation on
 * it costs what a horizon of b − a days does. Its rows splice back into `cells` as they are.
 */
export function windowInput(input: ColumnInput, cells: Int32Array, a: number, b: number): ColumnInput {
  const { E, D, S } = input;
  const S1 = S + 1;
  const W = b - a;
  const cellCost = new Float64Array(E * W * S1);
  for (let e = 0; e < E; e++)
    cellCost.set(input.cellCost.subarray((e * D + a) * S1, (e * D + b) * S1), e * W * S1);
  const rules: Array<RowRules | undefined> = [];
  return {
    E,
    D: W,
    S,
    cellCost,
    req: input.req.slice(a * S, b * S),
    wu: input.wu.slice(a * S, b * S),
    wo: input.wo.slice(a * S, b * S),
    rules: (e) => (rules[e] ??= windowRules(input.rules(e), cells.subarray(e * D, (e + 1) * D), a, b)),
  };
}

/** Days [a, b) of every row of `cells` (`e·D + d`), as rows of b − a days (a window's start). */
export function windowCells(cells: Int32Array, D: number, a: number, b: number): Int32Array {
  const E = cells.length / D;
  const out = new Int32Array(E * (b - a));
  for (let e = 0; e < E; e++) out.set(cells.subarray(e * D + a, e * D + b), e * (b - a));
  return out;
}

/** `cells` with days [a, b) of every row replaced by the rows of `window` (b − a days each). */
export function spliceWindow(
  cells: Int32Array,
  D: number,
  a: number,
  b: number,
  window: Int32Array,
): Int32Array {
  const out = Int32Array.from(cells);
  for (let e = 0; e < cells.length / D; e++)
    out.set(window.subarray(e * (b - a), (e + 1) * (b - a)), e * D + a);
  return out;
}

export interface ColumnDiveOptions {
  /** Clock (seconds) and the time by which the dive ends, rounding whatever is still fractional. */
  readonly now: () => number;
  readonly deadline: number;
  readonly shouldStop?: () => boolean;
  /** Rows (shift index or −1 per day, per person) to start the pool with, e.g. a roster. */
  readonly start?: Int32Array | null;
  /** People (1) who keep their `start` row: the dive re-rosters only the others. */
  readonly keep?: Uint8Array;
  /** Labels the pricing row builder carries from one day to the next. */
  readonly beam?: number;
  /** Called with the wall seconds of each LP solve and the rows priced (for a work-based clock). */
  readonly onWork?: (lpSeconds: number, rowsPriced: number) => void;
  /** Uniform in [0, 1): with it, randomised dives follow the first while the time allows. */
  readonly random?: () => number;
  /** Dives stop after this many in a row found no better roster (default {@link STALL_DIVES}). */
  readonly stallDives?: number;
}

export interface ColumnDiveResult {
  /**
   * The dive's roster (`cells[e·D + d]` = shift index or −1); null when no row was found for
   * someone, or when the root did not converge in its share of the time and there is a start.
   */
  readonly cells: Int32Array | null;
  /** The master LP's value when the root column generation stopped (not a bound: the pricing is heuristic). */
  readonly rootLp: number | null;
  /** Whether the root pricing found no more improving rows before its share of the time ran out. */
  readonly rootConverged: boolean;
  /** Whether the dive ran to its end (false: the time ran out and the LP's largest rows were taken). */
  readonly complete: boolean;
  readonly iterations: number;
  readonly columns: number;
  /** Dives run (more than one only with a random source). */
  readonly dives: number;
}

/** Labels per day in the pricing row builder (weekends worked and all minutes are its state). */
const PRICING_BEAM = 20000;
/** Share of the dive's time the root column generation may take. */
const ROOT_SHARE = 0.4;
/** A column whose LP value is at least this is fixed without further choice. */
const FIX_AT = 0.999;
/** A randomised dive chooses among the people's largest rows of at least this share of the largest. */
const RANDOM_PICK_SHARE = 0.5;
/** Dives are repeated only while one takes at most this share of the column generation's time. */
const REPEAT_SHARE = 0.5;
/**
 * The first dive on cells fixes every cell the LP has at this share or more at each step (later,
 * randomised ones those at FIX_AT).
 */
const FIRST_CELL_FIX_AT = 0.7;
/** Dives are repeated until this many in a row found no better roster. */
const STALL_DIVES = 200;

/**
 * Column generation and diving over whole rows (a primal heuristic). The master LP chooses, for
 * each person, a convex combination of rows that keep all their rules, with every cover slot's
 * shortage and excess as priced slack; the pricing problem is the row builder's dynamic programme
 * run on the request costs minus the cover duals, with weekends worked, all minutes and the
 * counts of tightly limited types as state ({@link buildRowWide}). Once the root LP stops
 * improving, the dive fixes the rows the LP has at one (or else the largest fractional row),
 * re-prices, and repeats until everyone has a row; when the time runs out, everyone left takes
 * their largest row. A dive on cells instead fixes (person, day) cells: those the LP's rows give at
 * least a share of 0.7 (FIX_AT in later dives) and the largest fractional one, holding at zero the
 * rows that break them, with the fixed cells as rules in the pricing; it leaves the LP far more
 * room (on Curtois 12 the LP stays at 4,040 throughout, and the dive ends at 4,040–4,041 in
 * ~7–18 s where the dive on rows needs minutes), but on its own lands worse on 5, 7 and 8.
 * With a start and a root that does not converge in its share there is no dive. With a random
 * source dives are repeated from the root while they are cheap, alternating a dive on cells and
 * one on rows, deterministic first, then randomised (Curtois 5 at 60 s: 1,143, its best known; a
 * single dive on rows 1,151), and a re-pricing after a fixing stops as soon as the LP is back at
 * its value before the fixing. On the Curtois instances the root LP sits at or within ~3 of the
 * best known values (4, 6, 8, 10, 11, 12, 16), and the dive lands on or near them.
 */
export async function columnDive(input: ColumnInput, opts: ColumnDiveOptions): Promise<ColumnDiveResult> {
  const { E, D, S, cellCost, req, wu, wo } = input;
  const S1 = S + 1;
  const C = D * S;
  const beam = opts.beam ?? PRICING_BEAM;
  const stop = () => opts.shouldStop?.() === true;
  const highs = await getRuntime();
  const inf = highs.infinity;
  // Rows 0..E−1: one row per person (= 1); E..E+C−1: cover of each slot (= requirement).
  const rowLower = new Float64Array(E + C);
  for (let e = 0; e < E; e++) rowLower[e] = 1;
  rowLower.set(req, E);
  const hm: HighsModel = highs.createModel({
    numCols: 2 * C,
    numRows: E + C,
    offset: 0,
    colCost: Float64Array.from({ length: 2 * C }, (_, j) => (j < C ? wu[j]! : wo[j - C]!)),
    colLower: new Float64Array(2 * C),
    colUpper: new Float64Array(2 * C).fill(inf),
    rowLower,
    rowUpper: Float64Array.from(rowLower),
    matrix: {
      format: 'csr' as const,
      numRows: E + C,
      numCols: 2 * C,
      starts: Int32Array.from({ length: E + C + 1 }, (_, r) => (r <= E ? 0 : 2 * (r - E))),
      indices: Int32Array.from({ length: 2 * C }, (_, j) => (j % 2 === 0 ? j / 2 : C + (j - 1) / 2)),
      values: Float64Array.from({ length: 2 * C }, (_, j) => (j % 2 === 0 ? 1 : -1)),
    },
  });
  // No presolve, so each solve starts from the last basis.
  hm.options.set({ output_flag: false, presolve: 'off' });
  try {
    const rows: Int32Array[] = [];
    const owner: number[] = [];
    /** Each person's rows (column j is 2C + j). */
    const rowsOf: number[][] = Array.from({ length: E }, () => []);
    const seen = new Set<string>();
    /** Whether columns were added since the last LP solve. */
    let added = false;
    const addRow = (e: number, row: Int32Array): boolean => {
      const key = `${e}:${row.join(',')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      let cost = 0;
      const idx = [e];
      for (let d = 0; d < D; d++) {
        const x = row[d]!;
        cost += cellCost[(e * D + d) * S1 + (x < 0 ? S : x)]!;
        if (x >= 0) idx.push(E + d * S + x);
      }
      hm.addCol(cost, 0, inf, { indices: idx, values: idx.map(() => 1) });
      added = true;
      rowsOf[e]!.push(rows.length);
      rows.push(row);
      owner.push(e);
      return true;
    };
    /** Cells the current dive has fixed: `cellFix[e·D + d]` = shift, S for the day off, or −1. */
    const cellFix = new Int32Array(E * D).fill(-1);
    const rowCost = (e: number, dual: Float64Array | null): Float64Array => {
      const cost = cellCost.slice(e * D * S1, (e + 1) * D * S1);
      if (dual)
        for (let d = 0; d < D; d++) for (let s = 0; s < S; s++) cost[d * S1 + s]! -= dual[E + d * S + s]!;
      return cost;
    };
    /** Person e's rules with the dive's fixed cells as rules; null when all their cells are fixed. */
    const rulesOf = (e: number): RowRules | null => {
      const base = input.rules(e);
      let fixedDays = 0;
      for (let d = 0; d < D; d++) if (cellFix[e * D + d]! >= 0) fixedDays++;
      if (fixedDays === 0) return base;
      if (fixedDays === D) return null;
      const allowed = Uint8Array.from(base.allowed);
      const mustWork = new Uint8Array(D);
      for (let d = 0; d < D; d++) {
        const f = cellFix[e * D + d]!;
        if (f < 0) continue;
        for (let s = 0; s < S; s++) if (s !== f) allowed[d * S + s] = 0;
        if (f < S) mustWork[d] = 1;
      }
      return { ...base, allowed, mustWork };
    };
    /** Whether row j keeps its owner's fixed cells. */
    const fits = (j: number): boolean => {
      const e = owner[j]!;
      const row = rows[j]!;
      for (let d = 0; d < D; d++) {
        const f = cellFix[e * D + d]!;
        if (f >= 0 && f !== (row[d]! < 0 ? S : row[d]!)) return false;
      }
      return true;
    };
    for (let e = 0; e < E; e++) {
      const own = opts.start?.subarray(e * D, (e + 1) * D);
      const row = own ?? buildRowWide(input.rules(e), rowCost(e, null), beam);
      opts.onWork?.(0, own ? 0 : 1);
      if (!row)
        return {
          cells: null,
          rootLp: null,
          rootConverged: false,
          complete: false,
          iterations: 0,
          columns: 0,
          dives: 0,
        };
      addRow(e, Int32Array.from(row));
    }
    const fixed = new Int32Array(E).fill(-1);
    /**
     * Gives person e row j: its column is fixed at one and their other rows at zero. Left free
     * (held at zero only by e's convexity row) the simplex goes on pricing and pivoting them:
     * Curtois 12's dive, 179 → 100 ms a master LP solve; Curtois 8, 40 s of dives, LP 14.0 → 10.2 s.
     */
    const fix = (e: number, j: number) => {
      fixed[e] = j;
      const own = rowsOf[e]!;
      hm.changeColsBounds(
        { kind: 'set', indices: own.map((k) => 2 * C + k) },
        Float64Array.from(own, (k) => (k === j ? 1 : 0)),
        Float64Array.from(own, (k) => (k === j ? 1 : 0)),
      );
    };
    if (opts.start && opts.keep) for (let e = 0; e < E; e++) if (opts.keep[e]) fix(e, e); // the start rows are the first E columns
    let iterations = 0;
    let lp = 0;
    const solveLp = (): Float64Array => {
      const t = performance.now();
      // New columns leave the basis primal feasible (primal simplex goes on from it: ~700
      // iterations a round on Curtois 12 against ~1,300 with dual simplex); fixings leave it dual
      // feasible.
      hm.options.set({ simplex_strategy: added ? 4 : 1 });
      added = false;
      hm.run();
      opts.onWork?.((performance.now() - t) / 1000, 0);
      lp = Number(hm.info.get('objective_function_value'));
      return hm.getSolution().rowDual;
    };
    /** One pricing round over everyone not yet fixed; returns how many improving rows it added. */
    const price = (dual = solveLp()): number => {
      iterations++;
      let found = 0;
      let priced = 0;
      for (let e = 0; e < E && !stop(); e++) {
        if (fixed[e]! >= 0) continue;
        const rules = rulesOf(e);
        if (!rules) continue;
        const cost = rowCost(e, dual);
        const row = buildRowWide(rules, cost, beam);
        priced++;
        if (!row) continue;
        let reduced = -dual[e]!;
        for (let d = 0; d < D; d++) reduced += cost[d * S1 + (row[d]! < 0 ? S : row[d]!)]!;
        if (reduced < -1e-6 && addRow(e, row)) found++;
      }
      opts.onWork?.(0, priced);
      return found;
    };
    const start = opts.now();
    const rootEnd = start + (opts.deadline - start) * ROOT_SHARE;
    let rootConverged = false;
    while (!stop() && opts.now() < rootEnd)
      if (price() === 0) {
        rootConverged = true;
        break;
      }
    const rootLp = lp;
    // A root that needed its whole share leaves the dive too little time: rounding the LP's
    // largest rows gives a poor roster, so with a roster to fall back on there is no dive.
    if (!rootConverged && opts.start)
      return {
        cells: null,
        rootLp,
        rootConverged,
        complete: false,
        iterations,
        columns: rows.length,
        dives: 0,
      };
    // The dive: fix rows the LP has at one, else the largest, re-price, until everyone has one.
    // With a random source, further dives follow while the time allows (each choosing at random
    // among the people's largest rows of at least RANDOM_PICK_SHARE of the largest), from the
    // root with every row priced so far; the best complete roster is kept.
    const kept = Int32Array.from(fixed);
    // Each further dive starts from the root's basis (rows priced since then nonbasic at zero):
    // from the last dive's fixed basis the simplex needs far more iterations to get back.
    // A root cut short by the clock added rows after its last solve (and HiGHS has no basis
    // for a model changed since): solve once more first.
    if (!rootConverged) solveLp();
    const rootBasis = hm.getBasis();
    let best: { cells: Int32Array; objective: number; complete: boolean } | null = null;
    let bestDive = 0;
    let dives = 0;
    // No dive can beat the root LP (rounded up when every cost is whole).
    const whole = [cellCost, wu, wo].every((a) => a.every(Number.isInteger));
    const target = rootConverged ? (whole ? Math.ceil(rootLp - 1e-6) : rootLp) : -Infinity;
    /** Each person not yet fixed → their row with the largest LP value. */
    const largestRows = (value: Float64Array): Map<number, number> => {
      const pick = new Map<number, number>();
      rows.forEach((_, j) => {
        const e = owner[j]!;
        if (fixed[e]! >= 0) return;
        const p = pick.get(e);
        if (p === undefined || value[2 * C + j]! > value[2 * C + p]!) pick.set(e, j);
      });
      return pick;
    };
    /**
     * One dive from the current LP to a row for everyone; `random` chooses among the people's
     * largest rows instead of taking the largest. Returns whether it ended before the deadline.
     */
    const diveOnce = (random: (() => number) | undefined): boolean => {
      let complete = true;
      while (fixed.includes(-1)) {
        solveLp();
        const value = hm.getSolution().colValue;
        const late = stop() || opts.now() >= opts.deadline;
        if (late) complete = false;
        const pick = largestRows(value);
        let top = -1;
        for (const j of pick.values()) {
          const v = value[2 * C + j]!;
          if (top < 0 || v > value[2 * C + top]! || (v === value[2 * C + top]! && j < top)) top = j;
        }
        const now = [...pick.values()].filter((j) => late || value[2 * C + j]! >= FIX_AT);
        if (now.length === 0 && random) {
          const floor = RANDOM_PICK_SHARE * value[2 * C + top]!;
          const near = [...pick.values()].filter((j) => value[2 * C + j]! >= floor);
          now.push(near[Math.floor(random() * near.length)]!);
        } else if (now.length === 0) now.push(top);
        for (const j of now) fix(owner[j]!, j);
        // Re-price only while the fixing raised the LP: one that costs nothing leaves only
        // degenerate rows to find.
        const before = lp;
        while (!late && !stop() && opts.now() < opts.deadline && fixed.includes(-1)) {
          const dual = solveLp();
          if (lp <= before + 1e-6 || price(dual) === 0) break;
        }
      }
      return complete;
    };
    /**
     * A dive on cells: fix every (person, day) cell the LP has whole and the largest fractional
     * one (with `random`, one at random among those of at least RANDOM_PICK_SHARE of it), hold the
     * rows that break a fixed cell at zero, re-price, until the LP gives everyone one row.
     */
    const diveCells = (random: (() => number) | undefined): boolean => {
      let complete = true;
      let dual: Float64Array | null = null;
      const wholeAt = random ? FIX_AT : FIRST_CELL_FIX_AT;
      for (;;) {
        dual = solveLp();
        const value = hm.getSolution().colValue;
        const late = stop() || opts.now() >= opts.deadline;
        if (late) complete = false;
        const pick = largestRows(value);
        const share = new Map<number, number>(); // (e·D + d)·(S+1) + x → the LP's share of it
        rows.forEach((row, j) => {
          const e = owner[j]!;
          const v = value[2 * C + j]!;
          if (fixed[e]! >= 0 || v <= 1e-9) return;
          for (let d = 0; d < D; d++) {
            const k = (e * D + d) * S1 + (row[d]! < 0 ? S : row[d]!);
            share.set(k, (share.get(k) ?? 0) + v);
          }
        });
        if (late || [...pick.values()].every((j) => value[2 * C + j]! >= FIX_AT)) {
          for (const [e, j] of pick) fix(e, j);
          return complete;
        }
        const now: number[] = [];
        let topV = 0;
        const fractional: Array<[number, number]> = [];
        for (const [k, v] of share) {
          if (cellFix[Math.floor(k / S1)]! >= 0) continue;
          if (v >= wholeAt) now.push(k);
          else {
            fractional.push([k, v]);
            topV = Math.max(topV, v);
          }
        }
        const near = fractional.filter(([, v]) => v >= (random ? RANDOM_PICK_SHARE * topV : topV));
        if (near.length > 0) now.push(near[random ? Math.floor(random() * near.length) : 0]![0]);
        if (now.length === 0) {
          for (const [e, j] of pick) fix(e, j); // (two rows of one person always differ in a cell)
          return complete;
        }
        const touched = new Set<number>();
        for (const k of now) {
          const cell = Math.floor(k / S1);
          cellFix[cell] = k % S1;
          touched.add(Math.floor(cell / D));
        }
        for (const e of touched) {
          const own = rowsOf[e]!;
          const ok = own.map(fits);
          if (!ok.includes(true)) {
            const rules = rulesOf(e);
            const row = rules ? buildRowWide(rules, rowCost(e, dual), beam) : null;
            if (row && addRow(e, row) && fits(rows.length - 1)) {
              own.slice(0, -1).forEach((j) => hm.changeColBounds(2 * C + j, 0, 0));
              continue;
            }
            // No row keeps e's fixed cells: the dive ends with everyone's largest row.
            for (const [p, j] of pick) fix(p, j);
            return complete;
          }
          hm.changeColsBounds(
            { kind: 'set', indices: own.map((k) => 2 * C + k) },
            new Float64Array(own.length),
            Float64Array.from(ok, (y) => (y ? inf : 0)),
          );
        }
        const before = lp;
        while (!stop() && opts.now() < opts.deadline) {
          dual = solveLp();
          if (lp <= before + 1e-6 || price(dual) === 0) break;
        }
      }
    };
    /** Releases the last dive's fixings and puts the root's basis back. */
    const backToRoot = () => {
      const free: number[] = [];
      for (let e = 0; e < E; e++)
        if (kept[e]! < 0) {
          fixed[e] = -1;
          cellFix.fill(-1, e * D, e * D + D);
          for (const j of rowsOf[e]!) free.push(2 * C + j);
        }
      free.sort((a, b) => a - b);
      if (free.length > 0)
        hm.changeColsBounds(
          { kind: 'set', indices: free },
          new Float64Array(free.length),
          new Float64Array(free.length).fill(inf),
        );
      const colStatus = new Int32Array(2 * C + rows.length); // 0: nonbasic at its lower bound
      colStatus.set(rootBasis.colStatus);
      hm.setBasis({ colStatus, rowStatus: rootBasis.rowStatus });
      added = true; // the root basis is primal feasible: primal simplex goes on from it
    };
    for (;;) {
      const dive = dives++;
      const began = opts.now();
      // With a random source, dives on cells and on rows alternate (first one of each, then
      // randomised ones); without, there is one dive on rows.
      const onCells = opts.random !== undefined && dive % 2 === 0;
      const complete = (onCells ? diveCells : diveOnce)(dive > 1 ? opts.random : undefined);
      // With every row fixed the LP only prices the cover slack: its value is the roster's objective.
      solveLp();
      if (
        !best ||
        (complete && !best.complete) ||
        (complete === best.complete && lp < best.objective - 1e-6)
      ) {
        const cells = new Int32Array(E * D);
        for (let e = 0; e < E; e++) cells.set(rows[fixed[e]!]!, e * D);
        best = { cells, objective: lp, complete };
        bestDive = dive;
      }
      const took = opts.now() - began;
      if (!opts.random || !kept.includes(-1) || !complete || stop()) break;
      if (took > REPEAT_SHARE * (opts.deadline - start) || opts.now() + took > opts.deadline) break;
      if (best.objective <= target + 1e-6 || dive - bestDive >= (opts.stallDives ?? STALL_DIVES)) break;
      backToRoot();
    }
    return {
      cells: best.cells,
      rootLp,
      rootConverged,
      complete: best.complete,
      iterations,
      columns: rows.length,
      dives,
    };
  } finally {
    hm.dispose();
  }
}
