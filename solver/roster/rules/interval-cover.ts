import type { RuleContext } from '../context';
import { breakOffsets, breakStep, coversInterval } from '../problem';

/**
 * Soft: per day and interval, the number of people at work (shift spans the interval and their
 * unpaid break does not overlap it; only the cover's `staff` when it names them, e.g. the agents
 * skilled in a channel) plus under minus over equals the requirement; under-staffing
 * may grow in cost with each further person missing (`underGrowth`).
 * Breaks are placed inside the model: for each worked shift with a break, exactly one break
 * start y(e, d, o) is chosen from the window (`Σ_o y = x`), and an interval loses the people on
 * break in it. Returns the break variables so the solution can report the placement.
 */
export function intervalCover(ctx: RuleContext): Map<number, Array<{ offset: number; v: number }>> {
  const { problem, b } = ctx;
  const breaks = new Map<number, Array<{ offset: number; v: number }>>();
  const covers = problem.intervalCover ?? [];
  if (covers.length === 0) return breaks;
  const step = breakStep(problem);
  const E = problem.staff.length;
  const D = problem.days;
  problem.shiftTypes.forEach((s, si) => {
    const offsets = breakOffsets(s, step);
    if (offsets.length === 0) return;
    for (let e = 0; e < E; e++)
      for (let d = 0; d < D; d++) {
        const x = ctx.xv(e, d, si);
        if (x < 0) continue;
        const ys = offsets.map((offset) => ({ offset, v: b.addBinary(`break[${e},${d},${si},${offset}]`) }));
        b.eq(`break placed[${e},${d},${si}]`, [...ys.map((y) => [y.v, 1] as [number, number]), [x, -1]], 0);
        breaks.set(x, ys);
      }
  });
  covers.forEach((c, ci) => {
    const counted = c.staff ? new Set(c.staff) : null;
    const terms: Array<[number, number]> = [];
    for (let d = Math.max(0, c.day - 1); d <= Math.min(D - 1, c.day + 1); d++)
      problem.shiftTypes.forEach((s, si) => {
        if (!coversInterval(s, d, null, c.day, c.startMinute, c.lengthMinutes)) return;
        for (let e = 0; e < E; e++) {
          if (counted && !counted.has(problem.staff[e]!.id)) continue;
          const x = ctx.xv(e, d, si);
          if (x < 0) continue;
          terms.push([x, 1]);
          for (const y of breaks.get(x) ?? [])
            if (!coversInterval(s, d, y.offset, c.day, c.startMinute, c.lengthMinutes)) terms.push([y.v, -1]);
        }
      });
    // Under-staffing in unit steps of rising cost when it grows (convex: the LP fills the cheap
    // steps first, so no binaries are needed); one variable when every step costs the same.
    const requirement = Math.max(0, c.requirement);
    const growth = c.underGrowth ?? 0;
    const steps =
      growth > 0 && requirement > 0
        ? Array.from({ length: Math.ceil(requirement) }, (_, k) =>
            b.addVar(`interval under[${ci},${k}]`, {
              cost: c.underWeight * (1 + growth * k),
              upper: Math.min(1, requirement - k),
            }),
          )
        : [b.addVar(`interval under[${ci}]`, { cost: c.underWeight, upper: requirement })];
    const over = b.addVar(`interval over[${ci}]`, { cost: c.overWeight });
    b.eq(
      `interval cover[${ci}]`,
      [...terms, ...steps.map((v) => [v, 1] as [number, number]), [over, -1]],
      c.requirement,
    );
  });
  return breaks;
}
