import { createPublicKey, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A fake Google Calendar v3 API and OAuth token endpoint on loopback (port 0), for publisher tests.
 *
 * Calendar: `/calendar/v3/calendars/:calendarId/events[/:eventId]` with insert (POST), get, list,
 * update (PUT), patch and delete. Like Google it keeps deleted events as `cancelled` tombstones:
 * inserting their id again is a 409, deleting again a 410, and an update restores them (or, with
 * `reviveDeleted: false`, is refused with 403).
 * Token: `POST /token` for the JWT bearer grant (service account; the assertion's signature is
 * checked when a public key is configured) and the refresh_token grant.
 */
export interface FakeGoogleCalendar {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Pass as the publisher's `rootUrl`. */
  readonly rootUrl: string;
  /** Pass as the publisher's `tokenUrl`. */
  readonly tokenUrl: string;
  /** Every request, in arrival order (token requests included, see {@link apiCalls}). */
  readonly calls: RecordedCall[];
  /** Calendar API requests only (no token requests). */
  apiCalls(): RecordedCall[];
  /** Live (non-deleted) events of a calendar, sorted by id. */
  events(calendarId: string): FakeEvent[];
  /** All events including deleted tombstones, sorted by id. */
  allEvents(calendarId: string): FakeEvent[];
  /** Faults for the next API calls, consumed one per call in order. */
  injectFaults(...faults: Fault[]): void;
  /** Forgets recorded calls (state stays). */
  clearCalls(): void;
  /** Access tokens issued so far. */
  readonly issuedTokens: string[];
  /** Most API requests ever in flight at once (meaningful with `latencyMs`). */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** One recorded request. */
export interface RecordedCall {
  method: string;
  path: string;
  kind: 'token' | 'insert' | 'get' | 'list' | 'update' | 'patch' | 'delete' | 'other';
  calendarId?: string;
  eventId?: string;
  status: number;
  body?: unknown;
  /** Set when an injected fault answered. */
  fault?: boolean;
}

/** An event as the fake stores it (the Calendar v3 resource, loosely typed). */
export interface FakeEvent {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string;
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  sequence: number;
  etag: string;
  [key: string]: unknown;
}

/**
 * An injected answer for one API call. `afterApply` makes the fake apply the request first and
 * then answer with the fault (Google sometimes does: the insert landed, the response was a 503).
 */
export type Fault =
  | { status: 429 | 500 | 502 | 503; afterApply?: boolean; retryAfterSeconds?: number }
  | { status: 403; reason: 'rateLimitExceeded' | 'userRateLimitExceeded' | 'forbidden' | 'quotaExceeded' }
  | { status: 400; reason?: string };

/** Options of the fake. */
export interface FakeGoogleCalendarOptions {
  /** PEM or KeyObject: verify service-account assertions against it. */
  servicePublicKey?: string | KeyObject;
  /** Accepted refresh tokens; any when omitted. */
  refreshTokens?: string[];
  /** Delay before each API answer, so concurrent calls overlap. */
  latencyMs?: number;
  /**
   * Whether an update revives a deleted event (default true). Google has been seen to refuse with
   * 403 for events deleted in its UI; false models that.
   */
  reviveDeleted?: boolean;
}

const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/;

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeGoogleCalendar(
  options: FakeGoogleCalendarOptions = {},
): Promise<FakeGoogleCalendar> {
  const calendars = new Map<string, Map<string, FakeEvent>>();
  const calls: RecordedCall[] = [];
  const faults: Fault[] = [];
  const issuedTokens: string[] = [];
  const publicKey =
    options.servicePublicKey === undefined
      ? undefined
      : typeof options.servicePublicKey === 'string'
        ? createPublicKey(options.servicePublicKey)
        : options.servicePublicKey;
  let etagCounter = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const calendar = (id: string): Map<string, FakeEvent> => {
    let events = calendars.get(id);
    if (!events) {
      events = new Map();
      calendars.set(id, events);
    }
    return events;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: { code: 500, message: String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const body = parseBody(raw, req.headers['content-type']);
    const record: RecordedCall = { method, path: url.pathname, kind: 'other', status: 0 };
    if (body !== undefined) record.body = body;
    calls.push(record);
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      send(res, status, payload, headers);
    };

    if (url.pathname === '/token' && method === 'POST') {
      record.kind = 'token';
      const form = (body ?? {}) as Record<string, string>;
      if (form['grant_type'] === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const problem = checkAssertion(form['assertion'], publicKey);
        if (problem) return reply(400, { error: 'invalid_grant', error_description: problem });
      } else if (form['grant_type'] === 'refresh_token') {
        if (
          !form['refresh_token'] ||
          (options.refreshTokens && !options.refreshTokens.includes(form['refresh_token']))
        ) {
          return reply(400, { error: 'invalid_grant', error_description: 'Bad refresh token' });
        }
      } else {
        return reply(400, { error: 'unsupported_grant_type' });
      }
      const token = `fake-${randomBytes(12).toString('hex')}`;
      issuedTokens.push(token);
      return reply(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
    }

    const match = EVENTS_PATH.exec(url.pathname);
    if (!match) return reply(404, googleError(404, 'Not Found', 'notFound'));
    const calendarId = decodeURIComponent(match[1] ?? '');
    const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    record.calendarId = calendarId;
    if (eventId !== undefined) record.eventId = eventId;
    record.kind =
      eventId === undefined
        ? method === 'POST'
          ? 'insert'
          : method === 'GET'
            ? 'list'
            : 'other'
        : method === 'GET'
          ? 'get'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : method === 'DELETE'
                ? 'delete'
                : 'other';

    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!bearer || !issuedTokens.includes(bearer)) {
      return reply(401, googleError(401, 'Request had invalid authentication credentials.', 'authError'));
    }

    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return answer(url, body, record, reply, calendarId, eventId);
    } finally {
      inFlight -= 1;
    }
  }

  function answer(
    url: URL,
    body: unknown,
    record: RecordedCall,
    reply: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
    calendarId: string,
    eventId: string | undefined,
  ): void {
    const fault = faults.shift();
    if (fault && !('afterApply' in fault && fault.afterApply)) {
      record.fault = true;
      return replyFault(fault, reply);
    }

    const events = calendar(calendarId);
    const respond = fault
      ? (_status: number, _payload?: unknown) => {
          record.fault = true;
          replyFault(fault, reply);
        }
      : reply;

    switch (record.kind) {
      case 'insert': {
        const input = (body ?? {}) as Record<string, unknown>;
        const id =
          typeof input['id'] === 'string'
            ? input['id']
            : randomBytes(16).toString('hex').replace(/[w-z]/g, 'a');
        if (!EVENT_ID.test(id))
          return respond(400, googleError(400, 'Invalid resource id value.', 'invalid'));
        const invalid = validateEvent(input);
        if (invalid) return respond(400, googleError(400, invalid, 'required'));
        if (events.has(id))
          return respond(409, googleError(409, 'The requested identifier already exists.', 'duplicate'));
        const event = stored({ ...input, id }, 0);
        events.set(id, event);
        return respond(200, event);
      }
      case 'list': {
        const showDeleted = url.searchParams.get('showDeleted') === 'true';
        const filters = url.searchParams.getAll('privateExtendedProperty').map((f) => f.split('=', 2));
        const max = Number(url.searchParams.get('maxResults') ?? '250');
        const offset = Number(url.searchParams.get('pageToken') ?? '0');
        const all = [...events.values()]
          .filter((e) => showDeleted || e.status !== 'cancelled')
          .filter((e) =>
            filters.every(([k, v]) => k !== undefined && e.extendedProperties?.private?.[k] === v),
          )
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        const page = all.slice(offset, offset + max);
        const payload: Record<string, unknown> = { kind: 'calendar#events', items: page };
        if (offset + max < all.length) payload['nextPageToken'] = String(offset + max);
        return respond(200, payload);
      }
      case 'get': {
        const event = events.get(eventId as string);
        if (!event) return respond(404, googleError(404, 'Not Found', 'notFound'));
        return respond(200, event);
      }
      case 'update':
      case 'patch': {
        const existing = events.get(eventId as string);
        if (!existing) return respond(404, googleError(404, 'Not Found', 'notFound'));
        if (existing.status === 'cancelled' && options.reviveDeleted === false) {
          return respond(403, googleError(403, 'Forbidden', 'forbidden'));
        }
        const input = (body ?? {}) as Record<string, unknown>;
        if (typeof input['id'] === 'string' && input['id'] !== eventId) {
          return respond(400, googleError(400, 'Event id mismatch.', 'invalid'));
        }
        const merged =
          record.kind === 'patch' ? { ...existing, ...input, id: eventId } : { ...input, id: eventId };
        const invalid = validateEvent(merged);
        if (invalid) return respond(400, googleError(400, invalid, 'required'));
        const event = stored(merged, existing.sequence + 1);
        // Google restores a deleted event when it is updated; without a status it is confirmed.
        if (record.kind === 'update' && input['status'] === undefined) event.status = 'confirmed';
        if (record.kind === 'patch' && existing.status === 'cancelled' && input['status'] === undefined) {
          event.status = 'cancelled';
        }
        events.set(eventId as string, event);
        return respond(200, event);
      }
      case 'delete': {
        const existing = events.get(eventId as string);
        if (!existing) return respond(404, googleError(404, 'Not Found', 'notFound'));
        if (existing.status === 'cancelled')
          return respond(410, googleError(410, 'Resource has been deleted', 'deleted'));
        events.set(eventId as string, { ...existing, status: 'cancelled', etag: nextEtag() });
        return respond(204);
      }
      default:
        return respond(405, googleError(405, 'Method not allowed', 'methodNotAllowed'));
    }
  }

  function nextEtag(): string {
    etagCounter += 1;
    return `"${etagCounter}"`;
  }

  function stored(input: Record<string, unknown>, sequence: number): FakeEvent {
    const status = input['status'];
    return {
      ...input,
      id: input['id'] as string,
      status: status === 'tentative' || status === 'cancelled' ? status : 'confirmed',
      start: input['start'] as FakeEvent['start'],
      end: input['end'] as FakeEvent['end'],
      kind: 'calendar#event',
      sequence,
      etag: nextEtag(),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const sorted = (events: Iterable<FakeEvent>) =>
    [...events].map((e) => structuredClone(e)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return {
    url: base,
    rootUrl: `${base}/`,
    tokenUrl: `${base}/token`,
    calls,
    issuedTokens,
    maxInFlight: () => maxInFlight,
    apiCalls: () => calls.filter((c) => c.kind !== 'token'),
    events: (calendarId) =>
      sorted([...calendar(calendarId).values()].filter((e) => e.status !== 'cancelled')),
    allEvents: (calendarId) => sorted(calendar(calendarId).values()),
    injectFaults: (...more) => {
      faults.push(...more);
    },
    clearCalls: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function replyFault(
  fault: Fault,
  reply: (status: number, payload?: unknown, headers?: Record<string, string>) => void,
): void {
  if (fault.status === 403) {
    const message = fault.reason === 'forbidden' ? 'Forbidden' : 'Rate Limit Exceeded';
    const domain = fault.reason === 'forbidden' ? 'global' : 'usageLimits';
    return reply(403, googleError(403, message, fault.reason, domain));
  }
  if (fault.status === 400) return reply(400, googleError(400, 'Bad Request', fault.reason ?? 'badRequest'));
  const headers: Record<string, string> = {};
  if ('retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  }
  if (fault.status === 429)
    return reply(429, googleError(429, 'Too Many Requests', 'rateLimitExceeded'), headers);
  return reply(fault.status, googleError(fault.status, 'Backend Error', 'backendError'), headers);
}

/** Google's JSON error envelope. */
function googleError(code: number, message: string, reason: string, domain = 'global'): unknown {
  return { error: { code, message, errors: [{ domain, reason, message }] } };
}

/** The problem with an event body, or undefined when it has what Google requires. */
function validateEvent(input: Record<string, unknown>): string | undefined {
  for (const key of ['start', 'end'] as const) {
    const value = input[key] as { dateTime?: unknown; date?: unknown; timeZone?: unknown } | undefined;
    if (!value || typeof value !== 'object') return `Missing ${key} time.`;
    if (typeof value.dateTime === 'string') {
      const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value.dateTime);
      const offset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value.dateTime);
      if (!local && !offset) return `Invalid ${key}.dateTime.`;
      if (local && typeof value.timeZone !== 'string') return `Missing time zone definition for ${key} time.`;
    } else if (typeof value.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.date)) {
      return `Missing ${key} time.`;
    }
  }
  return undefined;
}

function checkAssertion(assertion: string | undefined, publicKey: KeyObject | undefined): string | undefined {
  if (!assertion) return 'assertion missing';
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'assertion is not a JWT';
  const [header, claims, signature] = parts as [string, string, string];
  let payload: Record<string, unknown>;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (head['alg'] !== 'RS256') return 'alg must be RS256';
    payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'assertion is not valid JSON';
  }
  for (const claim of ['iss', 'scope', 'aud', 'iat', 'exp']) {
    if (payload[claim] === undefined) return `claim ${claim} missing`;
  }
  if (publicKey) {
    const ok = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    if (!ok) return 'Invalid JWT Signature.';
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function send(
  res: ServerResponse,
  status: number,
  payload?: unknown,
  headers: Record<string, string> = {},
): void {
  if (payload === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(payload));
}

/** A fake Google Calendar plus a service-account key file it trusts, and the env to reach both. */
export interface FakeGoogleSetup {
  readonly fake: FakeGoogleCalendar;
  /** Folder holding the key file (tests may write broken key files next to it). */
  readonly dir: string;
  /** `GOOGLE_*` settings pointing Rota at the fake with the service account. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the fake with a fresh RSA service account; `subject` is the impersonated user, if any. */
export async function startFakeGoogleWithServiceAccount(subject?: string): Promise<FakeGoogleSetup> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fake = await startFakeGoogleCalendar({ servicePublicKey: keys.publicKey });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-google-'));
  const keyFile = path.join(dir, 'key.json');
  fs.writeFileSync(
    keyFile,
    JSON.stringify({
      type: 'service_account',
      client_email: 'rota@proj.iam.gserviceaccount.com',
      private_key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }),
  );
  return {
    fake,
    dir,
    env: {
      GOOGLE_CREDENTIALS_FILE: keyFile,
      ...(subject ? { GOOGLE_SUBJECT: subject } : {}),
      GOOGLE_API_ROOT_URL: fake.rootUrl,
      GOOGLE_TOKEN_URL: fake.tokenUrl,
    },
    async close() {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
