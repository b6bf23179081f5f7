import type { RosterProblem } from '../types';

/** The rest Rota requires between two shifts, in minutes. */
export const ELEVEN_HOURS = 11 * 60;

/**
 * Hard: at least `minRestMinutes` (11 h by default) between the end of a shift and the start of
 * the next day's shift. The rule is enforced as forbidden successions derived from the shift
 * times (see `forbiddenSuccessors`), so the model gets it through the shift-rotation rows; this
 * helper switches it on for a problem.
 */
export function atLeast11HoursRest(problem: RosterProblem, minRestMinutes = ELEVEN_HOURS): RosterProblem {
  return { ...problem, minRestMinutes };
}
