import type { PlanRule } from './types';

/**
 * Soft: a customer's tech-debt minutes should be at least its share of its scheduled minutes;
 * each roadmap prefix pays its shortfall per hour (`techDebtShortfall`).
 */
export const techDebtShare: PlanRule = {
  name: 'each customer gets its minimum share of tech debt',
  apply(s) {
    const { ctx, vars } = s;
    for (const c of ctx.customers) {
      if (c.techDebtShare <= 0) continue;
      for (const q of vars.prefixes.get(c.id) ?? []) {
        const short = Math.max(0, c.techDebtShare * q.minutes - q.techDebt);
        if (short > 0) s.addTerm('techDebtShortfall', q.p, short / 60);
      }
    }
  },
};
