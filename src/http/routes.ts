import './express-augment';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../db/entities/access';
import type { Actor } from '../domain/actor';
import { DomainValidationError, ForbiddenError, UnauthorizedError } from '../domain/errors';
import { parseOrThrow } from '../services/validation';

export type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Who may call a route: roles, or 'public' (no token, e.g. feeds and health). */
export type Access = readonly Role[] | 'public';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** Schema of the success body, for the OpenAPI document. */
  response?: z.ZodType;
  status?: number;
  /** Content types other than JSON the route can answer with (CSV, iCal…). */
  produces?: string[];
}

export interface RouteContext<P, Q, B> {
  actor: Actor | null;
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export type RegisteredRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

/** Wraps an Express router so every route declares its access rule and schemas (→ OpenAPI, access tests). */
export class Api {
  readonly routes: RegisteredRoute[] = [];

  constructor(readonly router: Router) {}

  route<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
    spec: RouteSpec<P, Q, B>,
    handler: (ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown> | unknown,
  ): void {
    this.routes.push(spec as unknown as RegisteredRoute);
    this.router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const actor = req.actor ?? null;
        if (spec.access !== 'public') {
          if (!actor) throw new UnauthorizedError('a bearer token or session is required');
          if (!spec.access.includes(actor.role)) {
            throw new ForbiddenError(
              `the ${actor.role} role may not ${spec.method.toUpperCase()} ${spec.path}`,
              [],
              'role_not_allowed',
            );
          }
        }
        const params = spec.params ? parseOrThrow(spec.params, req.params, 'path') : req.params;
        const query = spec.query ? parseOrThrow(spec.query, req.query, 'query') : {};
        if (spec.body && req.body === undefined && !['get', 'delete'].includes(spec.method)) {
          throw new DomainValidationError('a JSON body is required', [
            { path: 'body', message: 'required (Content-Type: application/json)' },
          ]);
        }
        const body = spec.body ? parseOrThrow(spec.body, req.body, 'body') : undefined;
        const result = await handler({ actor, params, query, body, req, res } as RouteContext<
          z.infer<P>,
          z.infer<Q>,
          z.infer<B>
        >);
        if (res.headersSent) return;
        if (result === undefined) {
          res.status(spec.status ?? 204).end();
          return;
        }
        res.status(spec.status ?? (spec.method === 'post' ? 201 : 200)).json(result);
      } catch (err) {
        next(err);
      }
    });
  }
}

export const ALL_ROLES: readonly Role[] = ['admin', 'rep', 'director', 'engineer', 'agent'];
export const STAFF: readonly Role[] = ['admin', 'rep', 'director'];
