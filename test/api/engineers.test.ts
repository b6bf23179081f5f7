import { startTestApp, type TestApp } from '../helpers/app';
import { createEngineer, engineerBody, expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('engineers', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/engineers')
      .set(t.as('admin'))
      .send(engineerBody({ name: 'Cai Create' }))
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Cai Create',
      version: 1,
      costRate: 55,
      skills: ['typescript'],
      knownCustomerIds: [],
      p1Eligible: true,
      active: true,
      googleCalendarId: null,
    });
    const id = created.body.id as string;

    const read = await t.http.get(`/engineers/${id}`).set(t.as('director')).expect(200);
    expect(read.body).toMatchObject({ id, name: 'Cai Create', costRate: 55 });

    const patched = await t.http
      .patch(`/engineers/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, skills: ['typescript', 'postgres'], active: false })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, skills: ['typescript', 'postgres'], active: false });

    const inactive = await t.http.get('/engineers?active=false').set(t.as('admin')).expect(200);
    expect(inactive.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
    const bySkill = await t.http.get('/engineers?skill=postgres').set(t.as('admin')).expect(200);
    expect(bySkill.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([id]));

    await t.http.delete(`/engineers/${id}?version=2`).set(t.as('admin')).expect(204);
    await t.http.get(`/engineers/${id}`).set(t.as('admin')).expect(404);
  });

  it('rejects bad input with the path of every bad field', async () => {
    const res = await t.http
      .post('/engineers')
      .set(t.as('admin'))
      .send(
        engineerBody({
          email: 'not-an-email',
          timeZone: 'Mars/Olympus',
          pattern: [
            { weekday: 1, start: '09:00', end: '17:00', breakMinutes: 60 },
            { weekday: 2, start: '17:00', end: '09:00', breakMinutes: 60 },
            { weekday: 3, start: '25:00', end: '17:00', breakMinutes: 60 },
          ],
          costRate: -1,
          knownCustomerIds: ['nope'],
          nickname: 'x',
        }),
      );
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'body.email',
        'body.timeZone',
        'body.pattern[1].end',
        'body.pattern[2].start',
        'body.costRate',
        'body.knownCustomerIds[0]',
        'body.nickname',
      ]),
    );
    const dupDays = await t.http
      .post('/engineers')
      .set(t.as('admin'))
      .send(
        engineerBody({
          pattern: [
            { weekday: 1, start: '09:00', end: '17:00', breakMinutes: 60 },
            { weekday: 1, start: '10:00', end: '12:00', breakMinutes: 0 },
          ],
        }),
      );
    expectProblem(dupDays, 422, 'validation_failed');
    expect(paths(dupDays)).toContain('body.pattern');
  });

  it('validates a PATCH against the merged record', async () => {
    const id = await createEngineer(t);
    const res = await t.http
      .patch(`/engineers/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, pattern: [{ weekday: 1, start: '12:00', end: '11:00', breakMinutes: 0 }] });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.pattern[0].end']);
    const noVersion = await t.http.patch(`/engineers/${id}`).set(t.as('admin')).send({ name: 'X' });
    expectProblem(noVersion, 422, 'validation_failed');
    expect(paths(noVersion)).toContain('body.version');
    const systemField = await t.http
      .patch(`/engineers/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, id: UNKNOWN_ID });
    expectProblem(systemField, 422, 'validation_failed');
    expect(paths(systemField)).toContain('body.id');
    const still = await t.http.get(`/engineers/${id}`).set(t.as('admin')).expect(200);
    expect(still.body.version).toBe(1);
  });

  it('answers 404 for unknown ids on every verb', async () => {
    await t.http.get(`/engineers/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
    const patch = await t.http
      .patch(`/engineers/${UNKNOWN_ID}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'Nobody' });
    expectProblem(patch, 404, 'not_found');
    await t.http.delete(`/engineers/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
  });

  it('answers 409 to a stale version on PATCH and on a guarded DELETE', async () => {
    const id = await createEngineer(t);
    await t.http.patch(`/engineers/${id}`).set(t.as('admin')).send({ version: 1, name: 'Newer' }).expect(200);
    const stale = await t.http
      .patch(`/engineers/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'Older' });
    expectProblem(stale, 409, 'stale_version');
    expect(paths(stale)).toEqual(['body.version']);
    const staleDelete = await t.http.delete(`/engineers/${id}?version=1`).set(t.as('admin'));
    expectProblem(staleDelete, 409, 'stale_version');
    expect(paths(staleDelete)).toEqual(['query.version']);
    const now = await t.http.get(`/engineers/${id}`).set(t.as('admin')).expect(200);
    expect(now.body).toMatchObject({ name: 'Newer', version: 2 });
  });

  it('lets only admins write', async () => {
    const id = await createEngineer(t);
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.post('/engineers').set(t.as(role)).send(engineerBody()),
        403,
        'role_not_allowed',
      );
    }
    await t.http.patch(`/engineers/${id}`).set(t.as('rep')).send({ version: 1, name: 'x' }).expect(403);
    await t.http.delete(`/engineers/${id}`).set(t.as('director')).expect(403);
    // An engineer may not edit even their own record.
    await t.http
      .patch(`/engineers/${t.engineerId}`)
      .set(t.as('engineer'))
      .send({ version: 1, costRate: 999 })
      .expect(403);
  });

  it('refuses agents and anonymous callers reading engineers', async () => {
    expectProblem(await t.http.get('/engineers').set(t.as('agent')), 403, 'role_not_allowed');
    await t.http.get(`/engineers/${t.engineerId}`).set(t.as('agent')).expect(403);
    const anon = await t.http.get('/engineers');
    expectProblem(anon, 401, 'unauthorized');
    expect(anon.headers['www-authenticate']).toBe('Bearer');
  });

  it('shows an engineer only their own record, without the cost rate', async () => {
    const other = await createEngineer(t);
    const list = await t.http.get('/engineers?limit=500').set(t.as('engineer')).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].id).toBe(t.engineerId);
    expect(list.body.items[0]).not.toHaveProperty('costRate');

    const own = await t.http.get(`/engineers/${t.engineerId}`).set(t.as('engineer')).expect(200);
    expect(own.body.name).toBe('Ana Engineer');
    expect(own.body).not.toHaveProperty('costRate');

    expectProblem(await t.http.get(`/engineers/${other}`).set(t.as('engineer')), 404, 'not_found');
  });

  it('hides cost rates from reps but shows them to directors and admins', async () => {
    const id = await createEngineer(t, { costRate: 61.5 });
    const repList = await t.http.get('/engineers?limit=500').set(t.as('rep')).expect(200);
    expect(repList.body.total).toBeGreaterThanOrEqual(2);
    for (const e of repList.body.items) expect(e).not.toHaveProperty('costRate');
    const repOne = await t.http.get(`/engineers/${id}`).set(t.as('rep')).expect(200);
    expect(repOne.body).not.toHaveProperty('costRate');
    const director = await t.http.get(`/engineers/${id}`).set(t.as('director')).expect(200);
    expect(director.body.costRate).toBe(61.5);
    const admin = await t.http.get('/engineers?limit=500').set(t.as('admin')).expect(200);
    expect(admin.body.items.find((e: { id: string }) => e.id === id).costRate).toBe(61.5);
  });

  it('answers 409 duplicate for a second engineer with the same email', async () => {
    const body = engineerBody();
    await t.http.post('/engineers').set(t.as('admin')).send(body).expect(201);
    expectProblem(await t.http.post('/engineers').set(t.as('admin')).send(body), 409, 'duplicate');
  });

  it('validates list queries and ids', async () => {
    const badId = await t.http.get('/engineers/not-a-uuid').set(t.as('admin'));
    expectProblem(badId, 422, 'validation_failed');
    expect(paths(badId)).toEqual(['path.id']);
    const badQuery = await t.http.get('/engineers?active=maybe&customerId=x&limit=0').set(t.as('admin'));
    expectProblem(badQuery, 422, 'validation_failed');
    expect(paths(badQuery)).toEqual(
      expect.arrayContaining(['query.active', 'query.customerId', 'query.limit']),
    );
    const unknownFilter = await t.http.get('/engineers?colour=red').set(t.as('admin'));
    expectProblem(unknownFilter, 422, 'validation_failed');
    expect(paths(unknownFilter)).toEqual(['query.colour']);
  });
});
