import { solveOptionProblems } from '../mip/options';
import { checkRoster } from './checker';
import { columnDive, spliceWindow, windowCells, windowInput } from './columns';
import { localSearchSupported, LONG_ROWS, OFF, RosterLocalSearch } from './local-search';
import { COLUMN_KIND, Neighbourhoods } from './neighbourhoods';
import { buildRosterModel, decodeRoster, encodeRoster, type RosterModel } from './model';
import { validateProblem } from './problem';
import { Random } from './random';
import { LocalSearchThread } from './parallel';
import { HighsSession, type SubSolveResult } from './session';
import { repairRows } from './rows';
import type { RosterProblem, RosterProgress, RosterResult, RosterSolveOptions, RosterStatus } from './types';

/**
 * Shares of the time limit: the first whole-model solve runs at most FIRST_SOLVE_SHARE but, on
 * all but small models, stops at its first incumbent after FIRST_INCUMBENT_SHARE (the
 * neighbourhood search improves a poor
 * roster far faster than branch-and-bound does); the last FINAL_SOLVE_SHARE goes to a
 * whole-model solve warm-started from the best roster, which tightens the bound and can prove
 * optimality.
 */
const FIRST_SOLVE_SHARE = 0.5;
const FIRST_INCUMBENT_SHARE = 0.04;
/**
 * The first solve also stops once neither its incumbent nor its gap has improved for
 * FIRST_STALL_SHARE of the time limit while the gap is above FIRST_STALL_GAP: branch-and-bound
 * that no longer finds better rosters (measured on Curtois 6: 30 s of 60 without a single
 * improvement, the bound stuck) leaves the time to the neighbourhood search; a solve closing in on
 * its proof goes on. A small model's branch-and-bound is not stopped at its first incumbent: on
 * Curtois 3 its bound is 1,001 within seconds and the optimal roster can come ~14 s later with no
 * better incumbent in between (gap under FIRST_STALL_GAP, so the stall stop leaves it running).
 * The stall stop applies to small models too: without it Curtois 5 (gap ~33 %, bound 767 against
 * rosters of ~1,150) spent half its 60 s in branch-and-bound and ended at 1,240–1,247 (1,157
 * with it).
 */
const FIRST_STALL_SHARE = 0.1;
const FIRST_STALL_GAP = 0.05;
const FIRST_SOLVE_SHARE_WITH_START = 0.08;
const FINAL_SOLVE_SHARE = 0.15;
/**
 * The last whole-model solve is skipped (its time going to the neighbourhood search) when the
 * first one's bound is below this share of the best roster then: its root relaxation did not
 * finish, or says nothing (Curtois 12 at 60 s: bound 0; 13 at 600 s: 121 against rosters of
 * ~1,900), and a second try from a better roster fares no better.
 */
const USEFUL_BOUND_SHARE = 0.25;
/**
 * On a small model, neighbourhood search that has found nothing better for this share of the
 * limit hands the rest of the time to the last whole-model solve, which can prove optimality
 * (Curtois 2: when the first solve's stall stop ends it short of its proof, the neighbourhoods
 * cannot better the optimal roster and the proof used to wait for the last 15 % of the limit).
 */
const LNS_STALL_SHARE_SMALL = 0.15;
/**
 * Above this many (staff, day, shift type) cells the MIP is not built when the local search
 * models the problem: Curtois 24 (150 × 364 × 32, 1.75M) took 19 s and 2.7 GB to build and pass
 * to HiGHS, whose WebAssembly runtime then aborted in presolve, so a 60 s solve ended after 149 s
 * and used 3.5 GB. Instance 23 (0.58M) is still solved with HiGHS.
 */
const MAX_MIP_CELLS = 1_000_000;
/** Below this many shift variables branch-and-bound usually proves optimality in the first solve. */
const SMALL_MODEL = 1500;
/**
 * Local search (when the problem's terms are all modelled by it): at most REPAIR_SHARE of the
 * time to construct and repair a roster, rows re-rostered exactly for anyone still breaking a rule
 * (up to ROW_SHARE), then LS_FIRST_SHARE (LS_FIRST_SHARE_SMALL on small
 * models) of annealing before the first MIP solve; during the neighbourhood phase annealing
 * bursts of LS_BURST_SHARE alternate with sub-MIPs.
 */
const REPAIR_SHARE = 0.05;
/** The repair's share when the local search only builds a start for HiGHS (interval cover). */
const HARD_ONLY_REPAIR_SHARE = 0.3;
/**
 * Deadline for re-rostering the people the repair left breaking a rule, as a share of the limit
 * (rows stop as soon as everyone keeps every rule; without that there is no roster to improve).
 */
