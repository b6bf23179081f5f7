import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import loadHighs from 'highs';
import type { MipBackend, MipProgress, MipResult, MipSolveOptions, MipStatus } from './backend';
import type { MipModel } from './model';

export type HighsRuntime = Awaited<ReturnType<typeof loadHighs>>;
export type HighsModel = ReturnType<HighsRuntime['createModel']>;

let runtime: Promise<HighsRuntime> | null = null;

/** The Wasm runtime is loaded once per thread and reused (each solve gets a fresh native model). */
export function getRuntime(): Promise<HighsRuntime> {
  runtime ??= loadHighs();
  return runtime;
}

/** `x` with ±Infinity as HiGHS's ±`inf`. */
export function finite(x: number, inf: number): number {
  if (x === Infinity) return inf;
  if (x === -Infinity) return -inf;
  return x;
}

/** A native HiGHS model holding `model` (CSR rows, infinite bounds as HiGHS's infinity). */
export function loadModel(highs: HighsRuntime, model: MipModel): HighsModel {
  const inf = highs.infinity;
  const n = model.variables.length;
  const m = model.rows.length;
  const starts = new Int32Array(m + 1);
  let nnz = 0;
  for (let r = 0; r < m; r++) {
    starts[r] = nnz;
    nnz += model.rows[r]!.indices.length;
  }
  starts[m] = nnz;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (const row of model.rows) {
    for (let j = 0; j < row.indices.length; j++) {
      indices[k] = row.indices[j]!;
      values[k] = row.coefs[j]!;
      k++;
    }
  }
  const { integer, continuous } = highs.constants.variableType;
  const hasIntegers = model.variables.some((v) => v.integer);
  return highs.createModel({
    numCols: n,
    numRows: m,
    offset: model.offset,
    colCost: Float64Array.from(model.variables, (v) => v.cost),
    colLower: Float64Array.from(model.variables, (v) => finite(v.lower, inf)),
    colUpper: Float64Array.from(model.variables, (v) => finite(v.upper, inf)),
    rowLower: Float64Array.from(model.rows, (r) => finite(r.lower, inf)),
    rowUpper: Float64Array.from(model.rows, (r) => finite(r.upper, inf)),
    matrix: { format: 'csr' as const, numRows: m, numCols: n, starts, indices, values },
    ...(hasIntegers ? { integrality: model.variables.map((v) => (v.integer ? integer : continuous)) } : {}),
  });
}

/** Relative gap as HiGHS defines it: |primal − dual| / max(1, |primal|)… clamped to [0, 1]. */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null || !Number.isFinite(objective) || !Number.isFinite(bound))
    return null;
  const gap = Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9);
  return Math.min(1, Math.max(0, gap));
}

/**
 * HiGHS (WebAssembly) backend. Builds the model as CSR arrays, runs branch-and-cut with the
 * given time limit and gap, reports progress through MIP callbacks and stops when asked.
 * `solve` blocks its thread while HiGHS runs: callers that must stay responsive run it in a
 * worker thread.
 */
