import type { RosterModel } from './model';
import { paidMinutes, weekendPartners, weekendsOf } from './problem';
import type { Random } from './random';
import type { RosterProblem } from './types';

/**
 * The fifth kind (when the caller enables it): some people over the whole horizon, as kind 0,
 * but re-rostered by column generation and a dive (`columns.ts`) instead of a sub-MIP.
 */
export const COLUMN_KIND = 4;

/**
 * Neighbourhoods over the (staff, day) cells: which cells a sub-MIP may change. The target size
 * (free cells) grows while sub-MIPs close quickly and shrinks when they time out. Windows of days
 * are placed around what the incumbent gets wrong: half the time an under-covered slot (or, when
 * there is none, a request it does not grant), another eighth of the time such a request. Curtois
 * 8's rosters all sit at the fewest under-covered slots possible (12) and differ in requests:
 * six 60 s runs 1,359–1,388, mean 1,372, against 1,366–1,407, mean 1,383, with windows
 * placed around under-covered slots only. A fourth kind frees some people over every weekend and
 * the day either side, when a weekend slot is short: Curtois 13 at 600 s 1,618 → 1,470 and 1,508.
 */
export class Neighbourhoods {
  private readonly E: number;
  private readonly D: number;
  private readonly S: number;
  /** Every staff index, 0..E−1 (the pool when a neighbourhood picks people at random). */
  private readonly everyone: readonly number[];
  /** Staff able to work each shift type (skill groups). */
  private readonly groups: number[][];
  /** Target free cells per neighbourhood kind. */
  private readonly sizes: number[];
  /** Recent gain per second of each kind (exponential average), for choosing the next kind. */
  private readonly rates: number[];
  /** Paid minutes of each shift type, and each person's most paid minutes over the horizon. */
  private readonly minutes: Int32Array;
  private readonly maxMinutes: Float64Array;
  /** The other day of each day's weekend (−1 on weekdays and one-day weekends). */
  private readonly partner: Int32Array;
  /** Every two-day weekend with the Friday before and the Monday after it (within the horizon). */
  private readonly weekendSpan: readonly number[];
  /** Shift cover requirements as (day, shift index, staff required). */
  private readonly cover: ReadonlyArray<{ day: number; shift: number; requirement: number }>;
  /** Shift requests as (staff, day, shift index, on/off). */
  private readonly requests: ReadonlyArray<{ staff: number; day: number; shift: number; on: boolean }>;
  lastKind = 0;

  constructor(
    problem: RosterProblem,
    private readonly rm: RosterModel,
    private readonly rng: Random,
    /** Whether the caller can re-roster whole rows by column generation ({@link COLUMN_KIND}). */
    columns = false,
  ) {
    this.rates = columns ? [1, 1, 1, 1, 1] : [1, 1, 1, 1];
    this.E = problem.staff.length;
    this.D = problem.days;
    this.S = problem.shiftTypes.length;
    this.everyone = Array.from({ length: this.E }, (_, e) => e);
    this.groups = problem.shiftTypes.map((_, s) => {
      const g: number[] = [];
      for (let e = 0; e < this.E; e++) {
        let any = false;
        for (let d = 0; d < this.D && !any; d++) any = (rm.x[(e * this.D + d) * this.S + s] ?? -1) >= 0;
        if (any) g.push(e);
      }
      return g;
    });
    const start = Math.min(this.E * this.D, Math.max(2 * this.D, (this.E * this.D) / 10));
    this.sizes = this.rates.map(() => start);
    this.minutes = Int32Array.from(problem.shiftTypes, (t) => paidMinutes(t));
    this.maxMinutes = Float64Array.from(problem.staff, (e) => e.totalMinutes?.max ?? Infinity);
    this.partner = weekendPartners(problem);
    this.weekendSpan = weekendsOf(problem)
      .filter((w) => w.length === 2)
      .flatMap(([sat]) => [sat! - 1, sat!, sat! + 1, sat! + 2])
      .filter((d) => d >= 0 && d < this.D);
    const shiftIndex = new Map(problem.shiftTypes.map((t, i) => [t.id, i]));
    this.cover = (problem.shiftCover ?? []).flatMap((c) => {
      const shift = shiftIndex.get(c.shift);
      return shift === undefined || c.underWeight <= 0
        ? []
        : [{ day: c.day, shift, requirement: c.requirement }];
    });
    const staffIndex = new Map(problem.staff.map((e, i) => [e.id, i]));
    this.requests = (problem.requests ?? []).flatMap((r) => {
      const shift = shiftIndex.get(r.shift);
      const staff = staffIndex.get(r.staff);
      return shift === undefined || staff === undefined || r.weight <= 0
        ? []
        : [{ staff, day: r.day, shift, on: r.kind === 'on' }];
    });
  }

