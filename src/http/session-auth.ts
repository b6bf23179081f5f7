import { urlencoded, type NextFunction, type Request, type Response } from 'express';
import { sameSecret } from '../domain/secrets';
import type { SessionService, SignedIn } from '../services/sessions';
import { sendProblem } from './problem';

/** The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the service is served over https. */
export const SESSION_COOKIE = 'rota_session';
/** Where a cookie-authenticated unsafe request carries the session's CSRF token… */
export const CSRF_HEADER = 'X-CSRF-Token';
/** …or, in an `application/x-www-form-urlencoded` body, this field. */
export const CSRF_FIELD = '_csrf';
/** Signing in never uses the session the browser may already have (it replaces it). */
export const SIGN_IN_PATH = '/auth/sign-in';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_TOKEN = /^sess_[A-Za-z0-9_-]{43}$/;

export interface CookieOptions {
  /** Mark the cookie Secure (the service's public URL is https). */
  secure: boolean;
}

/** True when cookies must be Secure: the public base URL is https. */
export function secureCookies(publicBaseUrl: string): boolean {
  return new URL(publicBaseUrl).protocol === 'https:';
}

/**
 * Every value of the named cookie in a Cookie header, in the order sent (RFC 6265 §5.4: more
 * specific paths first). Malformed pairs and undecodable values are skipped, never thrown on.
 */
export function readCookies(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      values.push(decodeURIComponent(value));
    } catch {
      // A stray % sequence: not a cookie we issued.
    }
  }
  return values;
}

/**
 * The session secret the request's cookie holds, or null. With several `rota_session` cookies
 * (say a stale one for another domain), the first that has the shape of one of ours is taken.
 */
export function readSessionCookie(req: Request): string | null {
  return readCookies(req.headers.cookie, SESSION_COOKIE).find((v) => SESSION_TOKEN.test(v)) ?? null;
}

export function setSessionCookie(
  res: Response,
  token: string,
  options: CookieOptions & { maxAgeMs: number },
): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: options.secure,
    maxAge: options.maxAgeMs,
  });
}

/**
 * Gives the browser its new session: the one its cookie held ends (one browser, one session, never
 * two signed in as different people) and the cookie now carries the new one.
 */
export async function beginBrowserSession(
  req: Request,
  res: Response,
  sessions: SessionService,
  signedIn: SignedIn,
  options: CookieOptions,
): Promise<void> {
  const previous = readSessionCookie(req);
  if (previous) await sessions.signOut(previous, 'replaced');
  setSessionCookie(res, signedIn.sessionToken, { ...options, maxAgeMs: sessions.absoluteLifetimeMs });
}

export function clearSessionCookie(res: Response, options: CookieOptions): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure });
}

function refuse(res: Response): void {
  sendProblem(
    res,
    403,
    'csrf_failed',
    `a request signed in by cookie must carry the session's CSRF token in the ${CSRF_HEADER} header or a ${CSRF_FIELD} form field`,
    [{ path: `header.${CSRF_HEADER}`, message: 'missing or wrong CSRF token' }],
  );
}

export interface SessionAuthOptions extends CookieOptions {
  /** Largest form body read to find the CSRF field (as express.json's limit). */
  bodyLimit: string;
}

/**
 * Authenticates by the session cookie when the request has no Authorization header (bearer
 * tokens keep priority and need no CSRF token: a browser never adds them cross-site). A missing,
 * unknown or expired cookie leaves the request anonymous and clears the cookie; routes then answer
 * 401. Unsafe methods must prove they come from our pages with the session's CSRF token.
 */
export function sessionAuth(sessions: SessionService, options: SessionAuthOptions) {
  // Form posts are parsed here, before any router, so the CSRF field can be checked; later
  // body parsers see the body as read and leave req.body as it is.
  const parseForm = urlencoded({ extended: false, limit: options.bodyLimit, parameterLimit: 1000 });
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.headers.authorization !== undefined || req.actor) return next();
    const token = readSessionCookie(req);
    if (!token || (req.method === 'POST' && req.path === SIGN_IN_PATH)) return next();
    try {
      const session = await sessions.resolve(token);
      if (!session) {
        clearSessionCookie(res, options);
        return next();
      }
      req.actor = session.actor;
      req.session = {
        id: session.sessionId,
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
        absoluteExpiresAt: session.absoluteExpiresAt,
      };
      // Answers depend on who the cookie says is asking: no shared cache may reuse them.
      res.vary('Cookie');
      if (SAFE_METHODS.has(req.method)) return next();
      const header = req.get(CSRF_HEADER);
      if (header !== undefined) return sameSecret(header, session.csrfToken) ? next() : refuse(res);
      if (!req.is('application/x-www-form-urlencoded')) return refuse(res);
      parseForm(req, res, (err?: unknown) => {
        if (err) return next(err);
        const body = req.body as Record<string, unknown> | undefined;
        const given = body?.[CSRF_FIELD];
        if (!body || typeof given !== 'string' || !sameSecret(given, session.csrfToken)) return refuse(res);
        // The token has done its job; handlers and strict schemas never see it.
        delete body[CSRF_FIELD];
        next();
      });
    } catch (err) {
      next(err);
    }
  };
}
