import type { PlanRule } from './types';

/**
 * Exactly one P1 responder per working day among the P1-eligible engineers working that day;
 * each engineer's responder days above the fair share ⌈days / eligible engineers⌉ are penalised
 * (`p1Imbalance`). The responder's development minutes shrink by the buffer (see capacity).
 */
export const fairP1Rotation: PlanRule = {
  name: 'one P1 responder per working day, in a fair rotation',
  apply(s) {
    const { ctx, b, vars } = s;
    const counts = new Map<string, [number, number][]>();
    for (const day of ctx.days) {
      const row: [number, number][] = [];
      for (const e of ctx.engineers) {
        if (!e.p1Eligible || !ctx.engineerDays.get(e.id)?.has(day.index)) continue;
        const r = b.addBinary(`p1[${e.id},${day.index}]`);
        vars.responder.set(`${e.id}|${day.index}`, r);
        s.engineerOf.set(r, e.id);
        row.push([r, 1]);
        const list = counts.get(e.id) ?? [];
        list.push([r, 1]);
        counts.set(e.id, list);
      }
      b.eq(`p1day[${day.index}]`, row, 1);
    }
    for (const [engineerId, terms] of counts) {
      if (terms.length <= ctx.p1FairShare) continue;
      const over = b.addVar(`p1over[${engineerId}]`, { upper: terms.length });
      s.engineerOf.set(over, engineerId);
      s.addTerm('p1Imbalance', over, 1);
      b.le(`p1fair[${engineerId}]`, [...terms, [over, -1]], ctx.p1FairShare);
    }
  },
};
