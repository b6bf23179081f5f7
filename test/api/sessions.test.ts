import request from 'supertest';
import type { Response } from 'supertest';
import { createApp } from '../../src/app';
import { SessionService, SESSION_IDLE_MS, SESSION_ABSOLUTE_MS } from '../../src/services/sessions';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, unique, UNKNOWN_ID } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'correct horse battery staple';
let ipCounter = 0;
/**
 * A client address of its own (the app trusts X-Forwarded-For from loopback, as behind a local
 * proxy), so the failures one test provokes never count against another test's sign-ins.
 */
function freshIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

async function newUser(overrides: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
  const email = `${unique('sess')}@example.com`;
  const res = await t.http
    .post('/users')
    .set(t.as('admin'))
    .send({ name: 'Sam Session', email, role: 'rep', ...overrides })
    .expect(201);
  return { id: res.body.id as string, email };
}

async function setPassword(userId: string, password = PASSWORD): Promise<void> {
  await t.http.put(`/users/${userId}/password`).set(t.as('admin')).send({ password }).expect(204);
}

/** PATCH a user at whatever version it is now. */
async function patchUser(id: string, patch: Record<string, unknown>): Promise<void> {
  const { body } = await t.http.get(`/users/${id}`).set(t.as('admin')).expect(200);
  await t.http
    .patch(`/users/${id}`)
    .set(t.as('admin'))
    .send({ version: body.version, ...patch })
    .expect(200);
}

function signIn(body: Record<string, unknown>, ip = freshIp()) {
  return t.http.post('/auth/sign-in').set('X-Forwarded-For', ip).send(body);
}

