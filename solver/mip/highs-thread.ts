import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { highsBackend } from './highs';
import type { MipModel } from './model';

/** A HiGHS solve in its own thread (see {@link solveHighsInThread}). */
export interface HighsThreadRequest {
  readonly model: MipModel;
  /** Absolute deadline (ms since the epoch, as `performance.timeOrigin + performance.now()`). */
  readonly deadline: number;
  readonly relativeGap?: number;
  readonly initialValues?: Float64Array;
  /** Int32 flag the parent raises to stop the solve (the best solution is kept). */
  readonly stop: SharedArrayBuffer;
}

if (parentPort && workerData) {
  const req = workerData as HighsThreadRequest;
  const flag = new Int32Array(req.stop);
  highsBackend
    .solve(req.model, {
      // The thread's own start-up (module loading) comes off the limit.
      timeLimitSeconds: Math.max(0.1, (req.deadline - (performance.timeOrigin + performance.now())) / 1000),
      ...(req.relativeGap !== undefined ? { relativeGap: req.relativeGap } : {}),
      ...(req.initialValues ? { initialValues: req.initialValues } : {}),
      shouldStop: () => Atomics.load(flag, 0) === 1,
      onProgress: (progress) => parentPort!.postMessage({ type: 'progress', progress }),
    })
    .then(
      (result) => parentPort!.postMessage({ type: 'done', result }),
      (err: unknown) =>
        parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
}
