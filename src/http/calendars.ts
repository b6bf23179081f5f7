import { z } from 'zod';
import type { AppDeps } from '../app';
import { NotFoundError } from '../domain/errors';
import { CalendarFeedService } from '../services/calendar-feeds';
import { CalendarService } from '../services/calendar-publish';
import { ALL_ROLES, type Api } from './routes';
import { idParam, uuid } from './schemas';

export const createFeedSchema = z.strictObject({
  scope: z.enum(['engineer', 'agent', 'customer', 'team']),
  scopeId: uuid.nullable().optional(),
  label: z.string().trim().max(100).default(''),
});

const googleQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Cache lifetime of a rendered feed, in seconds. */
const FEED_MAX_AGE = 300;

/** Calendar routes: feed tokens, the public iCal feeds, and the Google Calendar push. */
export function calendarRoutes(api: Api, deps: AppDeps): void {
  const calendars = new CalendarService(deps.db, deps.config, deps.logger, deps.jobs ?? null);
  const feeds = new CalendarFeedService(deps.db, deps.config, calendars);

  api.route(
    {
      method: 'post',
      path: '/calendar-feeds',
      summary: 'Create an iCal feed URL (the token is shown once)',
      tag: 'Calendars',
      access: ALL_ROLES,
      body: createFeedSchema,
    },
    ({ actor, body }) => feeds.create(actor!, body),
  );
  api.route(
    {
      method: 'get',
      path: '/calendar-feeds',
      summary: 'List iCal feeds (admins: all; others: their own)',
      tag: 'Calendars',
      access: ALL_ROLES,
    },
    ({ actor }) => feeds.list(actor!),
  );
  api.route(
    {
      method: 'delete',
      path: '/calendar-feeds/:id',
      summary: 'Revoke an iCal feed',
      tag: 'Calendars',
      access: ALL_ROLES,
      params: idParam,
    },
    async ({ actor, params }) => {
      await feeds.revoke(actor!, params.id);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/feeds/:token.ics',
      summary: 'An iCal feed (RFC 5545); the token in the URL is the credential',
      tag: 'Calendars',
      access: 'public',
      params: z.strictObject({ token: z.string().max(200) }),
      produces: ['text/calendar'],
    },
    async ({ params, req, res }) => {
      const feed = await feeds.render(params.token);
      // Malformed, unknown and revoked tokens answer alike.
      if (!feed) throw new NotFoundError('no such calendar feed');
      res.setHeader('ETag', feed.etag);
      res.setHeader('Last-Modified', feed.lastModified.toUTCString());
      res.setHeader('Cache-Control', `private, max-age=${FEED_MAX_AGE}`);
      if (etagMatches(req.headers['if-none-match'], feed.etag)) {
        res.status(304).end();
        return undefined;
      }
      res.status(200).type('text/calendar; charset=utf-8').send(feed.body);
      return undefined;
    },
  );
  // Both pushes bring every engineer's and agent's calendar up to date with everything published
  // (see CalendarService.requestGooglePublish); they differ in the source they check and audit.
  for (const kind of ['plan', 'roster'] as const) {
    api.route(
      {
        method: 'post',
        path: `/${kind}s/:id/publish/google`,
        summary:
          kind === 'plan'
            ? "Push a published plan to engineers' Google calendars, with every other calendar's current events (dryRun=true: report only)"
            : "Push a published roster to agents' Google calendars, with every other calendar's current events (dryRun=true: report only)",
        tag: 'Calendars',
        access: ['admin', 'rep'],
        params: idParam,
        query: googleQuery,
        status: 202,
      },
      async ({ actor, params, query, res }) => {
        const result = await calendars.requestGooglePublish(actor!, { kind, id: params.id }, query.dryRun);
        if (!query.dryRun) return result;
        // A dry run changes nothing: 200 with the report rather than 202.
        res.status(200).json(result);
        return undefined;
      },
    );
  }
}

/** If-None-Match against our ETag (weak comparison, as RFC 9110 asks for GET). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
