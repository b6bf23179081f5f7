import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../../app';
import { DomainValidationError, NotFoundError, UnauthorizedError } from '../../domain/errors';
import { SignInThrottledError } from '../../services/sessions';
import { beginBrowserSession, clearSessionCookie, readSessionCookie, secureCookies } from '../session-auth';
import type { Api } from '../routes';
import type { PageContext, PageResult } from './context';
import { html } from './html';
import { HOME, layout, mayOpen, PAGES, type PageKey } from './layout';
import { coveragePage } from './pages/coverage';
import { dashboardPage } from './pages/dashboard';
import { mySchedulePage } from './pages/my-schedule';
import { myShiftsPage } from './pages/my-shifts';
import { planBoardPage } from './pages/plan-board';
import { reviewPage } from './pages/review';
import { signInBody } from './pages/sign-in';

const HANDLERS: Record<PageKey, (ctx: PageContext) => Promise<PageResult>> = {
  plan: planBoardPage,
  review: reviewPage,
  dashboard: dashboardPage,
  coverage: coveragePage,
  schedule: mySchedulePage,
  shifts: myShiftsPage,
};

function csrfOf(req: Request): string | null {
  return req.session?.csrfToken ?? null;
}

function sendPage(res: Response, status: number, page: Parameters<typeof layout>[0]): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(layout(page));
}

/** Only same-site paths under /ui may be a post-sign-in destination (no open redirects). */
export function safeNext(next: unknown): string | null {
  return typeof next === 'string' && /^\/ui(\/[\w\-./?=&%]*)?$/.test(next) && !next.includes('//')
    ? next
    : null;
}

/**
 * The web UI: server-rendered pages over the same services as the API (so the numbers agree),
 * with small scripts for the interactive parts. Mounted on the API's router, outside OpenAPI.
 */
export function uiRoutes(api: Api, deps: AppDeps): void {
  const router = api.router;
  const now = deps.now ?? (() => new Date());
  router.use('/ui/assets', express.static(path.join(__dirname, 'assets'), { index: false, maxAge: '1h' }));
  router.get('/', (_req, res) => res.redirect(303, '/ui'));
  router.get('/favicon.ico', (_req, res) => res.status(204).end());
  router.get('/ui', (req, res) => {
    if (!req.actor) return res.redirect(303, '/ui/sign-in');
    res.redirect(303, PAGES[HOME[req.actor.role]].path);
  });

  const sessions = deps.sessions;
  if (!sessions) throw new Error('the web UI needs the session service (createApp provides it)');
  const secure = secureCookies(deps.config.PUBLIC_BASE_URL);
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  router.get('/ui/sign-in', (req, res) => {
    sendPage(res, 200, {
      title: 'Sign in',
      actor: null,
      body: signInBody({ next: safeNext(req.query['next']), csrfToken: csrfOf(req) }),
    });
  });
  router.post('/ui/sign-in', form, async (req: Request, res: Response, next: NextFunction) => {
    // Login CSRF: an anonymous form post has no token yet, so accept it only from our own pages.
    // Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin.
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ours = [new URL(deps.config.PUBLIC_BASE_URL).origin, `${req.protocol}://${req.get('host')}`];
    const foreign = site
      ? !['same-origin', 'none'].includes(site)
      : origin !== undefined && origin !== 'null' && !ours.includes(origin);
    if (foreign) {
      return sendPage(res, 403, {
        title: 'Sign in',
        actor: null,
        body: signInBody({ next: null, error: 'Not signed in: the form was sent from another site.' }),
      });
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const nextPath = safeNext(body['next']);
    const meta = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    try {
      const token = text('token').trim();
      const signed = token
        ? await sessions.signInWithToken(token, meta)
        : await sessions.signInWithPassword(text('email'), text('password'), meta);
      await beginBrowserSession(req, res, sessions, signed, { secure });
      res.redirect(303, nextPath ?? PAGES[HOME[signed.actor.role]].path);
    } catch (err) {
      if (err instanceof UnauthorizedError || err instanceof SignInThrottledError) {
        if (err instanceof SignInThrottledError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
        return sendPage(res, err instanceof SignInThrottledError ? 429 : 401, {
          title: 'Sign in',
          actor: null,
          body: signInBody({ next: nextPath, error: `Not signed in: ${err.message}.`, email: text('email') }),
        });
      }
      next(err);
    }
  });
  router.post('/ui/sign-out', form, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = readSessionCookie(req);
      if (token) await sessions.signOut(token);
      clearSessionCookie(res, { secure });
      res.redirect(303, '/ui/sign-in');
    } catch (err) {
      next(err);
    }
  });

  for (const key of Object.keys(PAGES) as PageKey[]) {
    const page = PAGES[key];
    router.get(page.path, async (req: Request, res: Response, next: NextFunction) => {
      const actor = req.actor;
      if (!actor) return res.redirect(303, `/ui/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      if (!mayOpen(actor.role, key)) {
        return sendPage(res, 403, {
          title: 'Not your page',
          actor,
          csrfToken: csrfOf(req),
          body: html`<p class="error" id="forbidden">
              The ${page.title} page is for ${page.roles.join(', ')}; you are signed in as ${actor.role}.
            </p>
            <p><a href="${PAGES[HOME[actor.role]].path}">Go to your ${PAGES[HOME[actor.role]].title}</a></p>`,
        });
      }
      try {
        const query = Object.fromEntries(
          Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]),
        );
        const result = await HANDLERS[key]({
          db: deps.db,
          actor,
          query,
          params: req.params as Record<string, string>,
          now,
          logger: deps.logger,
        });
        sendPage(res, 200, { ...result, actor, csrfToken: csrfOf(req), current: key });
      } catch (err) {
        if (err instanceof DomainValidationError || err instanceof NotFoundError) {
          const status = err instanceof NotFoundError ? 404 : 422;
          return sendPage(res, status, {
            title: page.title,
            actor,
            csrfToken: csrfOf(req),
            current: key,
            body: html`<p class="error" role="alert">${err.message}</p>
              <ul>
                ${err.issues.map((i) => html`<li><code>${i.path}</code>: ${i.message}</li>`)}
              </ul>
              <p><a href="${page.path}">Back to ${page.title}</a></p>`,
          });
        }
        next(err);
      }
    });
  }
}
