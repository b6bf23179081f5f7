import type { PlanRule } from './types';

/**
 * Focus: few customers per engineer. The model counts (engineer, customer) pairs over the
 * fortnight (`customersPerEngineer`, with `x ≤ works` per unit for a tight relaxation); the
 * placement then keeps each customer's work contiguous, so customers per day stay low, and lays
 * blocks in long runs (≥ 2 h where the windows allow). The placement's own terms,
 * `contextSwitches` per engineer-day and `shortBlocks`, are scored by the checker.
 */
export const focus: PlanRule = {
  name: 'few customers per engineer per day, in blocks of at least two hours',
  apply(s) {
    const { b, vars } = s;
    for (const p of vars.pairs) {
      const key = `${p.unit.customerId}|${p.engineerId}`;
      let w = vars.works.get(key);
      if (w === undefined) {
        w = b.addBinary(`works[${p.unit.customerId},${p.engineerId}]`);
        vars.works.set(key, w);
        s.engineerOf.set(w, p.engineerId);
        s.addTerm('customersPerEngineer', w, 1);
      }
      b.le(
        `focus[${p.unit.id},${p.engineerId}]`,
        [
          [p.x, 1],
          [w, -1],
        ],
        0,
      );
    }
  },
};
