import { forbiddenSuccessors, isAllowed, paidMinutes, weekendPartners, weekendsOf } from './problem';
import type { ColumnInput } from './columns';
import type { Random } from './random';
import { buildRow, windowRules, type RowRules } from './row-builder';
import type { RosterAssignment, RosterProblem } from './types';

/**
 * Tries of the weekend moves ({@link RosterLocalSearch.joinPass}) in a row that may fail before a pass gives up
 * (Curtois 24 from a 73,687 roster: 28 of the first 478 tries kept, 2 of the next 2,000).
 */
const JOIN_PATIENCE = 300;

/** Cell value of a day off. */
export const OFF = -1;
/** A cell held as worked, on any shift allowed that day (row rebuilds only). */
const WORK = -2;

/**
 * Days from which rows count as long: an annealing move changes at most a week of a row but
 * re-evaluates all of it, so on long rows moves are slow and small (Curtois 20, 182 days: about
 * 100,000 a second) and rebuilding whole rows gains far more.
 */
export const LONG_ROWS = 56;

/** Share of the annealing's moves aimed at an under-covered slot (when there is one). */
const COVER_MOVE_SHARE = 0.1;
/**
 * Share of the moves aimed at an under-covered weekend slot that look first for someone working
 * the other day of that weekend. Curtois 13's under-cover is all on weekends: its cover asks 482
 * weekend shifts of the 500 that everyone's whole weekends give (annealing alone, 20M moves,
 * eight seeds: mean 2,281 without, 2,111 with 0.25, 2,045 with 0.5; but 14, seven seeds: 1,654
 * without, 1,603 with 0.25, 1,705 with 0.5).
 */
const WEEKEND_PARTNER_SHARE = 0.25;

/** Whether the local search models every term and rule of `problem` (else only the MIP runs). */
export function localSearchSupported(problem: RosterProblem): boolean {
  if ((problem.intervalCover?.length ?? 0) > 0 || problem.fairEarlyShifts) return false;
  const seen = new Set<string>();
  for (const c of problem.shiftCover ?? []) {
    const k = `${c.day}/${c.shift}`;
    if (seen.has(k)) return false; // duplicate rows would need a sum of penalty functions
    seen.add(k);
  }
  return true;
}

/** Options of one search run. */
export interface LocalSearchRun {
  /** Seconds this run may take, measured with `now`. */
  readonly seconds: number;
  /** Seconds of some clock. */
  readonly now: () => number;
  /** Start and end temperature of the annealing (cooling geometrically over the run). */
  readonly startTemperature?: number;
  readonly endTemperature?: number;
  /** Stop once a feasible roster is found (construction / repair). */
  readonly stopWhenFeasible?: boolean;
  /** Iteration cap (for tests and for runs without a clock). */
  readonly maxIterations?: number;
  /** Stop after this many moves without a new best search cost. */
  readonly stallIterations?: number;
  readonly shouldStop?: () => boolean;
}

/**
 * Simulated annealing over rosters with delta evaluation of the Curtois-style objective (requests
 * and per-shift cover) plus weighted hard-rule violations. A roster is `cells[e·D + d]` = shift
 * index or {@link OFF}. Every move changes the cells of one or two staff; the cover change is
 * computed per changed cell, the staff terms by re-evaluating only the changed staff's rows.
 */
export class RosterLocalSearch {
  readonly E: number;
  readonly D: number;
  readonly S: number;
  readonly cells: Int32Array;
  /** The best feasible roster seen (valid when {@link bestObjective} is finite). */
  readonly bestCells: Int32Array;
  bestObjective = Infinity;
  /**
   * Penalty units of the hard rules: one per minute of total (or weekly) minutes outside the
   * range, and `unit` (the shortest paid shift length) per day of a run too long or too short,
   * per shift over a type maximum, per weekend over the maximum and per forbidden succession.
   */
  readonly unit: number;
  /** Weight of one hard penalty unit in the search objective. */
  hardWeight: number;
  /** Weight of the objective in the search cost (lowered while repairing). */
  softScale = 1;
  /** Moves tried so far (all runs). */
  iterations = 0;

  private readonly allowedList: Int32Array;
  private readonly allowedStart: Int32Array;
  private readonly allowed: Uint8Array;
  private readonly forbid: Uint8Array;
  private readonly len: Int32Array;
  private readonly maxType: Int32Array;
  private readonly minMin: Float64Array;
  private readonly maxMin: Float64Array;
  private readonly maxCons: Int32Array;
  private readonly minCons: Int32Array;
  private readonly minOff: Int32Array;
  private readonly maxWe: Int32Array;
  private readonly weekMin: Float64Array;
  private readonly weekMax: Float64Array;
  private readonly hasWeekly: Uint8Array;
  private readonly weekendOf: Int32Array;
  /** The other day of each day's weekend (−1 on weekdays and one-day weekends). */
  private readonly partner: Int32Array;
  /** The first days of the two-day weekends. */
  private readonly pairDays: number[] = [];
  private readonly nWeekends: number;
  private readonly cellCost: Float64Array;
  private readonly req: Float64Array;
  private readonly wu: Float64Array;
  private readonly wo: Float64Array;
  private readonly cnt: Int32Array;
  /** The under-covered (day, shift) slots `d·S + s` as a set: list, size, position (−1 = absent). */
  private readonly underList: Int32Array;
  private underN = 0;
  private readonly underPos: Int32Array;
  /** Staff skills: shift types each person may work on some day. */
  private readonly skills: number[][];
  /** Row-builder rules per staff, built on first use. */
  private readonly rules: Array<RowRules | undefined> = [];

  private readonly staffSoft: Float64Array;
  private readonly staffHard: Float64Array;
  soft = 0;
  cover = 0;
  hard = 0;

