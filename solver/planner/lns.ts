import { performance } from 'node:perf_hooks';
import type { MipBackend } from '../mip/backend';
import type { MipModel } from '../mip/model';
import { evaluateSolution, expandValues, removeFixedColumns } from '../mip/presolve';
import type { PlanModel } from './model';
import { Random } from './random';

/**
 * Share of neighbourhoods built around one customer's engineers instead of one engineer's
 * (seeded M, 60 s: 2,835 and 2,861 against 2,879–2,896 without; 10 s: 2,973–2,975 against
 * 2,981–2,997).
 */
const CONSOLIDATE_SHARE = 1 / 3;
/** Organisations of at most this many engineers get 1 s per sub-MIP, larger ones 0.5 s. */
const SMALL_ORGANISATION = 12;

/**
 * Large-neighbourhood search with the MIP backend itself: the incumbent's integers are kept,
 * except those of a few engineers (their assignments, customer pairs and P1 days) and the
 * roadmap prefixes of the customers those engineers could work for; the backend solves that
 * small sub-MIP from the incumbent, and a better answer becomes the new incumbent. Engineers are
 * chosen around one that is short of its target (or at random), joined by engineers who share
 * candidate customers with it, so work can move between them and roadmaps can grow or shrink; a
 * third of the time they start as the engineers serving one customer, so its work can be
 * consolidated on fewer of them.
 * The neighbourhood grows while sub-MIPs are solved to optimality and shrinks when they run out
 * of time. Every incumbent is a solution of the full model, so the search only ever improves it.
 */
export interface LnsOptions {
  readonly seed: number;
  /** Wall-clock seconds the search may use. */
  readonly seconds: number;
  /** Stop after this many sub-MIPs (default: only the clock stops the search). */
  readonly maxRounds?: number;
  /** Seconds per sub-MIP (default 1 for up to 12 engineers, else 0.5). */
  readonly subSeconds?: number;
  readonly shouldStop?: () => boolean;
  /** Told each new incumbent's objective (progress while solving). */
  readonly onImprove?: (objective: number) => void;
}

export interface LnsResult {
  readonly values: Float64Array;
  readonly objective: number;
  readonly rounds: number;
  readonly improvements: number;
}

