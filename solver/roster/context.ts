import type { ModelBuilder, Terms } from '../mip';
import type { RosterProblem } from './types';

/**
 * What every rule sees while adding its part to the model. `x[(e·D + d)·S + s]` is the index of
 * the binary "staff e works shift s on day d", or -1 when that assignment is ruled out up front
 * (day off, skill, availability, template weekday).
 */
export interface RuleContext {
  readonly problem: RosterProblem;
  readonly b: ModelBuilder;
  readonly x: Int32Array;
  /** Shift-type index by id. */
  readonly shiftIndex: ReadonlyMap<string, number>;
  readonly staffIndex: ReadonlyMap<string, number>;
  /** Variable index of x(e, d, s) or -1. */
  xv(e: number, d: number, s: number): number;
  /**
   * Shortfall variables of minimum-hours rows. Every roster of days off meets all other hard
   * rules, so with these the model always has a solution (the empty roster) to start from; a
   * roster is feasible only when all of them are 0, and they cost {@link SHORTFALL_COST} a minute.
   */
  readonly shortfalls: number[];
  /** Staff index of each shortfall variable (parallel to `shortfalls`). */
  readonly shortfallStaff: number[];
  /** Σ_s x(e, d, s): 1 when e works on day d (days outside the horizon give no terms). */
  work(e: number, d: number): Array<[number, number]>;
}

/** Cost per minute of minimum-hours shortfall: far above any per-minute gain from the soft terms. */
export const SHORTFALL_COST = 1000;

/** Terms scaled by a factor. */
export function scale(terms: Terms, k: number): Array<[number, number]> {
  return terms.map(([i, c]) => [i, c * k]);
}