  // scratch
  private readonly typeCnt: Int32Array;
  private readonly wkStamp: Int32Array;
  private readonly weekSum: Float64Array;
  private stamp = 0;
  private evSoft = 0;
  private evHard = 0;
  private readonly chE: number[] = [];
  private readonly chD: number[] = [];
  private readonly chOld: number[] = [];

  constructor(
    readonly problem: RosterProblem,
    private readonly rng: Random,
  ) {
    const E = (this.E = problem.staff.length);
    const D = (this.D = problem.days);
    const S = (this.S = problem.shiftTypes.length);
    const shiftIndex = new Map(problem.shiftTypes.map((s, i) => [s.id, i]));
    const staffIndex = new Map(problem.staff.map((e, i) => [e.id, i]));
    this.cells = new Int32Array(E * D).fill(OFF);
    this.bestCells = new Int32Array(E * D).fill(OFF);
    this.allowed = new Uint8Array(E * D * S);
    const list: number[] = [];
    this.allowedStart = new Int32Array(E * D + 1);
    problem.staff.forEach((e, ei) => {
      for (let d = 0; d < D; d++) {
        this.allowedStart[ei * D + d] = list.length;
        problem.shiftTypes.forEach((s, si) => {
          if (isAllowed(problem, e, d, s)) {
            this.allowed[(ei * D + d) * S + si] = 1;
            list.push(si);
          }
        });
      }
    });
    this.allowedStart[E * D] = list.length;
    this.allowedList = Int32Array.from(list);
    this.skills = problem.staff.map((_, ei) => {
      const out: number[] = [];
      for (let s = 0; s < S; s++) {
        let any = false;
        for (let d = 0; d < D && !any; d++) any = this.allowed[(ei * D + d) * S + s] === 1;
        if (any) out.push(s);
      }
      return out;
    });
    this.forbid = new Uint8Array(S * S);
    forbiddenSuccessors(problem).forEach((bs, a) => bs.forEach((b) => (this.forbid[a * S + b] = 1)));
    this.len = Int32Array.from(problem.shiftTypes, (s) => paidMinutes(s));
    this.unit = Math.max(1, Math.round(Math.min(...this.len, 1e9)));
    this.hardWeight = 1000 / this.unit;
    const big = 1 << 30;
    this.maxType = new Int32Array(E * S).fill(big);
    this.minMin = new Float64Array(E);
    this.maxMin = new Float64Array(E).fill(Infinity);
    this.maxCons = new Int32Array(E).fill(big);
    this.minCons = new Int32Array(E);
    this.minOff = new Int32Array(E);
    this.maxWe = new Int32Array(E).fill(big);
    this.weekMin = new Float64Array(E);
    this.weekMax = new Float64Array(E).fill(Infinity);
    this.hasWeekly = new Uint8Array(E);
    problem.staff.forEach((e, ei) => {
      for (const [id, m] of Object.entries(e.maxShiftsPerType ?? {})) {
        const si = shiftIndex.get(id);
        if (si !== undefined) this.maxType[ei * S + si] = m;
      }
      this.minMin[ei] = e.totalMinutes?.min ?? 0;
      this.maxMin[ei] = e.totalMinutes?.max ?? Infinity;
      if (e.maxConsecutiveShifts !== undefined) this.maxCons[ei] = e.maxConsecutiveShifts;
      this.minCons[ei] = e.minConsecutiveShifts ?? 0;
      this.minOff[ei] = e.minConsecutiveDaysOff ?? 0;
      if (e.maxWeekends !== undefined) this.maxWe[ei] = e.maxWeekends;
      if (e.contractedMinutesPerWeek) {
        this.hasWeekly[ei] = 1;
        this.weekMin[ei] = e.contractedMinutesPerWeek.min ?? 0;
        this.weekMax[ei] = e.contractedMinutesPerWeek.max ?? Infinity;
      }
    });
    const weekends = weekendsOf(problem);
    this.nWeekends = weekends.length;
    this.weekendOf = new Int32Array(D).fill(-1);
    weekends.forEach((days, k) => days.forEach((d) => (this.weekendOf[d] = k)));
    this.partner = weekendPartners(problem);
    this.partner.forEach((p, d) => {
      if (p > d) this.pairDays.push(d);
    });
    this.cellCost = new Float64Array(E * D * (S + 1));
    for (const r of problem.requests ?? []) {
      const ei = staffIndex.get(r.staff);
      const si = shiftIndex.get(r.shift);
      if (ei === undefined || si === undefined || r.day < 0 || r.day >= D) continue;
      const base = (ei * D + r.day) * (S + 1);
      if (r.kind === 'off') this.cellCost[base + si]! += r.weight;
      else for (let x = 0; x <= S; x++) if (x !== si) this.cellCost[base + x]! += r.weight;
    }
    this.req = new Float64Array(D * S);
    this.wu = new Float64Array(D * S);
    this.wo = new Float64Array(D * S);
    for (const c of problem.shiftCover ?? []) {
      const si = shiftIndex.get(c.shift);
      if (si === undefined || c.day < 0 || c.day >= D) continue;
      const k = c.day * S + si;
      this.req[k] = c.requirement;
      this.wu[k] = c.underWeight;
      this.wo[k] = c.overWeight;
    }
    this.cnt = new Int32Array(D * S);
    this.underList = new Int32Array(D * S);
    this.underPos = new Int32Array(D * S).fill(-1);
    this.staffSoft = new Float64Array(E);
    this.staffHard = new Float64Array(E);
    this.typeCnt = new Int32Array(S);
    this.wkStamp = new Int32Array(Math.max(1, this.nWeekends));
    this.weekSum = new Float64Array(Math.ceil(D / 7));
    this.recompute();
  }

