import { allExtensions } from '../helpers/extensions';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Walks every route of the OpenAPI document with a token of each role, no token and a revoked
 * token, and checks the answer against the route's declared rule (`x-rota-access`). A route
 * added without a rule fails here.
 */
type Operation = { 'x-rota-access'?: string[] | 'public' };
const ROLES = ['admin', 'rep', 'director', 'engineer', 'agent'] as const;
const FAKE_ID = '6f1c1c5e-7f43-4c8e-9a55-3e2d1c0b9a88';

let t: TestApp;
let revoked: string;
let doc: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  t = await startTestApp({ extensions: allExtensions });
  const me = await t.http.get('/me').set(t.as('rep')).expect(200);
  const issued = await t.http
    .post(`/users/${me.body.userId}/tokens`)
    .set(t.as('admin'))
    .send({ label: 'to revoke' })
    .expect(201);
  await t.http.delete(`/tokens/${issued.body.id}`).set(t.as('admin')).expect(204);
  revoked = issued.body.token;
  doc = (await t.http.get('/openapi.json').expect(200)).body;
});
afterAll(async () => {
  await t.close();
});

function concrete(path: string): string {
  return path
    .replace(/\{token\}/g, 'feed_notavalidtokenxxxxxxxxxxxxxxxxxxxxxxx')
    .replace(/\{[A-Za-z]+\}/g, FAKE_ID);
}

function call(method: string, path: string) {
  const m = method as 'get' | 'post' | 'patch' | 'delete' | 'put';
  const req = t.http[m](concrete(path));
  return ['post', 'patch', 'put'].includes(method) ? req.send({}) : req;
}

describe('access matrix', () => {
  it('every route declares who may call it', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops))
        if (!op['x-rota-access']) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it('answers each role as the route declares, never with a 5xx', async () => {
    const wrong: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const access = op['x-rota-access']!;
        if (access === 'public') continue;
        const anonymous = await call(method, path);
        if (anonymous.status !== 401) wrong.push(`${method} ${path} without a token → ${anonymous.status}`);
        const stale = await call(method, path).set({ Authorization: `Bearer ${revoked}` });
        if (stale.status !== 401) wrong.push(`${method} ${path} with a revoked token → ${stale.status}`);
        for (const role of ROLES) {
          const res = await call(method, path).set(t.as(role));
          const refused = res.status === 403 && res.body.code === 'role_not_allowed';
          if (res.status >= 500) wrong.push(`${method} ${path} as ${role} → ${res.status}`);
          if (access.includes(role) && (refused || res.status === 401))
            wrong.push(`${method} ${path} refused ${role}`);
          if (!access.includes(role) && !refused)
            wrong.push(`${method} ${path} let ${role} through (${res.status})`);
          if (res.status >= 400) expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('never shows money to roles other than director and admin', async () => {
    await t.http
      .post('/customers')
      .set(t.as('admin'))
      .send({
        name: 'Money plc',
        subscriptionHoursPerFortnight: 10,
        feePerFortnight: 1234,
        hourlyRate: 99,
        reviewWeekday: 2,
      })
      .expect(201);
    for (const role of ['rep', 'engineer'] as const) {
      const customers = await t.http.get('/customers').set(t.as(role)).expect(200);
      expect(JSON.stringify(customers.body)).not.toMatch(/feePerFortnight|hourlyRate/);
      const engineers = await t.http.get('/engineers').set(t.as(role)).expect(200);
      expect(JSON.stringify(engineers.body)).not.toMatch(/costRate/);
    }
    const asDirector = await t.http.get('/engineers').set(t.as('director')).expect(200);
    expect(JSON.stringify(asDirector.body)).toMatch(/costRate/);
  });
});
