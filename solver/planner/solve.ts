import { performance } from 'node:perf_hooks';
import type { BackendName, MipBackend, MipProgress, MipResult } from '../mip/backend';
import { highsBackend, relativeGap, solveHighsInThread, type ThreadedSolve } from '../mip/highs';
import { jslpBackend } from '../mip/jslp';
import { solveOptionProblems } from '../mip/options';
import { evaluateSolution } from '../mip/presolve';
import { checkPlan, type CheckResult, type TermValue, type Violation } from './checker';
import { buildContext, type PlanContext } from './context';
import { fixIntegers, greedyIntegers } from './greedy';
import { improveByLns } from './lns';
import { iteratedLocalSearch, localSearchIntegers } from './local-search';
import { buildPlanModel, decodeSolution, type PlanModel } from './model';
import { deliveryProbabilities } from './montecarlo';
import { placePlan } from './placement';
import { TERM_LABELS, type Block, type Confidence, type PlanProblem, type TermName } from './problem';
import {
  customerReports,
  engineerReports,
  replanDiff,
  type CustomerReport,
  type EngineerWeekReport,
  type ReplanDiff,
} from './report';
import { validatePlanProblem, type ValidationProblem } from './validate';

export type PlanStatus =
  'optimal' | 'feasible' | 'infeasible' | 'time_limit' | 'interrupted' | 'rejected' | 'invalid' | 'error';

export interface SolvePlanOptions {
  /** 'highs' (default) or 'jslp', or any {@link MipBackend}. */
  readonly backend?: BackendName | MipBackend;
  readonly timeLimitSeconds: number;
  /** Stop once the MIP's relative gap is at most this (default 0.005). */
  readonly relativeGap?: number;
  readonly onProgress?: (progress: MipProgress) => void;
  readonly shouldStop?: () => boolean;
}

export interface PlanAssignment {
  /** Planning-unit id (the item id, or `${itemId}#k` for a chunk). */
  readonly itemId: string;
  readonly sourceItemId: string;
  readonly chunk: number;
  readonly engineerId: string;
  readonly minutes: number;
}

export interface PlanResult {
  readonly status: PlanStatus;
  readonly backend: string;
  readonly confidence: Confidence;
  /** The plan's objective, recomputed by the checker from the blocks (all terms). */
  readonly objective: number | null;
  /** The MIP's objective as the backend reported it (model terms only). */
  readonly mipObjective: number | null;
  /** The backend's lower bound on the MIP objective (null when it has none, e.g. jslp). */
  readonly bound: number | null;
  /** The MIP's relative gap |mipObjective − bound| / |mipObjective|. */
  readonly gap: number | null;
  /** The same gap for the placed plan's model terms (the checker's `modelObjective`) against the bound. */
  readonly planGap: number | null;
  readonly seconds: number;
  /** Term by term: name, words, weight, raw value, contribution (from the checker). */
  readonly terms: TermValue[];
  /** The model's own term values at its solution (raw), for comparison with `terms`. */
  readonly mipTerms: { name: TermName; raw: number }[];
  readonly blocks: Block[];
  readonly assignments: PlanAssignment[];
  readonly p1Rota: { day: number; engineerId: string }[];
  readonly engineers: EngineerWeekReport[];
  readonly customers: CustomerReport[];
  /** The checker's verdict on the returned plan (null when there is no plan). */
  readonly check: { ok: boolean; violations: Violation[] } | null;
  /** Validation problems (status 'invalid') or checker violations (status 'rejected'). */
  readonly violations: Violation[];
  readonly validation: ValidationProblem[];
  readonly replanDiff: ReplanDiff | null;
  /** Words for an infeasible, invalid, rejected or empty result. */
  readonly explanation: string[];
  readonly modelSize: {
    variables: number;
    integers: number;
    rows: number;
    candidateItems: number;
    columns: number;
  };
}