  /** Objective of the current roster (requests + cover), ignoring hard rules. */
  get objective(): number {
    return this.soft + this.cover;
  }

  /** Search cost: objective plus weighted hard penalty. */
  get cost(): number {
    return this.softScale * (this.soft + this.cover) + this.hardWeight * this.hard;
  }

  /** Cover penalty of one (day, shift) slot with `n` people. */
  private coverCost(k: number, n: number): number {
    const r = this.req[k]!;
    return n < r ? (r - n) * this.wu[k]! : (n - r) * this.wo[k]!;
  }

  /** Recomputes every total from the cells (also the reference for tests). */
  recompute(): void {
    const { E, D, S } = this;
    this.cnt.fill(0);
    for (let e = 0; e < E; e++)
      for (let d = 0; d < D; d++) {
        const x = this.cells[e * D + d]!;
        if (x >= 0) this.cnt[d * S + x]!++;
      }
    this.cover = 0;
    for (let k = 0; k < D * S; k++) {
      this.cover += this.coverCost(k, this.cnt[k]!);
      this.track(k);
    }
    this.soft = 0;
    this.hard = 0;
    for (let e = 0; e < E; e++) {
      this.evalStaff(e);
      this.staffSoft[e] = this.evSoft;
      this.staffHard[e] = this.evHard;
      this.soft += this.evSoft;
      this.hard += this.evHard;
    }
  }

  /** Request cost and hard penalty of staff `e`'s row, into evSoft / evHard. */
  private evalStaff(e: number): void {
    const { D, S, cells, cellCost, typeCnt } = this;
    const base = e * D;
    const S1 = S + 1;
    let soft = 0;
    let hard = 0;
    let minutes = 0;
    typeCnt.fill(0);
    const stamp = ++this.stamp;
    let weekends = 0;
    const weekly = this.hasWeekly[e] === 1;
    if (weekly) this.weekSum.fill(0);
    let prev = OFF;
    let runStart = 0;
    const maxC = this.maxCons[e]!;
    const minC = this.minCons[e]!;
    const minO = this.minOff[e]!;
    for (let d = 0; d < D; d++) {
      const x = cells[base + d]!;
      if (x >= 0) {
        soft += cellCost[(base + d) * S1 + x]!;
        typeCnt[x]!++;
        const m = this.len[x]!;
        minutes += m;
        if (weekly) this.weekSum[(d / 7) | 0]! += m;
        const wk = this.weekendOf[d]!;
        if (wk >= 0 && this.wkStamp[wk] !== stamp) {
          this.wkStamp[wk] = stamp;
          weekends++;
        }
        if (prev >= 0 && this.forbid[prev * S + x] === 1) hard += this.unit;
      } else soft += cellCost[(base + d) * S1 + S]!;
      if (d > 0 && x >= 0 !== prev >= 0) {
        // a run of days [runStart, d) closes, with day d inside the horizon after it
        const l = d - runStart;
        if (prev >= 0) {
          if (l > maxC) hard += (l - maxC) * this.unit;
          if (runStart > 0 && l < minC) hard += (minC - l) * this.unit;
        } else if (runStart > 0 && l < minO) hard += (minO - l) * this.unit;
        runStart = d;
      }
      prev = x;
    }
    if (prev >= 0) {
      const l = D - runStart;
      if (l > maxC) hard += (l - maxC) * this.unit;
    }
    for (let s = 0; s < S; s++) {
      const over = typeCnt[s]! - this.maxType[e * S + s]!;
      if (over > 0) hard += over * this.unit;
    }
    if (minutes > this.maxMin[e]!) hard += minutes - this.maxMin[e]!;
    if (minutes < this.minMin[e]!) hard += this.minMin[e]! - minutes;
    if (weekends > this.maxWe[e]!) hard += (weekends - this.maxWe[e]!) * this.unit;
    if (weekly)
      for (let w = 0; w < this.weekSum.length; w++) {
        const m = this.weekSum[w]!;
        if (m > this.weekMax[e]!) hard += m - this.weekMax[e]!;
        if (m < this.weekMin[e]!) hard += this.weekMin[e]! - m;
      }
    this.evSoft = soft;
    this.evHard = hard;
  }

  /** Loads a roster (shift ids per staff and day) into the current cells. */
  load(assignment: RosterAssignment): void {
    const index = new Map(this.problem.shiftTypes.map((s, i) => [s.id, i]));
    for (let e = 0; e < this.E; e++)
      for (let d = 0; d < this.D; d++) {
        const id = assignment[e]?.[d] ?? null;
        this.cells[e * this.D + d] = id === null ? OFF : (index.get(id) ?? OFF);
      }
    this.recompute();
    this.noteBest();
  }

  /** Loads cells (shift index or OFF) into the current roster. */
  loadCells(cells: ArrayLike<number>): void {
    for (let i = 0; i < this.cells.length; i++) this.cells[i] = cells[i]!;
    this.recompute();
    this.noteBest();
  }

  /** The roster of `cells` as shift ids. */
  toAssignment(cells: ArrayLike<number> = this.bestCells): Array<Array<string | null>> {
    const out: Array<Array<string | null>> = [];
    for (let e = 0; e < this.E; e++) {
      const row: Array<string | null> = [];
      for (let d = 0; d < this.D; d++) {
        const x = cells[e * this.D + d]!;
        row.push(x >= 0 ? (this.problem.shiftTypes[x]?.id ?? null) : null);
      }
      out.push(row);
    }
    return out;
  }