const ROW_SHARE = 0.9;
const LS_FIRST_SHARE = 0.25;
const LS_FIRST_SHARE_SMALL = 0.03;
const LS_BURST_SHARE = 0.1;
/**
 * Most of the limit for column generation and its dive in phase 0 ({@link columnDive}); the root
 * LP has 40 % of it, and without converging there is no dive. Curtois at 60 s with 0.3, dives cut
 * short by the clock: 8 1,378, 10 4,687; with 0.5, complete: 8 1,308 (dive done at 13.8 s), 10
 * 4,631 (15.1 s).
 */
const COLUMN_SHARE = 0.5;
/**
 * …and at most this many seconds whatever the limit. At 600 s half the limit let Curtois 15 spend
 * 300 s there (its root LP converges after ~100 s and its two dives land near 8,800, the annealing
 * then ends phase 0 at 451 s), leaving the neighbourhood search 34 s: 4,084; capped, its root does
 * not converge in its share, phase 0 ends at 175 s and the run at 4,035.
 */
const COLUMN_MAX_SECONDS = 60;
/**
 * Column generation's pricing runs the row builder with every minute count as state, once per
 * person per round: a round's work grows with staff × shift types × days² (the minute counts grow
 * with the days), affordable up to this much. Curtois, one round with zero duals (2-core machine):
 * 12 (60 × 10 × 28²) 0.2 s, 19 (40 × 5 × 84², 1.41M) 0.9 s, 13 (120 × 18 × 28², 1.69M) ~1.6 s,
 * 20 (50 × 6 × 182², 9.9M) 3.0 s, and ~3.5 s with duals: 20's root LP had not converged after 85
 * rounds (400 s, LP 6,434 against its best known 4,769), so its 600 s run spent 120 s of phase 0
 * on a root with no dive.
 */
const COLUMN_MAX_WORK = 1_500_000;
/** Moves per second assumed for the local search's time when no clock is given. */
const LS_MOVES_PER_SECOND = 1e6;

function columnsAffordable(problem: RosterProblem): boolean {
  return problem.staff.length * problem.shiftTypes.length * problem.days ** 2 <= COLUMN_MAX_WORK;
}

/**
 * Windows of days re-rostered for everyone by column generation ({@link windowInput}): a window's
 * work is staff × shift types × its days², kept to this (Curtois 22, 50 × 10 × 28²: a window's
 * root and dives in 2–5 s).
 */
const WINDOW_WORK = 400_000;
/** A window's randomised dives stop after this many in a row find nothing better. */
const WINDOW_STALL_DIVES = 3;
/**
 * Days by which each pass of windows starts later than the last (mod 7). Windows that always run
 * Monday to Sunday leave every weekend at a window's edge, where the runs the kept days begin or
 * end pin it (Curtois 24, one-week windows from its 600 s roster, 60 s: 67,750 → 67,158 starting
 * on Mondays, → 66,877 starting on Thursdays).
 */
const WINDOW_SHIFT = 3;

/**
 * Days per window (whole weeks), or 0 for no windows: where whole rows are too costly to price,
 * or the horizon is at least 8 weeks (then a window is at most half of it).
 */
export function windowDays(problem: RosterProblem): number {
  const { days } = problem;
  if (columnsAffordable(problem) && days < LONG_ROWS) return 0;
  const fit = Math.sqrt(WINDOW_WORK / (problem.staff.length * Math.max(1, problem.shiftTypes.length)));
  const w = 7 * Math.floor(Math.min(fit, days / 2) / 7);
  return w >= 7 ? w : 0;
}

/**
 * The windows of `w` days in turn: each pass over the horizon rolls by half a window (at least a
 * week) and starts WINDOW_SHIFT days later (mod 7) than the pass before, so that the windows'
 * edges do not always fall on the same weekday; with a weekly contract (windows of whole weeks)
 * every pass starts on day 0.
 */
export function windowSchedule(problem: RosterProblem, w: number): () => [number, number] {
  const D = problem.days;
  const wholeWeeks = problem.staff.some((e) => e.contractedMinutesPerWeek);
  const stride = Math.max(7, 7 * Math.floor(w / 14));
  let origin = 0;
  let at = 0;
  return () => {
    const a = at;
    const b = Math.min(D, a + w);
    if (b < D) at = a + stride;
    else {
      if (!wholeWeeks) origin = (origin + WINDOW_SHIFT) % 7;
      at = origin;
    }
    return [a, b];
  };
}

interface Incumbent {
  /** Full solution of the model (null for a roster found by the local search). */
  values: Float64Array | null;
  /** Shift index per cell `e·D + d`, or OFF. */
  cells: Int32Array;
  objective: number;
}

