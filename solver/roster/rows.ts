import { buildRosterModel, decodeRoster } from './model';
import { HighsSession } from './session';
import type { RosterAssignment, RosterProblem, ShiftCover } from './types';

/**
 * The one-staff problem of staff `e` while everyone else keeps `assignment`: e's rules and
 * requests, and every cover row net of the others on duty. Exact for e: one more person on a slot
 * either removes a unit of under-cover (the others are fewer than required: the row keeps the
 * remaining requirement) or adds a unit of over-cover (they are not: requirement 0).
 */
export function rowProblem(problem: RosterProblem, assignment: RosterAssignment, e: number): RosterProblem {
  const staff = problem.staff[e]!;
  const others = new Map<string, number>();
  assignment.forEach((row, i) => {
    if (i === e) return;
    row.forEach((shift, day) => {
      if (shift !== null) others.set(`${day}|${shift}`, (others.get(`${day}|${shift}`) ?? 0) + 1);
    });
  });
  const shiftCover: ShiftCover[] = (problem.shiftCover ?? []).map((c) => ({
    ...c,
    requirement: Math.max(0, c.requirement - (others.get(`${c.day}|${c.shift}`) ?? 0)),
  }));
  return {
    ...problem,
    staff: [staff],
    requests: (problem.requests ?? []).filter((r) => r.staff === staff.id),
    shiftCover,
  };
}

/** Passes over the people still breaking a rule; each pass gives a row more time than the last. */
const ROW_PASSES = 3;
const ROW_MIN_SECONDS = 0.2;
const ROW_MAX_SECONDS = 2;

export interface RowRepairOptions {
  /** When to stop, on the `now` clock. */
  readonly deadline: number;
  readonly now: () => number;
  readonly shouldStop: () => boolean;
  readonly seed: number;
  /** Told the HiGHS seconds of each row solve (for a caller whose clock is solver time). */
  readonly onSolve: (seconds: number) => void;
  /** The people breaking a rule in a roster, after the caller has taken it in. */
  readonly violators: (assignment: RosterAssignment) => number[];
}

/**
 * Re-rosters every person of `bad` alone ({@link solveRow}), then whoever is still breaking a
 * rule with a longer solve, up to three passes or the deadline; the caller learns each new
 * roster through `violators`.
 */
export async function repairRows(
  problem: RosterProblem,
  start: RosterAssignment,
  bad: readonly number[],
  options: RowRepairOptions,
): Promise<void> {
  const { deadline, now } = options;
  const assignment = start.map((row) => row.slice());
  let left = bad;
  for (let pass = 1; pass <= ROW_PASSES && left.length > 0; pass++) {
    const each = Math.max(
      ROW_MIN_SECONDS,
      Math.min(pass * ROW_MAX_SECONDS, (deadline - now()) / left.length),
    );
    for (const e of left) {
      if (options.shouldStop() || now() >= deadline) break;
      const seconds = Math.min(each, Math.max(ROW_MIN_SECONDS, deadline - now()));
      const r = await solveRow(problem, assignment, e, seconds, options.seed + e);
      options.onSolve(r.seconds);
      if (r.row) assignment[e] = r.row;
    }
    left = options.violators(assignment);
  }
}

export interface RowSolve {
  /** Staff e's new row (shift id or null per day), or null when none keeps e's hard rules. */
  readonly row: Array<string | null> | null;
  readonly seconds: number;
}

/**
 * Re-rosters staff `e` alone, exactly, against everyone else's `assignment`: the best row that
 * keeps every one of e's hard rules (minimum hours included). Every hard rule of a problem without
 * interval cover or fair early shifts concerns one person, so repairing rows one at a time ends
 * with a roster that breaks none — what the annealing's repair cannot always reach when a
 * person's rules leave very few rows (e.g. exactly 35 shifts in 56 days in runs of 2–5).
 */
export async function solveRow(
  problem: RosterProblem,
  assignment: RosterAssignment,
  e: number,
  seconds: number,
  seed: number,
): Promise<RowSolve> {
  const sub = rowProblem(problem, assignment, e);
  const rm = buildRosterModel(sub);
  const session = await HighsSession.open(rm.model, seed);
  try {
    const r = session.solve({
      timeLimitSeconds: seconds,
      relativeGap: 1e-6,
      absoluteGap: rm.integralObjective ? 0.999 : 1e-6,
      fixIndices: rm.shortfalls,
      fixValues: new Float64Array(rm.shortfalls.length),
      // A row that keeps the rules matters more than its best cover: stop soon after one.
      stopWithIncumbentAfter: seconds * 0.3,
    });
    const row = r.values ? decodeRoster(sub, rm, r.values).assignment[0]!.slice() : null;
    return { row, seconds: r.seconds };
  } finally {
    session.dispose();
  }
}
