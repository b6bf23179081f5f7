import fc from 'fast-check';
import { allExtensions } from '../helpers/extensions';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Property-based: malformed, oversized, deeply nested, wrong-typed and injection-shaped bodies,
 * queries and path parameters on every route never produce a 5xx or a stack trace, and every
 * refusal is problem+json.
 */
let t: TestApp;
let doc: { paths: Record<string, Record<string, { 'x-rota-access'?: string[] | 'public' }>> };

beforeAll(async () => {
  t = await startTestApp({ extensions: allExtensions });
  doc = (await t.http.get('/openapi.json').expect(200)).body;
});
afterAll(async () => {
  await t.close();
});

const nasty = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE customers; --',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '%00',
    '💥',
    'NaN',
    '-1',
    '1e309',
    '',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);
const nested = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 3 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 3 }),
  ),
})).value;

function pathWith(path: string, segment: string): string {
  return path.replace(/\{[A-Za-z]+\}/g, encodeURIComponent(segment));
}

describe('hostile input on every route', () => {
  it('never answers 5xx and always explains refusals as problem+json', async () => {
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ path, method })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        nasty,
        fc.dictionary(
          fc.constantFrom('limit', 'offset', 'from', 'to', 'customerId', 'status', 'dryRun', 'version', 'x'),
          nasty,
          { maxKeys: 4 },
        ),
        nested,
        fc.constantFrom('admin', 'rep', 'director', 'engineer', 'agent') as fc.Arbitrary<'admin'>,
        async (route, segment, query, body, role) => {
          if (route.path === '/metrics') return;
          const m = route.method as 'get' | 'post' | 'patch' | 'delete';
          let req = t.http[m](pathWith(route.path, segment)).query(query).set(t.as(role));
          if (m === 'post' || m === 'patch')
            req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
          const res = await req;
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
            expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
          }
        },
      ),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('refuses malformed JSON, deep nesting and oversized bodies with 4xx problem+json', async () => {
    const malformed = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(malformed.status).toBe(400);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const deepRes = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(deepRes.status).toBeGreaterThanOrEqual(400);
    expect(deepRes.status).toBeLessThan(500);
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const bigRes = await t.http
      .post('/customers')
      .set(t.as('admin'))
      .set('Content-Type', 'application/json')
      .send(big);
    expect(bigRes.status).toBe(413);
    expect(bigRes.headers['content-type']).toMatch(/problem\+json/);
  });
});