export async function improveByLns(
  pm: PlanModel,
  backend: MipBackend,
  start: Float64Array,
  options: LnsOptions,
): Promise<LnsResult> {
  const t0 = performance.now();
  const left = () => options.seconds - (performance.now() - t0) / 1000;
  const { model, state } = pm;
  const { ctx, vars } = state;
  const rng = new Random(options.seed * 131 + 7);
  const engineers = ctx.engineers;
  const eIndex = new Map(engineers.map((e, i) => [e.id, i]));

  // Integer variables per engineer, customers per engineer, prefix variables per customer.
  const ownVars: number[][] = engineers.map(() => []);
  const customersOf: Set<string>[] = engineers.map(() => new Set());
  const engineersOf = new Map<string, Set<number>>();
  for (const p of vars.pairs) {
    const ei = eIndex.get(p.engineerId)!;
    ownVars[ei]!.push(p.x);
    customersOf[ei]!.add(p.unit.customerId);
    const set = engineersOf.get(p.unit.customerId) ?? new Set<number>();
    set.add(ei);
    engineersOf.set(p.unit.customerId, set);
  }
  for (const [key, w] of vars.works) ownVars[eIndex.get(key.split('|')[1]!)!]!.push(w);
  for (const [key, r] of vars.responder) ownVars[eIndex.get(key.split('|')[0]!)!]!.push(r);
  const shortVars: { ei: number; v: number }[] = [];
  model.variables.forEach((v, i) => {
    const m = /^short\[(.+),[01]\]$/.exec(v.name);
    if (m) shortVars.push({ ei: eIndex.get(m[1]!)!, v: i });
  });

  let values: Float64Array = Float64Array.from(start);
  let objective = evaluateSolution(model, values).objective;
  let k = Math.min(engineers.length, 4);
  let rounds = 0;
  let improvements = 0;
  // Many short sub-MIPs beat fewer long ones on larger organisations (M, L); on a small one each
  // neighbourhood is a large share of the model and needs the longer time (S).
  const subSeconds = options.subSeconds ?? (engineers.length <= SMALL_ORGANISATION ? 1 : 0.5);

  const maxRounds = options.maxRounds ?? Infinity;
  while (left() > 0.2 && rounds < maxRounds && !options.shouldStop?.() && engineers.length > 0) {
    rounds++;
    // A seed engineer: one short of target when there is one (half the time), else any.
    const short = shortVars.filter((s) => values[s.v]! > 1e-6).map((s) => s.ei);
    const seed =
      short.length > 0 && rng.next() < 0.5
        ? short[rng.int(0, short.length - 1)]!
        : rng.int(0, engineers.length - 1);
    const chosen = new Set([seed]);
    if (rng.next() < CONSOLIDATE_SHARE) {
      // A customer served by several engineers: those engineers, so the sub-MIP may consolidate
      // its work on fewer of them (customer pairs are what the plans pay most above the bound).
      const servedBy = new Map<string, number[]>();
      for (const [key, w] of vars.works) {
        if (values[w]! < 0.5) continue;
        const [c, e] = key.split('|') as [string, string];
        const list = servedBy.get(c) ?? [];
        list.push(eIndex.get(e)!);
        servedBy.set(c, list);
      }
      const spread = [...servedBy.values()].filter((l) => l.length >= 2);
      if (spread.length > 0) {
        const list = spread[rng.int(0, spread.length - 1)]!;
        chosen.clear();
        for (const ei of list) if (chosen.size < k) chosen.add(ei);
      }
    }
    for (let guard = 0; chosen.size < k && guard < 4 * k; guard++) {
      // A random customer of a chosen engineer, then a random engineer who could work for it.
      const from = [...chosen][rng.int(0, chosen.size - 1)]!;
      const cs = [...customersOf[from]!];
      if (cs.length === 0) break;
      const others = [...engineersOf.get(cs[rng.int(0, cs.length - 1)]!)!].filter((e) => !chosen.has(e));
      if (others.length > 0) chosen.add(others[rng.int(0, others.length - 1)]!);
    }
    const free = new Set<number>();
    const customers = new Set<string>();
    for (const ei of chosen) {
      for (const v of ownVars[ei]!) free.add(v);
      for (const c of customersOf[ei]!) customers.add(c);
    }
    for (const c of customers) for (const q of vars.prefixes.get(c) ?? []) free.add(q.p);
    const sub: MipModel = {
      ...model,
      variables: model.variables.map((v, i) =>
        v.integer && !free.has(i)
          ? { ...v, lower: Math.round(values[i]!), upper: Math.round(values[i]!) }
          : v,
      ),
    };
    // Only the free part goes to the backend: fixed columns are substituted out first, which
    // makes each sub-MIP small to build and presolve.
    const reduced = removeFixedColumns(sub);
    if (reduced.infeasible || reduced.model.variables.length === 0) {
      // Nothing to decide here: a larger neighbourhood next time, unless this was everything.
      if (chosen.size === engineers.length) break;
      k = Math.min(engineers.length, k + 1);
      continue;
    }
    const solved = await backend.solve(reduced.model, {
      timeLimitSeconds: Math.max(0.1, Math.min(subSeconds, left())),
      initialValues: Float64Array.from(reduced.kept, (i) => values[i]!),
      relativeGap: 1e-4,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    const r = { ...solved, values: solved.values ? expandValues(reduced, solved.values) : null };
    if (r.values && r.objective !== null && r.objective < objective - 1e-6) {
      // Re-checked against the full model: only a true solution becomes the incumbent.
      const check = evaluateSolution(model, r.values);
      if (check.feasible && check.objective < objective - 1e-6) {
        values = r.values;
        objective = check.objective;
        improvements++;
        options.onImprove?.(objective);
      }
    }
    // Every engineer free and solved to optimality: that was the whole model, nothing is left.
    if (r.status === 'optimal' && chosen.size === engineers.length) break;
    if (r.status === 'optimal') k = Math.min(engineers.length, k + 1);
    else if (r.status === 'time_limit') k = Math.max(2, k - 1);
  }
  return { values, objective, rounds, improvements };
}