/** The `rota_session=…` pair a response set, ready for a Cookie header. */
function sessionCookie(res: Response): string {
  const header = setCookies(res).find((c) => c.startsWith('rota_session='));
  if (!header) throw new Error(`no session cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return header.split(';')[0]!;
}

function setCookies(res: Response): string[] {
  const raw = res.headers['set-cookie'] as string[] | string | undefined;
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

/** A new user with a password, signed in. */
async function signedInUser(overrides: Record<string, unknown> = {}): Promise<Session & { email: string }> {
  const user = await newUser(overrides);
  await setPassword(user.id);
  const res = await signIn({ email: user.email, password: PASSWORD }).expect(200);
  return { ...user, userId: user.id, cookie: sessionCookie(res), csrf: res.body.csrfToken as string };
}

async function auditRows(action: string, entityId?: string): Promise<{ detail: Record<string, unknown> }[]> {
  return t.database.db.query(
    `SELECT "actorUserId", detail FROM audit_log WHERE action = $1 ${entityId ? 'AND "entityId" = $2' : ''} ORDER BY at`,
    entityId ? [action, entityId] : [action],
  );
}

describe('sign-in with a password', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that authenticates requests', async () => {
    const user = await newUser({ name: 'Petra Password' });
    await setPassword(user.id);
    const res = await signIn({ email: user.email, password: PASSWORD }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      user: { userId: user.id, name: 'Petra Password', role: 'rep' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const expiresAt = Date.parse(res.body.expiresAt as string);
    expect(expiresAt - Date.now()).toBeGreaterThan(SESSION_IDLE_MS - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(SESSION_IDLE_MS);
    expect(Date.parse(res.body.absoluteExpiresAt as string) - Date.now()).toBeGreaterThan(
      SESSION_ABSOLUTE_MS - 60_000,
    );

    const header = setCookies(res).find((c) => c.startsWith('rota_session='))!;
    const attributes = header.split(/;\s*/).slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${SESSION_ABSOLUTE_MS / 1000}`]),
    );
    // The test app's PUBLIC_BASE_URL is http: a Secure cookie would never come back.
    expect(attributes).not.toContain('Secure');

    const cookie = sessionCookie(res);
    const me = await t.http.get('/me').set('Cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ userId: user.id, role: 'rep' });
    expect(me.headers.vary).toMatch(/Cookie/);
    const session = await t.http.get('/auth/session').set('Cookie', cookie).expect(200);
    expect(session.body).toMatchObject({
      actor: { userId: user.id },
      via: 'session',
      csrfToken: res.body.csrfToken,
    });
    // Role rules apply to cookie callers as to bearer callers.
    expectProblem(await t.http.get('/users').set('Cookie', cookie), 403, 'role_not_allowed');
  });

  it('matches the email whatever its case and surrounding spaces', async () => {
    const user = await newUser();
    await setPassword(user.id);
    await signIn({ email: `  ${user.email.toUpperCase()} `, password: PASSWORD }).expect(200);
  });

  it('answers a wrong password, an unknown email, no password and a deactivated user alike', async () => {
    const user = await newUser();
    await setPassword(user.id);
    const withoutPassword = await newUser();
    const inactive = await newUser();
    await setPassword(inactive.id);
    await patchUser(inactive.id, { active: false });

    const ip = freshIp();
    const answers = [
      await signIn({ email: user.email, password: 'not the right passphrase' }, ip),
      await signIn({ email: 'nobody-at-all@example.com', password: 'not the right passphrase' }, ip),
      await signIn({ email: withoutPassword.email, password: PASSWORD }, ip),
      await signIn({ email: inactive.email, password: PASSWORD }, ip),
    ];
    for (const res of answers) {
      expectProblem(res, 401, 'unauthorized');
      expect(setCookies(res).some((c) => c.startsWith('rota_session='))).toBe(false);
    }
    const bodies = answers.map((r) => JSON.stringify(r.body));
    expect(new Set(bodies).size).toBe(1);

    // The failures are audited (with the reason, for admins) but never with the password tried.
    const failures = await auditRows('session.sign_in_failed', user.id);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.detail).toMatchObject({
      method: 'password',
      reason: 'wrong_password',
      email: user.email,
      ip,
    });
    const all = JSON.stringify(await auditRows('session.sign_in_failed'));
    expect(all).not.toContain('not the right passphrase');
    expect(all).not.toContain(PASSWORD);
    expect(all).toContain('nobody-at-all@example.com');

    // Something that is not an email (a password typed in the wrong field) is not kept.
    const mistyped = 'MyPassphraseInTheWrongField';
    expectProblem(await signIn({ email: mistyped, password: PASSWORD }, ip), 401, 'unauthorized');
    expect(JSON.stringify(await auditRows('session.sign_in_failed'))).not.toContain(mistyped);
  });

  it('validates the body with field paths', async () => {
    const empty = await signIn({});
    expectProblem(empty, 422, 'validation_failed');
    expect(paths(empty)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    const both = await signIn({ email: 'a@example.com', password: 'x', token: 'rota_x' });
    expectProblem(both, 422, 'validation_failed');
    expect(paths(both)).toEqual(expect.arrayContaining(['body.email', 'body.password']));
    const extra = await signIn({ email: 'a@example.com', password: 'x', remember: true });
    expect(paths(extra)).toEqual(['body.remember']);
    const huge = await signIn({ email: 'a@example.com', password: 'x'.repeat(201) });
    expect(paths(huge)).toEqual(['body.password']);
    // A cross-site form cannot sign anyone in: the route reads JSON only.
    const form = await t.http
      .post('/auth/sign-in')
      .set('X-Forwarded-For', freshIp())
      .type('form')
      .send({ email: 'a@example.com', password: 'x' });
    expectProblem(form, 422, 'validation_failed');
  });

  it('replaces the session the browser already had', async () => {
    const first = await signedInUser();
    const again = await t.http
      .post('/auth/sign-in')
      .set('X-Forwarded-For', freshIp())
      .set('Cookie', first.cookie)
      .send({ email: first.email, password: PASSWORD })
      .expect(200);
    expect(sessionCookie(again)).not.toBe(first.cookie);
    await t.http.get('/me').set('Cookie', first.cookie).expect(401);
    await t.http.get('/me').set('Cookie', sessionCookie(again)).expect(200);
  });
});

