import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('public holidays', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/public-holidays')
      .set(t.as('admin'))
      .send({ date: '2026-12-25', name: 'Christmas Day' })
      .expect(201);
    expect(created.body).toMatchObject({
      calendar: 'england-and-wales',
      date: '2026-12-25',
      name: 'Christmas Day',
      version: 1,
    });
    const id = created.body.id as string;
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      await t.http.get(`/public-holidays/${id}`).set(t.as(role)).expect(200);
    }
    const patched = await t.http
      .patch(`/public-holidays/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'Christmas' })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, name: 'Christmas' });
    await t.http.delete(`/public-holidays/${id}`).set(t.as('admin')).expect(204);
    await t.http.get(`/public-holidays/${id}`).set(t.as('admin')).expect(404);
  });

  it('filters by calendar and date range, in date order', async () => {
    const add = async (calendar: string, date: string) =>
      (
        await t.http
          .post('/public-holidays')
          .set(t.as('admin'))
          .send({ calendar, date, name: 'Holiday' })
          .expect(201)
      ).body.id as string;
    const may = await add('scotland', '2027-05-03');
    const jan = await add('scotland', '2027-01-04');
    await add('northern-ireland', '2027-03-17');
    const scotland = await t.http.get('/public-holidays?calendar=scotland').set(t.as('agent')).expect(200);
    expect(scotland.body.items.map((h: { id: string }) => h.id)).toEqual([jan, may]);
    const spring = await t.http
      .get('/public-holidays?calendar=scotland&from=2027-02-01&to=2027-12-31')
      .set(t.as('engineer'))
      .expect(200);
    expect(spring.body.items.map((h: { id: string }) => h.id)).toEqual([may]);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/public-holidays')
      .set(t.as('admin'))
      .send({ date: '2026-02-29', name: '', observed: true });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(expect.arrayContaining(['body.date', 'body.name', 'body.observed']));
    const missing = await t.http.post('/public-holidays').set(t.as('admin')).send({});
    expect(paths(missing)).toEqual(expect.arrayContaining(['body.date', 'body.name']));
  });

  it('answers 404, 409 stale and 409 duplicate for one date in one calendar', async () => {
    await t.http.patch(`/public-holidays/${UNKNOWN_ID}`).set(t.as('admin')).send({ version: 1 }).expect(404);
    const body = { date: '2026-08-31', name: 'Summer bank holiday' };
    const { body: created } = await t.http.post('/public-holidays').set(t.as('admin')).send(body).expect(201);
    expectProblem(await t.http.post('/public-holidays').set(t.as('admin')).send(body), 409, 'duplicate');
    await t.http
      .patch(`/public-holidays/${created.id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'A' })
      .expect(200);
    const stale = await t.http
      .patch(`/public-holidays/${created.id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'B' });
    expectProblem(stale, 409, 'stale_version');
  });

  it('lets only admins write', async () => {
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.post('/public-holidays').set(t.as(role)).send({ date: '2026-01-01', name: 'New Year' }),
        403,
        'role_not_allowed',
      );
    }
  });
});
