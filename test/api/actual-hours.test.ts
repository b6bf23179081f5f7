import { startTestApp, type TestApp } from '../helpers/app';
import { createCustomer, createEngineer, createItem, expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
let itemId: string;
beforeAll(async () => {
  t = await startTestApp();
  const customerId = await createCustomer(t);
  itemId = (await createItem(t, customerId)).id;
});
afterAll(async () => {
  await t.close();
});

function hours(engineerId: string, overrides: Record<string, unknown> = {}) {
  return { itemId, engineerId, date: '2026-03-02', hours: 2.5, ...overrides };
}

describe('actual hours', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send(hours(t.engineerId, { note: 'pairing' }))
      .expect(201);
    expect(created.body).toMatchObject({
      itemId,
      engineerId: t.engineerId,
      date: '2026-03-02',
      hours: 2.5,
      note: 'pairing',
      version: 1,
    });
    const id = created.body.id as string;
    await t.http.get(`/actual-hours/${id}`).set(t.as('director')).expect(200);
    const patched = await t.http
      .patch(`/actual-hours/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, hours: 3 })
      .expect(200);
    expect(patched.body).toMatchObject({ hours: 3, version: 2 });
    const list = await t.http
      .get(`/actual-hours?itemId=${itemId}&from=2026-03-01&to=2026-03-31`)
      .set(t.as('rep'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((h: { id: string }) => h.id)).toContain(id);
    await t.http.delete(`/actual-hours/${id}`).set(t.as('rep')).expect(204);
    await t.http.get(`/actual-hours/${id}`).set(t.as('rep')).expect(404);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send(hours(t.engineerId, { hours: 0, date: '02/03/2026', itemId: 'x', note: 'n'.repeat(501) }));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.hours', 'body.date', 'body.itemId', 'body.note']),
    );
    const tooMany = await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send(hours(t.engineerId, { hours: 25 }));
    expect(paths(tooMany)).toEqual(['body.hours']);
  });

  it('answers 404 for unknown ids and 409 for a stale version', async () => {
    await t.http.get(`/actual-hours/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    await t.http.delete(`/actual-hours/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    const { body } = await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send(hours(t.engineerId))
      .expect(201);
    await t.http
      .patch(`/actual-hours/${body.id}`)
      .set(t.as('rep'))
      .send({ version: 1, hours: 1 })
      .expect(200);
    const stale = await t.http
      .patch(`/actual-hours/${body.id}`)
      .set(t.as('rep'))
      .send({ version: 1, hours: 4 });
    expectProblem(stale, 409, 'stale_version');
  });

  it('refuses directors writing and agents reading', async () => {
    expectProblem(
      await t.http.post('/actual-hours').set(t.as('director')).send(hours(t.engineerId)),
      403,
      'role_not_allowed',
    );
    expectProblem(await t.http.get('/actual-hours').set(t.as('agent')), 403, 'role_not_allowed');
    await t.http.post('/actual-hours').set(t.as('agent')).send(hours(t.engineerId)).expect(403);
  });

  it('lets an engineer log, change and delete their own hours', async () => {
    const created = await t.http
      .post('/actual-hours')
      .set(t.as('engineer'))
      .send(hours(t.engineerId, { date: '2026-03-03', hours: 1.5 }))
      .expect(201);
    expect(created.body.engineerId).toBe(t.engineerId);
    const id = created.body.id as string;
    await t.http
      .patch(`/actual-hours/${id}`)
      .set(t.as('engineer'))
      .send({ version: 1, hours: 2 })
      .expect(200);
    await t.http.delete(`/actual-hours/${id}`).set(t.as('engineer')).expect(204);
  });

  it('refuses an engineer logging hours for another engineer', async () => {
    const other = await createEngineer(t);
    const res = await t.http.post('/actual-hours').set(t.as('engineer')).send(hours(other));
    expectProblem(res, 403, 'forbidden');
    expect(paths(res)).toEqual(['body.engineerId']);
    // Nor may they hand their own row over to someone else.
    const own = await t.http
      .post('/actual-hours')
      .set(t.as('engineer'))
      .send(hours(t.engineerId))
      .expect(201);
    const handOver = await t.http
      .patch(`/actual-hours/${own.body.id}`)
      .set(t.as('engineer'))
      .send({ version: 1, engineerId: other });
    expectProblem(handOver, 403, 'forbidden');
    const still = await t.http.get(`/actual-hours/${own.body.id}`).set(t.as('engineer')).expect(200);
    expect(still.body).toMatchObject({ engineerId: t.engineerId, version: 1 });
  });

  it('shows an engineer only their own hours; others are 404', async () => {
    const other = await createEngineer(t);
    const theirs = await t.http.post('/actual-hours').set(t.as('rep')).send(hours(other)).expect(201);
    const mine = await t.http.post('/actual-hours').set(t.as('rep')).send(hours(t.engineerId)).expect(201);
    const list = await t.http.get('/actual-hours?limit=500').set(t.as('engineer')).expect(200);
    const ids = list.body.items.map((h: { id: string }) => h.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    for (const h of list.body.items) expect(h.engineerId).toBe(t.engineerId);
    const filtered = await t.http.get(`/actual-hours?engineerId=${other}`).set(t.as('engineer')).expect(200);
    expect(filtered.body.total).toBe(0);
    const id = theirs.body.id as string;
    expectProblem(await t.http.get(`/actual-hours/${id}`).set(t.as('engineer')), 404, 'not_found');
    await t.http
      .patch(`/actual-hours/${id}`)
      .set(t.as('engineer'))
      .send({ version: 1, hours: 9 })
      .expect(404);
    await t.http.delete(`/actual-hours/${id}`).set(t.as('engineer')).expect(404);
    const untouched = await t.http.get(`/actual-hours/${id}`).set(t.as('rep')).expect(200);
    expect(untouched.body).toMatchObject({ hours: 2.5, version: 1 });
  });

  it('refuses hours against an unknown roadmap item', async () => {
    const res = await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send(hours(t.engineerId, { itemId: UNKNOWN_ID }));
    expectProblem(res, 409, 'referenced_record');
  });
});
