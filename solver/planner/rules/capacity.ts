import type { Terms } from '../../mip/model';
import type { PlanRule } from './types';

/**
 * Per engineer and week: the minutes of the units assigned to that week, plus the P1 buffer on
 * the days the engineer is responder, fit the week's free window minutes (plus fixed blocks,
 * which belong to their units). Days are handled in aggregate here; the placement step fits the
 * week into concrete windows exactly, because any minute of a window can hold work.
 */
export const dailyCapacity: PlanRule = {
  name: 'work fits the engineer’s available hours (less the P1 buffer when responder)',
  apply(s) {
    const { ctx, b, vars } = s;
    for (const e of ctx.engineers) {
      const cap = ctx.capacity.get(e.id)!;
      const days = ctx.engineerDays.get(e.id)!;
      for (const k of [0, 1] as const) {
        const terms: (readonly [number, number])[] = [];
        for (const p of vars.pairsByEngineer.get(e.id) ?? []) terms.push(...s.weekMinutes(p, k));
        for (const d of days.values()) {
          const r = vars.responder.get(`${e.id}|${d.day}`);
          if (d.week === k && r !== undefined && d.p1Buffer > 0) terms.push([r, d.p1Buffer]);
        }
        if (terms.length > 0) b.le(`cap[${e.id},${k}]`, terms as Terms, cap[k]);
      }
    }
  },
};