/** Below this many seconds left after the start, HiGHS just runs the full MIP. */
const MIN_LNS_SECONDS = 2;
/**
 * Seconds of the iterated local search before the MIPs: it removes week shortfall and top-up in
 * its first seconds, the sub-MIPs are better at customer pairs over longer runs (seeded M, 2-core
 * machine: the search alone 3,984 → ~3,100 in 7 s, where 10 s of sub-MIPs reached 3,350–3,500; at
 * 60 s, 30 s of it then sub-MIPs 2,896 against 2,998 with 48 s). So 30 % of the limit, at least
 * 7 s, at most 70 %: the full MIP needs the rest for its root and bound (M's takes ~2 s).
 */
function ilsSeconds(limit: number): number {
  return Math.min(0.7 * limit, Math.max(0.3 * limit, 7));
}
/** The full MIP gets at least this long (its root LP and bound). */
const MIN_FULL_MIP_SECONDS = 1;
/**
 * Share of the limit after which the full MIP starts, if the local search is still running: M's
 * root takes 2–3 s beside the sub-MIPs, and starting after 7 s of a 10 s limit it once had no
 * root bound yet at the end (836 reported against 2,637).
 */
const FULL_MIP_FROM = 0.4;
/** Smaller models are solved outright by the full MIP; a second thread would only cost its start-up. */
const MIN_LNS_INTEGERS = 200;

/**
 * The iterated local search first, with the full MIP starting in a worker thread (bound and its
 * own incumbent) partway through it; then, from the search's plan, the neighbourhood search here
 * for the rest of the time. The result is the better of the two incumbents with the full MIP's
 * bound, which is a valid bound for either (they solve the same model). A stop request reaches
 * all three.
 */
async function solveWithNeighbourhoods(
  pm: PlanModel,
  initial: Float64Array,
  seconds: number,
  seed: number,
  mipOptions: { relativeGap: number; onProgress?: (p: MipProgress) => void },
  shouldStop: (() => boolean) | undefined,
): Promise<MipResult> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  // The iterated local search first (plain JS, fast on week shortfall and top-up), alone for its
  // first part: on this 2-core machine it makes a third fewer kicks with HiGHS beside it. The full
  // MIP (bound and its own incumbent) starts midway, early enough to finish its root; then the
  // sub-MIPs (better on customer pairs) run from the search's plan beside it.
  let start = initial;
  let full: ThreadedSolve | null = null;
  let fullDone = false;
  const startFull = (): void => {
    full = solveHighsInThread(pm.model, {
      ...mipOptions,
      initialValues: initial,
      timeLimitSeconds: Math.max(MIN_FULL_MIP_SECONDS, seconds - elapsed()),
    });
    void full.result.then(() => (fullDone = true));
  };
  const stopRequested = () => {
    const stop = shouldStop?.() ?? false;
    if (stop) full?.stop();
    return stop;
  };
  const searchSeconds = ilsSeconds(seconds);
  const ils = await iteratedLocalSearch(pm, {
    seed,
    seconds: searchSeconds,
    shouldStop: stopRequested,
    midway: { seconds: Math.min(searchSeconds, FULL_MIP_FROM * seconds), call: startFull },
  });
  if (ils) {
    const lp = await highsBackend.solve(fixIntegers(pm.model, ils.values), {
      timeLimitSeconds: Math.max(1, seconds / 10),
    });
    if (
      lp.status === 'optimal' &&
      lp.values &&
      evaluateSolution(pm.model, lp.values).objective < evaluateSolution(pm.model, start).objective - 1e-6
    ) {
      start = lp.values;
      mipOptions.onProgress?.({ bestObjective: lp.objective, bestBound: null, gap: null, seconds: 0 });
    }
  }
  const running = full as ThreadedSolve | null;
  if (!running) throw new Error('the full MIP was not started');
  if (stopRequested()) running.stop();
  const lns = await improveByLns(pm, highsBackend, start, {
    seed,
    // A little less than the full MIP, whose answer is awaited afterwards.
    seconds: Math.max(0, seconds - elapsed() - 0.5),
    shouldStop: () => stopRequested() || fullDone,
    ...(mipOptions.onProgress
      ? {
          onImprove: (objective: number) =>
            mipOptions.onProgress!({ bestObjective: objective, bestBound: null, gap: null, seconds: 0 }),
        }
      : {}),
  });
  const poll = setInterval(stopRequested, 50);
  const m = await running.result.finally(() => clearInterval(poll));
  if (m.values && m.objective !== null && m.objective <= lns.objective) return m;
  return {
    status: m.status === 'error' || m.status === 'infeasible' ? 'feasible' : m.status,
    values: lns.values,
    objective: lns.objective,
    bound: m.bound,
    gap: relativeGap(lns.objective, m.bound),
    seconds: m.seconds,
    detail: `${m.detail ?? m.status}; the neighbourhood search's plan (${lns.improvements} improvements in ${lns.rounds} sub-MIPs)`,
  };
}

