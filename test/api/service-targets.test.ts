import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

function target(overrides: Record<string, unknown> = {}) {
  return { channel: 'phone', serviceLevel: 0.8, targetSeconds: 20, ...overrides };
}

describe('service targets', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http.post('/service-targets').set(t.as('admin')).send(target()).expect(201);
    expect(created.body).toMatchObject({
      channel: 'phone',
      serviceLevel: 0.8,
      targetSeconds: 20,
      maxOccupancy: null,
      concurrency: 1,
      shrinkage: 0.3,
      version: 1,
    });
    const id = created.body.id as string;
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      await t.http.get(`/service-targets/${id}`).set(t.as(role)).expect(200);
    }
    const patched = await t.http
      .patch(`/service-targets/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, maxOccupancy: 0.85 })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, maxOccupancy: 0.85 });
    await t.http.delete(`/service-targets/${id}`).set(t.as('admin')).expect(204);
    await t.http.get(`/service-targets/${id}`).set(t.as('admin')).expect(404);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/service-targets')
      .set(t.as('admin'))
      .send(target({ serviceLevel: 0, targetSeconds: 1.5, concurrency: 11, shrinkage: 1, maxOccupancy: 2 }));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'body.serviceLevel',
        'body.targetSeconds',
        'body.concurrency',
        'body.shrinkage',
        'body.maxOccupancy',
      ]),
    );
  });

  it('answers 404, 409 stale and 409 duplicate for a second target on one channel', async () => {
    await t.http.get(`/service-targets/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
    const { body } = await t.http
      .post('/service-targets')
      .set(t.as('admin'))
      .send(target({ channel: 'chat' }))
      .expect(201);
    expectProblem(
      await t.http
        .post('/service-targets')
        .set(t.as('admin'))
        .send(target({ channel: 'chat' })),
      409,
      'duplicate',
    );
    await t.http
      .patch(`/service-targets/${body.id}`)
      .set(t.as('admin'))
      .send({ version: 1, targetSeconds: 30 })
      .expect(200);
    const stale = await t.http
      .patch(`/service-targets/${body.id}`)
      .set(t.as('admin'))
      .send({ version: 1, targetSeconds: 60 });
    expectProblem(stale, 409, 'stale_version');
  });

  it('lets only admins write', async () => {
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http
          .post('/service-targets')
          .set(t.as(role))
          .send(target({ channel: 'social' })),
        403,
        'role_not_allowed',
      );
    }
  });
});
