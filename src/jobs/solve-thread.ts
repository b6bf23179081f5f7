import { parentPort, workerData } from 'node:worker_threads';
import { solvePlan, solveRoster, type PlanProblem, type RosterProblem } from '../../solver';

/**
 * Runs one solve off the main thread (HiGHS blocks its thread while it works). The parent
 * raises a shared flag to stop; progress and the result travel back as messages.
 */
export type SolveRequest =
  | {
      kind: 'plan';
      problem: PlanProblem;
      backend: 'highs' | 'jslp';
      timeLimitSeconds: number;
      stop: SharedArrayBuffer;
    }
  | { kind: 'roster'; problem: RosterProblem; timeLimitSeconds: number; stop: SharedArrayBuffer };

async function run(req: SolveRequest): Promise<unknown> {
  const flag = new Int32Array(req.stop);
  const shouldStop = () => Atomics.load(flag, 0) === 1;
  const onProgress = (progress: unknown) => parentPort?.postMessage({ type: 'progress', progress });
  if (req.kind === 'plan') {
    return solvePlan(req.problem, {
      backend: req.backend,
      timeLimitSeconds: req.timeLimitSeconds,
      shouldStop,
      onProgress,
    });
  }
  return solveRoster(req.problem, { timeLimitSeconds: req.timeLimitSeconds, shouldStop, onProgress });
}

if (parentPort && workerData) {
  run(workerData as SolveRequest).then(
    (result) => parentPort!.postMessage({ type: 'done', result }),
    (err: unknown) =>
      parentPort!.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
}
