import { startTestApp, type TestApp } from '../helpers/app';
import { customerBody, expectProblem, paths } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('operations', () => {
  it('answers /healthz and /readyz without a token', async () => {
    const health = await t.http.get('/healthz').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'ok' });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.http.get('/healthz').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('rota_http_request_duration_seconds');
    expect(res.text).toMatch(/rota_http_request_duration_seconds_count\{[^}]*route="\/healthz"/);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await t.http.get('/no/such/route').set(t.as('admin'));
    expectProblem(res, 404, 'not_found');
    expect(res.body.detail).toContain('/no/such/route');
    expectProblem(await t.http.delete('/healthz'), 404, 'not_found');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .set('Content-Type', 'application/json')
      .send('{"name": "Acme",');
    expectProblem(res, 400, 'malformed_json');
    expect(paths(res)).toEqual(['body']);
  });

  it('answers a missing JSON body with 422 on body', async () => {
    const res = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .set('Content-Type', 'text/plain')
      .send('hi');
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body']);
  });

  it('answers an oversized body with 413', async () => {
    const huge = { ...customerBody(), note: 'x'.repeat(2 * 1024 * 1024) };
    const res = await t.http.post('/customers').set(t.as('admin')).send(huge);
    expectProblem(res, 413, 'payload_too_large');
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const echoed = await t.http.get('/healthz').set('X-Request-Id', 'req-abc_123').expect(200);
    expect(echoed.headers['x-request-id']).toBe('req-abc_123');
    const made = await t.http.get('/healthz').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await t.http.get('/healthz').set('X-Request-Id', 'bad id\twith spaces').expect(200);
    expect(hostile.headers['x-request-id']).not.toBe('bad id\twith spaces');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Problems carry the id too.
    const problem = await t.http.get('/nowhere').set('X-Request-Id', 'trace-404');
    expect(problem.headers['x-request-id']).toBe('trace-404');
  });

  it('sets security headers and hides the framework', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.headers).not.toHaveProperty('x-powered-by');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('tells who the caller is on /me', async () => {
    const me = await t.http.get('/me').set(t.as('engineer')).expect(200);
    expect(me.body).toMatchObject({ role: 'engineer', engineerId: t.engineerId, agentId: null });
    const agent = await t.http.get('/me').set(t.as('agent')).expect(200);
    expect(agent.body).toMatchObject({ role: 'agent', agentId: t.agentId });
  });

  it('keeps the audit log admin-only and records writes', async () => {
    const { body } = await t.http.post('/customers').set(t.as('rep')).send(customerBody()).expect(201);
    const log = await t.http
      .get(`/audit?entity=customers&entityId=${body.id}`)
      .set(t.as('admin'))
      .expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ action: 'create', entity: 'customers', entityId: body.id }),
    ]);
    expectProblem(await t.http.get('/audit').set(t.as('director')), 403, 'role_not_allowed');
  });
});