  /** `k` moves per cell and shift type: a problem-size scaled move budget. */
  sizeMoves(k: number): number {
    return Math.max(20000, k * this.E * this.D * Math.max(1, this.S));
  }

  /** The under-covered slots of the current roster as (day, shift index), in no order. */
  underCovered(): Array<{ day: number; shift: number }> {
    return Array.from(this.underList.subarray(0, this.underN), (k) => ({
      day: Math.floor(k / this.S),
      shift: k % this.S,
    }));
  }

  /** Staff whose row in the current roster breaks a hard rule. */
  violators(): number[] {
    const out: number[] = [];
    for (let e = 0; e < this.E; e++) if (this.staffHard[e]! > 0) out.push(e);
    return out;
  }

  /** Records the current roster as the best when it is feasible and better. */
  noteCurrent(): boolean {
    return this.noteBest();
  }

  private noteBest(): boolean {
    if (this.hard === 0 && this.soft + this.cover < this.bestObjective - 1e-9) {
      this.bestObjective = this.soft + this.cover;
      this.bestCells.set(this.cells);
      return true;
    }
    return false;
  }

  private isAllowed(e: number, d: number, x: number): boolean {
    return x < 0 || this.allowed[(e * this.D + d) * this.S + x] === 1;
  }

  // ---- moves: a list of cell changes applied tentatively, then kept or undone ----

  private dCover = 0;

  private set(e: number, d: number, x: number): void {
    const i = e * this.D + d;
    const old = this.cells[i]!;
    if (old === x) return;
    this.chE.push(e);
    this.chD.push(d);
    this.chOld.push(old);
    this.place(i, d, old, x);
  }

  private place(i: number, d: number, old: number, x: number): void {
    const S = this.S;
    if (old >= 0) {
      const k = d * S + old;
      const n = this.cnt[k]!;
      this.dCover += this.coverCost(k, n - 1) - this.coverCost(k, n);
      this.cnt[k] = n - 1;
      this.track(k);
    }
    if (x >= 0) {
      const k = d * S + x;
      const n = this.cnt[k]!;
      this.dCover += this.coverCost(k, n + 1) - this.coverCost(k, n);
      this.cnt[k] = n + 1;
      this.track(k);
    }
    this.cells[i] = x;
  }

  /** Keeps slot `k` in the under-covered set exactly when it has fewer staff than required. */
  private track(k: number): void {
    const under = this.cnt[k]! < this.req[k]! && this.wu[k]! > 0;
    const at = this.underPos[k]!;
    if (under && at < 0) {
      this.underPos[k] = this.underN;
      this.underList[this.underN++] = k;
    } else if (!under && at >= 0) {
      const last = this.underList[--this.underN]!;
      this.underList[at] = last;
      this.underPos[last] = at;
      this.underPos[k] = -1;
    }
  }

  /**
   * A move aimed at under-cover: someone takes an under-covered (day, shift) slot. A staff off
   * that day may give up another working day in exchange (an over-covered one when it finds
   * one), keeping their minutes; a staff moved from another shift that day may be replaced there
   * by a colleague who was off. Returns whether the move was kept, or null when there is no
   * under-cover or no one found to take it.
   */
  private coverMove(temp: number): boolean | null {
    const { E, D, S, rng, cells } = this;
    if (this.underN === 0) return null;
    const k = this.underList[rng.int(0, this.underN - 1)]!;
    const d = (k / S) | 0;
    const s = k - d * S;
    let e = -1;
    // On a weekend day, sometimes someone who works the other day of that weekend: a whole
    // weekend costs them no weekend more.
    const p = this.partner[d]!;
    if (p >= 0 && rng.next() < WEEKEND_PARTNER_SHARE)
      for (let t = 0; t < 16 && e < 0; t++) {
        const c = rng.int(0, E - 1);
        if (cells[c * D + d] === OFF && cells[c * D + p]! >= 0 && this.isAllowed(c, d, s)) e = c;
      }
    for (let t = 0; t < 8 && e < 0; t++) {
      const c = rng.int(0, E - 1);
      if (cells[c * D + d] !== s && this.isAllowed(c, d, s)) e = c;
    }
    if (e < 0) return null;
    const old = cells[e * D + d]!;
    this.set(e, d, s);
    let e2 = -1;
    if (old === OFF) {
      if (rng.next() < 0.7) {
        let drop = -1;
        for (let t = 0; t < 8; t++) {
          const d2 = rng.int(0, D - 1);
          const x = cells[e * D + d2]!;
          if (d2 === d || x < 0) continue;
          drop = d2;
          const k2 = d2 * S + x;
          if (this.cnt[k2]! > this.req[k2]!) break;
        }
        if (drop >= 0) this.set(e, drop, OFF);
      }
    } else if (rng.next() < 0.7) {
      for (let t = 0; t < 8 && e2 < 0; t++) {
        const c = rng.int(0, E - 1);
        if (c !== e && cells[c * D + d] === OFF && this.isAllowed(c, d, old)) e2 = c;
      }
      if (e2 >= 0) this.set(e2, d, old);
    }
    return this.decide(e, e2, temp);
  }

  private undo(): void {
    for (let j = this.chE.length - 1; j >= 0; j--) {
      const e = this.chE[j]!;
      const d = this.chD[j]!;
      const i = e * this.D + d;
      this.place(i, d, this.cells[i]!, this.chOld[j]!);
    }
    this.clear();
  }

  private clear(): void {
    this.chE.length = 0;
    this.chD.length = 0;
    this.chOld.length = 0;
    this.dCover = 0;
  }

