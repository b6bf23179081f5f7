import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RosterProblem } from './types';

/**
 * One roster in shared memory, written by one thread and read by another under a sequence lock:
 * the writer makes the sequence odd, writes objective and cells, makes it even again; a reader
 * keeps a copy only when it saw the same even sequence before and after copying.
 */
export class SharedRoster {
  readonly buffer: SharedArrayBuffer;
  private readonly seq: Int32Array;
  private readonly objective: Float64Array;
  private readonly cells: Int32Array;
  private seen = 0;

  constructor(source: number | SharedArrayBuffer) {
    this.buffer = typeof source === 'number' ? new SharedArrayBuffer(16 + 4 * source) : source;
    this.seq = new Int32Array(this.buffer, 0, 1);
    this.objective = new Float64Array(this.buffer, 8, 1);
    this.cells = new Int32Array(this.buffer, 16);
  }

  write(cells: ArrayLike<number>, objective: number): void {
    Atomics.add(this.seq, 0, 1);
    this.objective[0] = objective;
    this.cells.set(cells);
    Atomics.add(this.seq, 0, 1);
  }

  /** The roster written since the last successful read, or null. */
  read(): { cells: Int32Array; objective: number } | null {
    const before = Atomics.load(this.seq, 0);
    if (before === this.seen || (before & 1) === 1) return null;
    const objective = this.objective[0]!;
    const cells = Int32Array.from(this.cells);
    if (Atomics.load(this.seq, 0) !== before) return null;
    this.seen = before;
    return { cells, objective };
  }
}

/** What the local-search thread is started with (see `ls-thread.ts`). */
export interface LocalSearchThreadRequest {
  readonly kind: 'roster-local-search';
  readonly problem: RosterProblem;
  readonly seed: number;
  /** A roster meeting every hard rule to start from (cells `e·D + d`). */
  readonly start: Int32Array;
  readonly startObjective: number;
  /** Moves per annealing burst (the thread counts moves, it never reads a clock). */
  readonly burstMoves: number;
  readonly toMain: SharedArrayBuffer;
  readonly toThread: SharedArrayBuffer;
  /** Int32 flag the caller raises to stop the thread. */
  readonly stop: SharedArrayBuffer;
}

/**
 * The annealing local search in a second thread, for as long as the caller's search runs: it
 * publishes every better roster it finds (`poll`) and restarts from the caller's roster when that
 * is better than its own (`offer`). Both sides only exchange rosters that meet every hard rule.
 */
export class LocalSearchThread {
  private readonly toMain: SharedRoster;
  private readonly toThread: SharedRoster;
  private readonly stopFlag: Int32Array;
  private readonly worker: Worker;

  constructor(
    problem: RosterProblem,
    seed: number,
    start: Int32Array,
    objective: number,
    burstMoves: number,
  ) {
    this.toMain = new SharedRoster(start.length);
    this.toThread = new SharedRoster(start.length);
    const stop = new SharedArrayBuffer(4);
    this.stopFlag = new Int32Array(stop);
    const ts = __filename.endsWith('.ts');
    const request: LocalSearchThreadRequest = {
      kind: 'roster-local-search',
      problem,
      seed,
      start,
      startObjective: objective,
      burstMoves,
      toMain: this.toMain.buffer,
      toThread: this.toThread.buffer,
      stop,
    };
    this.worker = new Worker(path.join(__dirname, `ls-thread.${ts ? 'ts' : 'js'}`), {
      workerData: request,
      execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    // A failing thread only means no help from it: the caller's search goes on alone.
    this.worker.on('error', () => undefined);
  }

  /** The thread's best roster when it has found a new one since the last poll. */
  poll(): { cells: Int32Array; objective: number } | null {
    return this.toMain.read();
  }

  /** Hands the thread a roster (it switches to it when it is better than its own). */
  offer(cells: ArrayLike<number>, objective: number): void {
    this.toThread.write(cells, objective);
  }

  /** Stops the thread and waits for it to end. */
  async stop(): Promise<void> {
    Atomics.store(this.stopFlag, 0, 1);
    await this.worker.terminate();
  }
}