function backendOf(b: SolvePlanOptions['backend']): MipBackend {
  if (b === undefined || b === 'highs') return highsBackend;
  if (b === 'jslp') return jslpBackend;
  return b;
}

function emptyResult(
  problem: PlanProblem,
  backend: string,
  status: PlanStatus,
  extra: Partial<PlanResult>,
): PlanResult {
  return {
    status,
    backend,
    confidence: problem.confidence,
    objective: null,
    mipObjective: null,
    bound: null,
    gap: null,
    planGap: null,
    seconds: 0,
    terms: [],
    mipTerms: [],
    blocks: [],
    assignments: [],
    p1Rota: [],
    engineers: [],
    customers: [],
    check: null,
    violations: [],
    validation: [],
    replanDiff: null,
    explanation: [],
    modelSize: { variables: 0, integers: 0, rows: 0, candidateItems: 0, columns: 0 },
    ...extra,
  };
}

/** Development minutes per engineer in the fortnight: free windows less P1 buffers, plus fixed blocks. */
function fortnightCapacity(
  ctx: PlanContext,
  p1Rota: readonly { day: number; engineerId: string }[],
): Map<string, number> {
  const responder = new Set(p1Rota.map((r) => `${r.engineerId}|${r.day}`));
  const out = new Map<string, number>();
  for (const [e, days] of ctx.engineerDays) {
    let total = 0;
    for (const d of days.values())
      total += d.fixedMinutes + d.freeMinutes - (responder.has(`${e}|${d.day}`) ? d.p1Buffer : 0);
    out.set(e, total);
  }
  return out;
}

function infeasibleExplanation(ctx: PlanContext): string[] {
  const out = ['The hard rules cannot all hold together.'];
  const byEngineer = new Map<string, number>();
  for (const id of ctx.forced) {
    const e = ctx.candidates.get(id)?.[0];
    if (e) byEngineer.set(e, (byEngineer.get(e) ?? 0) + ctx.unitById.get(id)!.minutes);
  }
  for (const [e, minutes] of byEngineer) {
    const cap = ctx.capacity.get(e)!;
    if (minutes > cap[0] + cap[1])
      out.push(
        `${ctx.engineerById.get(e)!.name} has ${Math.round(minutes / 60)} h of pinned work but ${Math.round((cap[0] + cap[1]) / 60)} h available.`,
      );
  }
  if (ctx.forced.size > 0)
    out.push(
      'Pinned items force every item ranked above them to be scheduled too; check that these fit the subscription plus top-up and the engineers’ time.',
    );
  return out;
}

/**
 * Plans a fortnight: validates the problem, builds the aggregated MIP (unit → engineer, minutes
 * per engineer-week, P1 rota), solves it with the chosen backend, places the result into concrete
 * blocks, and has the independent checker judge the plan. A plan failing the checker is never
 * returned: the status is then 'rejected' with the violations. Never throws for a bad problem or
 * solve; the result is a value.
 */
