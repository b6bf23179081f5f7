import { z } from 'zod';
import type { RegisteredRoute } from './routes';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete out.$schema;
  return out;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const js = toSchema(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail', 'errors'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'stable machine-readable error code' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string', example: 'body.pattern[0].end' }, message: { type: 'string' } },
      },
    },
  },
};

/** OpenAPI 3.1 document generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: RegisteredRoute[], serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = r.path.replace(
      /:([A-Za-z_]+)(\.[a-z]+)?/g,
      (_m, name: string, ext?: string) => `{${name}}${ext ?? ''}`,
    );
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${p.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
      'x-rota-access': r.access === 'public' ? 'public' : [...r.access],
      // Either a bearer token or the session cookie (whose unsafe requests also need X-CSRF-Token).
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? (r.method === 'post' ? 201 : r.method === 'delete' ? 204 : 200))]: {
          description: 'success',
          ...(r.response
            ? { content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
            : r.produces
              ? { content: Object.fromEntries(r.produces.map((t) => [t, { schema: { type: 'string' } }])) }
              : {}),
        },
        default: {
          description: 'problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(r.body, 'input') } },
      };
    (paths[p] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rota API',
      version: '0.1.0',
      description:
        'Workforce scheduling and capacity planning. Every route lists the roles that may call it in `x-rota-access`.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rota_session',
          description:
            "Set by POST /auth/sign-in. Requests that change something must also send the session's csrfToken in the X-CSRF-Token header.",
        },
      },
      schemas: { Problem: problemSchema },
    },
  };
}

/** A small page that renders the document with the bundled Swagger UI. */
export function docsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rota API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
}
