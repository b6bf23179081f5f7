import { createApp } from '../../src/app';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown> };
};

const openApiPath = (p: string) => p.replace(/:([A-Za-z_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and served without a token', async () => {
    const res = await t.http.get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const doc = res.body as Doc;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  it('lists every route of api.routes with its x-rota-access', async () => {
    // A second app on the same database exposes the same route table the document was built from.
    const { api } = createApp(t.deps);
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    expect(api.routes.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const route of api.routes) {
      const op = doc.paths[openApiPath(route.path)]?.[route.method];
      if (!op) {
        missing.push(`${route.method.toUpperCase()} ${route.path}`);
        continue;
      }
      expect(op['x-rota-access']).toEqual(route.access === 'public' ? 'public' : [...route.access]);
      expect(op.summary).toBe(route.summary);
    }
    expect(missing).toEqual([]);
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBe(api.routes.length);
  });

  it('documents access rules, ids and bodies from the same schemas', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body as Doc;
    expect(doc.paths['/healthz']!.get!['x-rota-access']).toBe('public');
    expect(doc.paths['/users']!.post!['x-rota-access']).toEqual(['admin']);
    expect(doc.paths['/actual-hours']!.post!['x-rota-access']).toEqual(
      expect.arrayContaining(['admin', 'rep', 'engineer']),
    );
    const getOne = doc.paths['/engineers/{id}']!.get!;
    expect(getOne.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]),
    );
    expect(getOne.security).toEqual([{ bearer: [] }, { session: [] }]);
    const create = doc.paths['/engineers']!.post! as {
      requestBody: { content: Record<string, { schema: { properties: object } }> };
    };
    expect(Object.keys(create.requestBody.content['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['name', 'email', 'pattern', 'costRate']),
    );
  });

  it('serves the Swagger UI page', async () => {
    const res = await t.http.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger-ui');
    const init = await t.http.get('/docs/init.js').expect(200);
    expect(init.text).toContain('/openapi.json');
    await t.http.get('/docs/assets/swagger-ui-bundle.js').expect(200);
  });
});
