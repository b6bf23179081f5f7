import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import client from 'prom-client';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Config } from './config';
import { authenticate } from './http/auth';
import { authRoutes } from './http/auth-routes';
import { buildOpenApi, docsPage } from './http/openapi';
import { problemHandler, sendDatabaseUnavailable, sendProblem } from './http/problem';
import { AttemptLimiter, rateLimit } from './http/rate-limit';
import { mountResource, type ResourceAccess } from './http/resource-router';
import { Api, ALL_ROLES, STAFF } from './http/routes';
import { idParam, pageQuery, uuid } from './http/schemas';
import { secureCookies, sessionAuth } from './http/session-auth';
import type { JobQueue } from './jobs/queue';
import { listAudit } from './services/audit';
import { createResourceServices, type ResourceKey } from './services/resources';
import { SessionService } from './services/sessions';
import { SettingsService } from './services/settings';
import { TokenService } from './services/tokens';

export interface AppDeps {
  db: DataSource;
  config: Config;
  logger: Logger;
  /** The durable job queue; null when this process only serves requests without enqueuing. */
  jobs?: JobQueue | null;
  /** Optional extra routers (planner, rostering, calendars) mounted on the same Api. */
  extensions?: ((api: Api, deps: AppDeps) => void)[];
  /**
   * Browser sign-in. createApp makes one (with the sign-in rate limit) when absent and hands it to
   * the extensions here, so pages that sign people in share its limit.
   */
  sessions?: SessionService;
  /** The clock (pages pick "this fortnight" by it); defaults to the system clock. */
  now?: () => Date;
}

/** Failed sign-ins allowed per client address and per email within the window. */
export const SIGN_IN_ATTEMPTS = { limit: 10, windowMs: 15 * 60_000 };

/** Who may read and write each resource. Engineers and agents see only their own records. */
export const RESOURCE_ACCESS: Record<ResourceKey, ResourceAccess & { tag: string }> = {
  publicHolidays: { read: ALL_ROLES, write: ['admin'], tag: 'Organisation' },
  customers: { read: ['admin', 'rep', 'director', 'engineer'], write: ['admin', 'rep'], tag: 'Planning' },
  engineers: { read: ['admin', 'rep', 'director', 'engineer'], write: ['admin'], tag: 'Planning' },
  availabilityExceptions: { read: ALL_ROLES, write: ['admin', 'rep'], tag: 'Planning' },
  roadmapItems: { read: ['admin', 'rep', 'director', 'engineer'], write: ['admin', 'rep'], tag: 'Planning' },
  actualHours: {
    read: ['admin', 'rep', 'director', 'engineer'],
    write: ['admin', 'rep'],
    ownWrite: ['engineer'],
    tag: 'Reporting',
  },
  agents: { read: ['admin', 'rep', 'director', 'agent'], write: ['admin'], tag: 'Rostering' },
  shiftTemplates: { read: ALL_ROLES, write: ['admin', 'rep'], tag: 'Rostering' },
  demandForecasts: { read: STAFF, write: ['admin', 'rep'], tag: 'Rostering' },
  serviceTargets: { read: ALL_ROLES, write: ['admin'], tag: 'Rostering' },
  users: { read: ['admin'], write: ['admin'], tag: 'Access' },
};

export interface RotaApp {
  app: Express;
  api: Api;
}

