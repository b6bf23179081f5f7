/**
 * Curtois–Qu benchmark runner for the roster solver.
 *   npm run bench:roster -- --instance <file> --time-limit <s> --out <roster.csv>
 *   npm run bench:roster -- --all [--instances 1-8] [--time-limit <s>] [--seed n] [--json <file>]
 *     [--out <dir>]   (one roster CSV per instance, <dir>/InstanceN.csv)
 * Every roster is re-checked against FORMAT.md's hard rules and its objective recomputed by the
 * independent checker before it is reported. With --all / --instances each instance runs in a
 * child process of its own (fresh heap, its own peak memory; a failure is a row, not the end).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { curtoisObjective, parseCurtois, rosterCsv, solveRoster } from '../roster';
import { arg, emitChildResult, numberArg, runChild, runMain } from './args';
import { BEST_KNOWN, CURTOIS_DIR, instancePath, parseRange } from './roster-instances';

interface Row {
  instance: string;
  bestKnown: number | null;
  objective: number | null;
  gapPercent: number | null;
  seconds: number;
  peakMemoryMb: number;
  status: string;
  bound: number | null;
}

function peakMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** An instance's name from its file: `…/Instance7.txt` → `Instance7` (BEST_KNOWN's keys). */
const instanceName = (file: string): string => path.basename(file).replace(/\.txt$/, '');

async function runOne(file: string, timeLimit: number, seed: number, out?: string): Promise<Row> {
  const name = instanceName(file);
  if (!fs.existsSync(file)) throw new Error(`no such instance file: ${file}`);
  let problem: ReturnType<typeof parseCurtois>;
  try {
    problem = parseCurtois(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const t0 = performance.now();
  const clock = () => (performance.now() - t0) / 1000;
  const result = await solveRoster(problem, {
    timeLimitSeconds: timeLimit,
    seed,
    clock,
    onProgress: (p) => {
      if (process.argv.includes('--verbose'))
        console.error(`  [${p.phase}] ${p.seconds.toFixed(1)}s best=${p.bestObjective} bound=${p.bestBound}`);
    },
  });
  const seconds = clock();
  let objective: number | null = null;
  if (result.assignment) {
    const check = curtoisObjective(problem, result.assignment);
    if (check.objective === null)
      throw new Error(`${name}: roster breaks hard rules: ${check.violations.join('; ')}`);
    objective = check.objective;
    if (out) fs.writeFileSync(out, rosterCsv(problem, result.assignment));
  }
  const best = BEST_KNOWN[name] ?? null;
  return {
    instance: name,
    bestKnown: best,
    objective,
    gapPercent: best !== null && objective !== null ? (100 * (objective - best)) / best : null,
    seconds,
    peakMemoryMb: peakMb(),
    status: result.status + (result.messages.length ? ` (${result.messages.join('; ')})` : ''),
    bound: result.bound,
  };
}

function table(rows: Row[]): string {
  const lines = [
    '| instance | best known | ours | gap % | time s | peak MB | status | bound |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.instance} | ${r.bestKnown ?? '-'} | ${r.objective ?? '-'} | ${r.gapPercent === null ? '-' : r.gapPercent.toFixed(2)} | ${r.seconds.toFixed(1)} | ${r.peakMemoryMb} | ${r.status} | ${r.bound === null ? '-' : Math.ceil(r.bound - 1e-6)} |`,
    );
  return lines.join('\n');
}

/**
 * {@link runOne} in a child process of its own: each instance starts from a fresh heap and HiGHS
 * runtime, its peak memory is its own (not the largest so far), and a run that fails or overruns
 * is reported as such (and the exit code is 1) while the others go on.
 */
async function runIsolated(file: string, limit: number, seed: number, out?: string): Promise<Row> {
  const t0 = performance.now();
  const args = ['--child', file, '--time-limit', String(limit), '--seed', String(seed)];
  if (out) args.push('--out', out);
  if (process.argv.includes('--verbose')) args.push('--verbose');
  const row = await runChild<Row>(__filename, args, limit);
  // The set still runs to its table, but ends with a failing exit code.
  if (!row) process.exitCode = 1;
  const name = instanceName(file);
  return (
    row ?? {
      instance: name,
      bestKnown: BEST_KNOWN[name] ?? null,
      objective: null,
      gapPercent: null,
      seconds: (performance.now() - t0) / 1000,
      peakMemoryMb: 0,
      status: 'failed (see the error above) or killed after overrunning its limit',
      bound: null,
    }
  );
}

async function main(): Promise<void> {
  const seed = numberArg('--seed', 1, 0);
  const limitArg = arg('--time-limit') === undefined ? undefined : numberArg('--time-limit', 60, 0.1);
  const child = arg('--child');
  if (child !== undefined) {
    emitChildResult(await runOne(child, limitArg ?? 60, seed, arg('--out')));
    return;
  }
  if (process.argv.includes('--all') || arg('--instances')) {
    const ids = parseRange(arg('--instances') ?? '1-24');
    const rows: Row[] = [];
    for (const id of ids) {
      const limit = limitArg ?? (id <= 12 ? 60 : 600);
      const outDir = arg('--out');
      if (outDir) fs.mkdirSync(outDir, { recursive: true });
      const csv = outDir ? path.join(outDir, `Instance${id}.csv`) : undefined;
      const row = await runIsolated(instancePath(id), limit, seed, csv);
      rows.push(row);
      console.error(
        `${row.instance}: ${row.objective} (best ${row.bestKnown}) in ${row.seconds.toFixed(1)} s, ${row.status}`,
      );
    }
    console.log(table(rows));
    const json = path.resolve(arg('--json') ?? path.resolve(__dirname, '../../bench-results/roster.json'));
    fs.mkdirSync(path.dirname(json), { recursive: true });
    fs.writeFileSync(json, JSON.stringify({ seed, rows }, null, 2) + '\n');
    return;
  }
  const instance = arg('--instance');
  if (!instance) {
    console.error(`usage: roster-bench --instance <file> [--time-limit s] [--out roster.csv] | --all [--instances 1-12]
instances live in ${CURTOIS_DIR}`);
    process.exitCode = 2;
    return;
  }
  const file = /^\d+$/.test(instance) ? instancePath(Number(instance)) : path.resolve(instance);
  const row = await runOne(file, limitArg ?? 60, seed, arg('--out'));
  console.log(
    `${row.instance}: objective ${row.objective ?? 'none'} | best known ${row.bestKnown ?? '?'} | gap ${
      row.gapPercent === null ? '-' : row.gapPercent.toFixed(2) + '%'
    } | ${row.seconds.toFixed(1)} s | peak ${row.peakMemoryMb} MB | ${row.status} | bound ${row.bound ?? '-'}`,
  );
}

runMain('roster-bench', main);
