import type { Request, Response } from 'express';
import { z } from 'zod';
import { UnauthorizedError } from '../domain/errors';
import {
  PASSWORD_MAX_CHARS,
  PASSWORD_MIN_CHARS,
  passwordLength,
  type SessionService,
} from '../services/sessions';
import { ALL_ROLES, type Api } from './routes';
import { idParam } from './schemas';
import { beginBrowserSession, clearSessionCookie, readSessionCookie, SIGN_IN_PATH } from './session-auth';

/** A password an admin may set: 12 to 200 characters (counted as people count them). */
export const passwordSchema = z
  .string()
  .max(PASSWORD_MAX_CHARS, `must be at most ${PASSWORD_MAX_CHARS} characters long`)
  .refine((p) => passwordLength(p) >= PASSWORD_MIN_CHARS, {
    message: `must be at least ${PASSWORD_MIN_CHARS} characters long`,
  });

/** Either `{ email, password }` or `{ token }` (an API token), never both. */
export const signInBody = z
  .strictObject({
    email: z.string().trim().min(1).max(254).optional(),
    // No length rule beyond a bound on the work: a wrong length is just a wrong password.
    password: z.string().min(1).max(PASSWORD_MAX_CHARS).optional(),
    token: z.string().min(1).max(200).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.token !== undefined) {
      for (const field of ['email', 'password'] as const)
        if (b[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'send either email and password, or token',
          });
      return;
    }
    for (const field of ['email', 'password'] as const)
      if (b[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: 'required (or send token instead)' });
  });

const actorSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.enum(['admin', 'rep', 'director', 'engineer', 'agent']),
  engineerId: z.uuid().nullable(),
  agentId: z.uuid().nullable(),
});

export interface AuthRouteDeps {
  sessions: SessionService;
  /** Mark the session cookie Secure (PUBLIC_BASE_URL is https). */
  secureCookies: boolean;
}

function noStore(res: Response): void {
  // Sign-in answers carry the CSRF token: never keep them in any cache.
  res.setHeader('Cache-Control', 'no-store');
}

function meta(req: Request) {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
}

/** Sign-in, sign-out, the current session and admin-set passwords. */
export function authRoutes(api: Api, { sessions, secureCookies: secure }: AuthRouteDeps): void {
  api.route(
    {
      method: 'post',
      path: SIGN_IN_PATH,
      summary:
        'Sign in with email and password, or an API token; sets the HttpOnly session cookie and returns the CSRF token',
      tag: 'Access',
      access: 'public',
      body: signInBody,
      status: 200,
      response: z.object({
        user: actorSchema,
        csrfToken: z.string(),
        expiresAt: z.iso.datetime(),
        absoluteExpiresAt: z.iso.datetime(),
      }),
    },
    async ({ body, req, res }) => {
      noStore(res);
      // Too many failures → SignInThrottledError, which the error handler answers 429 + Retry-After.
      const signedIn =
        body.token !== undefined
          ? await sessions.signInWithToken(body.token, meta(req))
          : await sessions.signInWithPassword(body.email!, body.password!, meta(req));
      await beginBrowserSession(req, res, sessions, signedIn, { secure });
      return {
        user: signedIn.actor,
        csrfToken: signedIn.csrfToken,
        expiresAt: signedIn.expiresAt,
        absoluteExpiresAt: signedIn.absoluteExpiresAt,
      };
    },
  );

  api.route(
    {
      method: 'post',
      path: '/auth/sign-out',
      summary: 'Sign out: ends the session of the cookie and clears it (a bearer token is unaffected)',
      tag: 'Access',
      access: ALL_ROLES,
    },
    async ({ req, res }) => {
      noStore(res);
      const token = req.session ? readSessionCookie(req) : null;
      if (token) await sessions.signOut(token);
      clearSessionCookie(res, { secure });
      return undefined;
    },
  );

  api.route(
    {
      method: 'get',
      path: '/auth/session',
      summary: 'The signed-in user, the CSRF token for unsafe requests and when the session ends',
      tag: 'Access',
      access: ALL_ROLES,
      response: z.object({
        actor: actorSchema,
        via: z.enum(['session', 'bearer']),
        csrfToken: z.string().nullable(),
        expiresAt: z.iso.datetime().nullable(),
        absoluteExpiresAt: z.iso.datetime().nullable(),
      }),
    },
    ({ actor, req, res }) => {
      noStore(res);
      if (!actor) throw new UnauthorizedError('not signed in');
      // A bearer-token caller has no session: nothing expires and no CSRF token is needed.
      return {
        actor,
        via: req.session ? 'session' : 'bearer',
        csrfToken: req.session?.csrfToken ?? null,
        expiresAt: req.session?.expiresAt ?? null,
        absoluteExpiresAt: req.session?.absoluteExpiresAt ?? null,
      };
    },
  );

  api.route(
    {
      method: 'put',
      path: '/users/:id/password',
      summary: "Set a user's password (12–200 characters); ends that user's other sessions",
      tag: 'Access',
      access: ['admin'],
      params: idParam,
      body: z.strictObject({ password: passwordSchema }),
    },
    async ({ actor, params, body, req }) => {
      await sessions.setPassword(actor!, params.id, body.password, {
        keepSessionId: req.session?.id ?? null,
      });
      return undefined;
    },
  );
}