  /** Requests that `cells` do not grant, as (staff, day, shift). */
  private brokenRequests(cells: Int32Array): Array<{ staff: number; day: number; shift: number }> {
    const { D } = this;
    return this.requests.filter((r) => (cells[r.staff * D + r.day] === r.shift) !== r.on);
  }

  /** (day, shift) slots whose cover requirement `cells` leave unmet. */
  private underSlots(cells: Int32Array): Array<{ day: number; shift: number }> {
    const { E, D } = this;
    const slots: Array<{ day: number; shift: number }> = [];
    for (const c of this.cover) {
      let n = 0;
      for (let e = 0; e < E && n < c.requirement; e++) if (cells[e * D + c.day] === c.shift) n++;
      if (n < c.requirement) slots.push(c);
    }
    return slots;
  }

  /**
   * The next neighbourhood as a mask over cells `e·D + d` (1 = free). While some staff are short
   * of their minimum hours, every other step frees one of them over the whole horizon with others.
   */
  next(short: readonly number[] = [], cells?: Int32Array): Uint8Array {
    const { E, D, rng } = this;
    const free = new Uint8Array(E * D);
    if (short.length > 0 && rng.next() < 0.5) {
      this.lastKind = 0;
      const k = Math.max(2, Math.min(E, Math.round((this.sizes[0] ?? 2 * D) / D)));
      const picked = new Set([short[rng.int(0, short.length - 1)]!, ...rng.sample(this.everyone, k - 1)]);
      for (const e of picked) free.fill(1, e * D, e * D + D);
      return free;
    }
    const kind = this.pickKind();
    const size = this.sizes[kind] ?? 2 * D;
    this.lastKind = kind;
    const all = this.everyone;
    if (kind === 3 && cells && this.weekends(free, cells, size)) return free;
    // Windows of days are placed around a slot the incumbent leaves under-covered half the time
    // (around a request it does not grant when there is none), and around such a request
    // (with the requester among the free staff) another eighth of the time.
    const roll = kind > 0 && cells ? rng.next() : 1;
    const under = cells && roll < 0.5 ? this.underSlots(cells) : [];
    const broken = cells && under.length === 0 && roll < 0.625 ? this.brokenRequests(cells) : [];
    const target: { day: number; shift: number; staff?: number } | undefined =
      under.length > 0
        ? under[rng.int(0, under.length - 1)]
        : broken.length > 0
          ? broken[rng.int(0, broken.length - 1)]
          : undefined;
    if (kind === 0 || kind === COLUMN_KIND) {
      // Some staff over the whole horizon: swaps whole lines of work between people.
      const k = Math.max(2, Math.min(E, Math.round(size / D)));
      for (const e of rng.sample(all, k)) free.fill(1, e * D, e * D + D);
    } else if (kind === 1) {
      // Everyone over a window of days: re-balances cover locally.
      const w = Math.max(2, Math.min(D, Math.round(size / E)));
      const a = this.windowStart(w, target);
      for (let e = 0; e < E; e++) free.fill(1, e * D + a, e * D + a + w);
    } else {
      // A skill group (staff able to work one shift type) over a window twice as long.
      const group = this.groups[target?.shift ?? rng.int(0, this.S - 1)] ?? all;
      const pool = group.length >= 2 ? group : all;
      const k = Math.max(2, Math.min(pool.length, Math.round(Math.sqrt((size * E) / D))));
      const w = Math.max(2, Math.min(D, Math.round(size / k)));
      const a = this.windowStart(w, target);
      const picked = rng.sample(pool, k);
      if (target?.staff !== undefined && !picked.includes(target.staff)) picked[0] = target.staff;
      for (const e of picked) free.fill(1, e * D + a, e * D + a + w);
    }
    return free;
  }

