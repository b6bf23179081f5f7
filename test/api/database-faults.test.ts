import type { Response } from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { startTcpProxy, type FaultMode, type TcpProxy } from '../helpers/tcp-proxy';
import { createCustomer, createItem, customerBody, expectProblem, unique } from './support';

/*
 * The app talks to PostgreSQL through a TCP proxy this file can pause, so "the database is
 * down" happens to this app only, not to the other test files sharing the server. Setup and
 * the checks below use the test database's direct connection, which never goes away.
 */
let t: TestApp;
let proxy: TcpProxy;

beforeAll(async () => {
  t = await startTestApp({
    connectVia: async (url) => {
      const u = new URL(url);
      proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
      return proxy.via(url);
    },
  });
});
afterEach(async () => {
  // A failed assertion must not leave the next test without a database.
  await proxy.resume();
});
afterAll(async () => {
  await t.close();
  await proxy.close();
});

/** 503 problem+json with a stable code, a retry hint and nothing of the driver's error in it. */
function expectUnavailable(res: Response): void {
  expectProblem(res, 503, 'database_unavailable');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(Object.keys(res.body as object).sort()).toEqual([
    'code',
    'detail',
    'errors',
    'status',
    'title',
    'type',
  ]);
  expect(res.text).not.toMatch(/ECONN|Connection terminated|timeout|stack|node_modules|\bat \w+ \(/i);
}

async function directCount(sql: string, params: unknown[] = []): Promise<number> {
  const rows = (await t.database.db.query(sql, params)) as { n: string }[];
  return Number(rows[0]!.n);
}

const auditCount = () => directCount('SELECT count(*) AS n FROM audit_log');

describe.each<[FaultMode, string]>([
  ['refuse', 'the server is stopped (connection refused)'],
  ['reset', 'the server resets every connection'],
  ['blackhole', 'the network swallows every packet (only the connect timeout ends a request)'],
])('database outage: %s — %s', (mode) => {
  it('answers 503 problem+json while it lasts, keeps /healthz at 200, and recovers without a restart', async () => {
    // Warm the pool so the outage also kills connections the app already holds.
    await t.http.get('/customers').set(t.as('admin')).expect(200);
    const before = await auditCount();
    const name = unique(`Outage ${mode}`);

    await proxy.pause(mode);
    const ready = await t.http.get('/readyz');
    expectUnavailable(ready);
    expect((await t.http.get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expectUnavailable(await t.http.get('/customers').set(t.as('admin')));
    expectUnavailable(await t.http.post('/customers').set(t.as('rep')).send(customerBody({ name })));

    await proxy.resume();
    expect((await t.http.get('/readyz').expect(200)).body).toEqual({ status: 'ready', database: 'ok' });
    await t.http.get('/customers').set(t.as('admin')).expect(200);
    // The write refused during the outage left neither the row nor its audit record.
    expect(await directCount('SELECT count(*) AS n FROM customers WHERE name = $1', [name])).toBe(0);
    expect(await auditCount()).toBe(before);
    // And the same write now succeeds on the same app instance.
    const created = await t.http.post('/customers').set(t.as('rep')).send(customerBody({ name })).expect(201);
    const read = await t.http.get(`/customers/${created.body.id}`).set(t.as('admin')).expect(200);
    expect(read.body.name).toBe(name);
  });
});

describe('a connection lost in the middle of a use case', () => {
  // Each use case writes its record, then its audit record, in one transaction. The proxy cuts
  // the connection just before the audit INSERT reaches the server: the record's own INSERT or
  // UPDATE has already run there (TypeORM sends one statement after the other), uncommitted.
  const AUDIT_INSERT = '"audit_log"';

  it('rolls back a created record whose audit record never arrived', async () => {
    const before = await auditCount();
    const name = unique('Half-written');
    const tripped = proxy.pauseWhenSent(AUDIT_INSERT);
    const res = await t.http.post('/customers').set(t.as('rep')).send(customerBody({ name }));
    await tripped;
    expectUnavailable(res);
    await proxy.resume();
    expect(await directCount('SELECT count(*) AS n FROM customers WHERE name = $1', [name])).toBe(0);
    expect(await auditCount()).toBe(before);
  });

  it('rolls back an update whose audit record never arrived: the version is unchanged', async () => {
    const customerId = await createCustomer(t);
    const item = await createItem(t, customerId, { title: 'Before the outage' });
    const tripped = proxy.pauseWhenSent(AUDIT_INSERT);
    const res = await t.http
      .patch(`/roadmap-items/${item.id}`)
      .set(t.as('rep'))
      .send({ version: item.version, title: 'Lost with the connection' });
    await tripped;
    expectUnavailable(res);
    await proxy.resume();
    const now = await t.http.get(`/roadmap-items/${item.id}`).set(t.as('rep')).expect(200);
    expect(now.body).toMatchObject({ title: 'Before the outage', version: item.version });
    // The client retries with the version it holds, and it still applies.
    await t.http
      .patch(`/roadmap-items/${item.id}`)
      .set(t.as('rep'))
      .send({ version: item.version, title: 'After the outage' })
      .expect(200);
  });
});

describe('concurrent edits of one item', () => {
  it('lets exactly one of two PATCHes with the same version win; the other gets 409 stale_version', async () => {
    const customerId = await createCustomer(t);
    // Several rounds: each must come out one 200 and one 409, whichever request is first.
    for (let round = 0; round < 5; round++) {
      const item = await createItem(t, customerId, { title: `Round ${round}` });
      const answers = await Promise.all(
        ['Left', 'Right'].map((title) =>
          t.http
            .patch(`/roadmap-items/${item.id}`)
            .set(t.as('rep'))
            .send({ version: item.version, title: `${title} ${round}` }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers.find((r) => r.status === 200)!;
      const loser = answers.find((r) => r.status === 409)!;
      expectProblem(loser, 409, 'stale_version');
      const now = await t.http.get(`/roadmap-items/${item.id}`).set(t.as('rep')).expect(200);
      expect(now.body).toMatchObject({ title: winner.body.title, version: item.version + 1 });
    }
  });
});
