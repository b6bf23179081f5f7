import type { MipModel } from '../mip/model';
import type { PlanModel } from './model';
import type { Pair } from './rules/types';

/**
 * A quick greedy plan used as the MIP's starting incumbent: a P1 rota giving duty to engineers
 * with slack, forced (pinned) prefixes, then repeatedly the engineer furthest below target takes
 * the next unit of a roadmap they can work on (preferring customers they already work for or
 * know, and units that fill the gap without overshooting). Returns the integer variables' values
 * (continuous ones 0), to be completed by an LP with the integers fixed; null if it gets stuck.
 */
export function greedyIntegers(pm: PlanModel): Float64Array | null {
  const { state, model } = pm;
  const { ctx, vars } = state;
  const values = new Float64Array(model.variables.length);
  const remaining = new Map<string, [number, number]>();
  const billable = new Map<string, [number, number]>();
  for (const e of ctx.engineers) {
    const c = ctx.capacity.get(e.id)!;
    remaining.set(e.id, [c[0], c[1]]);
    billable.set(e.id, [0, 0]);
  }
  // P1 rota: each day to the eligible engineer with the most slack, within the fair share.
  const duty = new Map<string, number>();
  for (const day of ctx.days) {
    let best: { e: string; r: number; score: number } | null = null;
    for (const e of ctx.engineers) {
      const r = vars.responder.get(`${e.id}|${day.index}`);
      if (r === undefined) continue;
      const rem = remaining.get(e.id)!;
      const t = ctx.target.get(e.id)!;
      const slack = rem[day.week] - t[day.week];
      const score = slack - ((duty.get(e.id) ?? 0) >= ctx.p1FairShare ? 1e6 : 0);
      if (!best || score > best.score) best = { e: e.id, r, score };
    }
    if (!best) return null;
    values[best.r] = 1;
    duty.set(best.e, (duty.get(best.e) ?? 0) + 1);
    remaining.get(best.e)![day.week] -= ctx.engineerDays.get(best.e)!.get(day.index)!.p1Buffer;
  }

  const heads = new Map<string, number>();
  const lists = new Map<string, string[]>();
  for (const c of ctx.customers) {
    lists.set(
      c.id,
      (ctx.unitsByCustomer.get(c.id) ?? []).filter((u) => vars.pairsByUnit.has(u.id)).map((u) => u.id),
    );
    heads.set(c.id, 0);
  }
  const engineerOf = new Map<string, string>();
  const works = new Set<string>();
  const canTake = (p: Pair): boolean => {
    const u = p.unit;
    const rem = remaining.get(p.engineerId)!;
    const week0Only = u.dueDay !== undefined && ctx.dayByIndex.get(u.dueDay)?.week === 0;
    if (week0Only ? rem[0] < u.minutes : rem[0] + rem[1] < u.minutes) return false;
    return u.deps.every((d) => engineerOf.get(d) === p.engineerId);
  };
  const take = (p: Pair): void => {
    const u = p.unit;
    const rem = remaining.get(p.engineerId)!;
    const bill = billable.get(p.engineerId)!;
    const t = ctx.target.get(p.engineerId)!;
    const week0Only = u.dueDay !== undefined && ctx.dayByIndex.get(u.dueDay)?.week === 0;
    const first: 0 | 1 = week0Only || t[0] - bill[0] >= t[1] - bill[1] ? 0 : 1;
    const a = Math.min(u.minutes, rem[first]);
    const split: [number, number] = first === 0 ? [a, u.minutes - a] : [u.minutes - a, a];
    rem[0] -= split[0];
    rem[1] -= split[1];
    if (u.billable) {
      bill[0] += split[0];
      bill[1] += split[1];
    }
    values[p.x] = 1;
    engineerOf.set(u.id, p.engineerId);
    works.add(`${u.customerId}|${p.engineerId}`);
    heads.set(u.customerId, heads.get(u.customerId)! + 1);
  };
  // Forced units with everything ranked above them.
  for (const c of ctx.customers) {
    const list = lists.get(c.id)!;
    const last = list.reduce((acc, id, i) => (ctx.forced.has(id) ? i : acc), -1);
    for (let i = 0; i <= last; i++) {
      const pairs = vars.pairsByUnit.get(list[i]!)!;
      const p = pairs.find(canTake);
      if (!p) return null;
      take(p);
    }
  }
  const done = new Set<string>();
  for (;;) {
    let engineer: string | null = null;
    let deficit = 0;
    for (const e of ctx.engineers) {
      if (done.has(e.id)) continue;
      const t = ctx.target.get(e.id)!;
      const b = billable.get(e.id)!;
      const d = Math.max(0, t[0] - b[0]) + Math.max(0, t[1] - b[1]);
      if (d > deficit) {
        deficit = d;
        engineer = e.id;
      }
    }
    if (engineer === null) break;
    const known = ctx.engineerById.get(engineer)!.knownCustomerIds;
    let best: { p: Pair; score: number } | null = null;
    for (const c of ctx.customers) {
      const id = lists.get(c.id)![heads.get(c.id)!];
      if (id === undefined) continue;
      const p = vars.pairsByUnit.get(id)!.find((q) => q.engineerId === engineer);
      if (!p || !canTake(p)) continue;
      const u = p.unit;
      const score =
        (works.has(`${c.id}|${engineer}`) ? 300 : 0) +
        (known.includes(c.id) ? 200 : 0) +
        (u.billable ? 0 : -400) -
        Math.abs(deficit - u.minutes) / 10 +
        60 * (1 + 1 / u.position);
      if (!best || score > best.score) best = { p, score };
    }
    if (!best) done.add(engineer);
    else take(best.p);
  }
  for (const [c, list] of lists) {
    const n = heads.get(c)!;
    const q = vars.prefixes.get(c)?.find((x) => x.length === n);
    if (q) values[q.p] = 1;
    void list;
  }
  for (const [key, w] of vars.works) if (works.has(key)) values[w] = 1;
  return values;
}

/** The model with every integer variable fixed at `values` (and made continuous): an LP. */
export function fixIntegers(model: MipModel, values: ArrayLike<number>): MipModel {
  return {
    ...model,
    variables: model.variables.map((v, i) =>
      v.integer ? { ...v, integer: false, lower: values[i]!, upper: values[i]! } : v,
    ),
  };
}
