/**
 * Fortnight planner benchmark: seeded organisations S, M, L solved by both backends under the
 * same time limit, each in its own child process (so a backend that overruns its limit, like
 * jslp's unbounded first LP, can be stopped, and peak memory is per run).
 *   npm run bench -- [--sizes S,M,L] [--time-limit 10] [--out bench-results/plan.json] [--seed 1]
 * Without --time-limit: 10 s for S and M, 60 s for L.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { solvePlan } from '../planner';
import { generatePlanProblem, PLAN_SIZES } from './plan-instances';
import { arg, emitChildResult, numberArg, runChild, runMain } from './args';

interface Row {
  size: string;
  backend: string;
  status: string;
  seconds: number;
  objective: number | null;
  mipObjective: number | null;
  bound: number | null;
  gap: number | null;
  planGap: number | null;
  checker: string;
  peakMemoryMb: number;
  model?: unknown;
  violations?: string[];
  /** Raw term values of the placed plan (checker) and of the model's solution, to see where they part. */
  terms?: Record<string, number>;
  mipTerms?: Record<string, number>;
  /** Why items were not scheduled, with counts (item titles masked). */
  notScheduled?: Record<string, number>;
}

async function child(size: string, backend: 'highs' | 'jslp', limit: number, seed: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const problem = generatePlanProblem(PLAN_SIZES[size]!, seed);
  const t0 = performance.now();
  const r = await solvePlan(problem, { backend, timeLimitSeconds: limit });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const row: Row = {
    size,
    backend,
    status: r.status,
    seconds,
    objective: r.objective,
    mipObjective: r.mipObjective,
    bound: r.bound,
    gap: r.gap,
    planGap: r.planGap,
    checker: r.check ? (r.check.ok ? 'ok' : `rejected (${r.check.violations.length})`) : 'no plan',
    peakMemoryMb: Math.round(peak / 1024 / 1024),
    model: r.modelSize,
    violations: r.violations.slice(0, 5).map((v) => `${v.rule}: ${v.message}`),
    terms: Object.fromEntries(r.terms.map((t) => [t.name, t.raw])),
    mipTerms: Object.fromEntries(r.mipTerms.map((t) => [t.name, t.raw])),
    notScheduled: r.customers
      .flatMap((c) => c.notScheduled.map((n) => n.reason.replace(/"[^"]*"/g, '"…"')))
      .reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {}),
  };
  emitChildResult(row);
}

async function runSize(size: string, backend: string, limit: number, seed: number): Promise<Row> {
  const t0 = performance.now();
  const row = await runChild<Row>(__filename, ['--child', size, backend, String(limit), String(seed)], limit);
  return (
    row ?? {
      size,
      backend,
      status: 'killed (overran its time limit)',
      seconds: (performance.now() - t0) / 1000,
      objective: null,
      mipObjective: null,
      bound: null,
      gap: null,
      planGap: null,
      checker: 'no plan',
      peakMemoryMb: 0,
    }
  );
}

const fmt = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    const i = process.argv.indexOf('--child');
    const [size, backend, limit, seed] = process.argv.slice(i + 1);
    await child(size!, backend as 'highs' | 'jslp', Number(limit), Number(seed));
    return;
  }
  const sizes = (arg('--sizes') ?? 'S,M,L').split(',').map((s) => s.trim().toUpperCase());
  for (const size of sizes)
    if (!PLAN_SIZES[size])
      throw new Error(`unknown size "${size}" (sizes: ${Object.keys(PLAN_SIZES).join(', ')})`);
  const fixedLimit = arg('--time-limit') === undefined ? undefined : numberArg('--time-limit', 10, 0.1);
  const out = arg('--out') ?? 'bench-results/plan.json';
  const seed = numberArg('--seed', 1, 0);
  const rows: Row[] = [];
  console.log(
    'size backend status          time(s)  objective   MIP obj     LP bound    MIP gap   plan gap  checker   peak MB',
  );
  for (const size of sizes) {
    const limit = fixedLimit ?? (size === 'L' ? 60 : 10);
    for (const backend of ['highs', 'jslp']) {
      const r = await runSize(size, backend, limit, seed);
      rows.push(r);
      console.log(
        [
          r.size.padEnd(4),
          r.backend.padEnd(7),
          r.status.padEnd(15),
          fmt(r.seconds).padStart(8),
          fmt(r.objective).padStart(10),
          fmt(r.mipObjective).padStart(10),
          fmt(r.bound).padStart(10),
          pct(r.gap).padStart(9),
          pct(r.planGap).padStart(9),
          r.checker.padEnd(9),
          String(r.peakMemoryMb).padStart(7),
        ].join(' '),
      );
    }
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ seed, rows }, null, 2));
  console.log(`wrote ${out}`);
}

runMain('bench', main);