  /**
   * Evaluates the pending changes (staff e1 and e2, e2 = -1 for one staff) and accepts them with
   * the annealing rule at temperature `temp`. Returns whether they were kept.
   */
  private decide(e1: number, e2: number, temp: number): boolean {
    if (this.chE.length === 0) return false;
    this.evalStaff(e1);
    const s1 = this.evSoft;
    const h1 = this.evHard;
    let dSoft = s1 - this.staffSoft[e1]!;
    let dHard = h1 - this.staffHard[e1]!;
    let s2 = 0;
    let h2 = 0;
    if (e2 >= 0) {
      this.evalStaff(e2);
      s2 = this.evSoft;
      h2 = this.evHard;
      dSoft += s2 - this.staffSoft[e2]!;
      dHard += h2 - this.staffHard[e2]!;
    }
    const delta = this.softScale * (dSoft + this.dCover) + this.hardWeight * dHard;
    if (delta <= 0 || (temp > 0 && this.rng.next() < Math.exp(-delta / temp))) {
      this.soft += dSoft;
      this.cover += this.dCover;
      this.hard += dHard;
      this.staffSoft[e1] = s1;
      this.staffHard[e1] = h1;
      if (e2 >= 0) {
        this.staffSoft[e2] = s2;
        this.staffHard[e2] = h2;
      }
      this.clear();
      return true;
    }
    this.undo();
    return false;
  }

  /** A random value for cell (e, d) other than its current one: a day off or an allowed shift. */
  private randomValue(e: number, d: number): number {
    const a = this.allowedStart[e * this.D + d]!;
    const n = this.allowedStart[e * this.D + d + 1]! - a;
    const cur = this.cells[e * this.D + d]!;
    if (n === 0 || (cur >= 0 && this.rng.next() < 0.4)) return OFF;
    const x = this.allowedList[a + this.rng.int(0, n - 1)]!;
    return x === cur ? OFF : x;
  }

  /** One random move at temperature `temp`; returns whether it was kept. */
  step(temp: number): boolean {
    const { E, D, rng } = this;
    if (rng.next() < COVER_MOVE_SHARE) {
      const kept = this.coverMove(temp);
      if (kept !== null) return kept;
    }
    const p = rng.next();
    if (p < 0.35) {
      const e = rng.int(0, E - 1);
      const d = rng.int(0, D - 1);
      this.set(e, d, this.randomValue(e, d));
      return this.decide(e, -1, temp);
    }
    if (p < 0.6 && E > 1) {
      // swap two staff on a block of 1..7 days
      const e1 = rng.int(0, E - 1);
      let e2 = rng.int(0, E - 2);
      if (e2 >= e1) e2++;
      const k = p < 0.45 ? 1 : rng.int(2, Math.min(7, D));
      const a = rng.int(0, D - k);
      for (let d = a; d < a + k; d++) {
        const x1 = this.cells[e1 * D + d]!;
        const x2 = this.cells[e2 * D + d]!;
        if (x1 === x2 || !this.isAllowed(e1, d, x2) || !this.isAllowed(e2, d, x1)) continue;
        this.set(e1, d, x2);
        this.set(e2, d, x1);
      }
      return this.decide(e1, e2, temp);
    }
    if (p < 0.85) {
      // one staff: a block of 2..5 days set to one value (a day off or one shift type)
      const e = rng.int(0, E - 1);
      const k = rng.int(2, Math.min(5, D));
      const a = rng.int(0, D - k);
      const sk = this.skills[e]!;
      const x = sk.length === 0 || rng.next() < 0.4 ? OFF : sk[rng.int(0, sk.length - 1)]!;
      for (let d = a; d < a + k; d++) if (this.isAllowed(e, d, x)) this.set(e, d, x);
      return this.decide(e, -1, temp);
    }
    // one staff: move a day's work to another day (keeps the minutes), or swap two of its days
    const e = rng.int(0, E - 1);
    const d1 = rng.int(0, D - 1);
    const d2 = rng.int(0, D - 1);
    const x1 = this.cells[e * D + d1]!;
    const x2 = this.cells[e * D + d2]!;
    if (x1 === x2 || !this.isAllowed(e, d1, x2) || !this.isAllowed(e, d2, x1)) return false;
    this.set(e, d1, x2);
    this.set(e, d2, x1);
    return this.decide(e, -1, temp);
  }

  /**
   * Anneals from the current roster for `run.seconds`, cooling geometrically; the best feasible
   * roster is kept in {@link bestCells}. Returns whether the best improved.
   */
  run(run: LocalSearchRun): boolean {
    const t0 = run.now();
    const T0 = run.startTemperature ?? 30;
    const T1 = run.endTemperature ?? 0.5;
    const maxIt = run.maxIterations ?? Infinity;
    let temp = T0;
    let improved = false;
    let it = 0;
    const stall = run.stallIterations ?? Infinity;
    let bestCost = this.cost;
    let lastGain = 0;
    for (;;) {
      if ((it & 255) === 0) {
        const f = run.seconds > 0 ? (run.now() - t0) / run.seconds : 1;
        if (f >= 1 || run.shouldStop?.()) break;
        temp = T0 * Math.pow(T1 / T0, f);
      }
      if (it >= maxIt || it - lastGain > stall) break;
      it++;
      this.iterations++;
      if (stall !== Infinity && this.cost < bestCost - 1e-9) {
        bestCost = this.cost;
        lastGain = it;
      }
      if (this.step(temp) && this.hard === 0 && this.soft + this.cover < this.bestObjective - 1e-9) {
        if (this.noteBest()) {
          improved = true;
          if (run.stopWhenFeasible) break;
        }
      }
    }
    return improved;
  }

