import type { RuleContext } from '../context';

/**
 * Soft: an on-request costs its weight unless granted (`w·(1 − x)`: offset w, cost −w on x; a
 * request that cannot be granted is a pure offset); an off-request costs its weight if worked.
 */
export function shiftRequests(ctx: RuleContext): void {
  const { problem, b } = ctx;
  for (const r of problem.requests ?? []) {
    const e = ctx.staffIndex.get(r.staff);
    const s = ctx.shiftIndex.get(r.shift);
    const x = e === undefined || s === undefined ? -1 : ctx.xv(e, r.day, s);
    if (r.kind === 'on') {
      b.addOffset(r.weight);
      if (x >= 0) b.addCost(x, -r.weight);
    } else if (x >= 0) b.addCost(x, r.weight);
  }
}
