import type { RosterProblem } from '../types';
import { isAllowed } from '../problem';

/**
 * Hard: fixed days off and leave, skills (allowed shift types, a zero maximum), days of the week
 * the person is available and the weekdays a shift template may run on. These are enforced by
 * not creating the variable at all; this returns the variable layout `x[(e·D + d)·S + s]`
 * (1 = may be created, 0 = ruled out).
 */
export function daysOff(problem: RosterProblem): Uint8Array {
  const D = problem.days;
  const S = problem.shiftTypes.length;
  const ok = new Uint8Array(problem.staff.length * D * S);
  problem.staff.forEach((e, ei) => {
    for (let d = 0; d < D; d++)
      problem.shiftTypes.forEach((s, si) => {
        if (isAllowed(problem, e, d, s)) ok[(ei * D + d) * S + si] = 1;
      });
  });
  return ok;
}
