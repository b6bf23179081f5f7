import { pertShape } from './estimate';
import { Random } from './random';
import type { PlanUnit } from './units';

export interface DeliveryProbabilities {
  /** Per engineer with committed work: P(the work assigned to them fits their fortnight capacity). */
  readonly byEngineer: Map<string, number>;
  /** Per customer with committed work: P(every engineer carrying its work fits, in the same sample). */
  readonly byCustomer: Map<string, number>;
  readonly samples: number;
}

/**
 * Seeded Monte Carlo over the estimate ranges. Definition: each sample draws every committed
 * item's actual minutes D from its PERT-beta distribution on [low, high] (one draw per item,
 * shared by its chunks; chunk k takes the part of D beyond its offset, the last chunk all the
 * rest). An engineer's work "fits" when the sampled minutes of the units assigned to them are at
 * most `capacity` (their development minutes in the fortnight: windows less P1 buffers, so spare
 * time absorbs overruns; day-level ordering is ignored). A customer's committed work fits when
 * every engineer carrying any of it fits in that sample. Probabilities are the fractions of samples.
 */
export function deliveryProbabilities(
  units: readonly PlanUnit[],
  assignments: readonly { unitId: string; engineerId: string }[],
  capacity: ReadonlyMap<string, number>,
  samples: number,
  seed: number,
): DeliveryProbabilities {
  const rng = new Random(seed);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const items = new Map<
    string,
    { range: PlanUnit['range']; parts: { unit: PlanUnit; engineerId: string }[] }
  >();
  const engineersOfCustomer = new Map<string, Set<string>>();
  for (const a of assignments) {
    const u = unitById.get(a.unitId);
    if (!u) continue;
    const it = items.get(u.itemId) ?? { range: u.range, parts: [] };
    it.parts.push({ unit: u, engineerId: a.engineerId });
    items.set(u.itemId, it);
    const set = engineersOfCustomer.get(u.customerId) ?? new Set<string>();
    set.add(a.engineerId);
    engineersOfCustomer.set(u.customerId, set);
  }
  const itemList = [...items.values()].map((it) => ({ ...it, shape: pertShape(it.range) }));
  const engineers = [...new Set(assignments.map((a) => a.engineerId))];
  const engIndex = new Map(engineers.map((e, i) => [e, i]));
  const fitsCount = new Array<number>(engineers.length).fill(0);
  const customerFits = new Map<string, number>([...engineersOfCustomer.keys()].map((c) => [c, 0]));
  const load = new Float64Array(engineers.length);
  const n = Math.max(1, samples);
  for (let s = 0; s < n; s++) {
    load.fill(0);
    for (const it of itemList) {
      const { low, high } = it.range;
      const d = high > low ? low + (high - low) * rng.beta(it.shape.alpha, it.shape.beta) : low;
      for (const p of it.parts) {
        const beyond = Math.max(0, d - p.unit.offset);
        const work = p.unit.chunk === p.unit.chunks ? beyond : Math.min(p.unit.minutes, beyond);
        load[engIndex.get(p.engineerId)!]! += work;
      }
    }
    const fits = engineers.map((e, i) => load[i]! <= (capacity.get(e) ?? 0) + 1e-9);
    fits.forEach((f, i) => {
      if (f) fitsCount[i]!++;
    });
    for (const [c, set] of engineersOfCustomer)
      if ([...set].every((e) => fits[engIndex.get(e)!])) customerFits.set(c, customerFits.get(c)! + 1);
  }
  return {
    byEngineer: new Map(engineers.map((e, i) => [e, fitsCount[i]! / n])),
    byCustomer: new Map([...customerFits].map(([c, k]) => [c, k / n])),
    samples: n,
  };
}