  /**
   * Repair: anneals on the hard penalty alone (the objective only breaks ties) in short cooling
   * cycles until the roster breaks no hard rule or the time is up. Returns whether it is feasible.
   */
  repair(run: LocalSearchRun): boolean {
    const t0 = run.now();
    const { softScale, hardWeight } = this;
    this.softScale = 1e-3;
    this.hardWeight = 1 / this.unit;
    let least = this.hard;
    let lastGain = this.iterations;
    try {
      while (this.hard > 0) {
        const left = run.seconds - (run.now() - t0);
        if (left <= 0 || run.shouldStop?.()) break;
        if (this.hard < least) {
          least = this.hard;
          lastGain = this.iterations;
        } else if (this.iterations - lastGain > this.sizeMoves(1000)) break;
        this.run({
          ...run,
          seconds: Math.min(left, 0.5),
          startTemperature: 1,
          endTemperature: 0.05,
          stopWhenFeasible: true,
        });
      }
    } finally {
      this.softScale = softScale;
      this.hardWeight = hardWeight;
    }
    return this.hard === 0;
  }

  /** The problem as column generation reads it: the cost of every cell and of every cover slot. */
  columnInput(): ColumnInput {
    const { E, D, S, cellCost, req, wu, wo } = this;
    return { E, D, S, cellCost, req, wu, wo, rules: (e) => this.rowRules(e) };
  }

  /** Staff e's rules as the row builder reads them (built once per person). */
  private rowRules(e: number): RowRules {
    const cached = this.rules[e];
    if (cached) return cached;
    const { D, S } = this;
    const rules: RowRules = {
      D,
      S,
      allowed: this.allowed.subarray(e * D * S, (e + 1) * D * S),
      forbid: this.forbid,
      len: this.len,
      maxType: this.maxType.subarray(e * S, (e + 1) * S),
      minMinutes: this.minMin[e]!,
      maxMinutes: this.maxMin[e]!,
      maxConsecutive: this.maxCons[e]!,
      minConsecutive: this.minCons[e]!,
      minDaysOff: this.minOff[e]!,
      maxWeekends: this.maxWe[e]!,
      weekendOf: this.weekendOf,
      weekly: this.hasWeekly[e] ? { min: this.weekMin[e]!, max: this.weekMax[e]! } : null,
    };
    this.rules[e] = rules;
    return rules;
  }

  /**
   * Re-rosters staff `e` alone against everyone else's current row: the cheapest row keeping all
   * of e's rules that the row builder finds, for e's requests and the cover the others leave.
   * Kept when it does not make the search cost worse; returns whether it was kept.
   */
  rebuildRow(e: number): boolean {
    const row = buildRow(this.rowRules(e), this.rowCost(e, 0, this.D));
    // Its work, in moves, for callers that measure time in moves (about a move per state tried).
    this.iterations += 10 * this.D * (this.S + 1);
    if (!row) return false;
    for (let d = 0; d < this.D; d++) this.set(e, d, row[d]!);
    return this.decide(e, -1, 0);
  }

  /**
   * What each value of staff e's cells on days [a, b) costs against everyone else's current row:
   * `cost[(d − a)·(S+1) + x]` (x = S: the day off), their requests plus the cover change.
   */
  private rowCost(e: number, a: number, b: number): Float64Array {
    const { D, S, cells, cellCost } = this;
    const S1 = S + 1;
    const cost = new Float64Array((b - a) * S1);
    for (let d = a; d < b; d++) {
      const at = (e * D + d) * S1;
      const mine = cells[e * D + d]!;
      const to = (d - a) * S1;
      cost[to + S] = cellCost[at + S]!;
      for (let s = 0; s < S; s++) {
        const k = d * S + s;
        const others = this.cnt[k]! - (mine === s ? 1 : 0);
        cost[to + s] = cellCost[at + s]! + this.coverCost(k, others + 1) - this.coverCost(k, others);
      }
    }
    return cost;
  }

  /**
   * Re-rosters days [a, b) of staff e against everyone else (the row builder on the window, the
   * rest of the row kept), with the cells `fix` (day, and a shift, OFF, or WORK for any shift)
   * held as given. The new days are always kept; the caller compares costs. Returns whether a
   * window was built.
   */
  private rebuildWindow(
    e: number,
    a: number,
    b: number,
    fix: ReadonlyArray<readonly [number, number]>,
  ): boolean {
    const { D, S } = this;
    const base = windowRules(this.rowRules(e), this.cells.subarray(e * D, (e + 1) * D), a, b);
    const allowed = Uint8Array.from(base.allowed);
    const mustWork = base.mustWork ? Uint8Array.from(base.mustWork) : new Uint8Array(b - a);
    for (const [d, x] of fix) {
      if (x !== WORK) for (let s = 0; s < S; s++) if (s !== x) allowed[(d - a) * S + s] = 0;
      if (x !== OFF) mustWork[d - a] = 1;
    }
    const row = buildRow({ ...base, allowed, mustWork }, this.rowCost(e, a, b));
    this.iterations += 10 * (b - a) * (S + 1);
    if (!row) return false;
    for (let d = a; d < b; d++) this.set(e, d, row[d - a]!);
    this.decide(e, -1, Infinity);
    return true;
  }

  /** Whole weeks from day 0 around the two-day weekend of day d: the week before to the week after. */
  private weeksAround(d: number): [number, number] {
    const p = this.partner[d]!;
    const [first, last] = [Math.min(d, p), Math.max(d, p)];
    return [Math.max(0, (Math.floor(first / 7) - 1) * 7), Math.min(this.D, (Math.floor(last / 7) + 2) * 7)];
  }