/**
 * Solves a roster problem in three phases: (1) HiGHS on the whole compact MIP (first incumbent and
 * a lower bound; small models are often proven optimal here); (2) large-neighbourhood search:
 * each step frees a block of (staff, day) cells — some staff over the whole horizon, everyone over
 * a window of days, or a skill group over a window — fixes every other cell to the incumbent and
 * re-solves that sub-MIP warm-started from the incumbent, the size of each kind adapting to how
 * fast its sub-MIPs close; (3) the whole model again from the best roster, for the bound and
 * possibly a proof (skipped, its time going to phase 2, when phase 1 gave no useful bound). When
 * the local search models the problem and it is not too large, phase 0 also runs column
 * generation over whole rows and dives to a roster (`columns.ts`; Curtois 16 at 60 s: 3,436 →
 * 3,225, its best known), repeating randomised dives from the root while they are cheap (Curtois
 * 5 at 60 s: 1,146–1,148 → 1,143, its best known), dives on cells alternating with dives on rows
 * (Curtois 12 at 60 s: 4,107–4,194 → 4,040 in four of seven runs), and phase 2
 * has a fifth neighbourhood kind: some people's whole rows re-rostered the same way around
 * everyone else's (Curtois 8 at 60 s: 1,382 → 1,303). Where whole rows cost too much to price or
 * the horizon is 8 weeks or more, phase 2 also re-rosters everyone over windows of days by column
 * generation and dives, every other day kept ({@link windowDays}; Curtois 600 s runs: 20 5,253 →
 * 4,912, 21 22,613 → 21,536, 22 39,200 → 36,395). With a clock, the annealing local search
 * (when it models the problem) runs in a second thread from the first roster that keeps every
 * rule, alongside phase 0's own annealing (which used to leave the second core idle; see
 * CHANGELOG), through phases 1–3, and trades rosters with them instead
 * of taking turns with the sub-MIPs (measured on Curtois 5, 6, 8, 9 and 12, one 60 s run each
 * way: equal or better on every one, e.g. 6: 2,057 vs 2,142, 8: 1,382 vs 1,472). The returned
 * roster always passes {@link checkRoster}; its objective and terms are the checker's. Time is
 * measured with `options.clock` when given, else HiGHS run time (and everything runs in the
 * calling thread).
 */
export async function solveRoster(
  problem: RosterProblem,
  options: RosterSolveOptions,
): Promise<RosterResult> {
  // The time limit counts from here: building and passing a large model takes seconds.
  const t0 = options.clock?.() ?? 0;
  const messages = [
    ...solveOptionProblems(options).map((p) => `options.${p.option}: ${p.message}`),
    ...validateProblem(problem),
  ];
  if (options.maxMipCells !== undefined && !(options.maxMipCells >= 0))
    messages.push('options.maxMipCells: must be a number ≥ 0');
  if (messages.length > 0) return emptyResult('rejected', messages, 0);
  const cells = problem.staff.length * problem.days * problem.shiftTypes.length;
  const mipless = localSearchSupported(problem) && cells > (options.maxMipCells ?? MAX_MIP_CELLS);
  const rm = mipless ? null : buildRosterModel(problem);
  const session = rm ? await HighsSession.open(rm.model, options.seed ?? 1) : null;
  const threads: LocalSearchThread[] = [];
  try {
    return await runSearch(problem, rm, session, options, threads, t0);
  } finally {
    session?.dispose();
    await Promise.all(threads.map((t) => t.stop()));
  }
}

