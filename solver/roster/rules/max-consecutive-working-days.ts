import type { RuleContext } from '../context';

/**
 * Hard: at most N consecutive working days. Sliding window: every N+1 consecutive days hold at
 * most N working days (days outside the horizon are off, so windows stay inside it).
 */
export function maxConsecutiveWorkingDays(ctx: RuleContext): void {
  const { problem } = ctx;
  problem.staff.forEach((e, ei) => {
    const n = e.maxConsecutiveShifts;
    if (n === undefined || n >= problem.days) return;
    for (let d = 0; d + n < problem.days; d++) {
      const terms: Array<[number, number]> = [];
      for (let j = d; j <= d + n; j++) terms.push(...ctx.work(ei, j));
      if (terms.length > n) ctx.b.le(`max consecutive working days[${ei},${d}]`, terms, n);
    }
  });
}
