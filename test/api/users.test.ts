import { verifyPassword } from '../../src/domain/secrets';
import { startTestApp, type TestApp } from '../helpers/app';
import { createEngineer, expectProblem, paths, unique, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

function user(overrides: Record<string, unknown> = {}) {
  return { name: 'Una User', email: `${unique('user')}@example.com`, role: 'rep', ...overrides };
}

describe('users', () => {
  it('creates, reads, updates and deletes', async () => {
    const created = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ name: 'Ray Rep' }))
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Ray Rep',
      role: 'rep',
      engineerId: null,
      agentId: null,
      active: true,
      version: 1,
    });
    const id = created.body.id as string;
    await t.http.get(`/users/${id}`).set(t.as('admin')).expect(200);
    const reps = await t.http.get('/users?role=rep&limit=500').set(t.as('admin')).expect(200);
    expect(reps.body.items.map((u: { id: string }) => u.id)).toContain(id);
    for (const u of reps.body.items) expect(u.role).toBe('rep');
    const patched = await t.http
      .patch(`/users/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, role: 'director' })
      .expect(200);
    expect(patched.body).toMatchObject({ role: 'director', version: 2 });
    await t.http.delete(`/users/${id}`).set(t.as('admin')).expect(204);
    await t.http.get(`/users/${id}`).set(t.as('admin')).expect(404);
  });

  it('never echoes a password or its hash', async () => {
    const created = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ password: 'correct horse battery staple' }))
      .expect(201);
    expect(created.body).not.toHaveProperty('password');
    expect(created.body).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(created.body)).not.toContain('correct horse');
    const id = created.body.id as string;
    const read = await t.http.get(`/users/${id}`).set(t.as('admin')).expect(200);
    expect(read.body).not.toHaveProperty('passwordHash');
    const list = await t.http.get('/users?limit=500').set(t.as('admin')).expect(200);
    for (const u of list.body.items) {
      expect(u).not.toHaveProperty('password');
      expect(u).not.toHaveProperty('passwordHash');
    }
    const changed = await t.http
      .patch(`/users/${id}`)
      .set(t.as('admin'))
      .send({ version: 1, password: 'another long passphrase' })
      .expect(200);
    expect(changed.body).not.toHaveProperty('password');
    expect(changed.body).not.toHaveProperty('passwordHash');
  });

  it('needs an engineerId for an engineer user and an agentId for an agent user', async () => {
    const engineer = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ role: 'engineer' }));
    expectProblem(engineer, 422, 'validation_failed');
    expect(paths(engineer)).toEqual(['body.engineerId']);
    const agent = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ role: 'agent' }));
    expectProblem(agent, 422, 'validation_failed');
    expect(paths(agent)).toEqual(['body.agentId']);
    const engineerId = await createEngineer(t);
    const ok = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ role: 'engineer', engineerId }))
      .expect(201);
    expect(ok.body.engineerId).toBe(engineerId);
    // Turning a rep into an engineer without the link is refused too.
    const rep = await t.http.post('/users').set(t.as('admin')).send(user()).expect(201);
    const promote = await t.http
      .patch(`/users/${rep.body.id}`)
      .set(t.as('admin'))
      .send({ version: 1, role: 'engineer' });
    expectProblem(promote, 422, 'validation_failed');
    expect(paths(promote)).toEqual(['body.engineerId']);
  });

  it('rejects bad input with field paths', async () => {
    const res = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ email: 'nope', role: 'owner', password: 'short', passwordHash: 'x' }));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining(['body.email', 'body.role', 'body.password', 'body.passwordHash']),
    );
  });

  it('answers 404, 409 stale and 409 duplicate email', async () => {
    await t.http.get(`/users/${UNKNOWN_ID}`).set(t.as('admin')).expect(404);
    const body = user();
    const { body: created } = await t.http.post('/users').set(t.as('admin')).send(body).expect(201);
    expectProblem(await t.http.post('/users').set(t.as('admin')).send(body), 409, 'duplicate');
    await t.http.patch(`/users/${created.id}`).set(t.as('admin')).send({ version: 1, name: 'A' }).expect(200);
    const stale = await t.http
      .patch(`/users/${created.id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'B' });
    expectProblem(stale, 409, 'stale_version');
  });

  it('is admin-only', async () => {
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(await t.http.get('/users').set(t.as(role)), 403, 'role_not_allowed');
      await t.http.post('/users').set(t.as(role)).send(user()).expect(403);
    }
  });

  it('stores only a hash, keeps it across other changes and replaces it on a new password', async () => {
    const storedHash = async (id: string): Promise<string | null> => {
      const rows: { passwordHash: string | null }[] = await t.database.db.query(
        'SELECT "passwordHash" FROM users WHERE id = $1',
        [id],
      );
      return rows[0]!.passwordHash;
    };
    const { body } = await t.http
      .post('/users')
      .set(t.as('admin'))
      .send(user({ password: 'first long passphrase' }))
      .expect(201);
    const first = await storedHash(body.id);
    expect(first).not.toContain('first long passphrase');
    expect(verifyPassword('first long passphrase', first!)).toBe(true);
    await t.http
      .patch(`/users/${body.id}`)
      .set(t.as('admin'))
      .send({ version: 1, name: 'Renamed' })
      .expect(200);
    expect(await storedHash(body.id)).toBe(first);
    await t.http
      .patch(`/users/${body.id}`)
      .set(t.as('admin'))
      .send({ version: 2, password: 'second long passphrase' })
      .expect(200);
    const second = await storedHash(body.id);
    expect(verifyPassword('second long passphrase', second!)).toBe(true);
    expect(verifyPassword('first long passphrase', second!)).toBe(false);
  });
});