export const highsBackend: MipBackend = {
  name: 'highs',
  async solve(model: MipModel, options: MipSolveOptions): Promise<MipResult> {
    const highs = await getRuntime();
    const inf = highs.infinity;
    const n = model.variables.length;
    const hasIntegers = model.variables.some((v) => v.integer);
    const hm = loadModel(highs, model);
    let lastProgress: MipProgress | null = null; // kept for the final report if HiGHS ends early
    try {
      hm.options.set({
        output_flag: false,
        time_limit: Math.max(0.01, options.timeLimitSeconds),
        mip_rel_gap: options.relativeGap ?? 1e-4,
      });
      if (options.initialValues && options.initialValues.length === n) {
        hm.setSolution({ colValue: Float64Array.from(options.initialValues) });
      }
      const cb = highs.constants.callbackType;
      const callbacks = hasIntegers
        ? {
            [cb.mipInterrupt]: (event: { data: { running_time?: number }; interrupt(): void }) => {
              if (options.shouldStop?.()) event.interrupt();
            },
            [cb.mipLogging]: (event: {
              data: {
                mip_primal_bound?: number;
                mip_dual_bound?: number;
                mip_gap?: number;
                running_time?: number;
              };
            }) => {
              const d = event.data;
              const best =
                d.mip_primal_bound !== undefined && Math.abs(d.mip_primal_bound) < inf
                  ? d.mip_primal_bound
                  : null;
              const bound =
                d.mip_dual_bound !== undefined && Math.abs(d.mip_dual_bound) < inf ? d.mip_dual_bound : null;
              lastProgress = {
                bestObjective: best,
                bestBound: bound,
                gap: relativeGap(best, bound),
                seconds: d.running_time ?? 0,
              };
              options.onProgress?.(lastProgress);
            },
          }
        : undefined;
      hm.run(callbacks as Parameters<typeof hm.run>[0]);
      const ms = highs.constants.modelStatus;
      const code = hm.getModelStatus();
      const primalStatus = Number(hm.info.get('primal_solution_status'));
      const hasSolution = primalStatus === 2; // 2 = feasible point available
      const seconds = hm.getRunTime();
      let objective = hasSolution ? hm.getObjectiveValue() : null;
      let bound: number | null = null;
      if (hasIntegers) {
        const dual = Number(hm.info.get('mip_dual_bound'));
        bound = Number.isFinite(dual) && Math.abs(dual) < inf ? dual : null;
      } else if (code === ms.optimal) {
        bound = objective;
      }
      let status: MipStatus;
      if (code === ms.optimal) status = 'optimal';
      else if (code === ms.infeasible) status = 'infeasible';
      else if (code === ms.timeLimit) status = 'time_limit';
      else if (code === ms.interrupted) status = 'interrupted';
      else if (hasSolution) status = 'feasible';
      else status = 'error';
      if (status === 'optimal' && objective !== null && bound === null) bound = objective;
      const solution = hasSolution ? Float64Array.from(hm.getSolution().colValue) : null;
      if (solution === null) objective = null;
      return {
        status,
        values: solution,
        objective,
        bound,
        gap: status === 'optimal' ? (relativeGap(objective, bound) ?? 0) : relativeGap(objective, bound),
        seconds,
        detail: `highs model status ${code}`,
      };
    } finally {
      hm.dispose();
    }
  },
};

/** A HiGHS solve running in a worker thread, which `stop` ends keeping its best solution. */
export interface ThreadedSolve {
  readonly result: Promise<MipResult>;
  stop(): void;
}

/**
 * Runs a HiGHS solve in a worker thread, so that the calling thread can do other work meanwhile
 * (the planner's neighbourhood search uses the second core while the full MIP proves its bound).
 * Works from compiled JS and from TypeScript sources. Never rejects: a failure is an 'error' result.
 */
export function solveHighsInThread(
  model: MipModel,
  options: Omit<MipSolveOptions, 'shouldStop'>,
): ThreadedSolve {
  const stop = new SharedArrayBuffer(4);
  const ts = __filename.endsWith('.ts');
  const t0 = performance.now();
  const failed = (message: string): MipResult => ({
    status: 'error',
    values: null,
    objective: null,
    bound: null,
    gap: null,
    seconds: (performance.now() - t0) / 1000,
    detail: message,
  });
  const worker = new Worker(path.join(__dirname, `highs-thread.${ts ? 'ts' : 'js'}`), {
    workerData: {
      model,
      deadline: performance.timeOrigin + t0 + options.timeLimitSeconds * 1000,
      ...(options.relativeGap !== undefined ? { relativeGap: options.relativeGap } : {}),
      ...(options.initialValues ? { initialValues: Float64Array.from(options.initialValues) } : {}),
      stop,
    },
    execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [],
  });
  const result = new Promise<MipResult>((resolve) => {
    worker.on(
      'message',
      (msg: { type: string; result?: MipResult; progress?: MipProgress; message?: string }) => {
        if (msg.type === 'progress') options.onProgress?.(msg.progress!);
        else if (msg.type === 'done') resolve(msg.result!);
        else resolve(failed(msg.message ?? 'the HiGHS thread failed'));
      },
    );
    worker.on('error', (err) => resolve(failed(err.message)));
    worker.on('exit', () => resolve(failed('the HiGHS thread exited without an answer')));
  });
  void result.finally(() => void worker.terminate());
  return { result, stop: () => void Atomics.store(new Int32Array(stop), 0, 1) };
}
