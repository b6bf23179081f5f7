/**
 * How strong the planning MIP's relaxations are on the seeded organisations, and how good a plan
 * can be: the LP relaxation of the compact model against the Dantzig–Wolfe bound by engineer
 * ({@link decompositionBound}), and the plan its dive finds (a reference for the planner's plans).
 * Slow by design (an exact pricing MIP per engineer and round: ~10 min for M's bound, ~30 min
 * more for its dive); a measurement, not a solve. `--seconds` bounds the bound and dive together.
 *   npm run bench:plan-bound -- [--sizes S,M] [--seconds 3600] [--out bench-results/plan-bound.json] [--seed 1]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { highsBackend } from '../mip/highs';
import { buildContext, buildPlanModel } from '../planner';
import { decompositionBound } from '../planner/decomposition';
import { arg, numberArg, runMain } from './args';
import { generatePlanProblem, PLAN_SIZES } from './plan-instances';

async function main(): Promise<void> {
  const sizes = (arg('--sizes') ?? 'S,M').split(',').map((s) => s.trim().toUpperCase());
  for (const size of sizes)
    if (!PLAN_SIZES[size])
      throw new Error(`unknown size "${size}" (sizes: ${Object.keys(PLAN_SIZES).join(', ')})`);
  const seconds = numberArg('--seconds', 3600, 1);
  const seed = numberArg('--seed', 1, 0);
  const out = arg('--out') ?? 'bench-results/plan-bound.json';
  const rows = [];
  console.log(
    'size  LP bound  D–W bound  master LP  converged  rounds  columns  time(s)  dive plan  gap   dive(s)',
  );
  for (const size of sizes) {
    const pm = buildPlanModel(buildContext(generatePlanProblem(PLAN_SIZES[size]!, seed)));
    const relaxed = { ...pm.model, variables: pm.model.variables.map((v) => ({ ...v, integer: false })) };
    const lp = await highsBackend.solve(relaxed, { timeLimitSeconds: seconds });
    const t0 = performance.now();
    const now = () => (performance.now() - t0) / 1000;
    const { plan, ...dw } = await decompositionBound(pm, { now, deadline: seconds, dive: {} });
    const planGap = plan ? (plan.objective - dw.bound) / Math.max(1, Math.abs(plan.objective)) : null;
    const row = {
      size,
      lpBound: lp.objective,
      ...dw,
      seconds: now(),
      divePlan: plan?.objective ?? null,
      divePlanGap: planGap,
      diveFixedEngineers: plan?.fixedEngineers ?? null,
      diveSeconds: plan?.seconds ?? null,
    };
    rows.push(row);
    console.log(
      [
        size.padEnd(4),
        (lp.objective ?? NaN).toFixed(1).padStart(9),
        dw.bound.toFixed(1).padStart(10),
        dw.masterLp.toFixed(1).padStart(10),
        String(dw.converged).padStart(10),
        String(dw.rounds).padStart(7),
        String(dw.columns).padStart(8),
        row.seconds.toFixed(1).padStart(8),
        (plan?.objective ?? NaN).toFixed(1).padStart(10),
        planGap === null ? '     —' : `${(100 * planGap).toFixed(2)} %`.padStart(7),
        (plan?.seconds ?? NaN).toFixed(1).padStart(8),
      ].join(' '),
    );
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ seed, rows }, null, 2));
  console.log(`wrote ${out}`);
}

runMain('bench:plan-bound', main);
