import type { PlanRule } from './types';

/**
 * Creates the columns: per candidate (unit, engineer) a binary `x` and the unit's minutes in week
 * 0, `y0 ∈ [0, estimate·x]` (week 1 gets the rest). A unit goes to at most one engineer.
 */
export const oneEngineerPerItem: PlanRule = {
  name: 'each item goes to at most one engineer, whole',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const unit of ctx.units) {
      const engineers = ctx.candidates.get(unit.id);
      if (!engineers) continue;
      const list = [];
      for (const engineerId of engineers) {
        const cap = ctx.capacity.get(engineerId)!;
        const x = b.addBinary(`x[${unit.id},${engineerId}]`);
        const y0 = b.addVar(`y0[${unit.id},${engineerId}]`, { upper: Math.min(unit.minutes, cap[0]) });
        // y0 ≤ estimate·x, and week 1's share (estimate·x − y0) within week 1's capacity.
        b.le(
          `week0[${unit.id},${engineerId}]`,
          [
            [y0, 1],
            [x, -unit.minutes],
          ],
          0,
        );
        if (unit.minutes > cap[1])
          b.ge(
            `week1cap[${unit.id},${engineerId}]`,
            [
              [y0, 1],
              [x, -(unit.minutes - cap[1])],
            ],
            0,
          );
        s.engineerOf.set(x, engineerId);
        s.engineerOf.set(y0, engineerId);
        const pair = { unit, engineerId, x, y0 };
        list.push(pair);
        vars.pairs.push(pair);
        const byEng = vars.pairsByEngineer.get(engineerId) ?? [];
        byEng.push(pair);
        vars.pairsByEngineer.set(engineerId, byEng);
      }
      vars.pairsByUnit.set(unit.id, list);
      if (list.length > 1) b.le(`one[${unit.id}]`, s.scheduled(unit.id), 1);
    }
  },
};