async function runSearch(
  problem: RosterProblem,
  rm: RosterModel | null,
  session: HighsSession | null,
  options: RosterSolveOptions,
  threads: LocalSearchThread[],
  t0: number,
): Promise<RosterResult> {
  const T = options.timeLimitSeconds;
  const clock = options.clock;
  let spent = 0; // HiGHS seconds, the fallback clock (plus local-search moves)
  const ls = localSearchSupported(problem)
    ? new RosterLocalSearch(problem, new Random((options.seed ?? 1) + 7))
    : null;
  const elapsed = () => (clock ? clock() - t0 : spent + (ls ? ls.iterations / LS_MOVES_PER_SECOND : 0));
  const relGap = options.relativeGap ?? 1e-4;
  const absGap = (rm?.integralObjective ?? true) ? 0.999 : 1e-6;
  const messages: string[] = [];
  if (!session)
    messages.push(
      `the model is too large for the MIP engine (${problem.staff.length} staff × ${problem.days} days × ` +
        `${problem.shiftTypes.length} shift types); the roster comes from the local search`,
    );
  const rng = new Random(options.seed ?? 1);
  let stopped = false;
  const shouldStop = () => {
    if (!stopped && options.shouldStop?.()) stopped = true;
    return stopped;
  };
  let bound: number | null = null;
  let best: Incumbent | null = null;
  const report = (phase: RosterProgress['phase']) =>
    options.onProgress?.({
      bestObjective: best?.objective ?? null,
      bestBound: bound,
      seconds: elapsed(),
      phase,
    });
  // HiGHS (WebAssembly, at most 4 GB) can abort on a very large model (Curtois 24: 1.07M
  // columns, aborted in presolve); its runtime is then unusable, and the search goes on with the
  // local search alone.
  let mipFailed = session === null;
  const run = (opts: Parameters<HighsSession['solve']>[0]): SubSolveResult => {
    if (!mipFailed && session)
      try {
        const r = session.solve(opts);
        spent += r.seconds;
        return r;
      } catch (e) {
        mipFailed = true;
        messages.push(
          `the MIP engine failed on this model (${String(e).slice(0, 80)}); the roster comes from the local search`,
        );
      }
    return { status: 'error', values: null, objective: null, bound: null, seconds: 0 };
  };
  const fromValues = (values: Float64Array, objective: number): Incumbent => ({
    values,
    cells: cellsOf(problem, rm!, values),
    objective,
  });
  /** Takes the local search's best roster when it beats the incumbent. */
  const takeLocal = (): boolean => {
    if (!ls || !Number.isFinite(ls.bestObjective)) return false;
    if (best && ls.bestObjective >= best.objective - 1e-9) return false;
    best = { values: null, cells: Int32Array.from(ls.bestCells), objective: ls.bestObjective };
    return true;
  };
  // Only MIP solves take a start, and there is a model whenever they run.
  const startOf = (inc: Incumbent) => inc.values ?? sparseStart(problem, rm!, inc.cells);
  // With a clock (wall time), the annealing also runs in a second thread for the whole search,
  // trading rosters with this one; without a clock the search stays deterministic and in-thread.
  let helper: LocalSearchThread | null = null;
  const startHelper = () => {
    if (helper || !ls || !clock || !best || options.threads === 1) return;
    const burstMoves = Math.max(1e5, T * LS_BURST_SHARE * LS_MOVES_PER_SECOND);
    helper = new LocalSearchThread(problem, (options.seed ?? 1) + 13, best.cells, best.objective, burstMoves);
    threads.push(helper);
  };
  /** Takes the helper thread's roster when it beats the incumbent. */
  const pollHelper = () => {
    const got = helper?.poll();
    if (!got || (best && got.objective >= best.objective - 1e-9)) return;
    best = { values: null, cells: got.cells, objective: got.objective };
    report('lns');
  };
  const offerHelper = () => {
    if (helper && best) helper.offer(best.cells, best.objective);
  };
  const lsRun = (seconds: number) => {
    if (!ls || seconds <= 0) return false;
    if (best && (ls.hard > 0 || best.objective < ls.objective - 1e-9)) ls.loadCells(best.cells);
    ls.improve({ seconds, now: elapsed, shouldStop });
    return takeLocal();
  };
  /** Without a clock, column generation's LP seconds count as HiGHS time and each row priced as a row rebuild. */
  const columnWork = (lpSeconds: number, rows: number) => {
    if (clock || !ls) return;
    spent += lpSeconds;
    ls.iterations += rows * 10 * problem.days * (problem.shiftTypes.length + 1);
  };
  const closed = () =>
    best !== null &&
    bound !== null &&
    best.objective - bound <= Math.max(absGap, relGap * Math.abs(best.objective));

  // Phase 1: the whole model. The empty roster is always a solution of the model (minimum-hours
  // rows are elastic), so HiGHS starts from it unless the caller supplied a better roster.
  let start: { indices: Int32Array; values: Float64Array } | undefined;
  let initialOk = false;
  if (options.initialAssignment) {
    const check = checkRoster(problem, options.initialAssignment);
    if (check.feasible) {
      if (rm) {
        const enc = encodeRoster(problem, rm, options.initialAssignment);
        start = { indices: enc.index, values: enc.value };
      }
      initialOk = true;
    } else messages.push(`initial roster ignored: ${check.violations[0] ?? 'breaks a hard rule'}`);
  }
  // Minimum hours are hard in the first solve (HiGHS's own heuristics find real rosters more
  // easily that way); the elastic form is the fallback when it finds none.
  const zeros = new Float64Array(rm?.shortfalls.length ?? 0);
  const small = rm !== null && shiftVars(rm) < SMALL_MODEL;

  // Phase 0 (when the local search models the problem): a greedy roster repaired to meet every
  // hard rule (annealing, then rows rebuilt one person at a time), then local search (annealing,
  // with sweeps of row rebuilds on long horizons); its best roster is the MIP's start.
  if (ls) {
    if (initialOk && options.initialAssignment) ls.load(options.initialAssignment);
    else {
      ls.construct();
      ls.repair({ seconds: T * REPAIR_SHARE, now: elapsed, shouldStop });
      // Rows the annealing could not repair are rebuilt one person at a time by the row builder
      // (dynamic programming, milliseconds a row), and those it finds no row for by HiGHS, exactly.
      const deadline = elapsed() + T * ROW_SHARE;
      const bad = ls.rebuildRows(ls.violators(), deadline, elapsed);
      if (bad.length > 0)
        await repairRows(problem, ls.toAssignment(ls.cells), bad, {
          deadline,
          now: elapsed,
          shouldStop,
          seed: options.seed ?? 1,
          onSolve: (seconds) => (spent += seconds),
          violators: (assignment) => {
            ls.load(assignment);
            return ls.violators();
          },
        });
    }
    if (ls.hard === 0) {
      ls.noteCurrent();
      // The second thread anneals from the first roster that keeps every rule, alongside this one.
      takeLocal();
      startHelper();
    }
    // Column generation over whole rows and a dive to a roster (see columns.ts), from the rows
    // so far; the annealing goes on from the better of its roster and the dive's.
    if (!options.initialAssignment && columnsAffordable(problem)) {
      const dive = await columnDive(ls.columnInput(), {
        now: elapsed,
        deadline: elapsed() + Math.min(T * COLUMN_SHARE, COLUMN_MAX_SECONDS),
        shouldStop,
        start: Number.isFinite(ls.bestObjective) ? Int32Array.from(ls.bestCells) : null,
        onWork: columnWork,
        random: () => rng.next(),
      });
      if (dive.cells) {
        const before = ls.bestObjective;
        ls.loadCells(dive.cells);
        if (Number.isFinite(before) && (ls.hard > 0 || ls.objective > before)) ls.loadCells(ls.bestCells);
        if (takeLocal()) offerHelper();
        startHelper();
      }
    }
    if (ls.hard === 0) {
      ls.improve({
        seconds: T * (small ? LS_FIRST_SHARE_SMALL : LS_FIRST_SHARE),
        now: elapsed,
        shouldStop,
        stallIterations: small ? ls.sizeMoves(200) : undefined,
      });
    }
    takeLocal();
    pollHelper();
    if (best) {
      if (rm) start = sparseStart(problem, rm, (best as Incumbent).cells);
      report('lns');
    }
  }
  // When the local search cannot model the objective (interval cover, fair early shifts), it can
  // still build a roster that keeps every hard rule: HiGHS starts from it, so even a very short
  // time limit ends with a roster rather than none.
  if (!ls && !start) {
    const hardOnly = new RosterLocalSearch(
      { ...problem, intervalCover: [], fairEarlyShifts: undefined },
      new Random((options.seed ?? 1) + 11),
    );
    hardOnly.construct();
    // Without a clock, its moves count as time the way the local search's do.
    const before = elapsed();
    const now = clock ? elapsed : () => before + hardOnly.iterations / LS_MOVES_PER_SECOND;
    hardOnly.repair({ seconds: T * HARD_ONLY_REPAIR_SHARE, now, shouldStop });
    if (!clock) spent += hardOnly.iterations / LS_MOVES_PER_SECOND;
    if (hardOnly.hard === 0 && rm) start = sparseStart(problem, rm, hardOnly.cells);
  }
  startHelper();
  // With a roster from the local search, a large model's first solve is only for the bound.
  const firstShare = best && !small ? FIRST_SOLVE_SHARE_WITH_START : FIRST_SOLVE_SHARE;
  const firstLimit = Math.max(0.5, Math.min(T * firstShare, T - elapsed()));
  let first = run({
    timeLimitSeconds: firstLimit,
    relativeGap: relGap,
    absoluteGap: absGap,
    start,
    fixIndices: rm?.shortfalls,
    fixValues: zeros,
    stopWithIncumbentAfter: small ? undefined : T * FIRST_INCUMBENT_SHARE,
    stallSeconds: Math.max(1, T * FIRST_STALL_SHARE),
    stallGap: FIRST_STALL_GAP,
    shouldStop,
    onLog: (objective, highsBound, seconds) =>
      options.onProgress?.({
        bestObjective: objective,
        bestBound: highsBound,
        seconds: spent + seconds,
        phase: 'mip',
      }),
  });
  bound = first.bound;
  // Every other hard rule holds for the all-days-off roster, so infeasibility here means the
  // minimum hours cannot be met together with the rest.
  if (first.status === 'infeasible' && !best)
    return emptyResult(
      'infeasible',
      [...messages, 'no roster meets every minimum of hours together with the other hard rules'],
      elapsed(),
    );
  if (!first.values && !best && !shouldStop()) {
    const elastic = run({
      timeLimitSeconds: Math.max(0.5, Math.min(T * 0.15, T - elapsed())),
      relativeGap: relGap,
      absoluteGap: absGap,
      start: start ?? (rm ? emptyRoster(rm) : undefined),
      shouldStop,
    });
    if (elastic.bound !== null && bound === null) bound = elastic.bound;
    first = elastic;
  }
  if (
    first.values &&
    first.objective !== null &&
    (best === null || first.objective <= (best as Incumbent).objective + 1e-9)
  )
    best = fromValues(first.values, first.objective);
  report('mip');
  pollHelper();
  startHelper();
  offerHelper();
  let proven = first.status === 'optimal' || closed();

  // Phase 2: large-neighbourhood search on (staff, day) cells.
  if (best && !proven && !shouldStop()) {
    const lns = rm ? new Neighbourhoods(problem, rm, rng, ls !== null && columnsAffordable(problem)) : null;
    const subLimit = Math.min(10, Math.max(1, T / 30));
    const uselessBound = !small && (bound === null || bound < USEFUL_BOUND_SHARE * best.objective);
    const lnsEnd = uselessBound ? T : T * (1 - FINAL_SOLVE_SHARE);
    // Sub-MIPs and annealing bursts alternate; each gets time in proportion to its recent gain.
    const burst = Math.max(0.2, T * LS_BURST_SHARE);
    let lnsRate = 1;
    let lsRate = 1;
    let lnsSince = 0;
    let lnsGain = 0;
    // Without the MIP engine there is no last whole-model solve: the annealing keeps the time.
    const end = () => (mipFailed ? T : lnsEnd);
    let lastObjective = best.objective;
    let lastGainAt = elapsed();
    // Windows of days for everyone, re-rostered by column generation, rolling over the horizon;
    // they take turns with the other steps in proportion to their recent gain per second.
    const W = ls ? windowDays(problem) : 0;
    const nextWindow = windowSchedule(problem, W);
    let windowRate = 1;
    let otherRate = 1;
    let windowTime = 0;
    let otherTime = 0;
    const windowTurn = () => {
      const share = Math.max(0.2, Math.min(0.8, windowRate / (windowRate + otherRate)));
      return windowTime <= share * (windowTime + otherTime);
    };
    /** Takes a dive's roster when it keeps every rule and beats `inc`; returns the gain. */
    const takeDive = (cells: Int32Array, inc: Incumbent): number => {
      if (!ls) return 0;
      ls.loadCells(cells);
      if (ls.hard > 0 || ls.objective >= inc.objective - 1e-9) return 0;
      best = { values: null, cells: Int32Array.from(cells), objective: ls.objective };
      report('lns');
      offerHelper();
      return inc.objective - ls.objective;
    };
    const windowStep = async () => {
      const inc: Incumbent = best!;
      const D = problem.days;
      const [a, b] = nextWindow();
      const t = elapsed();
      const dive = await columnDive(windowInput(ls!.columnInput(), inc.cells, a, b), {
        now: elapsed,
        deadline: t + Math.max(0.05, Math.min(subLimit, end() - t)),
        shouldStop,
        start: windowCells(inc.cells, D, a, b),
        onWork: columnWork,
        random: () => rng.next(),
        stallDives: WINDOW_STALL_DIVES,
      });
      const gain = dive.cells ? takeDive(spliceWindow(inc.cells, D, a, b, dive.cells), inc) : 0;
      const took = Math.max(1e-3, elapsed() - t);
      windowTime += took;
      windowRate = 0.5 * windowRate + (0.5 * gain) / took + 1e-6;
    };
    /** One step of the search other than a window: a sub-MIP, a column dive or an annealing burst; true to stop. */
    const otherStep = async (): Promise<boolean> => {
      if (!best) return true;
      if (mipFailed || !rm || !lns) {
        // No sub-MIPs: the annealing here (and in its thread) has the rest of the time.
        if (!ls) return true;
        if (lsRun(Math.min(burst, T - elapsed()))) report('lns');
        return false;
      }
      if (
        ls &&
        !helper &&
        lnsSince >= burst * Math.max(0.25, Math.min(4, lnsRate / Math.max(1e-9, lsRate)))
      ) {
        lnsRate = 0.5 * lnsRate + (0.5 * lnsGain) / Math.max(1e-9, lnsSince) + 1e-6;
        const before = best.objective;
        const a = elapsed();
        const seconds = Math.min(burst, lnsEnd - a);
        if (lsRun(seconds)) report('lns');
        lsRate = 0.5 * lsRate + (0.5 * (before - best.objective)) / Math.max(1e-9, elapsed() - a) + 1e-6;
        lnsSince = 0;
        lnsGain = 0;
        if (closed()) {
          proven = true;
          return true;
        }
        return false;
      }
      const inc: Incumbent = best;
      const free = lns.next(inc.values ? shortStaff(rm, inc.values) : [], inc.cells);
      if (lns.lastKind === COLUMN_KIND && ls) {
        // Whole rows of some people re-rostered by column generation and a dive, the others kept.
        const a = elapsed();
        const D = problem.days;
        const keep = Uint8Array.from(problem.staff, (_, e) => (free[e * D] ? 0 : 1));
        const dive = await columnDive(ls.columnInput(), {
          now: elapsed,
          deadline: a + Math.max(0.05, Math.min(subLimit, lnsEnd - a)),
          shouldStop,
          start: inc.cells,
          keep,
          onWork: columnWork,
        });
        const gain = dive.cells ? takeDive(dive.cells, inc) : 0;
        lnsSince += elapsed() - a;
        lnsGain += gain;
        lns.adapt(dive.complete, (elapsed() - a) / subLimit, gain);
        if (closed()) {
          proven = true;
          return true;
        }
        return false;
      }
      const hardMin = inc.values ? shortfallFree(rm, inc.values) : true;
      const { fixIndices, fixValues } = lns.fixings(free, inc.cells, hardMin);
      const a = elapsed();
      const r = run({
        timeLimitSeconds: Math.max(0.05, Math.min(subLimit, lnsEnd - elapsed())),
        relativeGap: 1e-6,
        absoluteGap: absGap,
        fixIndices,
        fixValues,
        extract: true,
        start: startOf(inc),
        stopAtObjective: bound ?? undefined,
        shouldStop,
      });
      const prev = inc.objective;
      const improved = r.values !== null && r.objective !== null && r.objective < prev - 1e-9;
      if (r.values && r.objective !== null && r.objective <= prev + 1e-9)
        best = fromValues(r.values, r.objective);
      lnsSince += elapsed() - a;
      if (improved) lnsGain += prev - r.objective!;
      lns.adapt(r.status === 'optimal', r.seconds / subLimit, improved ? prev - r.objective! : 0);
      if (improved) {
        report('lns');
        offerHelper();
      }
      if (closed()) {
        proven = true;
        return true;
      }
      return false;
    };
    while (!shouldStop() && elapsed() < end() && best) {
      pollHelper();
      if (best.objective < lastObjective - 1e-9) {
        lastObjective = best.objective;
        lastGainAt = elapsed();
      }
      if (small && !mipFailed && elapsed() - lastGainAt >= T * LNS_STALL_SHARE_SMALL) break;
      if (W > 0 && windowTurn()) {
        await windowStep();
        if (closed()) {
          proven = true;
          break;
        }
        continue;
      }
      const other = elapsed();
      const otherFrom = best.objective;
      try {
        if (await otherStep()) break;
      } finally {
        const took = Math.max(1e-3, elapsed() - other);
        otherTime += took;
        otherRate =
          0.5 * otherRate + (0.5 * Math.max(0, otherFrom - (best?.objective ?? otherFrom))) / took + 1e-6;
      }
    }
  }
  // Phase 3: the whole model again, from the best roster, for the bound (and maybe a proof).
  // What ended the solve: the clock unless the last whole-model solve stopped for another reason.
  let endedEarly = false;
  if (best && rm && !proven && !mipFailed && !shouldStop() && T - elapsed() > 0.2) {
    const inc: Incumbent = best;
    const hardMin = inc.values ? shortfallFree(rm, inc.values) : true;
    const last = run({
      timeLimitSeconds: T - elapsed(),
      relativeGap: relGap,
      absoluteGap: absGap,
      start: startOf(inc),
      fixIndices: hardMin ? rm.shortfalls : undefined,
      fixValues: hardMin ? zeros : undefined,
      stopAtObjective: bound ?? undefined,
      shouldStop,
    });
    if (last.bound !== null && (bound === null || last.bound > bound)) bound = last.bound;
    if (last.values && last.objective !== null && last.objective <= inc.objective + 1e-9)
      best = fromValues(last.values, last.objective);
    proven = last.status === 'optimal' || closed();
    endedEarly = last.status === 'feasible' && elapsed() < T - 0.05;
  }

  pollHelper();
  if (!best) {
    const status: RosterStatus = stopped ? 'interrupted' : 'time_limit';
    return emptyResult(status, [...messages, 'no roster found in the time limit'], elapsed());
  }
  const final: Incumbent = best;
  const { assignment, breaks } = final.values
    ? decodeRoster(problem, rm!, final.values)
    : {
        assignment: ls!.toAssignment(final.cells),
        breaks: problem.staff.map(() => new Array<number | null>(problem.days).fill(null)),
      };
  const check = checkRoster(problem, assignment, breaks);
  if (!check.feasible) {
    const short =
      final.values !== null && Array.from(rm!.shortfalls).some((i) => (final.values![i] ?? 0) > 0.5);
    const why = short
      ? 'no roster meeting every minimum of hours was found'
      : 'the solver roster failed the checker';
    return emptyResult(
      stopped ? 'interrupted' : 'time_limit',
      [...messages, why, ...check.violations.slice(0, 5)],
      elapsed(),
    );
  }
  const ev = check.evaluation;
  if (Math.abs(ev.objective - final.objective) > 1e-6 * Math.max(1, Math.abs(ev.objective)))
    messages.push(`model objective ${final.objective} differs from the checker's ${ev.objective}`);
  const status: RosterStatus = proven
    ? 'optimal'
    : stopped
      ? 'interrupted'
      : endedEarly
        ? 'feasible'
        : 'time_limit';
  const lower = bound === null ? null : Math.min(bound, ev.objective);
  return {
    status,
    assignment,
    breaks,
    objective: ev.objective,
    terms: ev.terms,
    bound: proven ? ev.objective : lower,
    gap: proven ? 0 : lower === null ? null : (ev.objective - lower) / Math.max(1e-9, Math.abs(ev.objective)),
    underCover: ev.underCover,
    overCover: ev.overCover,
    cover: ev.cover,
    seconds: elapsed(),
    messages,
  };
}

