import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

function forecast(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'phone',
    date: '2026-03-02',
    intervalStart: '09:00',
    volume: 42,
    ahtSeconds: 240,
    ...overrides,
  };
}

describe('demand forecasts', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http.post('/demand-forecasts').set(t.as('rep')).send(forecast()).expect(201);
    expect(created.body).toMatchObject({
      channel: 'phone',
      date: '2026-03-02',
      intervalStart: '09:00',
      intervalMinutes: 30,
      volume: 42,
      ahtSeconds: 240,
      version: 1,
    });
    const id = created.body.id as string;
    await t.http.get(`/demand-forecasts/${id}`).set(t.as('director')).expect(200);
    const patched = await t.http
      .patch(`/demand-forecasts/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, volume: 50.5 })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, volume: 50.5 });
    await t.http.delete(`/demand-forecasts/${id}`).set(t.as('rep')).expect(204);
    await t.http.get(`/demand-forecasts/${id}`).set(t.as('rep')).expect(404);
  });

  it('filters by channel and date and orders by date and interval', async () => {
    const ids: string[] = [];
    for (const body of [
      forecast({ channel: 'chat', date: '2026-04-07', intervalStart: '10:00' }),
      forecast({ channel: 'chat', date: '2026-04-06', intervalStart: '11:00' }),
      forecast({ channel: 'chat', date: '2026-04-06', intervalStart: '09:30' }),
      forecast({ channel: 'email', date: '2026-04-06', intervalStart: '09:30' }),
    ]) {
      ids.push((await t.http.post('/demand-forecasts').set(t.as('rep')).send(body).expect(201)).body.id);
    }
    const chat = await t.http
      .get('/demand-forecasts?channel=chat&from=2026-04-06&to=2026-04-07')
      .set(t.as('rep'))
      .expect(200);
    expect(chat.body.items.map((f: { id: string }) => f.id)).toEqual([ids[2], ids[1], ids[0]]);
    const oneDay = await t.http
      .get('/demand-forecasts?channel=chat&from=2026-04-07&to=2026-04-07')
      .set(t.as('rep'))
      .expect(200);
    expect(oneDay.body.items.map((f: { id: string }) => f.id)).toEqual([ids[0]]);
    const page = await t.http
      .get('/demand-forecasts?channel=chat&limit=1&offset=1')
      .set(t.as('rep'))
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.body.items.map((f: { id: string }) => f.id)).toEqual([ids[1]]);
    const badDate = await t.http.get('/demand-forecasts?from=April').set(t.as('rep'));
    expectProblem(badDate, 422, 'validation_failed');
    expect(paths(badDate)).toEqual(['query.from']);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/demand-forecasts')
      .set(t.as('rep'))
      .send(forecast({ channel: 'fax', intervalMinutes: 20, volume: -1, ahtSeconds: 0 }));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.channel', 'body.intervalMinutes', 'body.volume', 'body.ahtSeconds']),
    );
  });

  it('answers 404, 409 stale and 409 duplicate for the same interval', async () => {
    await t.http.get(`/demand-forecasts/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    const body = forecast({ date: '2026-05-04' });
    const { body: created } = await t.http.post('/demand-forecasts').set(t.as('rep')).send(body).expect(201);
    expectProblem(await t.http.post('/demand-forecasts').set(t.as('rep')).send(body), 409, 'duplicate');
    await t.http
      .patch(`/demand-forecasts/${created.id}`)
      .set(t.as('rep'))
      .send({ version: 1, volume: 1 })
      .expect(200);
    const stale = await t.http
      .patch(`/demand-forecasts/${created.id}`)
      .set(t.as('rep'))
      .send({ version: 1, volume: 2 });
    expectProblem(stale, 409, 'stale_version');
  });

  it('is staff-only: engineers and agents may not read, directors may not write', async () => {
    expectProblem(await t.http.get('/demand-forecasts').set(t.as('engineer')), 403, 'role_not_allowed');
    expectProblem(await t.http.get('/demand-forecasts').set(t.as('agent')), 403, 'role_not_allowed');
    expectProblem(
      await t.http.post('/demand-forecasts').set(t.as('director')).send(forecast()),
      403,
      'role_not_allowed',
    );
  });
});
