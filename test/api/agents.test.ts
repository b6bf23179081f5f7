import { startTestApp, type TestApp } from '../helpers/app';
import { agentBody, createAgent, expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('agents', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/agents')
      .set(t.as('admin'))
      .send(agentBody({ name: 'Cleo' }))
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Cleo',
      version: 1,
      minHoursPerWeek: 20,
      maxHoursPerWeek: 37.5,
      channels: ['phone', 'chat'],
      allowedTemplateIds: [],
      daysAvailable: [1, 2, 3, 4, 5, 6, 7],
      maxConsecutiveDays: 5,
      minConsecutiveDaysOff: 2,
      active: true,
    });
    const id = created.body.id as string;
    await t.http.get(`/agents/${id}`).set(t.as('rep')).expect(200);
    const patched = await t.http
      .patch(`/agents/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, channels: ['email'], daysAvailable: [1, 2, 3] })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, channels: ['email'], daysAvailable: [1, 2, 3] });
    const byChannel = await t.http.get('/agents?channel=email').set(t.as('director')).expect(200);
    expect(byChannel.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
    await t.http.delete(`/agents/${id}`).set(t.as('admin')).expect(204);
    await t.http.get(`/agents/${id}`).set(t.as('admin')).expect(404);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/agents')
      .set(t.as('admin'))
      .send(
        agentBody({
          channels: ['phone', 'fax'],
          daysAvailable: [1, 8],
          allowedTemplateIds: ['x'],
          maxConsecutiveDays: 0,
        }),
      );
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'body.channels[1]',
        'body.daysAvailable[1]',
        'body.allowedTemplateIds[0]',
        'body.maxConsecutiveDays',
      ]),
    );
    const noChannels = await t.http
      .post('/agents')
      .set(t.as('admin'))
      .send(agentBody({ channels: [] }));
    expect(paths(noChannels)).toEqual(['body.channels']);
    const hours = await t.http
      .post('/agents')
      .set(t.as('admin'))
      .send(agentBody({ minHoursPerWeek: 30, maxHoursPerWeek: 20 }));
    expectProblem(hours, 422, 'validation_failed');
    expect(paths(hours)).toEqual(['body.maxHoursPerWeek']);
  });

  it('answers 404 for unknown ids and 409 for a stale version', async () => {
    await t.http.get(`/agents/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
    await t.http
      .patch(`/agents/${UNKNOWN_ID}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'x' })
      .expect(404);
    const id = await createAgent(t);
    await t.http.patch(`/agents/${id}`).set(t.as('admin')).send({ version: 1, name: 'One' }).expect(200);
    const stale = await t.http.patch(`/agents/${id}`).set(t.as('admin')).send({ version: 1, name: 'Two' });
    expectProblem(stale, 409, 'stale_version');
  });

  it('lets only admins write and refuses engineers reading', async () => {
    const id = await createAgent(t);
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(await t.http.post('/agents').set(t.as(role)).send(agentBody()), 403, 'role_not_allowed');
    }
    await t.http
      .patch(`/agents/${t.agentId}`)
      .set(t.as('agent'))
      .send({ version: 1, maxHoursPerWeek: 80 })
      .expect(403);
    await t.http.delete(`/agents/${id}`).set(t.as('rep')).expect(403);
    expectProblem(await t.http.get('/agents').set(t.as('engineer')), 403, 'role_not_allowed');
    await t.http.get(`/agents/${id}`).set(t.as('engineer')).expect(403);
  });

  it('shows an agent only their own record', async () => {
    const other = await createAgent(t);
    const list = await t.http.get('/agents?limit=500').set(t.as('agent')).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([t.agentId]);
    const own = await t.http.get(`/agents/${t.agentId}`).set(t.as('agent')).expect(200);
    expect(own.body.name).toBe('Abe Agent');
    expectProblem(await t.http.get(`/agents/${other}`).set(t.as('agent')), 404, 'not_found');
    const staff = await t.http.get('/agents?limit=500').set(t.as('rep')).expect(200);
    expect(staff.body.total).toBeGreaterThanOrEqual(2);
  });
});