/** Shift index per cell `e·D + d` (OFF for a day off) of a model solution. */
function cellsOf(problem: RosterProblem, rm: RosterModel, values: Float64Array): Int32Array {
  const D = problem.days;
  const S = problem.shiftTypes.length;
  const cells = new Int32Array(problem.staff.length * D).fill(OFF);
  for (let c = 0; c < cells.length; c++)
    for (let s = 0; s < S; s++) {
      const v = rm.x[c * S + s] ?? -1;
      if (v >= 0 && (values[v] ?? 0) > 0.5) cells[c] = s;
    }
  return cells;
}

/** A roster of cells as a sparse start: every shift variable set (the solver completes the rest). */
function sparseStart(
  problem: RosterProblem,
  rm: RosterModel,
  cells: Int32Array,
): { indices: Int32Array; values: Float64Array } {
  const S = problem.shiftTypes.length;
  const indices: number[] = [];
  const values: number[] = [];
  for (let c = 0; c < cells.length; c++)
    for (let s = 0; s < S; s++) {
      const v = rm.x[c * S + s] ?? -1;
      if (v < 0) continue;
      indices.push(v);
      values.push(cells[c] === s ? 1 : 0);
    }
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** Staff still short of a minimum of hours in a solution of the elastic model. */
function shortStaff(rm: RosterModel, values: Float64Array): number[] {
  const out = new Set<number>();
  rm.shortfalls.forEach((v, i) => {
    if ((values[v] ?? 0) > 0.5) out.add(rm.shortfallStaff[i] ?? 0);
  });
  return [...out];
}

function shiftVars(rm: RosterModel): number {
  let n = 0;
  for (const v of rm.x) if (v >= 0) n++;
  return n;
}

/** Whether a solution meets every minimum of hours (then the sub-MIPs keep it that way). */
function shortfallFree(rm: RosterModel, values: Float64Array): boolean {
  return Array.from(rm.shortfalls).every((i) => (values[i] ?? 0) < 0.5);
}

/** The all-days-off roster as a sparse start: it meets every hard rule but the minimum hours. */
function emptyRoster(rm: RosterModel): { indices: Int32Array; values: Float64Array } {
  const indices = Int32Array.from(rm.x.filter((v) => v >= 0));
  return { indices, values: new Float64Array(indices.length) };
}

function emptyResult(status: RosterStatus, messages: string[], seconds: number): RosterResult {
  return {
    status,
    assignment: null,
    breaks: null,
    objective: null,
    terms: [],
    bound: null,
    gap: null,
    underCover: 0,
    overCover: 0,
    cover: [],
    seconds,
    messages,
  };
}
