import { parentPort, workerData } from 'node:worker_threads';
import { RosterLocalSearch } from './local-search';
import { SharedRoster, type LocalSearchThreadRequest } from './parallel';
import { Random } from './random';

/** Moves per pseudo-second: the thread measures its bursts in moves, not on a clock. */
const MOVES = 1e6;

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
  while (!stopped()) {
    const offered = toThread.read();
    if (offered && (ls.hard > 0 || offered.objective < ls.objective - 1e-9)) ls.loadCells(offered.cells);
    ls.run({ seconds: req.burstMoves / MOVES, now, shouldStop: stopped });
    if (ls.bestObjective < published - 1e-9) {
      published = ls.bestObjective;
      toMain.write(ls.bestCells, published);
    }
  }
}

const req = workerData as LocalSearchThreadRequest | undefined;
if (parentPort && req?.kind === 'roster-local-search') runThread(req);
