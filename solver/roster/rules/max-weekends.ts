import type { RuleContext } from '../context';
import { weekendsOf } from '../problem';

/**
 * Hard: at most K weekends worked. k(e, w) ≥ w(sat), k(e, w) ≥ w(sun), Σ_w k(e, w) ≤ K; also
 * k ≤ w(sat) + w(sun) so the indicator is exact (keeps the LP tight and the value meaningful).
 */
export function maxWeekends(ctx: RuleContext): void {
  const { problem, b } = ctx;
  const weekends = weekendsOf(problem);
  problem.staff.forEach((e, ei) => {
    const max = e.maxWeekends;
    if (max === undefined || max >= weekends.length) return;
    const ks: Array<[number, number]> = [];
    weekends.forEach((days, wi) => {
      const all = days.flatMap((d) => ctx.work(ei, d));
      if (all.length === 0) return;
      const k = b.addBinary(`weekend worked[${ei},${wi}]`);
      ks.push([k, 1]);
      for (const d of days) {
        const w = ctx.work(ei, d);
        if (w.length > 0)
          b.ge(`weekend link[${ei},${wi},${d}]`, [[k, 1], ...w.map(([i]) => [i, -1] as [number, number])], 0);
      }
      b.le(`weekend exact[${ei},${wi}]`, [[k, 1], ...all.map(([i]) => [i, -1] as [number, number])], 0);
    });
    if (ks.length > max) b.le(`max weekends[${ei}]`, ks, max);
  });
}
