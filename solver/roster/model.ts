import { ModelBuilder, type MipModel } from '../mip';
import type { RuleContext } from './context';
import { contractedHours } from './rules/contracted-hours';
import { cover } from './rules/cover';
import { daysOff } from './rules/days-off';
import { fairEarlyShifts } from './rules/fair-early-shifts';
import { intervalCover } from './rules/interval-cover';
import { maxConsecutiveWorkingDays } from './rules/max-consecutive-working-days';
import { maxShiftsPerType } from './rules/max-shifts-per-type';
import { maxWeekends } from './rules/max-weekends';
import { minConsecutiveDaysOff } from './rules/min-consecutive-days-off';
import { minConsecutiveWorkingDays } from './rules/min-consecutive-working-days';
import { oneShiftPerDay } from './rules/one-shift-per-day';
import { shiftRequests } from './rules/shift-requests';
import { shiftRotation } from './rules/shift-rotation';
import { totalMinutes } from './rules/total-minutes';
import type { BreakPlacement, RosterAssignment, RosterProblem } from './types';

/** The roster MIP plus the maps needed to read a solution back. */
export interface RosterModel {
  readonly model: MipModel;
  /** `x[(e·D + d)·S + s]` = variable index, or -1 when ruled out. */
  readonly x: Int32Array;
  /** Break-start variables per shift variable (only with interval cover). */
  readonly breakVars: ReadonlyMap<number, ReadonlyArray<{ offset: number; v: number }>>;
  /** Minimum-hours shortfall variables: a solution is a feasible roster only when all are 0. */
  readonly shortfalls: Int32Array;
  /** Staff index of each shortfall variable. */
  readonly shortfallStaff: Int32Array;
  /** True when every objective coefficient is an integer (then objective values are integers). */
  readonly integralObjective: boolean;
}

/** Builds the compact MIP of a (validated) roster problem, one rule at a time. */
export function buildRosterModel(problem: RosterProblem): RosterModel {
  const b = new ModelBuilder();
  const D = problem.days;
  const S = problem.shiftTypes.length;
  const E = problem.staff.length;
  const allowed = daysOff(problem);
  const x = new Int32Array(E * D * S).fill(-1);
  for (let e = 0; e < E; e++)
    for (let d = 0; d < D; d++)
      for (let s = 0; s < S; s++) {
        const k = (e * D + d) * S + s;
        if (allowed[k]) x[k] = b.addBinary(`x[${e},${d},${s}]`);
      }
  const xv = (e: number, d: number, s: number): number =>
    d < 0 || d >= D ? -1 : (x[(e * D + d) * S + s] ?? -1);
  const ctx: RuleContext = {
    problem,
    b,
    x,
    shiftIndex: new Map(problem.shiftTypes.map((s, i) => [s.id, i])),
    staffIndex: new Map(problem.staff.map((e, i) => [e.id, i])),
    shortfalls: [],
    shortfallStaff: [],
    xv,
    work(e, d) {
      const out: Array<[number, number]> = [];
      for (let s = 0; s < S; s++) {
        const v = xv(e, d, s);
        if (v >= 0) out.push([v, 1]);
      }
      return out;
    },
  };
  oneShiftPerDay(ctx);
  shiftRotation(ctx);
  maxShiftsPerType(ctx);
  totalMinutes(ctx);
  contractedHours(ctx);
  maxConsecutiveWorkingDays(ctx);
  minConsecutiveWorkingDays(ctx);
  minConsecutiveDaysOff(ctx);
  maxWeekends(ctx);
  shiftRequests(ctx);
  cover(ctx);
  fairEarlyShifts(ctx);
  const breakVars = intervalCover(ctx);
  const model = b.build();
  const integralObjective =
    Number.isInteger(model.offset) && model.variables.every((v) => Number.isInteger(v.cost));
  return {
    model,
    x,
    breakVars,
    integralObjective,
    shortfalls: Int32Array.from(ctx.shortfalls),
    shortfallStaff: Int32Array.from(ctx.shortfallStaff),
  };
}

/** Reads the roster (and break starts) out of a solution vector. */
export function decodeRoster(
  problem: RosterProblem,
  rm: RosterModel,
  values: ArrayLike<number>,
): { assignment: RosterAssignment; breaks: BreakPlacement } {
  const D = problem.days;
  const S = problem.shiftTypes.length;
  const assignment: Array<Array<string | null>> = [];
  const breaks: Array<Array<number | null>> = [];
  for (let e = 0; e < problem.staff.length; e++) {
    const row: Array<string | null> = [];
    const brow: Array<number | null> = [];
    for (let d = 0; d < D; d++) {
      let id: string | null = null;
      let br: number | null = null;
      for (let s = 0; s < S; s++) {
        const v = rm.x[(e * D + d) * S + s] ?? -1;
        if (v >= 0 && (values[v] ?? 0) > 0.5) {
          id = problem.shiftTypes[s]?.id ?? null;
          for (const y of rm.breakVars.get(v) ?? []) if ((values[y.v] ?? 0) > 0.5) br = y.offset;
        }
      }
      row.push(id);
      brow.push(br);
    }
    assignment.push(row);
    breaks.push(brow);
  }
  return { assignment, breaks };
}

/**
 * A sparse start for the solver from a roster: every shift variable and break variable fixed to
 * the roster's value (the solver completes the continuous and indicator variables).
 */
export function encodeRoster(
  problem: RosterProblem,
  rm: RosterModel,
  assignment: RosterAssignment,
  breaks?: BreakPlacement | null,
): { index: Int32Array; value: Float64Array } {
  const D = problem.days;
  const S = problem.shiftTypes.length;
  const index: number[] = [];
  const value: number[] = [];
  problem.staff.forEach((_, e) => {
    for (let d = 0; d < D; d++)
      problem.shiftTypes.forEach((shift, s) => {
        const v = rm.x[(e * D + d) * S + s] ?? -1;
        if (v < 0) return;
        const on = assignment[e]?.[d] === shift.id;
        index.push(v);
        value.push(on ? 1 : 0);
        for (const y of rm.breakVars.get(v) ?? []) {
          index.push(y.v);
          value.push(on && breaks?.[e]?.[d] === y.offset ? 1 : 0);
        }
      });
  });
  return { index: Int32Array.from(index), value: Float64Array.from(value) };
}
