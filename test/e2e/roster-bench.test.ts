import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { curtoisObjective, parseCurtois, parseRosterCsv } from '../../solver/roster';
import { instancePath } from '../../solver/bench/roster-instances';

/**
 * `npm run bench:roster` as a reader runs it: one instance with a roster CSV, and a set whose
 * instances each run in a child process of their own, with the table, the JSON and a CSV per
 * instance. Every roster written must keep the hard rules and score what the bench reported.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'solver/bench/roster-bench.ts');
const run = promisify(execFile);
const bench = (args: string[]) =>
  run(process.execPath, ['-r', 'ts-node/register/transpile-only', SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-roster-bench-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The objective of a roster CSV under the benchmark's definition (null when it breaks a rule). */
function scoreCsv(instance: number, csv: string): number | null {
  const problem = parseCurtois(fs.readFileSync(instancePath(instance), 'utf8'));
  return curtoisObjective(problem, parseRosterCsv(problem, csv)).objective;
}

test('one instance: the line reports the objective of the roster CSV it wrote', async () => {
  const out = path.join(dir, 'one.csv');
  const { stdout } = await bench(['--instance', instancePath(1), '--time-limit', '2', '--out', out]);
  const m = /Instance1: objective (\d+) \| best known 607 \|/.exec(stdout);
  expect(m).not.toBeNull();
  const csv = fs.readFileSync(out, 'utf8');
  expect(csv.split('\n')[0]).toBe('employee,day,shift');
  expect(csv).toMatch(/^[A-Za-z0-9]+,0,\w+$/m);
  expect(scoreCsv(1, csv)).toBe(Number(m![1]));
});

test('a set: table, JSON and one CSV per instance, each scoring what the table says', async () => {
  const json = path.join(dir, 'set.json');
  const outDir = path.join(dir, 'rosters');
  const { stdout } = await bench([
    '--instances',
    '1-2',
    '--time-limit',
    '2',
    '--seed',
    '3',
    '--json',
    json,
    '--out',
    outDir,
  ]);
  expect(stdout).toContain('| instance | best known | ours | gap % | time s | peak MB | status | bound |');
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
    seed: number;
    rows: { instance: string; objective: number | null; peakMemoryMb: number; gapPercent: number | null }[];
  };
  expect(report.seed).toBe(3);
  expect(report.rows.map((r) => r.instance)).toEqual(['Instance1', 'Instance2']);
  for (const [i, row] of report.rows.entries()) {
    expect(row.peakMemoryMb).toBeGreaterThan(0);
    const csv = fs.readFileSync(path.join(outDir, `Instance${i + 1}.csv`), 'utf8');
    expect(row.objective).not.toBeNull();
    expect(scoreCsv(i + 1, csv)).toBe(row.objective);
    expect(stdout).toContain(`| ${row.instance} | ${i === 0 ? 607 : 828} | ${row.objective} |`);
  }
});

test('a bad option is refused with its name and a non-zero exit', async () => {
  await expect(bench(['--instances', '1', '--time-limit', 'soon'])).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining('--time-limit must be a number'),
  });
});

test('an instance of a set that fails is a row saying so, and the set exits 1', async () => {
  const json = path.join(dir, 'failed.json');
  const failed = bench(['--instances', '25', '--time-limit', '1', '--json', json]);
  await expect(failed).rejects.toMatchObject({
    code: 1,
    stdout: expect.stringContaining('| Instance25 | - | - |'),
    stderr: expect.stringContaining('no such instance file'),
  });
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { rows: { status: string }[] };
  expect(report.rows[0]!.status).toMatch(/^failed/);
});
