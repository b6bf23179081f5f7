import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Scale-out and shutdown with real processes: one API process and two `npm run worker`
 * processes over one PostgreSQL schema. Twenty plan and roster solves each finish exactly once,
 * both workers take work, and SIGTERM makes every process exit 0.
 */
const ROOT = path.resolve(__dirname, '../..');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `e2e_${randomBytes(5).toString('hex')}`;

interface Proc {
  child: ChildProcess;
  out: string[];
  exit: Promise<number | null>;
}

function start(script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      DATABASE_URL,
      DATABASE_SCHEMA: SCHEMA,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(...d.toString().split('\n')));
  child.stderr!.on('data', (d: Buffer) => out.push(...d.toString().split('\n')));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exit };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 240000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const logs = (p: Proc, msg: string) =>
  p.out.flatMap((line) => {
    try {
      const j = JSON.parse(line) as Record<string, unknown>;
      return j.msg === msg ? [j] : [];
    } catch {
      return [];
    }
  });

let api: Proc;
let workers: Proc[] = [];
let base: string;
let repToken = '';

afterAll(async () => {
  for (const p of [api, ...workers]) if (p && p.child.exitCode === null) p.child.kill('SIGKILL');
  const c = new Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await c.query(`DROP SCHEMA IF EXISTS "${SCHEMA}_pgboss" CASCADE`);
  await c.end();
});

describe('API and workers as separate processes', () => {
  it('twenty solves finish exactly once across two workers, and SIGTERM exits 0', async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = start('src/main.ts', {
      PORT: String(port),
      IN_PROCESS_WORKER: 'false',
      SEED_DEMO: 'true',
      DEMO_SCHEDULES: 'false',
    });
    const rep = await until(
      'the demo tokens',
      () =>
        api.out
          .find((l) => /^\s+rep\s/.test(l))
          ?.trim()
          .split(/\s+/)[2],
    );
    repToken = rep;
    await until('the API', async () =>
      (await fetch(`${base}/readyz`).catch(() => null))?.ok ? true : undefined,
    );
    workers = [start('src/worker.ts', {}), start('src/worker.ts', {})];
    await Promise.all(
      workers.map((w) => until('a worker', () => (logs(w, 'worker ready').length ? true : undefined))),
    );

    const headers = { Authorization: `Bearer ${rep}`, 'Content-Type': 'application/json' };
    const submitted: { kind: 'plans' | 'rosters'; id: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const plan = await fetch(`${base}/plans`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ fortnightStart: '2026-12-07', timeLimitSeconds: 2, seed: i }),
      });
      expect(plan.status).toBe(202);
      submitted.push({ kind: 'plans', id: ((await plan.json()) as { id: string }).id });
      const roster = await fetch(`${base}/rosters`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ periodStart: '2026-11-30', weeks: 1, timeLimitSeconds: 3 }),
      });
      expect(roster.status).toBe(202);
      submitted.push({ kind: 'rosters', id: ((await roster.json()) as { id: string }).id });
    }
    for (const s of submitted) {
      await until(`${s.kind} ${s.id}`, async () => {
        const body = (await (await fetch(`${base}/${s.kind}/${s.id}`, { headers })).json()) as {
          status: string;
        };
        return ['draft', 'solving'].includes(body.status) ? undefined : body.status;
      });
    }
    const finished = workers.map((w) => [
      ...logs(w, 'plan solve finished').map((j) => j.planId as string),
      ...logs(w, 'roster solve finished').map((j) => j.rosterId as string),
    ]);
    const all = finished.flat().sort();
    expect(all).toEqual(submitted.map((s) => s.id).sort());
    expect(finished[0]!.length).toBeGreaterThan(0);
    expect(finished[1]!.length).toBeGreaterThan(0);

    for (const p of [api, ...workers]) p.child.kill('SIGTERM');
    expect(await Promise.all([api, ...workers].map((p) => p.exit))).toEqual([0, 0, 0]);
  }, 540000);

  it('a worker killed mid-solve: another worker retries the job and it completes exactly once', async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = start('src/main.ts', { PORT: String(port), IN_PROCESS_WORKER: 'false', SEED_DEMO: 'false' });
    await until('the API', async () =>
      (await fetch(`${base}/readyz`).catch(() => null))?.ok ? true : undefined,
    );
    // The schema and the rep's token are the ones the first test seeded.
    const headers = { Authorization: `Bearer ${repToken}`, 'Content-Type': 'application/json' };
    const doomed = start('src/worker.ts', {});
    await until('worker A', () => (logs(doomed, 'worker ready').length ? true : undefined));
    const res = await fetch(`${base}/plans`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ fortnightStart: '2026-12-07', timeLimitSeconds: 20, seed: 99 }),
    });
    expect(res.status).toBe(202);
    const planId = ((await res.json()) as { id: string }).id;
    await until('worker A to start solving', () =>
      logs(doomed, 'plan solve started').some((j) => j.planId === planId) ? true : undefined,
    );
    doomed.child.kill('SIGKILL');
    await doomed.exit;
    const rescuer = start('src/worker.ts', {});
    workers = [doomed, rescuer];
    const status = await until(
      'the retried plan',
      async () => {
        const body = (await (await fetch(`${base}/plans/${planId}`, { headers })).json()) as {
          status: string;
        };
        return ['draft', 'solving'].includes(body.status) ? undefined : body.status;
      },
      400000,
    );
    expect(status).toBe('solved');
    expect(logs(doomed, 'plan solve finished')).toHaveLength(0);
    expect(logs(rescuer, 'plan solve finished').filter((j) => j.planId === planId)).toHaveLength(1);
    for (const p of [api, rescuer]) p.child.kill('SIGTERM');
    expect(await Promise.all([api.exit, rescuer.exit])).toEqual([0, 0]);
  }, 540000);
});