  /**
   * An under-covered slot `d·S + s` on a two-day weekend for which `fits(d, s)` holds (a few
   * random draws), or −1.
   */
  private underWeekendSlot(fits: (d: number, s: number) => boolean): number {
    const S = this.S;
    for (let t = 0; t < 16 && this.underN > 0; t++) {
      const k = this.underList[this.rng.int(0, this.underN - 1)]!;
      const d = (k / S) | 0;
      if (this.partner[d]! >= 0 && fits(d, k - d * S)) return k;
    }
    return -1;
  }

  /**
   * Runs `change`, which re-rosters staff e and c (c = −1: e alone), and keeps it when the search
   * cost does not rise; otherwise restores their rows. Returns whether it was kept.
   */
  private keepIfNoWorse(e: number, c: number, change: () => void): boolean {
    const { D, cells } = this;
    const before = this.cost;
    const rowE = cells.slice(e * D, (e + 1) * D);
    const rowC = c >= 0 ? cells.slice(c * D, (c + 1) * D) : null;
    change();
    if (this.cost <= before + 1e-9) {
      this.noteBest();
      return true;
    }
    for (let d = 0; d < D; d++) {
      this.set(e, d, rowE[d]!);
      if (rowC) this.set(c, d, rowC[d]!);
    }
    this.decide(e, c, Infinity);
    return false;
  }

  /**
   * Joins two one-day weekends: someone working one day of a weekend takes the other day's shift
   * from a colleague who works only that day; both re-roster the weeks around that weekend (the
   * weekend held), and the colleague, one weekend freer, re-rosters the weeks around an
   * under-covered weekend day. Kept when the search cost does not rise, else undone. Where nearly
   * everyone works their most weekends (Curtois 24: 143 of 150), one-day weekends are what leaves
   * weekend slots uncovered (a headcount short of the busier day's cover), and no move of one
   * person, nor a row rebuilt against everyone else, can join two of them. Returns whether the
   * move was kept, or null when it found no such pair.
   */
  joinWeekends(): boolean | null {
    const { E, D, S, rng, cells, pairDays } = this;
    if (pairDays.length === 0 || E < 2) return null;
    let d = pairDays[rng.int(0, pairDays.length - 1)]!;
    let p = this.partner[d]!;
    if (rng.next() < 0.5) [d, p] = [p, d];
    // e works d only, c works p only, and e may take c's shift on p after (or before) their own
    const e0 = rng.int(0, E - 1);
    let e = -1;
    for (let j = 0; j < E && e < 0; j++) {
      const k = (e0 + j) % E;
      if (cells[k * D + d]! >= 0 && cells[k * D + p] === OFF && this.mayWork(k, p)) e = k;
    }
    if (e < 0) return null;
    const x = cells[e * D + d]!;
    const c0 = rng.int(0, E - 1);
    let c = -1;
    for (let j = 0; j < E && c < 0; j++) {
      const k = (c0 + j) % E;
      const y = cells[k * D + p]!;
      if (k === e || y < 0 || cells[k * D + d] !== OFF || !this.isAllowed(e, p, y)) continue;
      if (this.forbid[p > d ? x * S + y : y * S + x] === 0) c = k;
    }
    if (c < 0) return null;
    return this.keepIfNoWorse(e, c, () => {
      const [a, b] = this.weeksAround(d);
      this.rebuildWindow(c, a, b, [
        [d, OFF],
        [p, OFF],
      ]);
      this.rebuildWindow(e, a, b, [
        [d, WORK],
        [p, WORK],
      ]);
      const k = this.underWeekendSlot((u, s) => cells[c * D + u]! < 0 && this.isAllowed(c, u, s));
      if (k >= 0) this.rebuildWindow(c, ...this.weeksAround((k / S) | 0), []);
    });
  }

  /**
   * Moves someone's weekend to an under-covered one: a person off on both days of a weekend with
   * an under-covered slot they may work, and working an over-covered slot on another weekend,
   * re-rosters the weeks around that weekend with it off and the weeks around the short one with
   * the slot's shift held. Kept when the search cost does not rise, else undone. Returns whether
   * it was kept, or null when it found no one.
   */
  moveWeekend(): boolean | null {
    const { E, D, S, rng, cells, pairDays } = this;
    const slot = this.underWeekendSlot(() => true);
    if (slot < 0) return null;
    const u = (slot / S) | 0;
    const s = slot - u * S;
    const q = this.partner[u]!;
    const c0 = rng.int(0, E - 1);
    const w0 = rng.int(0, pairDays.length - 1);
    let c = -1;
    let from = -1;
    for (let j = 0; j < E && c < 0; j++) {
      const k = (c0 + j) % E;
      if (cells[k * D + u]! >= 0 || cells[k * D + q]! >= 0 || !this.isAllowed(k, u, s)) continue;
      // the first over-covered weekend slot k works, from a random weekend on
      for (let i = 0; i < 2 * pairDays.length && c < 0; i++) {
        const d = pairDays[(w0 + (i >> 1)) % pairDays.length]!;
        const w = i & 1 ? this.partner[d]! : d;
        const x = cells[k * D + w]!;
        if (x >= 0 && this.cnt[w * S + x]! > this.req[w * S + x]!) [c, from] = [k, w];
      }
    }
    if (c < 0) return null;
    return this.keepIfNoWorse(c, -1, () => {
      this.rebuildWindow(c, ...this.weeksAround(from), [
        [from, OFF],
        [this.partner[from]!, OFF],
      ]);
      this.rebuildWindow(c, ...this.weeksAround(u), [[u, s]]);
    });
  }

