import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SolveRequest } from './solve-thread';

export interface SolveHandle<R> {
  result: Promise<R>;
  /** Asks the solver to stop and keep its best solution. */
  stop(): void;
}

type Req = SolveRequest extends infer T ? (T extends unknown ? Omit<T, 'stop'> : never) : never;

const running = new Set<() => void>();

/** Asks every solve running in this process to stop now and keep its best solution (shutdown). */
export function stopAllSolves(): void {
  for (const stop of running) stop();
}

/** Starts a solve in a worker thread; works from compiled JS and from TypeScript sources. */
export function runSolve<R>(req: Req, onProgress: (p: unknown) => void): SolveHandle<R> {
  const stop = new SharedArrayBuffer(4);
  const ts = __filename.endsWith('.ts');
  const worker = new Worker(path.join(__dirname, `solve-thread.${ts ? 'ts' : 'js'}`), {
    workerData: { ...req, stop },
    execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  const result = new Promise<R>((resolve, reject) => {
    worker.on('message', (msg: { type: string; result?: R; progress?: unknown; message?: string }) => {
      if (msg.type === 'progress') onProgress(msg.progress);
      else if (msg.type === 'done') resolve(msg.result as R);
      else if (msg.type === 'error') reject(new Error(msg.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`solver thread exited with code ${code}`));
    });
  });
  const stopNow = () => void Atomics.store(new Int32Array(stop), 0, 1);
  running.add(stopNow);
  void result
    .finally(() => {
      running.delete(stopNow);
      void worker.terminate();
    })
    .catch(() => undefined);
  return { result, stop: stopNow };
}
