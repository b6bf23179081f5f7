import { ModelBuilder, type MipModel } from '../mip/model';
import type { PlanContext } from './context';
import type { TermName } from './problem';
import { oneEngineerPerItem } from './rules/assignment';
import { dailyCapacity } from './rules/capacity';
import { continuity } from './rules/continuity';
import { dependenciesFirst } from './rules/dependencies';
import { dueDates } from './rules/due-dates';
import { focus } from './rules/focus';
import { fairP1Rotation } from './rules/p1-rotation';
import { pinsHonoured } from './rules/pins';
import { rankOrder } from './rules/rank-order';
import { keepPublishedBlocks } from './rules/replan';
import { requiredSkills } from './rules/skills';
import { withinSubscription } from './rules/subscription';
import { techDebtShare } from './rules/tech-debt-share';
import { BuildState, type PlanRule } from './rules/types';
import { weeklyBillableTarget } from './rules/weekly-target';

/** Every constraint family of the planning model, in the order they are applied. */
export const PLAN_RULES: readonly PlanRule[] = [
  oneEngineerPerItem,
  requiredSkills,
  fairP1Rotation,
  dailyCapacity,
  weeklyBillableTarget,
  rankOrder,
  withinSubscription,
  techDebtShare,
  dependenciesFirst,
  dueDates,
  pinsHonoured,
  focus,
  continuity,
  keepPublishedBlocks,
];

export interface PlanModel {
  readonly model: MipModel;
  readonly state: BuildState;
}

/** Builds the aggregated planning MIP (unit → engineer, minutes per engineer-week) for a context. */
export function buildPlanModel(ctx: PlanContext): PlanModel {
  const state = new BuildState(ctx, new ModelBuilder());
  for (const rule of PLAN_RULES) rule.apply(state);
  return { model: state.b.build(), state };
}

/** A unit's assignment read from a MIP solution: engineer and whole minutes per week. */
export interface DecodedAssignment {
  readonly unitId: string;
  readonly engineerId: string;
  readonly week0: number;
  readonly week1: number;
}

export interface DecodedSolution {
  readonly assignments: DecodedAssignment[];
  readonly p1Rota: { day: number; engineerId: string }[];
  /** Every integer variable's value exactly as the backend returned it (the checker judges them). */
  readonly integerValues: { name: string; value: number }[];
  /** Raw value of each model term at this solution. */
  readonly mipTerms: Map<TermName, number>;
}

/**
 * Reads a backend's solution. A unit goes to the engineer with the largest `x` when that is at
 * least ½; fractional values are passed on untouched in `integerValues` so that the checker can
 * reject them. Week-0 minutes are rounded per engineer by largest remainder, which keeps each
 * week within the capacity the model respected.
 */
export function decodeSolution(pm: PlanModel, values: ArrayLike<number>): DecodedSolution {
  const { state, model } = pm;
  const { ctx, vars } = state;
  const chosen: { unitId: string; engineerId: string; y0: number; minutes: number }[] = [];
  for (const [unitId, pairs] of vars.pairsByUnit) {
    let best = pairs[0];
    for (const p of pairs) if (values[p.x]! > values[best!.x]!) best = p;
    if (!best || values[best.x]! < 0.5) continue;
    const unit = ctx.unitById.get(unitId)!;
    chosen.push({
      unitId,
      engineerId: best.engineerId,
      y0: Math.min(unit.minutes, Math.max(0, values[best.y0]!)),
      minutes: unit.minutes,
    });
  }
  const byEngineer = new Map<string, typeof chosen>();
  for (const c of chosen) {
    const list = byEngineer.get(c.engineerId) ?? [];
    list.push(c);
    byEngineer.set(c.engineerId, list);
  }
  const assignments: DecodedAssignment[] = [];
  for (const list of byEngineer.values()) {
    const floors = list.map((c) => Math.floor(c.y0 + 1e-6));
    const total = list.reduce((s, c) => s + c.y0, 0);
    let extra = Math.max(0, Math.round(total) - floors.reduce((s, f) => s + f, 0));
    const order = list
      .map((c, i) => ({ i, rem: c.y0 - floors[i]! }))
      .filter((o) => o.rem > 1e-6)
      .sort((a, b) => b.rem - a.rem);
    for (const o of order) {
      if (extra <= 0) break;
      floors[o.i] = floors[o.i]! + 1;
      extra--;
    }
    list.forEach((c, i) => {
      const w0 = Math.min(c.minutes, floors[i]!);
      assignments.push({ unitId: c.unitId, engineerId: c.engineerId, week0: w0, week1: c.minutes - w0 });
    });
  }
  const p1Rota: { day: number; engineerId: string }[] = [];
  for (const day of ctx.days) {
    let best: { e: string; v: number } | null = null;
    for (const e of ctx.engineers) {
      const r = vars.responder.get(`${e.id}|${day.index}`);
      if (r === undefined) continue;
      if (!best || values[r]! > best.v) best = { e: e.id, v: values[r]! };
    }
    if (best) p1Rota.push({ day: day.index, engineerId: best.e });
  }
  const integerValues: { name: string; value: number }[] = [];
  model.variables.forEach((v, i) => {
    if (v.integer) integerValues.push({ name: v.name, value: values[i]! });
  });
  const mipTerms = new Map<TermName, number>();
  for (const [term, entries] of state.termVars) {
    let raw = state.termConstants.get(term) ?? 0;
    for (const e of entries) raw += e.coef * values[e.index]!;
    mipTerms.set(term, raw);
  }
  for (const [term, c] of state.termConstants) if (!mipTerms.has(term)) mipTerms.set(term, c);
  return { assignments, p1Rota, integerValues, mipTerms };
}
