/** Shift rostering: the general problem, its MIP model and search, the checker, Curtois–Qu import. */
export * from './types';
export * from './problem';
export { checkRoster, evaluateRoster, earlyEligible, TERM, type RosterCheck } from './checker';
export { buildRosterModel, decodeRoster, encodeRoster, type RosterModel } from './model';
export { solveRoster } from './solve';
export * from './curtois';
export { atLeast11HoursRest, ELEVEN_HOURS } from './rules/at-least-11-hours-rest';
