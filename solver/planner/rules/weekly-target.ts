import type { PlanRule } from './types';

/**
 * Billable minutes per engineer per week + shortfall ≥ min(weekly target, available window
 * minutes). The shortfall carries the dominant weight (`weeklyShortfall`), so the plan reaches the
 * target wherever the roadmaps allow. P1 buffer minutes are not billable development time.
 *
 * A strengthening row per engineer, valid for every whole assignment: non-billable work takes
 * room from the target, so each non-billable unit larger than the engineer's slack (capacity −
 * target over the fortnight) forces at least `minutes − slack` of shortfall when it is theirs:
 * `Σ_k short[e,k] ≥ Σ_u (minutes_u − slack)·x[u,e]`. Without it the relaxation spreads a large
 * tech-debt unit over the slack of several engineers at no cost (M: root bound 2,346 → 2,636).
 */
export const weeklyBillableTarget: PlanRule = {
  name: 'every engineer reaches the weekly billable target',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const e of ctx.engineers) {
      const target = ctx.target.get(e.id)!;
      const shorts: number[] = [];
      for (const k of [0, 1] as const) {
        if (target[k] <= 0) continue;
        const sf = b.addVar(`short[${e.id},${k}]`, { upper: target[k] });
        shorts.push(sf);
        s.engineerOf.set(sf, e.id);
        s.addTerm('weeklyShortfall', sf, 1 / 60);
        const terms: (readonly [number, number])[] = [[sf, 1]];
        for (const p of vars.pairsByEngineer.get(e.id) ?? [])
          if (p.unit.billable) terms.push(...s.weekMinutes(p, k));
        b.ge(`target[${e.id},${k}]`, terms, target[k]);
      }
      if (shorts.length === 0) continue;
      const cap = ctx.capacity.get(e.id)!;
      // Slack below zero still leaves each such unit alone forcing `minutes − 0` at least.
      const slack = Math.max(0, cap[0] + cap[1] - target[0] - target[1]);
      const forced = (vars.pairsByEngineer.get(e.id) ?? [])
        .filter((p) => !p.unit.billable && p.unit.minutes > slack)
        .map((p) => [p.x, -(p.unit.minutes - slack)] as const);
      if (forced.length > 0)
        b.ge(`nonbillable[${e.id}]`, [...shorts.map((sf) => [sf, 1] as const), ...forced], 0);
    }
  },
};
