import type { PlanRule } from './types';

/**
 * A scheduled unit with a due day finishes by the end of that day: due in week 0 means all of it
 * in week 0, and per engineer the units due by day d fit the free minutes up to d. Units due in
 * the fortnight and not scheduled are penalised (`dueDateLateness`).
 */
export const dueDates: PlanRule = {
  name: 'items are finished by their due dates',
  apply(s) {
    const { ctx, b, vars } = s;
    const last = ctx.days[ctx.days.length - 1]!.index;
    const dueByEngineer = new Map<string, { day: number; x: number; minutes: number }[]>();
    for (const u of ctx.units) {
      if (u.dueDay === undefined || u.dueDay > last) continue;
      s.addTermConstant('dueDateLateness', 1);
      const pairs = vars.pairsByUnit.get(u.id) ?? [];
      const week = ctx.dayByIndex.get(u.dueDay)?.week ?? 0;
      for (const p of pairs) {
        s.addTerm('dueDateLateness', p.x, -1);
        if (week === 0)
          b.ge(
            `due0[${u.id},${p.engineerId}]`,
            [
              [p.y0, 1],
              [p.x, -u.minutes],
            ],
            0,
          );
        const list = dueByEngineer.get(p.engineerId) ?? [];
        list.push({ day: u.dueDay, x: p.x, minutes: u.minutes });
        dueByEngineer.set(p.engineerId, list);
      }
    }
    for (const [engineerId, list] of dueByEngineer) {
      const days = ctx.engineerDays.get(engineerId)!;
      for (const day of new Set(list.map((l) => l.day))) {
        let room = 0;
        for (const d of days.values()) if (d.day <= day) room += d.freeMinutes + d.fixedMinutes;
        const terms = list.filter((l) => l.day <= day).map((l) => [l.x, l.minutes] as const);
        const most = terms.reduce((acc, [, m]) => acc + m, 0);
        if (most > room) b.le(`dueroom[${engineerId},${day}]`, terms, room);
      }
    }
  },
};
