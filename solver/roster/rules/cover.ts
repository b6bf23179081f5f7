import type { RuleContext } from '../context';

/**
 * Soft: per day and shift type, `Σ_e x − over + under = requirement`, under and over priced by
 * their weights. Cover is per shift type: another shift's staff never make up a shortfall.
 */
export function cover(ctx: RuleContext): void {
  const { problem, b } = ctx;
  const E = problem.staff.length;
  (problem.shiftCover ?? []).forEach((c, ci) => {
    const s = ctx.shiftIndex.get(c.shift);
    if (s === undefined) return;
    const terms: Array<[number, number]> = [];
    for (let e = 0; e < E; e++) {
      const x = ctx.xv(e, c.day, s);
      if (x >= 0) terms.push([x, 1]);
    }
    const under = b.addVar(`cover under[${ci}]`, { cost: c.underWeight, upper: Math.max(0, c.requirement) });
    const over = b.addVar(`cover over[${ci}]`, { cost: c.overWeight });
    b.eq(`cover[${ci}]`, [...terms, [under, 1], [over, -1]], c.requirement);
  });
}
