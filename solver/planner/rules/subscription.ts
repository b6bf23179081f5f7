import type { PlanRule } from './types';

/**
 * A customer's billable minutes stay within its subscription plus at most its top-up (the context
 * only offers roadmap prefixes that fit, so this holds by construction); each prefix pays the
 * top-up it needs, per hour (`subscriptionTopUp`).
 */
export const withinSubscription: PlanRule = {
  name: 'customer hours stay within the subscription (top-up at a penalty)',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const c of ctx.customers) {
      for (const q of vars.prefixes.get(c.id) ?? []) {
        if (q.billable > c.subscriptionMinutes + c.topUpMinutes)
          b.eq(`subcap[${c.id},${q.length}]`, [[q.p, 1]], 0);
        const over = Math.max(0, q.billable - c.subscriptionMinutes);
        if (over > 0) s.addTerm('subscriptionTopUp', q.p, over / 60);
      }
    }
  },
};
