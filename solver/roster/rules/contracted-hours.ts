import { SHORTFALL_COST, type RuleContext } from '../context';
import { paidMinutes } from '../problem';

/** Hard: paid minutes in each whole week (days 7k … 7k+6) within the contracted [min, max]. */
export function contractedHours(ctx: RuleContext): void {
  const { problem } = ctx;
  problem.staff.forEach((e, ei) => {
    const range = e.contractedMinutesPerWeek;
    if (!range) return;
    for (let w = 0; 7 * w < problem.days; w++) {
      const terms: Array<[number, number]> = [];
      for (let d = 7 * w; d < Math.min(problem.days, 7 * w + 7); d++)
        problem.shiftTypes.forEach((s, si) => {
          const x = ctx.xv(ei, d, si);
          if (x >= 0) terms.push([x, paidMinutes(s)]);
        });
      if (range.max !== undefined) ctx.b.le(`contracted hours[${ei},${w}]`, terms, range.max);
      if (range.min !== undefined && range.min > 0) {
        const short = ctx.b.addVar(`shortfall contracted hours[${ei},${w}]`, {
          cost: SHORTFALL_COST,
          upper: range.min,
        });
        ctx.shortfalls.push(short);
        ctx.shortfallStaff.push(ei);
        ctx.b.ge(`min contracted hours[${ei},${w}]`, [...terms, [short, 1]], range.min);
      }
    }
  });
}
