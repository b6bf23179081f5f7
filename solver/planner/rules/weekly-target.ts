import type { PlanRule } from './types';

/**
 * Billable minutes per engineer per week + shortfall ≥ min(weekly target, available window
 * minutes). The shortfall carries the dominant weight (`weeklyShortfall`), so the plan reaches the
 * target wherever the roadmaps allow. P1 buffer minutes are not billable development time.
 */
export const weeklyBillableTarget: PlanRule = {
  name: 'every engineer reaches the weekly billable target',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const e of ctx.engineers) {
      const target = ctx.target.get(e.id)!;
      for (const k of [0, 1] as const) {
        if (target[k] <= 0) continue;
        const sf = b.addVar(`short[${e.id},${k}]`, { upper: target[k] });
        s.addTerm('weeklyShortfall', sf, 1 / 60);
        const terms: (readonly [number, number])[] = [[sf, 1]];
        for (const p of vars.pairsByEngineer.get(e.id) ?? [])
          if (p.unit.billable) terms.push(...s.weekMinutes(p, k));
        b.ge(`target[${e.id},${k}]`, terms, target[k]);
      }
    }
  },
};