/** Builds the HTTP application from its dependencies; `main.ts` wires and listens. */
export function createApp(deps: AppDeps): RotaApp {
  const { db, config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );

  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpDuration = new client.Histogram({
    name: 'rota_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  app.use((req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () =>
      end({
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status: res.statusCode,
      }),
    );
    next();
  });

  // Feeds are fetched without an auth header: limit guessing and hammering per address.
  app.use('/feeds', rateLimit({ limit: 120, windowMs: 60_000 }));
  app.use(express.json({ limit: config.BODY_LIMIT, strict: true }));
  const tokens = new TokenService(db);
  app.use(authenticate(tokens));
  const sessions =
    deps.sessions ??
    new SessionService(db, {
      throttle: new AttemptLimiter(SIGN_IN_ATTEMPTS.limit, SIGN_IN_ATTEMPTS.windowMs),
    });
  const secure = secureCookies(config.PUBLIC_BASE_URL);
  app.use(sessionAuth(sessions, { secure, bodyLimit: config.BODY_LIMIT }));

  const router = express.Router();
  const api = new Api(router);
  const services = createResourceServices(db);
  const settings = new SettingsService(db);

  api.route(
    { method: 'get', path: '/healthz', summary: 'Liveness', tag: 'Operations', access: 'public' },
    () => ({ status: 'ok' }),
  );
  api.route(
    {
      method: 'get',
      path: '/readyz',
      summary: 'Readiness (checks the database)',
      tag: 'Operations',
      access: 'public',
    },
    async ({ res }) => {
      try {
        await Promise.race([
          db.query('SELECT 1'),
          new Promise((_r, reject) =>
            setTimeout(() => reject(new Error('database check timed out')), 3000).unref(),
          ),
        ]);
        return { status: 'ready', database: 'ok' };
      } catch {
        sendDatabaseUnavailable(res);
        return undefined;
      }
    },
  );
  api.route(
    {
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics',
      tag: 'Operations',
      access: 'public',
      produces: ['text/plain'],
    },
    async ({ res }) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  );
  api.route(
    { method: 'get', path: '/me', summary: 'Who am I', tag: 'Access', access: ALL_ROLES },
    ({ actor }) => actor,
  );
  authRoutes(api, { sessions, secureCookies: secure });

  api.route(
    {
      method: 'get',
      path: '/settings',
      summary: 'Organisation settings',
      tag: 'Organisation',
      access: ALL_ROLES,
    },
    () => settings.get(),
  );
  api.route(
    {
      method: 'patch',
      path: '/settings',
      summary: 'Change organisation settings',
      tag: 'Organisation',
      access: ['admin'],
      body: z.looseObject({ version: z.number().int().min(1) }),
    },
    ({ actor, body }) => {
      const { version, ...patch } = body as { version: number } & Record<string, unknown>;
      return settings.update(actor!, patch, version);
    },
  );

  for (const [key, access] of Object.entries(RESOURCE_ACCESS)) {
    mountResource(api, services[key as ResourceKey], access, access.tag);
  }

  api.route(
    {
      method: 'post',
      path: '/users/:id/tokens',
      summary: 'Issue an API token for a user (the secret is shown once)',
      tag: 'Access',
      access: ['admin'],
      params: idParam,
      body: z.strictObject({ label: z.string().trim().max(100).default('') }),
    },
    ({ actor, params, body }) => tokens.issue(actor, params.id, body.label),
  );
  api.route(
    {
      method: 'get',
      path: '/tokens',
      summary: 'List API tokens (admins: all; others: their own)',
      tag: 'Access',
      access: ALL_ROLES,
      query: z.strictObject({ userId: uuid.optional() }),
    },
    ({ actor, query }) => tokens.list(actor!, query.userId),
  );
  api.route(
    {
      method: 'delete',
      path: '/tokens/:id',
      summary: 'Revoke an API token',
      tag: 'Access',
      access: ALL_ROLES,
      params: idParam,
    },
    async ({ actor, params }) => {
      await tokens.revoke(actor!, params.id);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/audit',
      summary: 'Audit log',
      tag: 'Access',
      access: ['admin'],
      query: pageQuery
        .extend({
          entity: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          action: z.string().max(100).optional().describe('e.g. plan.publish, token.revoke'),
          actorUserId: uuid.optional(),
          from: z.iso.datetime({ offset: true }).optional().describe('at or after this instant'),
          to: z.iso.datetime({ offset: true }).optional().describe('before this instant'),
        })
        .strict(),
    },
    ({ query }) =>
      listAudit(db, {
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      }),
  );

  for (const extend of deps.extensions ?? []) extend(api, { ...deps, sessions });

  api.route(
    { method: 'get', path: '/openapi.json', summary: 'This document', tag: 'Operations', access: 'public' },
    () => buildOpenApi(api.routes, config.PUBLIC_BASE_URL),
  );
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  app.use('/docs/assets', express.static(swaggerDir, { index: false, maxAge: '1d' }));
  app.get('/docs/init.js', (_req, res) => {
    res
      .type('application/javascript')
      .send(`window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });`);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage());
  });

  app.use(router);
  app.use((req, res) => sendProblem(res, 404, 'not_found', `no route ${req.method} ${req.path}`));
  app.use(problemHandler(logger));
  return { app, api };
}
