import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const acme = {
  name: 'Acme',
  subscriptionHoursPerFortnight: 40,
  feePerFortnight: 4000,
  techDebtShare: 0.2,
  reviewWeekday: 3,
  contacts: [{ role: 'budget_holder', name: 'Bea', email: 'bea@acme.test' }],
};

describe('customers', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http.post('/customers').set(t.as('rep')).send(acme).expect(201);
    expect(created.body).toMatchObject({ name: 'Acme', version: 1, subscriptionHoursPerFortnight: 40 });
    const id = created.body.id as string;
    await t.http.get(`/customers/${id}`).set(t.as('director')).expect(200);
    const patched = await t.http
      .patch(`/customers/${id}`)
      .set(t.as('rep'))
      .send({ version: 1, techDebtShare: 0.3 })
      .expect(200);
    expect(patched.body).toMatchObject({ techDebtShare: 0.3, version: 2 });
    const list = await t.http.get('/customers?limit=10').set(t.as('rep')).expect(200);
    expect(list.body.total).toBe(1);
    await t.http.delete(`/customers/${id}`).set(t.as('admin')).expect(204);
    await t.http.get(`/customers/${id}`).set(t.as('admin')).expect(404);
  });

  it('rejects bad input with the path of every bad field', async () => {
    const res = await t.http
      .post('/customers')
      .set(t.as('rep'))
      .send({
        ...acme,
        name: '',
        reviewWeekday: 9,
        contacts: [{ role: 'x', name: 'n', email: 'nope' }],
        extra: 1,
      })
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.name',
        'body.reviewWeekday',
        'body.contacts[0].role',
        'body.contacts[0].email',
        'body.extra',
      ]),
    );
  });

  it('answers 409 to a stale version and keeps the newer write', async () => {
    const { body } = await t.http
      .post('/customers')
      .set(t.as('rep'))
      .send({ ...acme, name: 'Stale Ltd' })
      .expect(201);
    await t.http
      .patch(`/customers/${body.id}`)
      .set(t.as('rep'))
      .send({ version: 1, subscriptionHoursPerFortnight: 50 })
      .expect(200);
    const stale = await t.http
      .patch(`/customers/${body.id}`)
      .set(t.as('rep'))
      .send({ version: 1, subscriptionHoursPerFortnight: 10 })
      .expect(409);
    expect(stale.body.code).toBe('stale_version');
    const now = await t.http.get(`/customers/${body.id}`).set(t.as('rep')).expect(200);
    expect(now.body.subscriptionHoursPerFortnight).toBe(50);
  });

  it('hides money from roles other than director and admin', async () => {
    const { body } = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .send({ ...acme, name: 'Money plc' })
      .expect(201);
    const asRep = await t.http.get(`/customers/${body.id}`).set(t.as('rep')).expect(200);
    expect(asRep.body).not.toHaveProperty('feePerFortnight');
    const asDirector = await t.http.get(`/customers/${body.id}`).set(t.as('director')).expect(200);
    expect(asDirector.body.feePerFortnight).toBe(4000);
  });

  it('refuses roles that may not call the route and anonymous callers', async () => {
    await t.http.post('/customers').set(t.as('engineer')).send(acme).expect(403);
    await t.http.get('/customers').set(t.as('agent')).expect(403);
    await t.http.get('/customers').expect(401);
    await t.http
      .get('/customers')
      .set({ Authorization: 'Bearer rota_notarealtokenatallxxxxxxxx' })
      .expect(401);
  });

  it('answers 404 for an unknown id and 422 for a malformed one', async () => {
    await t.http.get('/customers/6f1c1c5e-7f43-4c8e-9a55-3e2d1c0b9a88').set(t.as('rep')).expect(404);
    const bad = await t.http.get('/customers/not-a-uuid').set(t.as('rep')).expect(422);
    expect(bad.body.errors[0].path).toBe('path.id');
  });
});
