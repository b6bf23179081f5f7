import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, unique, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function newUser(role = 'rep'): Promise<string> {
  const res = await t.http
    .post('/users')
    .set(t.as('admin'))
    .send({ name: 'Tok User', email: `${unique('tok')}@example.com`, role })
    .expect(201);
  return res.body.id as string;
}

async function issue(userId: string, label = 'laptop'): Promise<{ id: string; token: string }> {
  const res = await t.http.post(`/users/${userId}/tokens`).set(t.as('admin')).send({ label }).expect(201);
  return res.body as { id: string; token: string };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('tokens', () => {
  it('issues a token whose secret is shown once and works', async () => {
    const userId = await newUser('director');
    const res = await t.http
      .post(`/users/${userId}/tokens`)
      .set(t.as('admin'))
      .send({ label: '  ci  ' })
      .expect(201);
    expect(res.body).toMatchObject({ userId, label: 'ci' });
    expect(res.body.token).toMatch(/^rota_[A-Za-z0-9_-]{20,100}$/);
    const me = await t.http.get('/me').set(bearer(res.body.token)).expect(200);
    expect(me.body).toMatchObject({ userId, role: 'director', name: 'Tok User' });

    const list = await t.http.get(`/tokens?userId=${userId}`).set(t.as('admin')).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: res.body.id, userId, label: 'ci', revokedAt: null });
    expect(list.body[0]).not.toHaveProperty('token');
    expect(list.body[0]).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
  });

  it('defaults the label and validates the body and user', async () => {
    const userId = await newUser();
    const res = await t.http.post(`/users/${userId}/tokens`).set(t.as('admin')).send({}).expect(201);
    expect(res.body.label).toBe('');
    const bad = await t.http
      .post(`/users/${userId}/tokens`)
      .set(t.as('admin'))
      .send({ label: 'x'.repeat(101), scope: 'all' });
    expectProblem(bad, 422, 'validation_failed');
    expect(paths(bad)).toEqual(expect.arrayContaining(['body.label', 'body.scope']));
    expectProblem(
      await t.http.post(`/users/${UNKNOWN_ID}/tokens`).set(t.as('admin')).send({}),
      404,
      'not_found',
    );
    const badId = await t.http.post('/users/nope/tokens').set(t.as('admin')).send({});
    expect(paths(badId)).toEqual(['path.id']);
  });

  it('never lists a hash or secret, for admins or for owners', async () => {
    for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const) {
      const res = await t.http.get('/tokens').set(t.as(role)).expect(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const row of res.body) {
        expect(row).not.toHaveProperty('tokenHash');
        expect(row).not.toHaveProperty('token');
      }
      expect(JSON.stringify(res.body)).not.toContain(t.tokens[role]);
    }
  });

  it('shows a non-admin only their own tokens', async () => {
    const me = (await t.http.get('/me').set(t.as('rep')).expect(200)).body.userId as string;
    const adminId = (await t.http.get('/me').set(t.as('admin')).expect(200)).body.userId as string;
    const mine = await t.http.get(`/tokens?userId=${adminId}`).set(t.as('rep')).expect(200);
    for (const row of mine.body) expect(row.userId).toBe(me);
    const all = await t.http.get('/tokens').set(t.as('admin')).expect(200);
    expect(new Set(all.body.map((r: { userId: string }) => r.userId)).size).toBeGreaterThanOrEqual(5);
  });

  it('revokes a token, which then gets 401', async () => {
    const userId = await newUser();
    const { id, token } = await issue(userId);
    await t.http.get('/me').set(bearer(token)).expect(200);
    await t.http.delete(`/tokens/${id}`).set(t.as('admin')).expect(204);
    const refused = await t.http.get('/me').set(bearer(token));
    expectProblem(refused, 401, 'unauthorized');
    const list = await t.http.get(`/tokens?userId=${userId}`).set(t.as('admin')).expect(200);
    expect(list.body[0].revokedAt).not.toBeNull();
    // Revoking twice is harmless.
    await t.http.delete(`/tokens/${id}`).set(t.as('admin')).expect(204);
  });

  it('refuses non-admins issuing tokens', async () => {
    const userId = await newUser();
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.post(`/users/${userId}/tokens`).set(t.as(role)).send({}),
        403,
        'role_not_allowed',
      );
    }
    const list = await t.http.get(`/tokens?userId=${userId}`).set(t.as('admin')).expect(200);
    expect(list.body).toHaveLength(0);
  });

  it("lets a user revoke their own token but not another's", async () => {
    const aliceId = await newUser();
    const bobId = await newUser();
    const alice1 = await issue(aliceId, 'one');
    const alice2 = await issue(aliceId, 'two');
    const bob = await issue(bobId);

    const other = await t.http.delete(`/tokens/${bob.id}`).set(bearer(alice1.token));
    expectProblem(other, 404, 'not_found');
    await t.http.get('/me').set(bearer(bob.token)).expect(200);

    await t.http.delete(`/tokens/${alice2.id}`).set(bearer(alice1.token)).expect(204);
    await t.http.get('/me').set(bearer(alice2.token)).expect(401);
    await t.http.get('/me').set(bearer(alice1.token)).expect(200);
    // A token may revoke itself.
    await t.http.delete(`/tokens/${alice1.id}`).set(bearer(alice1.token)).expect(204);
    await t.http.get('/me').set(bearer(alice1.token)).expect(401);
    await t.http.delete(`/tokens/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
  });

  it('refuses a token whose user was deactivated', async () => {
    const userId = await newUser();
    const { token } = await issue(userId);
    await t.http.get('/me').set(bearer(token)).expect(200);
    await t.http.patch(`/users/${userId}`).set(t.as('admin')).send({ version: 1, active: false }).expect(200);
    await t.http.get('/me').set(bearer(token)).expect(401);
  });

  it('refuses malformed Authorization headers', async () => {
    expectProblem(await t.http.get('/me').set({ Authorization: 'Basic abc' }), 401, 'unauthorized');
    expectProblem(await t.http.get('/me').set(bearer('not-a-rota-token')), 401, 'unauthorized');
    expectProblem(await t.http.get('/me'), 401, 'unauthorized');
  });
});
