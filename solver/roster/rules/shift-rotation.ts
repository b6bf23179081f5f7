import type { RuleContext } from '../context';
import { forbiddenSuccessors } from '../problem';

/**
 * Hard: a shift's forbidden successors are not worked the next day. This covers both the explicit
 * lists and the pairs derived from times by {@link atLeast11HoursRest}'s rest length. Written as
 * `x(d, a) + Σ_{b ∈ F(a)} x(d+1, b) ≤ 1`, valid because at most one shift is worked per day and
 * stronger than one row per pair.
 */
export function shiftRotation(ctx: RuleContext): void {
  const { problem } = ctx;
  const forbidden = forbiddenSuccessors(problem);
  const S = problem.shiftTypes.length;
  for (let e = 0; e < problem.staff.length; e++)
    for (let d = 0; d + 1 < problem.days; d++)
      for (let a = 0; a < S; a++) {
        const xa = ctx.xv(e, d, a);
        if (xa < 0) continue;
        const terms: Array<[number, number]> = [[xa, 1]];
        for (const b of forbidden[a] ?? []) {
          const xb = ctx.xv(e, d + 1, b);
          if (xb >= 0) terms.push([xb, 1]);
        }
        if (terms.length > 1) ctx.b.le(`shift rotation[${e},${d},${a}]`, terms, 1);
      }
}
