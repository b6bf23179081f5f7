import { parentPort, workerData } from 'node:worker_threads';
import { RosterLocalSearch } from './local-search';
import { SharedRoster, type LocalSearchThreadRequest } from './parallel';
import { Random } from './random';

/** Moves per pseudo-second: the thread measures its bursts in moves, not on a clock. */
const MOVES = 1e6;
/** Horizon (days) at which a thread's move rate is about {@link MOVES} a second. */
const MOVES_HORIZON = 28;

/**
 * Body of {@link LocalSearchThread}: annealing bursts from the best roster known to either
 * thread, until the caller raises the stop flag.
 */
function runThread(req: LocalSearchThreadRequest): void {
  const ls = new RosterLocalSearch(req.problem, new Random(req.seed));
  const toMain = new SharedRoster(req.toMain);
  const toThread = new SharedRoster(req.toThread);
  const stop = new Int32Array(req.stop);
  const stopped = () => Atomics.load(stop, 0) === 1;
  const now = () => ls.iterations / MOVES;
  ls.loadCells(req.start);
  ls.noteCurrent();
  let published = req.startObjective;
  const publish = () => {
    if (ls.bestObjective < published - 1e-9) {
      published = ls.bestObjective;
      toMain.write(ls.bestCells, published);
    }
  };
  // On long rows, a sweep of row rebuilds before a burst while sweeps pay, else before every
  // fourth burst.
  let sweepPays = true;
  for (let burst = 0; !stopped(); burst++) {
    const offered = toThread.read();
    if (offered && (ls.hard > 0 || offered.objective < ls.objective - 1e-9)) ls.loadCells(offered.cells);
    if (ls.longRows && ls.hard === 0 && (sweepPays || burst % 4 === 0)) {
      const before = ls.objective;
      ls.sweep(Infinity, now, stopped);
      sweepPays = ls.objective < before - 1e-9;
    }
    // A move re-evaluates one or two rows, so moves slow down as rows get longer; bursts are
    // scaled to stay about as long in time.
    const seconds = (req.burstMoves * Math.min(1, MOVES_HORIZON / req.problem.days)) / MOVES;
    if (ls.longRows && ls.hard === 0) ls.joinPass(now() + seconds / 2, now, stopped);
    publish();
    ls.run({ seconds, now, shouldStop: stopped });
    publish();
  }
}

const req = workerData as LocalSearchThreadRequest | undefined;
if (parentPort && req?.kind === 'roster-local-search') runThread(req);
