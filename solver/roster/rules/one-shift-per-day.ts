import type { RuleContext } from '../context';

/** Hard: an employee works at most one shift per day. */
export function oneShiftPerDay(ctx: RuleContext): void {
  const { problem } = ctx;
  for (let e = 0; e < problem.staff.length; e++)
    for (let d = 0; d < problem.days; d++) {
      const w = ctx.work(e, d);
      if (w.length > 1) ctx.b.le(`one shift per day[${e},${d}]`, w, 1);
    }
}