describe('sign-in with an API token', () => {
  it('starts a session that outlives the revocation of the token', async () => {
    const user = await newUser({ role: 'director' });
    const issued = await t.http
      .post(`/users/${user.id}/tokens`)
      .set(t.as('admin'))
      .send({ label: 'sso' })
      .expect(201);
    const res = await signIn({ token: issued.body.token }).expect(200);
    expect(res.body.user).toMatchObject({ userId: user.id, role: 'director' });
    const cookie = sessionCookie(res);
    await t.http.get('/me').set('Cookie', cookie).expect(200);
    await t.http.delete(`/tokens/${issued.body.id}`).set(t.as('admin')).expect(204);
    await t.http.get('/me').set('Cookie', cookie).expect(200);
    // …but the revoked token itself no longer signs in.
    expectProblem(await signIn({ token: issued.body.token }), 401, 'unauthorized');
    expectProblem(await signIn({ token: 'rota_notarealtokenatallxxxxxxxxxxxxxxxx' }), 401, 'unauthorized');
    expectProblem(await signIn({ token: 'garbage' }), 401, 'unauthorized');
  });
});

describe('CSRF', () => {
  it('refuses unsafe cookie requests without the token and accepts the header', async () => {
    const admin = await signedInUser({ role: 'admin' });
    const target = await newUser();
    const missing = await t.http
      .post(`/users/${target.id}/tokens`)
      .set('Cookie', admin.cookie)
      .send({ label: 'x' });
    expectProblem(missing, 403, 'csrf_failed');
    expect(paths(missing)).toEqual(['header.X-CSRF-Token']);
    const wrong = await t.http
      .post(`/users/${target.id}/tokens`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', `${admin.csrf.slice(0, -1)}${admin.csrf.endsWith('A') ? 'B' : 'A'}`)
      .send({ label: 'x' });
    expectProblem(wrong, 403, 'csrf_failed');
    const otherSession = await signedInUser({ role: 'admin' });
    expectProblem(
      await t.http
        .delete(`/users/${target.id}`)
        .set('Cookie', admin.cookie)
        .set('X-CSRF-Token', otherSession.csrf),
      403,
      'csrf_failed',
    );
    // Nothing was written by the refused requests.
    const before = await t.http.get(`/tokens?userId=${target.id}`).set(t.as('admin')).expect(200);
    expect(before.body).toHaveLength(0);

    const ok = await t.http
      .post(`/users/${target.id}/tokens`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrf)
      .send({ label: 'by cookie' })
      .expect(201);
    expect(ok.body.label).toBe('by cookie');
    // Reads need no token.
    await t.http.get(`/users/${target.id}`).set('Cookie', admin.cookie).expect(200);
  });

  it('accepts the _csrf field of a form post and hides it from the handler', async () => {
    const admin = await signedInUser({ role: 'admin' });
    const target = await newUser();
    const refused = await t.http
      .post(`/users/${target.id}/tokens`)
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ label: 'from a form', _csrf: 'not-the-token' });
    expectProblem(refused, 403, 'csrf_failed');
    const created = await t.http
      .post(`/users/${target.id}/tokens`)
      .set('Cookie', admin.cookie)
      .type('form')
      .send({ label: 'from a form', _csrf: admin.csrf })
      .expect(201);
    expect(created.body.label).toBe('from a form');
  });
});

describe('sign-out', () => {
  it('ends the session and clears the cookie', async () => {
    const s = await signedInUser();
    expectProblem(await t.http.post('/auth/sign-out').set('Cookie', s.cookie), 403, 'csrf_failed');
    const out = await t.http
      .post('/auth/sign-out')
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: s.csrf })
      .expect(204);
    const cleared = setCookies(out).find((c) => c.startsWith('rota_session='))!;
    expect(cleared).toMatch(/^rota_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expectProblem(await t.http.get('/me').set('Cookie', s.cookie), 401, 'unauthorized');
    const audited = await auditRows('session.sign_out');
    expect(audited.some((r) => r.detail.userId === s.userId && r.detail.reason === 'sign_out')).toBe(true);
  });

  it('leaves a bearer caller signed in', async () => {
    await t.http.post('/auth/sign-out').set(t.as('engineer')).expect(204);
    await t.http.get('/me').set(t.as('engineer')).expect(200);
    const session = await t.http.get('/auth/session').set(t.as('engineer')).expect(200);
    expect(session.body).toMatchObject({ via: 'bearer', csrfToken: null, expiresAt: null });
  });
});

