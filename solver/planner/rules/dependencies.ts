import type { PlanRule } from './types';

/**
 * A unit is scheduled only if its dependencies are (or are done). Ordering is made checkable at
 * the week level: when some engineer could take both, the dependent goes to the same engineer
 * as its dependency (`x[u,e] ≤ x[d,e]`; the placement then runs them in order on one timeline,
 * and no larger share of the dependent than of the dependency lands in week 0); otherwise the
 * dependency is done entirely in week 0 and the dependent entirely in week 1.
 */
export const dependenciesFirst: PlanRule = {
  name: 'dependencies are finished first',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const u of ctx.units) {
      const mine = vars.pairsByUnit.get(u.id);
      if (!mine) continue;
      for (const d of u.deps) {
        const theirs = vars.pairsByUnit.get(d);
        if (!theirs) continue; // the context excludes units whose dependencies cannot be scheduled
        const dep = ctx.unitById.get(d)!;
        const shared = mine.filter((p) => theirs.some((q) => q.engineerId === p.engineerId));
        if (shared.length > 0) {
          for (const p of mine) {
            const q = theirs.find((t) => t.engineerId === p.engineerId);
            if (q)
              b.le(
                `dep[${u.id},${d},${p.engineerId}]`,
                [
                  [p.x, 1],
                  [q.x, -1],
                ],
                0,
              );
            else b.le(`depnone[${u.id},${d},${p.engineerId}]`, [[p.x, 1]], 0);
          }
          b.le(
            `depweek[${u.id},${d}]`,
            [
              ...mine.map((p) => [p.y0, 1 / u.minutes] as const),
              ...theirs.map((p) => [p.y0, -1 / dep.minutes] as const),
            ],
            0,
          );
        } else {
          b.le(
            `dep[${u.id},${d}]`,
            [...s.scheduled(u.id), ...s.scheduled(d).map(([i, v]) => [i, -v] as const)],
            0,
          );
          for (const p of mine) b.le(`depw1[${u.id},${p.engineerId}]`, [[p.y0, 1]], 0);
          for (const q of theirs)
            b.ge(
              `depw0[${d},${q.engineerId}]`,
              [
                [q.y0, 1],
                [q.x, -dep.minutes],
              ],
              0,
            );
        }
      }
    }
  },
};
