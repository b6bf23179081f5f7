/** The fortnight planner: problem types, estimates, the model's rules, checker and `solvePlan`. */
export * from './problem';
export * from './estimate';
export { Random, hashString } from './random';
export * from './units';
export * from './validate';
export { buildContext, type PlanContext, type EngineerDay, type Interval } from './context';
export {
  PLAN_RULES,
  buildPlanModel,
  decodeSolution,
  type PlanModel,
  type DecodedSolution,
  type DecodedAssignment,
} from './model';
export type { PlanRule, Pair, ModelVars } from './rules/types';
export { placePlan, type Placement } from './placement';
export * from './checker';
export * from './montecarlo';
export * from './report';
export * from './solve';