describe('ending sessions', () => {
  it("stops a deactivated user's session at once", async () => {
    const s = await signedInUser();
    await t.http.get('/me').set('Cookie', s.cookie).expect(200);
    await patchUser(s.userId, { active: false });
    const res = await t.http.get('/me').set('Cookie', s.cookie);
    expectProblem(res, 401, 'unauthorized');
    // The dead cookie is cleared rather than sent again and again.
    expect(setCookies(res).some((c) => /^rota_session=;/.test(c))).toBe(true);
    await patchUser(s.userId, { active: true });
    await t.http.get('/me').set('Cookie', s.cookie).expect(401);
  });

  it("ends the user's other sessions when a password is set, by PUT or by PATCH", async () => {
    const s = await signedInUser();
    const second = sessionCookie(await signIn({ email: s.email, password: PASSWORD }).expect(200));
    await t.http
      .put(`/users/${s.userId}/password`)
      .set(t.as('admin'))
      .send({ password: 'a brand new passphrase' })
      .expect(204);
    await t.http.get('/me').set('Cookie', s.cookie).expect(401);
    await t.http.get('/me').set('Cookie', second).expect(401);
    expectProblem(await signIn({ email: s.email, password: PASSWORD }), 401, 'unauthorized');
    const fresh = sessionCookie(
      await signIn({ email: s.email, password: 'a brand new passphrase' }).expect(200),
    );
    const set = await auditRows('user.password_set', s.userId);
    expect(set.at(-1)!.detail).toEqual({ endedSessions: 2 });

    await patchUser(s.userId, { password: 'yet another passphrase' });
    await t.http.get('/me').set('Cookie', fresh).expect(401);
  });

  it("keeps the admin's own session when admins set their own password", async () => {
    const admin = await signedInUser({ role: 'admin' });
    const other = sessionCookie(await signIn({ email: admin.email, password: PASSWORD }).expect(200));
    await t.http
      .put(`/users/${admin.userId}/password`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrf)
      .send({ password: 'my own new passphrase' })
      .expect(204);
    await t.http.get('/me').set('Cookie', admin.cookie).expect(200);
    await t.http.get('/me').set('Cookie', other).expect(401);
  });
});

describe('setting a password', () => {
  it('needs 12 to 200 characters, counted as characters', async () => {
    const user = await newUser();
    for (const password of ['short', 'elevenchars', '', 'x'.repeat(201)]) {
      const res = await t.http.put(`/users/${user.id}/password`).set(t.as('admin')).send({ password });
      expectProblem(res, 422, 'validation_failed');
      expect(paths(res)).toEqual(['body.password']);
    }
    // Twelve emoji are twelve characters (24 UTF-16 units); eleven are not enough.
    expectProblem(
      await t.http
        .put(`/users/${user.id}/password`)
        .set(t.as('admin'))
        .send({ password: '🔑'.repeat(11) }),
      422,
      'validation_failed',
    );
    await setPassword(user.id, '🔑'.repeat(12));
    await signIn({ email: user.email, password: '🔑'.repeat(12) }).expect(200);
    await setPassword(user.id, 'x'.repeat(200));
    const missing = await t.http.put(`/users/${user.id}/password`).set(t.as('admin')).send({});
    expect(paths(missing)).toEqual(['body.password']);
    expectProblem(
      await t.http.put(`/users/${UNKNOWN_ID}/password`).set(t.as('admin')).send({ password: PASSWORD }),
      404,
      'not_found',
    );
    expectProblem(
      await t.http.put(`/users/${user.id}/password`).set(t.as('rep')).send({ password: PASSWORD }),
      403,
      'role_not_allowed',
    );
  });

  it('stores an scrypt hash that no route ever returns', async () => {
    const user = await newUser();
    await setPassword(user.id);
    const [row] = (await t.database.db.query('SELECT "passwordHash" FROM users WHERE id = $1', [
      user.id,
    ])) as {
      passwordHash: string;
    }[];
    expect(row!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    // Two users with the same password get different hashes (random salt).
    const twin = await newUser();
    await setPassword(twin.id);
    const [twinRow] = (await t.database.db.query('SELECT "passwordHash" FROM users WHERE id = $1', [
      twin.id,
    ])) as {
      passwordHash: string;
    }[];
    expect(twinRow!.passwordHash).not.toBe(row!.passwordHash);

    const signedIn = await signIn({ email: user.email, password: PASSWORD }).expect(200);
    const cookie = sessionCookie(signedIn);
    const answers = [
      signedIn,
      await t.http.get(`/users/${user.id}`).set(t.as('admin')).expect(200),
      await t.http.get('/users?limit=500').set(t.as('admin')).expect(200),
      await t.http.get('/me').set('Cookie', cookie).expect(200),
      await t.http.get('/auth/session').set('Cookie', cookie).expect(200),
      await t.http.get(`/audit?entityId=${user.id}`).set(t.as('admin')).expect(200),
    ];
    for (const res of answers) {
      expect(JSON.stringify(res.body)).not.toContain(row!.passwordHash.split('$')[5]!);
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt\$/);
    }
    const audited = await auditRows('user.password_set', user.id);
    expect(audited).toHaveLength(1);
    expect(JSON.stringify(audited)).not.toContain(PASSWORD);
  });
});

