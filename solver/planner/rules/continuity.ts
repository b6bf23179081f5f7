import type { PlanRule } from './types';

/** A mild preference for engineers who already know the customer (`continuity` per new pair). */
export const continuity: PlanRule = {
  name: 'engineers who know the customer are preferred',
  apply(s) {
    const { ctx, vars } = s;
    for (const [key, w] of vars.works) {
      const [customerId, engineerId] = key.split('|') as [string, string];
      if (!ctx.engineerById.get(engineerId)!.knownCustomerIds.includes(customerId))
        s.addTerm('continuity', w, 1);
    }
  },
};