  /**
   * Some people over every weekend and the day either side, when a weekend slot is under-covered:
   * first people working one day only of some weekend, then people with paid minutes to spare.
   * Which weekends a person works is decided across weeks (their most weekends), which no
   * window of days can change. Returns false (nothing freed) when no weekend slot is short.
   */
  private weekends(free: Uint8Array, cells: Int32Array, size: number): boolean {
    const { E, D, rng, partner, weekendSpan: days } = this;
    if (!this.underSlots(cells).some((u) => (partner[u.day] ?? -1) >= 0)) return false;
    const half: number[] = [];
    const spare: number[] = [];
    for (let e = 0; e < E; e++) {
      let worked = 0;
      let halves = 0;
      for (let d = 0; d < D; d++) {
        const s = cells[e * D + d] ?? -1;
        if (s >= 0) worked += this.minutes[s] ?? 0;
        const p = partner[d] ?? -1;
        if (p >= 0 && s >= 0 && (cells[e * D + p] ?? -1) < 0) halves++;
      }
      if (halves > 0) half.push(e);
      else if (worked < (this.maxMinutes[e] ?? Infinity)) spare.push(e);
    }
    const k = Math.max(2, Math.min(E, Math.round(size / Math.max(1, days.length))));
    const picked = new Set<number>();
    const take = (pool: readonly number[], upTo: number) => {
      for (const e of rng.sample(pool, Math.max(0, Math.min(pool.length, upTo - picked.size)))) picked.add(e);
    };
    take(half, Math.ceil((2 * k) / 3));
    take(spare, k);
    for (let t = 0; t < 4 && picked.size < k; t++) take(this.everyone, k);
    for (const e of picked) for (const d of days) free[e * D + d] = 1;
    return true;
  }

  /** Start of a window of `w` days: random, or random among those holding `target`'s day. */
  private windowStart(w: number, target?: { day: number }): number {
    const { D, rng } = this;
    if (!target) return rng.int(0, D - w);
    return Math.max(0, Math.min(D - w, target.day - rng.int(0, w - 1)));
  }

  /** Shift variables of every fixed cell, with the incumbent's values. */
  fixings(
    free: Uint8Array,
    cells: Int32Array,
    hardMinimums: boolean,
  ): { fixIndices: Int32Array; fixValues: Float64Array } {
    const idx: number[] = hardMinimums ? Array.from(this.rm.shortfalls) : [];
    const val: number[] = idx.map(() => 0);
    const { E, D, S, rm } = this;
    for (let e = 0; e < E; e++)
      for (let d = 0; d < D; d++) {
        if (free[e * D + d]) continue;
        for (let s = 0; s < S; s++) {
          const v = rm.x[(e * D + d) * S + s] ?? -1;
          if (v < 0) continue;
          idx.push(v);
          val.push(cells[e * D + d] === s ? 1 : 0);
        }
      }
    return { fixIndices: Int32Array.from(idx), fixValues: Float64Array.from(val) };
  }

  /**
   * Kinds are drawn in proportion to their recent gain per second; 30 % of draws are shared
   * evenly among the kinds.
   */
  private pickKind(): number {
    const total = this.rates.reduce((a, b) => a + b, 0);
    const p = this.rng.next();
    let acc = 0;
    for (let k = 0; k < this.rates.length; k++) {
      acc += 0.3 / this.rates.length + (0.7 * (this.rates[k] ?? 0)) / Math.max(1e-12, total);
      if (p < acc) return k;
    }
    return this.rates.length - 1;
  }

  /**
   * Grows the last kind's neighbourhood after a sub-MIP closed quickly (`load` = share of its
   * time limit used), shrinks it after a time-out, and updates the kind's gain rate.
   */
  adapt(closed: boolean, load: number, gain: number): void {
    const k = this.lastKind;
    const size = this.sizes[k] ?? 0;
    if (closed && load < 0.1) this.sizes[k] = Math.min(this.E * this.D, size * 1.25);
    else if (closed && load < 0.3) this.sizes[k] = Math.min(this.E * this.D, size * 1.08);
    else if (!closed) this.sizes[k] = Math.max(2 * Math.min(this.D, this.E), size * 0.8);
    const rate = gain / Math.max(0.05, load);
    this.rates[k] = 0.8 * (this.rates[k] ?? 0) + 0.2 * rate;
  }
}