export async function solvePlan(problem: PlanProblem, options: SolvePlanOptions): Promise<PlanResult> {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const backend = backendOf(options.backend);
  const found = validatePlanProblem(problem);
  const optionProblems = solveOptionProblems(options).map((p) => ({
    path: `options.${p.option}`,
    message: p.message,
  }));
  const validation = {
    ok: found.ok && optionProblems.length === 0,
    problems: [...optionProblems, ...found.problems],
  };
  if (!validation.ok)
    return emptyResult(problem, backend.name, 'invalid', {
      validation: validation.problems,
      violations: validation.problems.map((p) => ({
        rule: 'validation',
        message: `${p.path}: ${p.message}`,
      })),
      explanation: validation.problems.map((p) => `${p.path}: ${p.message}`),
    });
  const ctx = buildContext(problem);
  const pm = buildPlanModel(ctx);
  const modelSize = {
    variables: pm.model.variables.length,
    integers: pm.model.variables.filter((v) => v.integer).length,
    rows: pm.model.rows.length,
    candidateItems: ctx.candidates.size,
    columns: pm.state.vars.pairs.length,
  };
  // Both backends get the local search's incumbent, completed by an LP with its integers fixed
  // (solved by the same backend); each keeps it unless its own search finds better in time.
  let initialValues: Float64Array | undefined;
  {
    // The local search's plan first; the plain greedy if its week split cannot be completed.
    // Backends without the neighbourhood search get the iterated local search's plan.
    const iterated = backend !== highsBackend;
    const starts = [
      async () =>
        (iterated
          ? await iteratedLocalSearch(pm, {
              seed: problem.seed,
              seconds: ilsSeconds(options.timeLimitSeconds),
              ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
            })
          : localSearchIntegers(pm, { seed: problem.seed })
        )?.values ?? null,
      () => greedyIntegers(pm),
    ];
    for (const start of starts) {
      const ints = await start();
      if (!ints) continue;
      const lp = await backend.solve(fixIntegers(pm.model, ints), {
        timeLimitSeconds: Math.max(1, options.timeLimitSeconds / 10),
      });
      if (lp.status === 'optimal' && lp.values) {
        initialValues = lp.values;
        break;
      }
    }
  }
  // HiGHS: the full MIP runs in a worker thread from the start, proving its bound, while this
  // thread improves the start by large-neighbourhood search (sub-MIPs around a few engineers);
  // the answer is the better incumbent against the full MIP's bound.
  const remaining = options.timeLimitSeconds - elapsed();
  const mipOptions = {
    relativeGap: options.relativeGap ?? 0.005,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  let mip: MipResult;
  if (
    backend === highsBackend &&
    initialValues &&
    remaining >= MIN_LNS_SECONDS &&
    modelSize.integers >= MIN_LNS_INTEGERS
  ) {
    mip = await solveWithNeighbourhoods(
      pm,
      initialValues,
      remaining,
      problem.seed,
      mipOptions,
      options.shouldStop,
    );
  } else {
    mip = await backend.solve(pm.model, {
      ...(initialValues ? { initialValues } : {}),
      timeLimitSeconds: Math.max(0.5, remaining),
      ...mipOptions,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
  }
  const seconds = elapsed();
  const base = {
    mipObjective: mip.objective,
    bound: mip.bound,
    gap: mip.gap,
    seconds,
    modelSize,
  };
  if (!mip.values) {
    const status: PlanStatus = mip.status === 'optimal' || mip.status === 'feasible' ? 'error' : mip.status;
    return emptyResult(problem, backend.name, status, {
      ...base,
      explanation:
        status === 'infeasible'
          ? infeasibleExplanation(ctx)
          : [
              `The ${backend.name} backend found no plan (${mip.status}${mip.detail ? `: ${mip.detail}` : ''}).`,
            ],
    });
  }

  const decoded = decodeSolution(pm, mip.values);
  const placement = placePlan(ctx, decoded.assignments, decoded.p1Rota);
  const check: CheckResult = checkPlan(
    problem,
    {
      blocks: placement.blocks,
      assignments: placement.assignments.map((a) => ({ itemId: a.unitId, engineerId: a.engineerId })),
      p1Rota: decoded.p1Rota,
      integerValues: decoded.integerValues,
    },
    { atStakeUnitIds: new Set(ctx.candidates.keys()) },
  );
  const mipTerms = (Object.keys(TERM_LABELS) as TermName[])
    .filter((t) => decoded.mipTerms.has(t))
    .map((name) => ({ name, raw: decoded.mipTerms.get(name)! }));
  if (!check.ok) {
    return emptyResult(problem, backend.name, 'rejected', {
      ...base,
      mipTerms,
      terms: check.terms,
      check: { ok: false, violations: check.violations },
      violations: check.violations,
      explanation: [
        `The ${backend.name} backend's answer fails the independent checker (${check.violations.length} violations); no plan is returned.`,
      ],
    });
  }

  const scheduled = new Map(placement.assignments.map((a) => [a.unitId, a.engineerId]));
  const probabilities = deliveryProbabilities(
    ctx.units,
    placement.assignments,
    fortnightCapacity(ctx, decoded.p1Rota),
    problem.monteCarloSamples ?? 2000,
    problem.seed,
  );
  const chosen = new Set(decoded.assignments.map((a) => a.unitId));
  const reason = (unitId: string): string => {
    const pre = ctx.excluded.get(unitId);
    if (pre) return pre;
    const late = placement.dropped.get(unitId);
    if (late) return late;
    const u = ctx.unitById.get(unitId)!;
    if (!ctx.candidates.has(unitId)) return 'no engineer can take it';
    if (!chosen.has(unitId)) {
      const above = (ctx.unitsByCustomer.get(u.customerId) ?? []).find(
        (v) => v.position < u.position && !scheduled.has(v.id),
      );
      if (above) return `it is ranked below "${above.item.title}", which is not scheduled`;
      const c = ctx.customerById.get(u.customerId)!;
      const billable = (ctx.unitsByCustomer.get(u.customerId) ?? [])
        .filter((v) => scheduled.has(v.id) && v.billable)
        .reduce((s, v) => s + v.minutes, 0);
      if (u.billable && billable + u.minutes > c.subscriptionMinutes + c.topUpMinutes)
        return 'the subscription plus top-up is used up';
      const names = (ctx.candidates.get(unitId) ?? []).map((e) => ctx.engineerById.get(e)!.name).join(', ');
      return `the engineers who could take it (${names}) have no time left after higher-value work`;
    }
    return 'not scheduled';
  };
  const unplaced = new Set<string>();
  for (const id of placement.dropped.keys()) {
    const a = decoded.assignments.find((x) => x.unitId === id);
    if (a) unplaced.add(a.engineerId);
  }
  const bound = mip.bound;
  const status: PlanStatus =
    mip.status === 'error' ? 'feasible' : (mip.status as Exclude<PlanStatus, 'rejected' | 'invalid'>);
  return {
    status,
    backend: backend.name,
    confidence: problem.confidence,
    objective: check.objective,
    mipObjective: mip.objective,
    bound,
    gap: mip.gap,
    planGap: relativeGap(check.modelObjective, bound),
    seconds,
    terms: check.terms,
    mipTerms,
    blocks: placement.blocks,
    assignments: placement.assignments.map((a) => {
      const u = ctx.unitById.get(a.unitId)!;
      return {
        itemId: u.id,
        sourceItemId: u.itemId,
        chunk: u.chunk,
        engineerId: a.engineerId,
        minutes: u.minutes,
      };
    }),
    p1Rota: decoded.p1Rota,
    engineers: engineerReports(ctx, placement.blocks, decoded.p1Rota, probabilities, unplaced),
    customers: customerReports(ctx, scheduled, reason, probabilities),
    check: { ok: true, violations: [] },
    violations: [],
    validation: [],
    replanDiff: problem.previousBlocks ? replanDiff(problem.previousBlocks, placement.blocks) : null,
    explanation: [],
    modelSize,
  };
}