describe('rate limit on sign-in', () => {
  it('refuses an address after 10 failures with 429 and Retry-After, even with the right password', async () => {
    const user = await newUser();
    await setPassword(user.id);
    const ip = freshIp();
    for (let i = 0; i < 10; i++)
      expectProblem(
        await signIn({ email: `nobody${i}@example.com`, password: 'wrong guess' }, ip),
        401,
        'unauthorized',
      );
    const refused = await signIn({ email: user.email, password: PASSWORD }, ip);
    expectProblem(refused, 429, 'rate_limited');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(setCookies(refused).some((c) => c.startsWith('rota_session='))).toBe(false);
    expectProblem(await signIn({ token: t.tokens.rep }, ip), 429, 'rate_limited');
    // Another address is not affected, and bearer tokens never are.
    await signIn({ email: user.email, password: PASSWORD }).expect(200);
    await t.http.get('/me').set('X-Forwarded-For', ip).set(t.as('rep')).expect(200);
  });

  it('refuses an email after 10 failures from any addresses', async () => {
    const user = await newUser();
    await setPassword(user.id);
    for (let i = 0; i < 10; i++)
      expectProblem(await signIn({ email: user.email, password: `wrong guess ${i}` }), 401, 'unauthorized');
    const refused = await signIn({ email: user.email.toUpperCase(), password: PASSWORD });
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts only failures', async () => {
    const user = await newUser();
    await setPassword(user.id);
    const ip = freshIp();
    for (let i = 0; i < 15; i++) await signIn({ email: user.email, password: PASSWORD }, ip).expect(200);
  });
});

describe('the cookie beside bearer tokens', () => {
  it('lets an Authorization header win, without CSRF', async () => {
    const s = await signedInUser();
    const me = await t.http.get('/me').set('Cookie', s.cookie).set(t.as('director')).expect(200);
    expect(me.body.role).toBe('director');
    await t.http
      .post(`/users/${s.userId}/tokens`)
      .set('Cookie', s.cookie)
      .set(t.as('admin'))
      .send({})
      .expect(201);
    // A bad bearer token is refused even when a good cookie is there.
    await t.http.get('/me').set('Cookie', s.cookie).set('Authorization', 'Bearer rota_nope').expect(401);
  });

  it('treats unknown, expired-looking and malformed cookies as anonymous, never as an error', async () => {
    for (const cookie of [
      'rota_session=sess_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'rota_session=garbage',
      'rota_session=%E0%A4%A',
      'rota_session="sess_"; other=1',
      'rota_session',
      '=;;;',
    ]) {
      const res = await t.http.get('/me').set('Cookie', cookie);
      expectProblem(res, 401, 'unauthorized');
      const posted = await t.http.post('/users').set('Cookie', cookie).send({});
      expectProblem(posted, 401, 'unauthorized');
    }
    await t.http.get('/healthz').set('Cookie', 'rota_session=garbage').expect(200);
  });

  it('finds our cookie among others', async () => {
    const s = await signedInUser();
    await t.http
      .get('/me')
      .set('Cookie', `theme=dark; rota_session=stale; ${s.cookie}; _ga=GA1.2.3`)
      .expect(200);
  });
});

