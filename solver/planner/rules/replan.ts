import type { PlanRule } from './types';

/**
 * Re-planning: each block of the published plan that is moved or removed costs `movedBlocks`.
 * The model sees a block as kept when its unit stays with the same engineer; the placement then
 * tries the block's old slot first, and the checker counts what really moved.
 */
export const keepPublishedBlocks: PlanRule = {
  name: 'published blocks stay where they were',
  apply(s) {
    const { ctx, vars } = s;
    const fixed = new Set(
      (ctx.problem.fixedBlocks ?? []).map((f) => `${f.itemId}|${f.engineerId}|${f.day}|${f.start}|${f.end}`),
    );
    const counts = new Map<string, number>();
    for (const p of ctx.problem.previousBlocks ?? []) {
      if (fixed.has(`${p.itemId}|${p.engineerId}|${p.day}|${p.start}|${p.end}`)) continue;
      const key = `${p.itemId}|${p.engineerId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, n] of counts) {
      s.addTermConstant('movedBlocks', n);
      const [unitId, engineerId] = key.split('|') as [string, string];
      const pair = vars.pairsByUnit.get(unitId)?.find((p) => p.engineerId === engineerId);
      if (pair) s.addTerm('movedBlocks', pair.x, -n);
    }
  },
};
