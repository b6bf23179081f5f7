import { SHORTFALL_COST, type RuleContext } from '../context';
import { paidMinutes } from '../problem';

/** Hard: paid minutes over the horizon within the person's [min, max]. */
export function totalMinutes(ctx: RuleContext): void {
  const { problem } = ctx;
  problem.staff.forEach((e, ei) => {
    const range = e.totalMinutes;
    if (!range || (range.min === undefined && range.max === undefined)) return;
    const terms: Array<[number, number]> = [];
    for (let d = 0; d < problem.days; d++)
      problem.shiftTypes.forEach((s, si) => {
        const x = ctx.xv(ei, d, si);
        if (x >= 0) terms.push([x, paidMinutes(s)]);
      });
    if (range.max !== undefined) ctx.b.le(`total minutes[${ei}]`, terms, range.max);
    if (range.min !== undefined && range.min > 0) {
      const short = ctx.b.addVar(`shortfall total minutes[${ei}]`, {
        cost: SHORTFALL_COST,
        upper: range.min,
      });
      ctx.shortfalls.push(short);
      ctx.shortfallStaff.push(ei);
      ctx.b.ge(`min total minutes[${ei}]`, [...terms, [short, 1]], range.min);
    }
  });
}