describe('Secure cookies', () => {
  it('marks the cookie Secure when PUBLIC_BASE_URL is https', async () => {
    const user = await newUser();
    await setPassword(user.id);
    const { app } = createApp({
      ...t.deps,
      config: { ...t.deps.config, PUBLIC_BASE_URL: 'https://rota.example' },
    });
    const res = await request(app)
      .post('/auth/sign-in')
      .set('X-Forwarded-For', freshIp())
      .send({ email: user.email, password: PASSWORD })
      .expect(200);
    const header = setCookies(res).find((c) => c.startsWith('rota_session='))!;
    expect(header.split(/;\s*/)).toEqual(
      expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']),
    );
  });
});

describe('session lifetime', () => {
  const start = new Date('2026-03-02T09:00:00Z').getTime();
  let clock = start;
  let service: SessionService;
  let email: string;

  beforeAll(async () => {
    service = new SessionService(t.database.db, { now: () => new Date(clock) });
    const user = await newUser();
    await setPassword(user.id);
    email = user.email;
  });

  async function lastSeen(sessionId: string): Promise<number> {
    const [row] = (await t.database.db.query('SELECT "lastSeenAt" FROM sessions WHERE id = $1', [
      sessionId,
    ])) as {
      lastSeenAt: Date;
    }[];
    return row!.lastSeenAt.getTime();
  }

  it('slides with use, writing lastSeenAt at most once a minute', async () => {
    clock = start;
    const s = await service.signInWithPassword(email, PASSWORD, { ip: '192.0.2.1', userAgent: 'jest' });
    expect(s.expiresAt.getTime()).toBe(start + SESSION_IDLE_MS);
    clock = start + 30_000;
    expect(await service.resolve(s.sessionToken)).not.toBeNull();
    expect(await lastSeen(s.sessionId)).toBe(start);
    clock = start + 61_000;
    const resolved = await service.resolve(s.sessionToken);
    expect(resolved!.expiresAt.getTime()).toBe(clock + SESSION_IDLE_MS);
    expect(await lastSeen(s.sessionId)).toBe(clock);
    // Seven hours later it is still alive (idle timer restarted at the last request)…
    clock += SESSION_IDLE_MS - 60_000;
    expect(await service.resolve(s.sessionToken)).not.toBeNull();
    // …and eight idle hours end it.
    clock += SESSION_IDLE_MS;
    expect(await service.resolve(s.sessionToken)).toBeNull();
  });

  it('ends after the absolute lifetime however active it is', async () => {
    clock = start;
    const s = await service.signInWithPassword(email, PASSWORD);
    while (clock + SESSION_IDLE_MS / 2 < start + SESSION_ABSOLUTE_MS) {
      clock += SESSION_IDLE_MS / 2;
      const resolved = await service.resolve(s.sessionToken);
      expect(resolved).not.toBeNull();
      expect(resolved!.expiresAt.getTime()).toBeLessThanOrEqual(start + SESSION_ABSOLUTE_MS);
    }
    clock = start + SESSION_ABSOLUTE_MS;
    expect(await service.resolve(s.sessionToken)).toBeNull();
  });

  it('records where the session came from and audits the sign-in', async () => {
    clock = start;
    const s = await service.signInWithPassword(email, PASSWORD, {
      ip: '192.0.2.7',
      userAgent: 'Firefox/140',
    });
    const [row] = (await t.database.db.query('SELECT * FROM sessions WHERE id = $1', [
      s.sessionId,
    ])) as Record<string, unknown>[];
    expect(row).toMatchObject({
      method: 'password',
      ip: '192.0.2.7',
      userAgent: 'Firefox/140',
      revokedAt: null,
    });
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(s.sessionToken.slice(5));
    const audited = await auditRows('session.sign_in', s.sessionId);
    expect(audited[0]!.detail).toMatchObject({
      method: 'password',
      ip: '192.0.2.7',
      userAgent: 'Firefox/140',
    });
  });
});
