import type { RuleContext } from '../context';

/**
 * Hard: a run of days off with a working day inside the horizon on both sides is at least M long.
 * For each run length l < M the pattern work, off×l, work is cut:
 * `w(d−1) + w(d+l) − Σ_{j=d}^{d+l−1} w(j) ≤ 1`.
 */
export function minConsecutiveDaysOff(ctx: RuleContext): void {
  const { problem } = ctx;
  const D = problem.days;
  problem.staff.forEach((e, ei) => {
    const m = e.minConsecutiveDaysOff;
    if (m === undefined || m <= 1) return;
    for (let l = 1; l < m; l++)
      for (let d = 1; d + l <= D - 1; d++) {
        const before = ctx.work(ei, d - 1);
        const after = ctx.work(ei, d + l);
        if (before.length === 0 || after.length === 0) continue; // a side can never be worked
        const terms: Array<[number, number]> = [...before, ...after];
        for (let j = d; j < d + l; j++) for (const [i, c] of ctx.work(ei, j)) terms.push([i, -c]);
        ctx.b.le(`min consecutive days off[${ei},${d},${l}]`, terms, 1);
      }
  });
}
