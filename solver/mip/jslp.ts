import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Model as JslpModel, SolveResult } from 'javascript-lp-solver';
import type { MipBackend, MipResult, MipSolveOptions } from './backend';
import type { MipModel } from './model';
import { evaluateSolution, expandValues, removeFixedColumns } from './presolve';

const OBJECTIVE = '__objective';

/**
 * Converts a {@link MipModel} to javascript-lp-solver's JSON model. Variables become `v<i>` and
 * rows `r<i>` (the model's names may hold characters the JSON model treats specially); finite
 * variable bounds other than the default `[0, ∞)` become single-variable rows `lb<i>`/`ub<i>`,
 * and a negative lower bound marks the variable unrestricted.
 */
export function toJslpModel(model: MipModel, timeoutMs?: number): JslpModel {
  const constraints: JslpModel['constraints'] = {};
  const variables: JslpModel['variables'] = {};
  const ints: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  model.variables.forEach((v, i) => {
    const name = `v${i}`;
    const coefs: Record<string, number> = { [OBJECTIVE]: v.cost };
    if (v.lower !== 0) {
      if (v.lower < 0) unrestricted[name] = 1;
      if (Number.isFinite(v.lower)) {
        constraints[`lb${i}`] = { min: v.lower };
        coefs[`lb${i}`] = 1;
      }
    }
    if (Number.isFinite(v.upper)) {
      constraints[`ub${i}`] = { max: v.upper };
      coefs[`ub${i}`] = 1;
    }
    if (v.integer) ints[name] = 1;
    variables[name] = coefs;
  });
  model.rows.forEach((r, k) => {
    const name = `r${k}`;
    const bound: { min?: number; max?: number; equal?: number } = {};
    if (r.lower === r.upper) bound.equal = r.lower;
    else {
      if (Number.isFinite(r.lower)) bound.min = r.lower;
      if (Number.isFinite(r.upper)) bound.max = r.upper;
    }
    constraints[name] = bound;
    r.indices.forEach((i, j) => {
      variables[`v${i}`]![name] = r.coefs[j]!;
    });
  });
  return {
    optimize: OBJECTIVE,
    opType: 'min',
    constraints,
    variables,
    ints,
    unrestricted,
    ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
  };
}

/**
 * Runs javascript-lp-solver in a worker thread, because its solve is synchronous and its own
 * timeout bounds only branch and cut, never the first LP: the worker is terminated at the time
 * limit (or when `shouldStop` says so), so the backend keeps its limit whatever the model size.
 */
function solveInWorker(
  jsonModel: JslpModel,
  limitMs: number,
  shouldStop: (() => boolean) | undefined,
): Promise<
  { kind: 'done'; result: SolveResult } | { kind: 'timeout' | 'stopped' } | { kind: 'error'; message: string }
> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { solverPath: require.resolve('javascript-lp-solver'), model: jsonModel },
    });
    let settled = false;
    const finish = (
      value:
        | { kind: 'done'; result: SolveResult }
        | { kind: 'timeout' | 'stopped' }
        | { kind: 'error'; message: string },
    ) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      void worker.terminate();
      resolve(value);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), limitMs);
    const poll = setInterval(() => {
      if (shouldStop?.()) finish({ kind: 'stopped' });
    }, 50);
    worker.on('message', (result: SolveResult) => finish({ kind: 'done', result }));
    worker.on('error', (err: Error) => finish({ kind: 'error', message: err.message }));
    worker.on('exit', () => finish({ kind: 'error', message: 'the jslp worker exited without an answer' }));
  });
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const solver = require(workerData.solverPath);
parentPort.postMessage(solver.Solve(workerData.model));
`;

/** Largest dense tableau (rows × columns) jslp is given: about 800 MB of doubles. */
export const MAX_DENSE_ENTRIES = 100_000_000;

/** Size of jslp's dense tableau for a model: rows plus bound rows, times columns. */
function denseEntries(model: MipModel): number {
  let rows = model.rows.length;
  for (const v of model.variables) {
    if (Number.isFinite(v.upper)) rows++;
    if (v.lower !== 0 && Number.isFinite(v.lower)) rows++;
  }
  return rows * model.variables.length;
}

function keepIncumbentOf(
  incumbent: { values: Float64Array; objective: number } | null,
  status: MipResult['status'],
  detail: string,
  seconds: number,
): MipResult | null {
  return incumbent
    ? {
        status,
        values: incumbent.values,
        objective: incumbent.objective,
        bound: null,
        gap: null,
        seconds,
        detail: `${detail}; kept the starting solution`,
      }
    : null;
}

/**
 * javascript-lp-solver backend (pure JavaScript simplex + branch and cut), run in a worker thread
 * that is terminated at the time limit. Fixed columns and single-column rows are presolved away
 * first (it has no presolve of its own), and a model whose dense tableau would exceed
 * {@link MAX_DENSE_ENTRIES} is not given to it at all. It reports neither progress nor a bound. An
 * `initialValues` start that satisfies the model is kept as the incumbent, as HiGHS keeps one:
 * it is the answer when jslp finds nothing better in time. jslp's own values are passed on as
 * returned — its "integers" may be fractional; the model's checker must reject such answers, so
 * nothing is rounded here.
 */
export const jslpBackend: MipBackend = {
  name: 'jslp',
  async solve(model: MipModel, options: MipSolveOptions): Promise<MipResult> {
    const t0 = performance.now();
    const elapsed = () => (performance.now() - t0) / 1000;
    if (options.shouldStop?.())
      return { status: 'interrupted', values: null, objective: null, bound: null, gap: null, seconds: 0 };
    const start = options.initialValues ? evaluateSolution(model, options.initialValues) : null;
    const incumbent =
      start?.feasible && options.initialValues
        ? { values: Float64Array.from(options.initialValues), objective: start.objective }
        : null;
    const reduced = removeFixedColumns(model);
    if (reduced.infeasible)
      return {
        status: 'infeasible',
        values: null,
        objective: null,
        bound: null,
        gap: null,
        seconds: elapsed(),
        detail: 'jslp presolve: a row cannot hold',
      };
    // jslp's simplex keeps a dense tableau (rows × columns doubles, bounds being rows): beyond
    // MAX_DENSE_ENTRIES it would take gigabytes before its first LP ends, so it is not started.
    const entries = denseEntries(reduced.model);
    if (entries > MAX_DENSE_ENTRIES) {
      const detail = `model too large for jslp (a ${Math.round(entries / 1e6)}M-entry dense tableau, limit ${MAX_DENSE_ENTRIES / 1e6}M)`;
      return (
        keepIncumbentOf(incumbent, 'feasible', detail, elapsed()) ?? {
          status: 'error',
          values: null,
          objective: null,
          bound: null,
          gap: null,
          seconds: elapsed(),
          detail,
        }
      );
    }
    const limitMs = Math.max(1, Math.round(options.timeLimitSeconds * 1000));
    // jslp's own timeout ends branch and cut a little before the hard stop, so it can answer.
    const jsonModel = toJslpModel(reduced.model, Math.max(1, Math.round(limitMs * 0.8)));
    jsonModel.options = {
      tolerance: options.relativeGap ?? 1e-4,
      timeout: Math.max(1, Math.round(limitMs * 0.8)),
    };
    const run =
      reduced.model.variables.length === 0
        ? ({ kind: 'done', result: { feasible: true, result: 0, bounded: true } as SolveResult } as const)
        : await solveInWorker(jsonModel, limitMs, options.shouldStop);
    const seconds = elapsed();
    const timedOut = run.kind === 'timeout' || seconds >= options.timeLimitSeconds;
    const keepIncumbent = (status: MipResult['status'], detail: string): MipResult | null =>
      keepIncumbentOf(incumbent, status, detail, seconds);
    if (run.kind !== 'done') {
      const status = run.kind === 'stopped' ? 'interrupted' : run.kind === 'timeout' ? 'time_limit' : 'error';
      const detail = run.kind === 'error' ? `jslp failed: ${run.message}` : `jslp ${run.kind}`;
      return (
        keepIncumbent(status, detail) ?? {
          status,
          values: null,
          objective: null,
          bound: null,
          gap: null,
          seconds,
          detail,
        }
      );
    }
    const raw = run.result;
    if (!raw.feasible) {
      return (
        keepIncumbent(timedOut ? 'time_limit' : 'feasible', 'jslp found no solution') ?? {
          status: timedOut ? 'time_limit' : 'infeasible',
          values: null,
          objective: null,
          bound: null,
          gap: null,
          seconds,
          detail: `jslp feasible=false bounded=${String(raw.bounded)}`,
        }
      );
    }
    const reducedValues = new Float64Array(reduced.model.variables.length);
    reduced.model.variables.forEach((_, i) => {
      const x = raw[`v${i}`];
      reducedValues[i] = typeof x === 'number' ? x : 0;
    });
    const values = expandValues(reduced, reducedValues);
    let objective = model.offset;
    model.variables.forEach((v, i) => (objective += v.cost * values[i]!));
    const detail = `jslp result=${raw.result} isIntegral=${String(raw.isIntegral)}`;
    // A start that is at least as good as jslp's answer, or integral where jslp's is not, stays.
    if (incumbent && (raw.isIntegral === false || incumbent.objective <= objective + 1e-9)) {
      const kept = keepIncumbent(timedOut ? 'time_limit' : 'feasible', detail)!;
      options.onProgress?.({ bestObjective: kept.objective, bestBound: null, gap: null, seconds });
      return kept;
    }
    const result: MipResult = {
      status: timedOut ? 'time_limit' : raw.isIntegral === false ? 'feasible' : 'optimal',
      values,
      objective,
      bound: null,
      gap: null,
      seconds,
      detail,
    };
    options.onProgress?.({ bestObjective: objective, bestBound: null, gap: null, seconds });
    return result;
  },
};
