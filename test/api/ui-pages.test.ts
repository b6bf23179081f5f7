import fc from 'fast-check';
import { PAGES, type PageKey } from '../../src/http/ui/layout';
import { ROLES } from '../../src/db/entities/access';
import { allExtensions } from '../helpers/extensions';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * The web UI's pages over HTTP (fast; the browser tests live in test/e2e/ui.test.ts): who may open
 * which page, hostile query strings, escaping of stored data, CSRF on the forms.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ extensions: allExtensions });
});
afterAll(async () => {
  await t.close();
});

const keys = Object.keys(PAGES) as PageKey[];

describe('web UI pages', () => {
  it('sends anonymous visitors to sign in, with where they were going', async () => {
    for (const key of keys) {
      const res = await t.http.get(`${PAGES[key].path}?x=1`).expect(303);
      expect(res.headers['location']).toBe(
        `/ui/sign-in?next=${encodeURIComponent(`${PAGES[key].path}?x=1`)}`,
      );
    }
    const form = await t.http.get('/ui/sign-in?next=%2Fui%2Fplan').expect(200);
    expect(form.text).toContain('name="next" value="/ui/plan"');
    const evil = await t.http.get('/ui/sign-in?next=https%3A%2F%2Fevil.example%2Fui').expect(200);
    expect(evil.text).not.toContain('evil.example');
  });

  it('opens each page for its roles only and answers 403 to the others', async () => {
    for (const key of keys) {
      for (const role of ROLES) {
        const res = await t.http.get(PAGES[key].path).set(t.as(role));
        const allowed = (PAGES[key].roles as readonly string[]).includes(role);
        expect([key, role, res.status]).toEqual([key, role, allowed ? 200 : 403]);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['cache-control']).toBe('no-store');
      }
    }
  });

  it('offers generate and publish only to those who may (the director sees the board read-only)', async () => {
    expect((await t.http.get('/ui/plan').set(t.as('rep')).expect(200)).text).toContain('id="generate"');
    expect((await t.http.get('/ui/plan').set(t.as('admin')).expect(200)).text).toContain('id="generate"');
    expect((await t.http.get('/ui/plan').set(t.as('director')).expect(200)).text).not.toContain(
      'id="generate"',
    );
  });

  it('answers hostile query strings with a page or a 422 naming the field, never a 5xx', async () => {
    const nasty = fc.oneof(
      fc.constantFrom(
        '2026-02-30',
        '2026-13-01',
        "' OR 1=1 --",
        '<script>alert(1)</script>',
        '',
        '9999-99-99',
        '%00',
      ),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...keys),
        fc.dictionary(
          fc.constantFrom('fortnight', 'plan', 'customer', 'date', 'from', 'channel', 'x'),
          nasty,
          {
            maxKeys: 3,
          },
        ),
        async (key, query) => {
          const role = PAGES[key].roles[0];
          const res = await t.http.get(PAGES[key].path).query(query).set(t.as(role));
          expect(res.status).toBeLessThan(500);
          expect([200, 422]).toContain(res.status);
          expect(res.text).not.toContain('<script>alert(1)</script>');
          if (res.status === 422) expect(res.text).toMatch(/<code>query\.\w+<\/code>/);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it('escapes stored data on every page that shows it', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const c = await t.http
      .post('/customers')
      .set(t.as('rep'))
      .send({
        name,
        subscriptionHoursPerFortnight: 10,
        feePerFortnight: 100,
        reviewWeekday: 2,
        techDebtShare: 0,
      })
      .expect(201);
    const res = await t.http.get(`/ui/review?customer=${c.body.id}`).set(t.as('rep')).expect(200);
    expect(res.text).not.toContain(name);
    expect(res.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('signs in by form, refuses cross-site sign-in forms, and needs the CSRF token to sign out', async () => {
    const crossSite = await t.http
      .post('/ui/sign-in')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ token: t.tokens.rep });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();

    const bad = await t.http.post('/ui/sign-in').type('form').send({ token: 'rota_nottherighttokenatall' });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('id="signin-error"');

    const ok = await t.http
      .post('/ui/sign-in')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ token: t.tokens.rep, next: '/ui/review' })
      .expect(303);
    expect(ok.headers['location']).toBe('/ui/review');
    const cookie = (ok.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('rota_session='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0]!;

    const page = await t.http.get('/ui/plan').set('Cookie', session).expect(200);
    const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1];
    expect(csrf).toBeTruthy();
    await t.http.post('/ui/sign-out').set('Cookie', session).type('form').send({}).expect(403);
    await t.http.get('/ui/plan').set('Cookie', session).expect(200);
    await t.http.post('/ui/sign-out').set('Cookie', session).type('form').send({ _csrf: csrf }).expect(303);
    await t.http.get('/ui/plan').set('Cookie', session).expect(303);
  });

  it('serves its scripts and styles as files, with no inline script a strict CSP would block', async () => {
    const page = await t.http.get('/ui/plan').set(t.as('rep')).expect(200);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    for (const src of page.text.matchAll(/<script src="([^"]+)"/g)) await t.http.get(src[1]!).expect(200);
    await t.http
      .get('/ui/assets/app.css')
      .expect(200)
      .expect('content-type', /text\/css/);
    await t.http.get('/ui/assets/nope.js').expect(404);
  });
});
