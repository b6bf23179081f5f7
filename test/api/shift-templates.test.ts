import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, unique, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

function template(overrides: Record<string, unknown> = {}) {
  return { name: unique('Shift'), start: '08:00', end: '16:00', weekdays: [1, 2, 3, 4, 5], ...overrides };
}

describe('shift templates', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/shift-templates')
      .set(t.as('rep'))
      .send(template({ name: 'Early', start: '07:00', end: '15:00', early: true }))
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Early',
      start: '07:00',
      end: '15:00',
      weekdays: [1, 2, 3, 4, 5],
      breakMinutes: 30,
      breakWindowStart: null,
      early: true,
      version: 1,
    });
    const id = created.body.id as string;
    // Every role may read templates, agents included.
    for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const) {
      await t.http.get(`/shift-templates/${id}`).set(t.as(role)).expect(200);
    }
    const patched = await t.http
      .patch(`/shift-templates/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, breakMinutes: 45, breakWindowStart: '11:00', breakWindowEnd: '13:00' })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, breakMinutes: 45, breakWindowStart: '11:00' });
    await t.http.delete(`/shift-templates/${id}`).set(t.as('rep')).expect(204);
    await t.http.get(`/shift-templates/${id}`).set(t.as('rep')).expect(404);
  });

  it('accepts an overnight shift but not one without length', async () => {
    await t.http
      .post('/shift-templates')
      .set(t.as('rep'))
      .send(template({ start: '22:00', end: '06:00' }))
      .expect(201);
    const zero = await t.http
      .post('/shift-templates')
      .set(t.as('rep'))
      .send(template({ start: '09:00', end: '09:00' }));
    expectProblem(zero, 422, 'validation_failed');
    expect(paths(zero)).toEqual(['body.end']);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/shift-templates')
      .set(t.as('rep'))
      .send(template({ start: '8:00', weekdays: [], breakMinutes: 121, breakWindowEnd: '24:00' }));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.start', 'body.weekdays', 'body.breakMinutes', 'body.breakWindowEnd']),
    );
    const badDay = await t.http
      .post('/shift-templates')
      .set(t.as('rep'))
      .send(template({ weekdays: [1, 0] }));
    expect(paths(badDay)).toEqual(['body.weekdays[1]']);
  });

  it('answers 404, 409 stale and 409 duplicate', async () => {
    await t.http.get(`/shift-templates/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    const body = template();
    const { body: created } = await t.http.post('/shift-templates').set(t.as('rep')).send(body).expect(201);
    expectProblem(await t.http.post('/shift-templates').set(t.as('rep')).send(body), 409, 'duplicate');
    await t.http
      .patch(`/shift-templates/${created.id}`)
      .set(t.as('rep'))
      .send({ version: 1, early: true })
      .expect(200);
    const stale = await t.http
      .patch(`/shift-templates/${created.id}`)
      .set(t.as('rep'))
      .send({ version: 1, early: false });
    expectProblem(stale, 409, 'stale_version');
  });

  it('refuses writes from directors, engineers and agents', async () => {
    for (const role of ['director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.post('/shift-templates').set(t.as(role)).send(template()),
        403,
        'role_not_allowed',
      );
    }
  });
});
