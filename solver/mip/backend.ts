import type { MipModel } from './model';

/** How a solve ended. A result is a value, never an exception. */
export type MipStatus = 'optimal' | 'feasible' | 'infeasible' | 'time_limit' | 'interrupted' | 'error';

/** Progress of a running MIP solve, reported by backends that can. */
export interface MipProgress {
  /** Objective of the best solution found so far (null before the first). */
  readonly bestObjective: number | null;
  /** Best proven lower bound (minimisation). */
  readonly bestBound: number | null;
  /** Relative gap between the two, 0..1 (null when unknown). */
  readonly gap: number | null;
  /** Seconds the backend has been running. */
  readonly seconds: number;
}

export interface MipSolveOptions {
  /** Wall-clock limit in seconds for the backend. */
  readonly timeLimitSeconds: number;
  /** Stop once the relative gap is at most this (default 1e-4). */
  readonly relativeGap?: number;
  /** Called with progress whenever the backend has news. */
  readonly onProgress?: (progress: MipProgress) => void;
  /** Polled by the backend; returning true stops the solve, keeping the best solution. */
  readonly shouldStop?: () => boolean;
  /** A full starting assignment (one value per variable) the backend may use as incumbent. */
  readonly initialValues?: ArrayLike<number>;
}

export interface MipResult {
  readonly status: MipStatus;
  /** One value per model variable, present whenever a solution was found. */
  readonly values: Float64Array | null;
  readonly objective: number | null;
  /** Best proven lower bound on the objective, when the backend knows one. */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  /** Backend-specific detail for logs (e.g. the raw status word). */
  readonly detail?: string;
}

/** A MIP engine. Every backend's answer must still pass a model-specific checker. */
export interface MipBackend {
  readonly name: BackendName;
  solve(model: MipModel, options: MipSolveOptions): Promise<MipResult>;
}

export type BackendName = 'highs' | 'jslp';
