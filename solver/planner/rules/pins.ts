import type { PlanRule } from './types';

/**
 * Pinned units (and units with fixed blocks) must be scheduled, on their engineer (the only
 * candidate the context gives them); a pinned day's week holds at least as much of the unit as
 * that day can; fixed minutes count in the week they happened.
 */
export const pinsHonoured: PlanRule = {
  name: 'pinned items stay with their engineer and day',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const id of ctx.forced) {
      const pairs = vars.pairsByUnit.get(id);
      if (pairs) b.eq(`pin[${id}]`, s.scheduled(id), 1);
    }
    for (const u of ctx.units) {
      const pairs = vars.pairsByUnit.get(u.id);
      if (!pairs) continue;
      const pinDay = u.item.pin?.day;
      if (pinDay !== undefined && u.chunk === 1) {
        for (const p of pairs) {
          const d = ctx.engineerDays.get(p.engineerId)!.get(pinDay);
          const week = ctx.dayByIndex.get(pinDay)!.week;
          const need = Math.min(u.minutes, d?.freeMinutes ?? 0);
          if (need > 0) b.ge(`pinday[${u.id},${p.engineerId}]`, [...s.weekMinutes(p, week), [p.x, -need]], 0);
        }
      }
      const fixed = ctx.fixedByUnit.get(u.id);
      if (fixed) {
        const byWeek = [0, 0];
        for (const f of fixed) byWeek[ctx.dayByIndex.get(f.day)!.week]! += f.end - f.start;
        for (const p of pairs) {
          for (const k of [0, 1] as const) {
            const need = Math.min(byWeek[k]!, u.minutes);
            if (need > 0) b.ge(`fixed[${u.id},${k}]`, [...s.weekMinutes(p, k), [p.x, -need]], 0);
          }
        }
      }
    }
  },
};
