import type { RuleContext } from '../context';

/** Hard: per staff and shift type, at most `maxShiftsPerType[type]` shifts in the horizon. */
export function maxShiftsPerType(ctx: RuleContext): void {
  const { problem } = ctx;
  problem.staff.forEach((e, ei) => {
    problem.shiftTypes.forEach((s, si) => {
      const max = e.maxShiftsPerType?.[s.id];
      if (max === undefined) return;
      const terms: Array<[number, number]> = [];
      for (let d = 0; d < problem.days; d++) {
        const x = ctx.xv(ei, d, si);
        if (x >= 0) terms.push([x, 1]);
      }
      if (terms.length > max) ctx.b.le(`max shifts per type[${ei},${si}]`, terms, max);
    });
  });
}
