import { unitValue } from '../units';
import type { Prefix, PlanRule } from './types';

/**
 * Hard rank order: within a customer a unit is scheduled only if every unit ranked above it is.
 * Modelled as a choice of one prefix per customer (binary `p[c,L]`, Σ_L p = 1, and unit i is
 * scheduled — Σ_e x = 1 — exactly when the chosen prefix has length ≥ i). Customer-level terms
 * (rank value, top-up, tech-debt shortfall) are then exact per prefix, so the relaxation is the
 * convex hull of each customer's choice instead of a fractional mix of deep and shallow items.
 * The `rankValue` penalty counts the value not delivered, hours × (1 + 1/position), over the
 * customer's candidate units: the next item of a roadmap is worth twice as much per hour as a deep
 * one, so scarce capacity goes to the tops of roadmaps first.
 */
export const rankOrder: PlanRule = {
  name: 'items are scheduled in each customer’s rank order',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const c of ctx.customers) {
      const units = (ctx.unitsByCustomer.get(c.id) ?? []).filter((u) => vars.pairsByUnit.has(u.id));
      if (units.length === 0) continue;
      const prefixes: Prefix[] = [];
      let minutes = 0;
      let billable = 0;
      let techDebt = 0;
      let value = 0;
      for (let length = 0; length <= units.length; length++) {
        const u = units[length - 1];
        if (u) {
          minutes += u.minutes;
          if (u.billable) billable += u.minutes;
          if (u.kind === 'techdebt') techDebt += u.minutes;
          value += unitValue(u);
        }
        const p = b.addBinary(`prefix[${c.id},${length}]`);
        prefixes.push({ length, p, minutes, billable, techDebt, value });
      }
      // Value not delivered = value of all candidate units − value of the chosen prefix.
      s.addTermConstant('rankValue', value);
      for (const q of prefixes) if (q.value > 0) s.addTerm('rankValue', q.p, -q.value);
      vars.prefixes.set(c.id, prefixes);
      b.eq(
        `prefix[${c.id}]`,
        prefixes.map((q) => [q.p, 1] as const),
        1,
      );
      units.forEach((u, i) => {
        const deeper = prefixes.filter((q) => q.length >= i + 1).map((q) => [q.p, -1] as const);
        b.eq(`rank[${u.id}]`, [...s.scheduled(u.id), ...deeper], 0);
      });
    }
  },
};
