import { startTestApp, type TestApp } from '../helpers/app';
import { createAgent, createEngineer, expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

function leave(owner: { engineerId?: string; agentId?: string }, overrides: Record<string, unknown> = {}) {
  return { ...owner, kind: 'leave', startDate: '2026-04-06', endDate: '2026-04-10', ...overrides };
}

async function createException(body: Record<string, unknown>): Promise<string> {
  const res = await t.http.post('/availability-exceptions').set(t.as('rep')).send(body).expect(201);
  return res.body.id as string;
}

describe('availability exceptions', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(leave({ engineerId: t.engineerId }, { note: 'Skiing' }))
      .expect(201);
    expect(created.body).toMatchObject({
      engineerId: t.engineerId,
      agentId: null,
      kind: 'leave',
      startDate: '2026-04-06',
      endDate: '2026-04-10',
      startTime: null,
      endTime: null,
      note: 'Skiing',
      version: 1,
    });
    const id = created.body.id as string;
    await t.http.get(`/availability-exceptions/${id}`).set(t.as('director')).expect(200);
    const patched = await t.http
      .patch(`/availability-exceptions/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, kind: 'part_day', endDate: '2026-04-06', startTime: '13:00', endTime: '17:00' })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, kind: 'part_day', startTime: '13:00' });
    await t.http.delete(`/availability-exceptions/${id}`).set(t.as('rep')).expect(204);
    await t.http.get(`/availability-exceptions/${id}`).set(t.as('rep')).expect(404);
  });

  it('filters the list by owner, kind and date window', async () => {
    const eng = await createEngineer(t);
    const a = await createException(
      leave({ engineerId: eng }, { startDate: '2026-05-04', endDate: '2026-05-05' }),
    );
    const b = await createException(
      leave({ engineerId: eng }, { kind: 'training', startDate: '2026-06-01', endDate: '2026-06-01' }),
    );
    const all = await t.http.get(`/availability-exceptions?engineerId=${eng}`).set(t.as('rep')).expect(200);
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([a, b]);
    const training = await t.http
      .get(`/availability-exceptions?engineerId=${eng}&kind=training`)
      .set(t.as('rep'))
      .expect(200);
    expect(training.body.items.map((e: { id: string }) => e.id)).toEqual([b]);
    const window = await t.http
      .get(`/availability-exceptions?engineerId=${eng}&from=2026-05-05&to=2026-05-31`)
      .set(t.as('rep'))
      .expect(200);
    expect(window.body.items.map((e: { id: string }) => e.id)).toEqual([a]);
  });

  it('rejects bad input with field paths', async () => {
    const both = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(leave({ engineerId: t.engineerId, agentId: t.agentId }));
    expectProblem(both, 422, 'validation_failed');
    expect(paths(both)).toEqual(['body.engineerId']);
    const neither = await t.http.post('/availability-exceptions').set(t.as('rep')).send(leave({}));
    expectProblem(neither, 422, 'validation_failed');
    expect(paths(neither)).toEqual(['body.engineerId']);
    const bad = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(
        leave(
          { engineerId: t.engineerId },
          { kind: 'holiday', startDate: '2026-13-01', startTime: '9am', endTime: '17:00', extra: true },
        ),
      );
    expectProblem(bad, 422, 'validation_failed');
    expect(paths(bad)).toEqual(
      expect.arrayContaining(['body.kind', 'body.startDate', 'body.startTime', 'body.extra']),
    );
    const backwards = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(leave({ engineerId: t.engineerId }, { startDate: '2026-04-10', endDate: '2026-04-06' }));
    expectProblem(backwards, 422, 'validation_failed');
    expect(paths(backwards)).toEqual(['body.endDate']);
    const halfTimes = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(leave({ engineerId: t.engineerId }, { startTime: '09:00' }));
    expectProblem(halfTimes, 422, 'validation_failed');
    expect(paths(halfTimes)).toEqual(['body.endTime']);
  });

  it('answers 404 for unknown ids and 409 for a stale version', async () => {
    await t.http.get(`/availability-exceptions/${UNKNOWN_ID}`).set(t.as('rep')).expect(404);
    await t.http
      .patch(`/availability-exceptions/${UNKNOWN_ID}`)
      .set(t.as('rep'))
      .send({ version: 1, note: 'x' })
      .expect(404);
    const id = await createException(leave({ agentId: t.agentId }));
    await t.http
      .patch(`/availability-exceptions/${id}`)
      .set(t.as('rep'))
      .send({ version: 1, note: 'first' })
      .expect(200);
    const stale = await t.http
      .patch(`/availability-exceptions/${id}`)
      .set(t.as('rep'))
      .send({ version: 1, note: 'second' });
    expectProblem(stale, 409, 'stale_version');
  });

  it('refuses writes from directors, engineers and agents', async () => {
    const id = await createException(leave({ engineerId: t.engineerId }));
    for (const role of ['director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http
          .post('/availability-exceptions')
          .set(t.as(role))
          .send(leave({ engineerId: t.engineerId })),
        403,
        'role_not_allowed',
      );
    }
    await t.http
      .patch(`/availability-exceptions/${id}`)
      .set(t.as('engineer'))
      .send({ version: 1, note: 'mine' })
      .expect(403);
    await t.http.delete(`/availability-exceptions/${id}`).set(t.as('agent')).expect(403);
  });

  it('shows an engineer only their own exceptions', async () => {
    const other = await createEngineer(t);
    const mine = await createException(
      leave({ engineerId: t.engineerId }, { startDate: '2026-07-01', endDate: '2026-07-02' }),
    );
    const theirs = await createException(leave({ engineerId: other }));
    const agents = await createException(leave({ agentId: t.agentId }));
    const list = await t.http.get('/availability-exceptions?limit=500').set(t.as('engineer')).expect(200);
    const ids = list.body.items.map((e: { id: string }) => e.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    expect(ids).not.toContain(agents);
    for (const e of list.body.items) expect(e.engineerId).toBe(t.engineerId);
    expect(list.body.total).toBe(list.body.items.length);
    // Asking for someone else's by filter returns nothing rather than their rows.
    const filtered = await t.http
      .get(`/availability-exceptions?engineerId=${other}`)
      .set(t.as('engineer'))
      .expect(200);
    expect(filtered.body).toMatchObject({ items: [], total: 0 });
    await t.http.get(`/availability-exceptions/${mine}`).set(t.as('engineer')).expect(200);
    expectProblem(
      await t.http.get(`/availability-exceptions/${theirs}`).set(t.as('engineer')),
      404,
      'not_found',
    );
    await t.http.get(`/availability-exceptions/${agents}`).set(t.as('engineer')).expect(404);
  });

  it('shows an agent only their own exceptions', async () => {
    const otherAgent = await createAgent(t);
    const mine = await createException(leave({ agentId: t.agentId }, { kind: 'sick' }));
    const theirs = await createException(leave({ agentId: otherAgent }));
    const engineers = await createException(leave({ engineerId: t.engineerId }));
    const list = await t.http.get('/availability-exceptions?limit=500').set(t.as('agent')).expect(200);
    const ids = list.body.items.map((e: { id: string }) => e.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    expect(ids).not.toContain(engineers);
    for (const e of list.body.items) expect(e.agentId).toBe(t.agentId);
    await t.http.get(`/availability-exceptions/${mine}`).set(t.as('agent')).expect(200);
    await t.http.get(`/availability-exceptions/${theirs}`).set(t.as('agent')).expect(404);
    await t.http.get(`/availability-exceptions/${engineers}`).set(t.as('agent')).expect(404);
  });

  it('refuses an exception for an unknown engineer', async () => {
    const res = await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send(leave({ engineerId: UNKNOWN_ID }));
    expectProblem(res, 409, 'referenced_record');
  });
});
