import type { RuleContext } from '../context';

/**
 * Hard: a run of working days with a day off inside the horizon on both sides is at least M long.
 * For each run length l < M and start d ≥ 1 with d + l ≤ D − 1 the pattern off, work×l, off is cut:
 * `Σ_{j=d}^{d+l−1} w(j) − w(d−1) − w(d+l) ≤ l − 1`.
 */
export function minConsecutiveWorkingDays(ctx: RuleContext): void {
  const { problem } = ctx;
  const D = problem.days;
  problem.staff.forEach((e, ei) => {
    const m = e.minConsecutiveShifts;
    if (m === undefined || m <= 1) return;
    for (let l = 1; l < m; l++)
      for (let d = 1; d + l <= D - 1; d++) {
        const terms: Array<[number, number]> = [];
        for (let j = d; j < d + l; j++) terms.push(...ctx.work(ei, j));
        if (terms.length === 0) continue; // no way to work the run: the pattern cannot occur
        for (const [i, c] of ctx.work(ei, d - 1)) terms.push([i, -c]);
        for (const [i, c] of ctx.work(ei, d + l)) terms.push([i, -c]);
        ctx.b.le(`min consecutive working days[${ei},${d},${l}]`, terms, l - 1);
      }
  });
}