  /**
   * {@link joinWeekends} and {@link moveWeekend}, half the tries each, until `deadline` or until
   * {@link JOIN_PATIENCE} tries in a row are not kept. Returns whether the best roster improved.
   * Curtois 24 from a 73,687 roster, 40 s of passes: 71,726 and 72,118 (two seeds) with joins
   * alone, 71,335 and 71,619 with both.
   */
  joinPass(deadline: number, now: () => number, shouldStop?: () => boolean): boolean {
    if (this.pairDays.length === 0) return false;
    for (let misses = 0; misses < JOIN_PATIENCE && now() < deadline && !(shouldStop?.() ?? false);)
      misses = (this.rng.next() < 0.5 ? this.moveWeekend() : this.joinWeekends()) ? 0 : misses + 1;
    return this.noteBest();
  }

  /** Whether staff e may work some shift on day d. */
  private mayWork(e: number, d: number): boolean {
    return this.allowedStart[e * this.D + d + 1]! > this.allowedStart[e * this.D + d]!;
  }

  /**
   * Rebuilds the row of each of `people` in turn ({@link rebuildRow}) while `now() < deadline`;
   * returns the people still breaking a rule.
   */
  rebuildRows(people: readonly number[], deadline: number, now: () => number): number[] {
    for (const e of people) {
      if (now() >= deadline) break;
      if (this.staffHard[e]! > 0) this.rebuildRow(e);
    }
    return this.violators();
  }

  /**
   * A sweep: every person's row rebuilt once ({@link rebuildRow}), in random order, until
   * `now() ≥ deadline`. Each kept rebuild is the best row found for that person against everyone
   * else, so on long horizons, where an annealing move touches a few days of a long row, sweeps
   * gain far faster (Curtois 20, 40 s from one start: 12,893 with a sweep between short annealing
   * runs; annealing alone found no roster keeping every rule). Returns whether the best improved.
   */
  sweep(deadline: number, now: () => number, shouldStop?: () => boolean): boolean {
    for (const e of this.rng.sample(
      Array.from({ length: this.E }, (_, i) => i),
      this.E,
    )) {
      if (now() >= deadline || (shouldStop?.() ?? false)) break;
      this.rebuildRow(e);
    }
    return this.noteBest();
  }

  /** Whether rows are long enough for {@link sweep}s to pay (see {@link improve}). */
  get longRows(): boolean {
    return this.D >= LONG_ROWS;
  }

  /**
   * Local search for `run.seconds`. On long rows, {@link sweep}s alternate with annealing runs of
   * a tenth of the time each (annealing moves the roster off the rows' joint optimum, the next
   * sweep takes the gains); on shorter ones it is plain annealing, which short runs between
   * sweeps cripple (Curtois 2–12 at 60 s came out worse with them, e.g. 9: 489 against 458).
   * Returns whether the best roster improved.
   */
  improve(run: LocalSearchRun): boolean {
    if (!this.longRows) return this.run(run);
    const t0 = run.now();
    const end = t0 + run.seconds;
    const chunk = Math.max(0.2, run.seconds / 10);
    let improved = false;
    while (run.now() < end && !(run.shouldStop?.() ?? false)) {
      if (this.hard === 0 && this.sweep(end, run.now, run.shouldStop)) improved = true;
      if (this.hard === 0 && this.joinPass(Math.min(end, run.now() + chunk), run.now, run.shouldStop))
        improved = true;
      const left = end - run.now();
      if (left <= 0) break;
      if (this.run({ ...run, seconds: Math.min(chunk, left) })) improved = true;
    }
    return improved;
  }

  /**
   * Greedy construction: each person in random order gets blocks of work (of the minimum run
   * length or longer) on the shift types with the largest cover shortfall, spaced over the
   * horizon, until their minimum of minutes is met. Hard rules it misses are left to the repair.
   */
  construct(): void {
    const { E, rng } = this;
    this.cells.fill(OFF);
    this.recompute();
    const order = rng.sample(
      Array.from({ length: E }, (_, e) => e),
      E,
    );
    for (const e of order) this.greedyRow(e);
    this.recompute();
  }

  /** Blocks of work for staff e up to their minimum of minutes (updates cover counts, not totals). */
  private greedyRow(e: number): void {
    const { D, S, rng } = this;
    const sk = this.skills[e]!;
    if (sk.length === 0) return;
    const avg = sk.reduce((a, s) => a + this.len[s]!, 0) / sk.length;
    const need = Math.ceil(this.minMin[e]! / Math.max(1, avg));
    if (need <= 0) return;
    const block = Math.max(1, Math.min(this.maxCons[e]!, Math.max(this.minCons[e]!, 4)));
    const blocks = Math.max(1, Math.ceil(need / block));
    const gap = Math.max(this.minOff[e]!, Math.floor((D - need) / (blocks + 1)));
    let minutes = 0;
    const types = new Int32Array(S);
    let d = rng.int(0, Math.min(gap, Math.max(0, D - need)));
    let placed = 0;
    while (d < D && placed < need) {
      let run = 0;
      while (d < D && run < block && placed < need) {
        const prev = d > 0 ? this.cells[e * D + d - 1]! : OFF;
        let bestS = OFF;
        let bestV = -Infinity;
        for (const s of sk) {
          if (!this.isAllowed(e, d, s)) continue;
          if (prev >= 0 && this.forbid[prev * S + s] === 1) continue;
          if (types[s]! >= this.maxType[e * S + s]!) continue;
          if (minutes + this.len[s]! > this.maxMin[e]!) continue;
          const k = d * S + s;
          const v = this.req[k]! - this.cnt[k]! + rng.next() * 0.5;
          if (v > bestV) {
            bestV = v;
            bestS = s;
          }
        }
        if (bestS === OFF) break;
        this.cells[e * D + d] = bestS;
        this.cnt[d * S + bestS]!++;
        types[bestS]!++;
        minutes += this.len[bestS]!;
        placed++;
        run++;
        d++;
      }
      d += run === 0 ? 1 : gap;
    }
  }
}
