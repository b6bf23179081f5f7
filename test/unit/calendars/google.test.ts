import { generateKeyPairSync } from 'node:crypto';
import {
  createGoogleCalendarPublisher,
  eventsForPerson,
  eventsFromPlan,
  googleEventId,
  GooglePublishError,
  InMemoryPushStateStore,
  serviceAccountCredentials,
  type CalendarEvent,
  type GoogleCredentials,
  type GooglePublisherOptions,
  type PushRecord,
  type PushStateStore,
} from '../../../calendars';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../../helpers/fake-google-calendar';
import { planFixture } from './fixtures';

const CAL = 'ana@example.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const serviceAccount = serviceAccountCredentials(
  JSON.stringify({
    type: 'service_account',
    client_email: 'rota@proj.iam.gserviceaccount.com',
    private_key: privatePem,
  }),
  'ana@example.com',
);

let fake: FakeGoogleCalendar;
let sleeps: number[];

beforeEach(async () => {
  fake = await startFakeGoogleCalendar({ servicePublicKey: keys.publicKey });
  sleeps = [];
});

afterEach(async () => {
  await fake.close();
});

function publisherFor(store: PushStateStore, extra: Partial<GooglePublisherOptions> = {}) {
  return createGoogleCalendarPublisher({
    credentials: serviceAccount,
    store,
    now: () => new Date(),
    rootUrl: fake.rootUrl,
    tokenUrl: fake.tokenUrl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
}

function anaEvents(): CalendarEvent[] {
  return eventsForPerson(eventsFromPlan(planFixture()), 'eng-ana');
}

const MOVED = 'block:eng-ana:item-42:2026-03-31:1';
const REMOVED = 'block:eng-ana:item-7:2026-04-03:1';

/** What a calendar user would see: the live events' content. */
function visible(calendarId = CAL) {
  return fake.events(calendarId).map((e) => ({
    id: e.id,
    summary: e.summary,
    description: e.description,
    start: e.start,
    end: e.end,
    status: e.status,
    rotaId: e.extendedProperties?.private?.['rotaId'],
  }));
}

/** The end state of a clean publish of `events` into a fresh calendar. */
async function cleanState(events: CalendarEvent[]) {
  const other = await startFakeGoogleCalendar();
  const before = fake;
  fake = other;
  try {
    await publisherFor(new InMemoryPushStateStore()).publish(CAL, events);
    return visible();
  } finally {
    fake = before;
    await other.close();
  }
}

/** No duplicates, no orphans: the store and the live events describe the same set. */
async function expectConsistent(store: PushStateStore, events: CalendarEvent[]) {
  const records = await store.list(CAL);
  const live = fake.events(CAL);
  expect(records.map((r) => r.eventId).sort()).toEqual(live.map((e) => e.id).sort());
  expect(live.map((e) => e.extendedProperties?.private?.['rotaId']).sort()).toEqual(
    events.map((e) => e.id).sort(),
  );
  expect(fake.allEvents(CAL).filter((e) => e.status !== 'cancelled')).toHaveLength(events.length);
}

describe('googleEventId', () => {
  it('is base32hex within Google’s limits, deterministic and distinct', () => {
    const ids = anaEvents().map((e) => googleEventId(e.id));
    for (const id of ids) expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(googleEventId('block:x')).toBe(googleEventId('block:x'));
  });
});

describe('GoogleCalendarPublisher against the fake Calendar API', () => {
  it('clean publish: one insert per event, with local times, zone and our id', async () => {
    const store = new InMemoryPushStateStore();
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(summary).toMatchObject({
      created: 20,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      retries: 0,
      failed: [],
    });
    expect(fake.apiCalls().filter((c) => c.kind === 'insert')).toHaveLength(20);
    expect(fake.apiCalls()).toHaveLength(20);
    await expectConsistent(store, anaEvents());
    const first = fake.events(CAL).find((e) => e.id === googleEventId('block:eng-ana:item-42:2026-03-23:1'));
    expect(first).toMatchObject({
      summary: 'Acme: Migrate billing to Postgres 16',
      start: { dateTime: '2026-03-23T09:30:00', timeZone: 'Europe/London' },
      end: { dateTime: '2026-03-23T12:30:00', timeZone: 'Europe/London' },
      extendedProperties: { private: { rotaId: 'block:eng-ana:item-42:2026-03-23:1' } },
      status: 'confirmed',
    });
    expect(fake.calls.filter((c) => c.kind === 'token')).toHaveLength(1);
  });

  it('events across the clock change keep their local time and zone', async () => {
    await publisherFor(new InMemoryPushStateStore()).publish(CAL, anaEvents());
    const start = (rotaId: string) => fake.events(CAL).find((e) => e.id === googleEventId(rotaId))?.start;
    expect(start('block:eng-ana:item-42:2026-03-27:1')).toEqual({
      dateTime: '2026-03-27T09:30:00',
      timeZone: 'Europe/London',
    });
    expect(start('block:eng-ana:item-42:2026-03-30:1')).toEqual({
      dateTime: '2026-03-30T09:30:00',
      timeZone: 'Europe/London',
    });
  });

  it('republishing unchanged events makes zero API calls', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    fake.clearCalls();
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(fake.calls).toEqual([]);
    expect(summary).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 20 });
  });

  it('a moved block is exactly one update', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    fake.clearCalls();
    const moved = anaEvents().map((e) =>
      e.id === MOVED ? { ...e, start: '2026-03-31T10:00', end: '2026-03-31T13:00' } : e,
    );
    const summary = await publisherFor(store).publish(CAL, moved);
    expect(summary).toMatchObject({ created: 0, updated: 1, deleted: 0, unchanged: 19 });
    expect(fake.apiCalls().map((c) => [c.kind, c.eventId])).toEqual([['update', googleEventId(MOVED)]]);
    expect(fake.events(CAL).find((e) => e.id === googleEventId(MOVED))?.start.dateTime).toBe(
      '2026-03-31T10:00:00',
    );
    expect(visible()).toEqual(await cleanState(moved));
  });

  it('a removed block is exactly one delete', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    fake.clearCalls();
    const fewer = anaEvents().filter((e) => e.id !== REMOVED);
    const summary = await publisherFor(store).publish(CAL, fewer);
    expect(summary).toMatchObject({ created: 0, updated: 0, deleted: 1, unchanged: 19 });
    expect(fake.apiCalls().map((c) => [c.kind, c.eventId])).toEqual([['delete', googleEventId(REMOVED)]]);
    await expectConsistent(store, fewer);
  });

  it('an event given as cancelled is deleted', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    const withCancel = anaEvents().map((e) =>
      e.id === REMOVED ? { ...e, status: 'cancelled' as const } : e,
    );
    const summary = await publisherFor(store).publish(CAL, withCancel);
    expect(summary.deleted).toBe(1);
  });

  it('a block re-added after its delete is restored (insert 409 on the tombstone, then update)', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    await publisherFor(store).publish(
      CAL,
      anaEvents().filter((e) => e.id !== REMOVED),
    );
    fake.clearCalls();
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(fake.apiCalls().map((c) => [c.kind, c.status])).toEqual([
      ['insert', 409],
      ['update', 200],
    ]);
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    await expectConsistent(store, anaEvents());
  });

  it('when Google will not revive a deleted event, the next-generation id is used, also after a lost store', async () => {
    await fake.close();
    fake = await startFakeGoogleCalendar({ servicePublicKey: keys.publicKey, reviveDeleted: false });
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    await publisherFor(store).publish(
      CAL,
      anaEvents().filter((e) => e.id !== REMOVED),
    );
    fake.clearCalls();
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(
      fake.apiCalls().map((c) => [c.kind, c.status, c.eventId ?? (c.body as { id: string }).id]),
    ).toEqual([
      ['insert', 409, googleEventId(REMOVED)],
      ['update', 403, googleEventId(REMOVED)],
      ['insert', 200, googleEventId(REMOVED, 1)],
    ]);
    expect(summary).toMatchObject({ created: 1, failed: [] });
    await expectConsistent(store, anaEvents());

    const lost = new InMemoryPushStateStore();
    const rerun = await publisherFor(lost).publish(CAL, anaEvents());
    expect(rerun).toMatchObject({ created: 0, updated: 20, failed: [] });
    await expectConsistent(lost, anaEvents());
  });

  it('429s, a 500, a 403 rateLimitExceeded and a lost response end in the same state as a clean publish', async () => {
    const store = new InMemoryPushStateStore();
    fake.injectFaults(
      { status: 429 },
      { status: 500 },
      { status: 403, reason: 'rateLimitExceeded' },
      { status: 429, retryAfterSeconds: 2 },
      { status: 403, reason: 'userRateLimitExceeded' },
      { status: 503, afterApply: true },
    );
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(summary.failed).toEqual([]);
    expect(summary.retries).toBe(6);
    expect(summary.created + summary.updated).toBe(20);
    expect(sleeps).toContain(2000);
    expect(visible()).toEqual(await cleanState(anaEvents()));
    await expectConsistent(store, anaEvents());
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const store = new InMemoryPushStateStore();
    const [one] = anaEvents();
    if (!one) throw new Error('fixture has events');
    fake.injectFaults({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const summary = await publisherFor(store, {
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 0.999,
    }).publish(CAL, [one]);
    expect(summary.created).toBe(1);
    expect(sleeps).toEqual([99, 199, 399, 499]);
  });

  it('gives up after maxAttempts and reports the failure, finishing the rest', async () => {
    const store = new InMemoryPushStateStore();
    fake.injectFaults({ status: 500 }, { status: 500 }, { status: 500 });
    const summary = await publisherFor(store, { maxAttempts: 3, concurrency: 1 }).publish(CAL, anaEvents());
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ operation: 'insert', status: 500 });
    expect(summary.created).toBe(19);
    const rerun = await publisherFor(store).publish(CAL, anaEvents());
    expect(rerun).toMatchObject({ created: 1, unchanged: 19, failed: [] });
    await expectConsistent(store, anaEvents());
  });

  it('does not retry a plain 403 forbidden', async () => {
    fake.injectFaults({ status: 403, reason: 'forbidden' });
    const summary = await publisherFor(new InMemoryPushStateStore(), { concurrency: 1 }).publish(
      CAL,
      anaEvents(),
    );
    expect(summary.retries).toBe(0);
    expect(summary.failed).toEqual([expect.objectContaining({ status: 403, reason: 'forbidden' })]);
  });

  it.each([1, 7, 13])(
    'stopped after %i recorded calls, a re-run finishes with no duplicates or orphans',
    async (k) => {
      const inner = new InMemoryPushStateStore();
      const controller = new AbortController();
      let writes = 0;
      const store: PushStateStore = {
        list: (id) => inner.list(id),
        remove: (id, eventId) => inner.remove(id, eventId),
        upsert: async (record: PushRecord) => {
          await inner.upsert(record);
          writes += 1;
          if (writes === k) controller.abort();
        },
      };
      await expect(
        publisherFor(store).publish(CAL, anaEvents(), { signal: controller.signal }),
      ).rejects.toThrow(GooglePublishError);
      expect((await inner.list(CAL)).length).toBeLessThan(20);
      const rerun = await publisherFor(inner).publish(CAL, anaEvents());
      expect(rerun.failed).toEqual([]);
      expect(visible()).toEqual(await cleanState(anaEvents()));
      await expectConsistent(inner, anaEvents());
    },
  );

  it('a crash between Google’s answer and the store write heals on re-run (409 → update)', async () => {
    const inner = new InMemoryPushStateStore();
    let writes = 0;
    const flaky: PushStateStore = {
      list: (id) => inner.list(id),
      remove: (id, eventId) => inner.remove(id, eventId),
      upsert: async (record) => {
        writes += 1;
        if (writes === 5) throw new Error('database went away');
        await inner.upsert(record);
      },
    };
    await expect(publisherFor(flaky, { concurrency: 1 }).publish(CAL, anaEvents())).rejects.toThrow(
      'database went away',
    );
    fake.clearCalls();
    const rerun = await publisherFor(inner).publish(CAL, anaEvents());
    expect(fake.apiCalls().filter((c) => c.status === 409)).toHaveLength(1);
    expect(rerun).toMatchObject({ updated: 1, created: 15, failed: [] });
    await expectConsistent(inner, anaEvents());
  });

  it('a removal during a crashed publish is finished on re-run (delete 410 counts as done)', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    const fewer = anaEvents().filter((e) => e.id !== REMOVED);
    const inner = store;
    const forgetful: PushStateStore = {
      list: (id) => inner.list(id),
      upsert: (record) => inner.upsert(record),
      remove: async () => {
        throw new Error('crash before recording the delete');
      },
    };
    await expect(publisherFor(forgetful).publish(CAL, fewer)).rejects.toThrow('crash');
    fake.clearCalls();
    const rerun = await publisherFor(store).publish(CAL, fewer);
    expect(fake.apiCalls().map((c) => [c.kind, c.status])).toEqual([['delete', 410]]);
    expect(rerun.deleted).toBe(1);
    await expectConsistent(store, fewer);
  });

  it('409 on insert (events already there, store empty) is handled as an update', async () => {
    await publisherFor(new InMemoryPushStateStore()).publish(CAL, anaEvents());
    fake.clearCalls();
    const store = new InMemoryPushStateStore();
    const summary = await publisherFor(store).publish(CAL, anaEvents());
    expect(summary).toMatchObject({ created: 0, updated: 20, failed: [] });
    expect(fake.apiCalls().filter((c) => c.kind === 'insert' && c.status === 409)).toHaveLength(20);
    expect(fake.apiCalls().filter((c) => c.kind === 'update' && c.status === 200)).toHaveLength(20);
    await expectConsistent(store, anaEvents());
  });

  it('dryRun reports create, update and delete lists and makes no calls at all', async () => {
    const store = new InMemoryPushStateStore();
    await publisherFor(store).publish(CAL, anaEvents());
    fake.clearCalls();
    const changed = anaEvents()
      .filter((e) => e.id !== REMOVED)
      .map((e) => (e.id === MOVED ? { ...e, title: 'Renamed' } : e))
      .concat([
        {
          ...anaEvents()[0],
          id: 'block:new',
          start: '2026-04-03T18:00',
          end: '2026-04-03T19:00',
        } as CalendarEvent,
      ]);
    const summary = await publisherFor(store).publish(CAL, changed, { dryRun: true });
    expect(fake.calls).toEqual([]);
    expect(summary.dryRun).toBe(true);
    expect(summary.plan.create.map((c) => c.rotaId)).toEqual(['block:new']);
    expect(summary.plan.update.map((c) => c.rotaId)).toEqual([MOVED]);
    expect(summary.plan.delete.map((c) => c.rotaId)).toEqual([REMOVED]);
    expect(summary.plan.unchanged).toHaveLength(18);
    expect(summary).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await store.list(CAL)).toHaveLength(20);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    await fake.close();
    fake = await startFakeGoogleCalendar({ servicePublicKey: keys.publicKey, latencyMs: 15 });
    await publisherFor(new InMemoryPushStateStore(), { concurrency: 4 }).publish(CAL, anaEvents());
    expect(fake.maxInFlight()).toBe(4);
  });

  it('reconcile deletes Rota events the store never recorded', async () => {
    await publisherFor(new InMemoryPushStateStore()).publish(CAL, anaEvents());
    const store = new InMemoryPushStateStore();
    const fewer = anaEvents().filter((e) => e.id !== REMOVED);
    const summary = await publisherFor(store).publish(CAL, fewer, { reconcile: true });
    expect(summary).toMatchObject({ deleted: 1, updated: 19, created: 0 });
    await expectConsistent(store, fewer);
  });

  it('works with OAuth refresh-token credentials through the injected token URL', async () => {
    await fake.close();
    fake = await startFakeGoogleCalendar({ refreshTokens: ['refresh-1'] });
    const credentials: GoogleCredentials = {
      type: 'oauth',
      clientId: 'id',
      clientSecret: 'secret',
      refreshToken: 'refresh-1',
    };
    const summary = await publisherFor(new InMemoryPushStateStore(), { credentials }).publish(
      CAL,
      anaEvents(),
    );
    expect(summary.created).toBe(20);
    const token = fake.calls.find((c) => c.kind === 'token');
    expect(token?.body).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
  });

  it('bad credentials stop the publish with a GooglePublishError and touch nothing', async () => {
    await fake.close();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fake = await startFakeGoogleCalendar({ servicePublicKey: other.publicKey });
    const store = new InMemoryPushStateStore();
    await expect(publisherFor(store).publish(CAL, anaEvents())).rejects.toThrow(GooglePublishError);
    expect(fake.apiCalls()).toEqual([]);
    expect(await store.list(CAL)).toEqual([]);
  });

  it('sends the service-account assertion with the delegated subject', async () => {
    await publisherFor(new InMemoryPushStateStore()).publish(CAL, anaEvents().slice(0, 1));
    const token = fake.calls.find((c) => c.kind === 'token');
    const assertion = (token?.body as Record<string, string>)['assertion'] ?? '';
    const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      iss: 'rota@proj.iam.gserviceaccount.com',
      sub: 'ana@example.com',
      aud: 'https://oauth2.googleapis.com/token',
      scope: 'https://www.googleapis.com/auth/calendar.events',
    });
  });
});
