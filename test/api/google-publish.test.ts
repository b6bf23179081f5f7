import fs from 'node:fs';
import path from 'node:path';
import { googleEventId } from '../../calendars';
import { calendarRoutes } from '../../src/http/calendars';
import { planRoutes } from '../../src/http/plans';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  startFakeGoogleWithServiceAccount,
  type FakeGoogleCalendar,
  type FakeGoogleSetup,
} from '../helpers/fake-google-calendar';
import { expectProblem } from './support';

const FORTNIGHT = '2026-03-23';
const ANA_CAL = 'ana@example.com';
const BEN_CAL = 'ben@example.com';

let t: TestApp;
let google: FakeGoogleSetup;
let fake: FakeGoogleCalendar;
let dir: string;
let planId: string;
let benId: string;

interface CalendarResult {
  engineerId?: string;
  agentId?: string;
  people: { kind: string; id: string }[];
  calendarId: string;
  create: { rotaId: string }[];
  update: { rotaId: string }[];
  delete: { rotaId: string }[];
  unchanged: number;
}

interface JobCalendar {
  engineerId?: string;
  retired?: boolean;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  retries: number;
  failed: number;
}

beforeAll(async () => {
  google = await startFakeGoogleWithServiceAccount('calendar-admin@example.com');
  ({ fake, dir } = google);
  t = await startTestApp({ extensions: [planRoutes, calendarRoutes], jobs: true, env: google.env });
  const c = await t.http
    .post('/customers')
    .set(t.as('rep'))
    .send({ name: 'Acme', subscriptionHoursPerFortnight: 60, feePerFortnight: 6000, reviewWeekday: 3 })
    .expect(201);
  for (let i = 1; i <= 8; i++) {
    await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send({
        customerId: c.body.id,
        title: `Item ${i}`,
        kind: 'feature',
        estimateLowHours: 4,
        estimateHighHours: 8,
      })
      .expect(201);
  }
  const ben = await t.http
    .post('/engineers')
    .set(t.as('admin'))
    .send({
      name: 'Ben',
      email: 'ben@example.com',
      timeZone: 'Europe/London',
      pattern: [1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:30', end: '17:30', breakMinutes: 60 })),
      costRate: 45,
    })
    .expect(201);
  benId = ben.body.id;
  const created = await t.http
    .post('/plans')
    .set(t.as('rep'))
    .send({ fortnightStart: FORTNIGHT, timeLimitSeconds: 5 })
    .expect(202);
  planId = created.body.id;
  for (;;) {
    const res = await t.http.get(`/plans/${planId}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  await t.http.post(`/plans/${planId}/publish`).set(t.as('rep')).expect(200);
});

afterAll(async () => {
  await t.close();
  await google.close();
});

async function setCalendar(engineerId: string, googleCalendarId: string | null): Promise<void> {
  const current = await t.http.get(`/engineers/${engineerId}`).set(t.as('admin')).expect(200);
  await t.http
    .patch(`/engineers/${engineerId}`)
    .set(t.as('admin'))
    .send({ version: current.body.version, googleCalendarId })
    .expect(200);
}

async function dryRun(): Promise<CalendarResult[]> {
  const res = await t.http.post(`/plans/${planId}/publish/google?dryRun=true`).set(t.as('rep')).expect(200);
  expect(res.body.dryRun).toBe(true);
  return res.body.calendars as CalendarResult[];
}

async function jobRuns(): Promise<JobCalendar[][]> {
  const res = await t.http
    .get(`/audit?entity=plan&entityId=${planId}&limit=500`)
    .set(t.as('admin'))
    .expect(200);
  return (res.body.items as { action: string; detail: { calendars: JobCalendar[] } }[])
    .filter((a) => a.action === 'calendar.google.publish')
    .map((a) => a.detail.calendars);
}

/** Enqueues a real publish and waits for its job to finish; returns what the job reported. */
async function publish(): Promise<JobCalendar[]> {
  const before = (await jobRuns()).length;
  const res = await t.http.post(`/plans/${planId}/publish/google`).set(t.as('admin')).expect(202);
  expect(res.body).toMatchObject({ dryRun: false, planId });
  expect(typeof res.body.jobId).toBe('string');
  for (let i = 0; i < 400; i++) {
    const runs = await jobRuns();
    if (runs.length > before) return runs[0]!;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('the calendar job did not finish');
}

/** The engineer's live (non-cancelled) feed events, by our event id. */
async function liveFeedIds(engineerId: string, role: 'engineer' | 'admin'): Promise<string[]> {
  const feed = await t.http
    .post('/calendar-feeds')
    .set(t.as(role))
    .send({ scope: 'engineer', scopeId: engineerId })
    .expect(201);
  const text = (await t.http.get(new URL(feed.body.url as string).pathname).expect(200)).text;
  const ids: string[] = [];
  for (const block of text.split('BEGIN:VEVENT').slice(1)) {
    const unfolded = block.replace(/\r\n[ \t]/g, '');
    if (/STATUS:CANCELLED/.test(unfolded)) continue;
    const uid = /UID:(.+)@rota/.exec(unfolded)?.[1];
    if (uid) ids.push(uid);
  }
  return ids.sort();
}

const rotaIds = (calendarId: string) =>
  fake
    .events(calendarId)
    .map((e) => e.extendedProperties?.private?.['rotaId'] ?? '')
    .sort();

describe('Google Calendar push', () => {
  it('refuses without credentials, with a clear message and no secret', async () => {
    const config = t.deps.config;
    const saved = config.GOOGLE_CREDENTIALS_FILE;
    config.GOOGLE_CREDENTIALS_FILE = undefined;
    try {
      const res = await t.http.post(`/plans/${planId}/publish/google?dryRun=true`).set(t.as('rep'));
      expectProblem(res, 409, 'google_not_configured');
      expect(res.body.detail).toMatch(/GOOGLE_CREDENTIALS_FILE/);
      config.GOOGLE_CREDENTIALS_FILE = path.join(dir, 'missing.json');
      const missing = await t.http.post(`/plans/${planId}/publish/google`).set(t.as('rep'));
      expectProblem(missing, 409, 'google_not_configured');
      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, '{"private_key": "-----BEGIN PRIVATE KEY-----s3cret');
      config.GOOGLE_CREDENTIALS_FILE = broken;
      const bad = await t.http.post(`/plans/${planId}/publish/google`).set(t.as('rep'));
      expectProblem(bad, 409, 'google_not_configured');
      expect(bad.text).not.toMatch(/s3cret|PRIVATE KEY/);
    } finally {
      config.GOOGLE_CREDENTIALS_FILE = saved;
    }
    expect(fake.calls).toEqual([]);
  });

  it('is for admins and reps, on published plans', async () => {
    await t.http.post(`/plans/${planId}/publish/google?dryRun=true`).set(t.as('engineer')).expect(403);
    await t.http.post(`/plans/${planId}/publish/google?dryRun=true`).set(t.as('director')).expect(403);
    expectProblem(
      await t.http
        .post('/plans/6f1c1c5e-7f43-4c8e-9a55-3e2d1c0b9a88/publish/google?dryRun=true')
        .set(t.as('rep')),
      404,
      'not_found',
    );
  });

  it('dry run lists the creates without calling Google; the publish creates exactly those', async () => {
    await setCalendar(t.engineerId, ANA_CAL);
    const planned = await dryRun();
    expect(planned).toHaveLength(1);
    const [ana] = planned;
    expect(ana).not.toHaveProperty('agentId');
    expect(ana).toMatchObject({
      engineerId: t.engineerId,
      people: [{ kind: 'engineer', id: t.engineerId }],
      calendarId: ANA_CAL,
      update: [],
      delete: [],
      unchanged: 0,
    });
    const expected = await liveFeedIds(t.engineerId, 'engineer');
    expect(expected.length).toBeGreaterThan(0);
    expect(ana!.create.map((c) => c.rotaId).sort()).toEqual(expected);
    expect(fake.calls).toEqual([]);

    const job = await publish();
    expect(job).toEqual([
      expect.objectContaining({
        engineerId: t.engineerId,
        created: expected.length,
        updated: 0,
        deleted: 0,
        failed: 0,
      }),
    ]);
    expect(fake.apiCalls().filter((c) => c.kind === 'insert')).toHaveLength(expected.length);
    expect(fake.apiCalls()).toHaveLength(expected.length);
    expect(rotaIds(ANA_CAL)).toEqual(expected);
    expect(
      fake
        .events(ANA_CAL)
        .map((e) => e.id)
        .sort(),
    ).toEqual(expected.map((id) => googleEventId(id)).sort());
  });

  it('republishing makes zero calls', async () => {
    fake.clearCalls();
    const planned = await dryRun();
    expect(planned[0]).toMatchObject({ create: [], update: [], delete: [] });
    const job = await publish();
    expect(job[0]).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
    expect(fake.calls).toEqual([]);
  });

  it('an engineer and an agent sharing a calendar get one publish: neither deletes the other’s events', async () => {
    // Regression: published one person at a time, the agent's (empty) set deleted every block.
    const abe = await t.http.get(`/agents/${t.agentId}`).set(t.as('admin')).expect(200);
    await t.http
      .patch(`/agents/${t.agentId}`)
      .set(t.as('admin'))
      .send({ version: abe.body.version, googleCalendarId: ANA_CAL })
      .expect(200);
    const expected = rotaIds(ANA_CAL);
    fake.clearCalls();
    const planned = await dryRun();
    expect(planned).toEqual([
      expect.objectContaining({
        calendarId: ANA_CAL,
        engineerId: t.engineerId,
        agentId: t.agentId,
        people: [
          { kind: 'engineer', id: t.engineerId },
          { kind: 'agent', id: t.agentId },
        ],
        create: [],
        update: [],
        delete: [],
        unchanged: expected.length,
      }),
    ]);
    const job = await publish();
    expect(job).toEqual([expect.objectContaining({ created: 0, updated: 0, deleted: 0, failed: 0 })]);
    expect(fake.calls).toEqual([]);
    expect(rotaIds(ANA_CAL)).toEqual(expected);
    const again = await t.http.get(`/agents/${t.agentId}`).set(t.as('admin')).expect(200);
    await t.http
      .patch(`/agents/${t.agentId}`)
      .set(t.as('admin'))
      .send({ version: again.body.version, googleCalendarId: null })
      .expect(200);
  });

  it('429s and 500s (one after Google applied the call) end in the same state, without duplicates', async () => {
    await setCalendar(benId, BEN_CAL);
    fake.clearCalls();
    fake.injectFaults(
      { status: 429, retryAfterSeconds: 0 },
      { status: 500, afterApply: true },
      { status: 429 },
      { status: 503 },
    );
    const expected = await liveFeedIds(benId, 'admin');
    const job = await publish();
    const ben = job.find((c) => c.engineerId === benId)!;
    // The insert Google applied before its 500 is found again (409) and written as an update.
    expect(ben).toMatchObject({ deleted: 0, failed: 0 });
    expect(ben.created + ben.updated).toBe(expected.length);
    expect(ben.retries).toBeGreaterThanOrEqual(4);
    expect(rotaIds(BEN_CAL)).toEqual(expected);
    expect(fake.allEvents(BEN_CAL)).toHaveLength(expected.length);
    expect(job.find((c) => c.engineerId === t.engineerId)).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
    });
  });

  it('a run that stopped halfway is finished by the next run, without duplicates', async () => {
    const expected = rotaIds(BEN_CAL);
    // Start over on a fresh calendar for Ben; a permanent 400 leaves one event undone.
    const CAL2 = 'ben-2@example.com';
    await setCalendar(benId, CAL2);
    fake.injectFaults({ status: 400 });
    const first = await publish();
    const ben = first.find((c) => c.engineerId === benId)!;
    expect(ben.failed).toBe(1);
    expect(fake.events(CAL2)).toHaveLength(expected.length - 1);
    // The calendar Ben left is no one's now: Rota takes its events out of it.
    expect(first.find((c) => c.retired)).toMatchObject({ deleted: expected.length, failed: 0 });
    expect(fake.events(BEN_CAL)).toEqual([]);
    fake.clearCalls();
    const second = await publish();
    expect(second.find((c) => c.engineerId === benId)).toMatchObject({
      created: 1,
      failed: 0,
      unchanged: expected.length - 1,
    });
    // A 400 is a refusal, so nothing was in doubt: no look at the calendar was needed.
    expect(second.find((c) => c.engineerId === benId)).not.toHaveProperty('reconcile');
    // The emptied calendar is forgotten once nothing of Rota's is left in it.
    expect(second.find((c) => c.retired)).toBeUndefined();
    expect(fake.apiCalls().map((c) => c.kind)).toEqual(['insert']);
    expect(rotaIds(CAL2)).toEqual(expected);
    expect(fake.allEvents(CAL2)).toHaveLength(expected.length);
  });
});
