import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import * as nodeIcal from 'node-ical';
import pino from 'pino';
import { googleEventId, GooglePublishError } from '../../calendars';
import { calendarRoutes } from '../../src/http/calendars';
import { rosterRoutes } from '../../src/http/rosters';
import { CalendarService } from '../../src/services/calendar-publish';
import { startTestApp, type TestApp } from '../helpers/app';
import {
  startFakeGoogleWithServiceAccount,
  type FakeEvent,
  type FakeGoogleCalendar,
  type FakeGoogleSetup,
} from '../helpers/fake-google-calendar';
import { agentBody, expectProblem } from './support';

/*
 * Agents' calendars from published rosters, end to end: the week of the Europe/London fall-back
 * change (Sunday 25 October 2026), one agent in London and one in Kolkata (UTC+05:30, no DST).
 * The desk is set up so that exactly one roster is feasible (each agent must work every day they
 * are available: minimum hours = days × paid shift length, one template, a fixed break), so
 * removing a shift by giving leave changes that shift and nothing else. Expectations are still
 * derived from GET /rosters/:id/shifts.
 */
const WEEK = '2026-10-19';
const CHANGE = '2026-10-25';
const ABE_CAL = 'abe-rota@example.com';
const PRIYA_CAL = 'priya-rota@example.com';
const PRIYA_CAL_2 = 'priya-rota-2@example.com';
const PRIYA_CAL_3 = 'priya-rota-3@example.com';
const KOLKATA = 'Asia/Kolkata';
const LONDON = 'Europe/London';

interface Shift {
  agentId: string;
  templateId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  localStart: string;
  localEnd: string;
  timeZone: string;
  breaks: { start: string; end: string }[];
}

interface JobCalendar {
  people: { kind: string; id: string }[];
  agentId?: string;
  retired?: boolean;
  reconcile?: boolean;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  retries: number;
  failed: number;
}

interface DryRunCalendar {
  calendarId: string;
  people: { kind: string; id: string }[];
  agentId?: string;
  engineerId?: string;
  create: { rotaId: string; title?: string }[];
  update: { rotaId: string }[];
  delete: { rotaId: string }[];
  unchanged: number;
}

let t: TestApp;
let google: FakeGoogleSetup;
let fake: FakeGoogleCalendar;
let abeId: string;
let priyaId: string;

beforeAll(async () => {
  google = await startFakeGoogleWithServiceAccount();
  fake = google.fake;
  t = await startTestApp({ extensions: [rosterRoutes, calendarRoutes], jobs: true, env: google.env });
  const admin = t.as('admin');
  await t.http
    .post('/shift-templates')
    .set(admin)
    .send({
      name: 'Day',
      start: '08:00',
      end: '16:00',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      breakMinutes: 30,
      // A window exactly as long as the break: its place is fixed, so the event text is too.
      breakWindowStart: '12:00',
      breakWindowEnd: '12:30',
    })
    .expect(201);
  // Abe (the agent token's own record, London): Thursday to Sunday, 4 × 7.5 paid hours.
  abeId = t.agentId;
  const abe = await t.http.get(`/agents/${abeId}`).set(admin).expect(200);
  await t.http
    .patch(`/agents/${abeId}`)
    .set(admin)
    .send({
      version: abe.body.version,
      daysAvailable: [4, 5, 6, 7],
      minHoursPerWeek: 30,
      maxHoursPerWeek: 30,
    })
    .expect(200);
  // Priya (Kolkata): Monday, Saturday and Sunday, 3 × 7.5 paid hours.
  priyaId = (
    await t.http
      .post('/agents')
      .set(admin)
      .send(
        agentBody({
          name: 'Priya Nair',
          timeZone: KOLKATA,
          channels: ['phone'],
          daysAvailable: [1, 6, 7],
          minHoursPerWeek: 22.5,
          maxHoursPerWeek: 22.5,
        }),
      )
      .expect(201)
  ).body.id;
  await t.http
    .post('/service-targets')
    .set(admin)
    .send({ channel: 'phone', serviceLevel: 0.8, targetSeconds: 20, shrinkage: 0 })
    .expect(201);
  for (let d = 0; d < 7; d++) {
    const date = DateTime.fromISO(WEEK).plus({ days: d }).toISODate()!;
    for (const intervalStart of ['09:00', '14:00']) {
      await t.http
        .post('/demand-forecasts')
        .set(t.as('rep'))
        .send({ channel: 'phone', date, intervalStart, volume: 4, ahtSeconds: 180 })
        .expect(201);
    }
  }
});

afterAll(async () => {
  await t.close();
  await google.close();
});

/** Solves a roster for the week (generous limit: the solve stops when optimal) and publishes it. */
async function solveAndPublish(): Promise<{ id: string; shifts: Shift[] }> {
  const created = await t.http
    .post('/rosters')
    .set(t.as('rep'))
    .send({ periodStart: WEEK, timeLimitSeconds: 60 })
    .expect(202);
  const id = created.body.id as string;
  for (;;) {
    const res = await t.http.get(`/rosters/${id}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) {
      expect(res.body.status).toBe('solved');
      break;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await t.http.post(`/rosters/${id}/publish`).set(t.as('rep')).expect(200);
  const shifts = (await t.http.get(`/rosters/${id}/shifts`).set(t.as('rep')).expect(200)).body as Shift[];
  return { id, shifts };
}

/** Our event id (iCal UID without `@rota`, Google's rotaId) of a shift: agent, local date, ordinal. */
const eventIdOf = (s: Shift) => `shift:${s.agentId}:${s.date}:1`;
/** What a roster must look like for the tests to mean what they say (see the note at the top). */
const signature = (shifts: Shift[]) =>
  shifts
    .map((s) => [s.agentId, s.date, s.templateId, s.startsAt, s.endsAt, JSON.stringify(s.breaks)].join(' '))
    .sort();

function parse(text: string): nodeIcal.VEvent[] {
  return Object.values(nodeIcal.sync.parseICS(text)).filter(
    (c): c is nodeIcal.VEvent => c?.type === 'VEVENT',
  );
}

async function createFeed(role: 'agent' | 'admin' | 'rep', body: object): Promise<string> {
  const res = await t.http.post('/calendar-feeds').set(t.as(role)).send(body).expect(201);
  return new URL(res.body.url as string).pathname;
}

async function fetchFeed(
  feedPath: string,
): Promise<{ text: string; events: nodeIcal.VEvent[]; etag: string }> {
  const res = await t.http.get(feedPath).expect(200);
  return { text: res.text, events: parse(res.text), etag: res.headers['etag'] as string };
}

const versions = (events: nodeIcal.VEvent[]) =>
  Object.fromEntries(events.map((e) => [e.uid, { sequence: Number(e.sequence), status: e.status }]));

async function jobRuns(rosterId: string): Promise<JobCalendar[][]> {
  const res = await t.http
    .get(`/audit?entity=roster&entityId=${rosterId}&limit=500`)
    .set(t.as('admin'))
    .expect(200);
  return (res.body.items as { action: string; detail: { calendars: JobCalendar[] } }[])
    .filter((a) => a.action === 'calendar.google.publish')
    .map((a) => a.detail.calendars);
}

/** Asks for a Google push of the roster and waits for its job; returns what the job reported. */
async function pushToGoogle(rosterId: string): Promise<JobCalendar[]> {
  const before = (await jobRuns(rosterId)).length;
  const res = await t.http.post(`/rosters/${rosterId}/publish/google`).set(t.as('rep')).expect(202);
  expect(res.body).toMatchObject({ dryRun: false, rosterId });
  expect(typeof res.body.jobId).toBe('string');
  for (let i = 0; i < 400; i++) {
    const runs = await jobRuns(rosterId);
    if (runs.length > before) return runs[0]!;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('the calendar job did not finish');
}

async function setCalendar(agentId: string, googleCalendarId: string | null): Promise<void> {
  const current = await t.http.get(`/agents/${agentId}`).set(t.as('admin')).expect(200);
  await t.http
    .patch(`/agents/${agentId}`)
    .set(t.as('admin'))
    .send({ version: current.body.version, googleCalendarId })
    .expect(200);
}

async function giveLeave(agentId: string, date: string): Promise<void> {
  await t.http
    .post('/availability-exceptions')
    .set(t.as('rep'))
    .send({ agentId, kind: 'leave', startDate: date, endDate: date })
    .expect(201);
}

/** The instant a Google event time means (local date-time in its own zone). */
function googleInstant(time: FakeEvent['start']): string {
  return DateTime.fromISO(time.dateTime!, { zone: time.timeZone! }).toUTC().toISO()!;
}

const rotaIdsIn = (calendarId: string) =>
  fake
    .events(calendarId)
    .map((e) => e.extendedProperties?.private?.['rotaId'] ?? '')
    .sort();

/** What a calendar user sees of a calendar's live events. */
const visible = (calendarId: string) =>
  fake.events(calendarId).map((e) => ({
    id: e.id,
    status: e.status,
    summary: e.summary,
    description: e.description,
    start: e.start,
    end: e.end,
    extendedProperties: e.extendedProperties,
  }));

const mine = (shifts: Shift[], agentId: string) => shifts.filter((s) => s.agentId === agentId);

describe('roster calendars', () => {
  let first: { id: string; shifts: Shift[] };
  let current: { id: string; shifts: Shift[] };
  let abeFeed: string;
  let priyaFeed: string;
  let teamFeed: string;
  let abeBefore: { text: string; events: nodeIcal.VEvent[]; etag: string };
  let priyaBefore: { text: string; events: nodeIcal.VEvent[]; etag: string };

  beforeAll(async () => {
    first = await solveAndPublish();
    current = first;
  });

  it('rosters the one feasible week: Abe Thursday to Sunday, Priya Monday, Saturday and Sunday', () => {
    expect(
      mine(first.shifts, abeId)
        .map((s) => s.date)
        .sort(),
    ).toEqual(['2026-10-22', '2026-10-23', '2026-10-24', CHANGE]);
    expect(
      mine(first.shifts, priyaId)
        .map((s) => s.date)
        .sort(),
    ).toEqual(['2026-10-19', '2026-10-24', CHANGE]);
    expect(first.shifts).toHaveLength(7);
  });

  it('gives the agent a feed with one event per shift at their local times, on both sides of the change', async () => {
    // The agent creates a feed of their own calendar; an admin one of Priya's.
    abeFeed = await createFeed('agent', { scope: 'agent' });
    priyaFeed = await createFeed('admin', { scope: 'agent', scopeId: priyaId });
    for (const [agentId, feedPath, zone] of [
      [abeId, abeFeed, LONDON],
      [priyaId, priyaFeed, KOLKATA],
    ] as const) {
      const feed = await fetchFeed(feedPath);
      expect(feed.text).toContain(`TZID:${zone}`);
      const shifts = mine(first.shifts, agentId);
      expect(feed.events.map((e) => e.uid).sort()).toEqual(shifts.map((s) => `${eventIdOf(s)}@rota`).sort());
      for (const s of shifts) {
        expect(s.timeZone).toBe(zone);
        const event = feed.events.find((e) => e.uid === `${eventIdOf(s)}@rota`)!;
        expect(event.start.toISOString()).toBe(new Date(s.startsAt).toISOString());
        expect(event.end!.toISOString()).toBe(new Date(s.endsAt).toISOString());
        expect(event.start.tz).toBe(zone);
        const start = DateTime.fromJSDate(event.start, { zone });
        const end = DateTime.fromJSDate(event.end!, { zone });
        expect(start.toFormat('yyyy-MM-dd HH:mm')).toBe(`${s.date} 08:00`);
        expect(end.toFormat('yyyy-MM-dd HH:mm')).toBe(`${s.date} 16:00`);
        // London: BST (+1) until the change, GMT on Sunday 25th; Kolkata +05:30 throughout.
        expect(start.offset).toBe(zone === LONDON ? (s.date < CHANGE ? 60 : 0) : 330);
        expect(String(event.summary)).toBe('Day shift 08:00–16:00');
        expect(String(event.description)).toContain('Breaks: 12:00–12:30.');
        expect(String(event.description)).toContain('Channels: phone.');
        expect(Number(event.sequence)).toBe(0);
        expect(event.status).toBe('CONFIRMED');
      }
      expect(shifts.some((s) => s.date < CHANGE)).toBe(true);
      expect(shifts.some((s) => s.date === CHANGE)).toBe(true);
    }
    // London: 08:00 is 07:00Z on Saturday (BST) and 08:00Z on Sunday (GMT).
    const abe = await fetchFeed(abeFeed);
    const startOf = (date: string) =>
      abe.events.find((e) => e.uid === `shift:${abeId}:${date}:1@rota`)!.start.toISOString();
    expect(startOf('2026-10-24')).toBe('2026-10-24T07:00:00.000Z');
    expect(startOf(CHANGE)).toBe('2026-10-25T08:00:00.000Z');
    // Kolkata: 08:00 is 02:30Z whatever London does.
    const priya = await fetchFeed(priyaFeed);
    expect(
      priya.events.map((e) => e.start.toISOString().slice(11)).every((time) => time === '02:30:00.000Z'),
    ).toBe(true);
    abeBefore = abe;
    priyaBefore = priya;
  });

  it('lists every shift in the team feed, with the agent’s name', async () => {
    teamFeed = await createFeed('rep', { scope: 'team' });
    const team = await fetchFeed(teamFeed);
    expect(team.events.map((e) => e.uid).sort()).toEqual(
      first.shifts.map((s) => `${eventIdOf(s)}@rota`).sort(),
    );
    const names: Record<string, string> = { [abeId]: 'Abe Agent', [priyaId]: 'Priya Nair' };
    for (const s of first.shifts) {
      const event = team.events.find((e) => e.uid === `${eventIdOf(s)}@rota`)!;
      expect(String(event.summary)).toBe(`${names[s.agentId]} · Day shift 08:00–16:00`);
      expect(event.start.toISOString()).toBe(new Date(s.startsAt).toISOString());
    }
  });

  it('republishing an identical roster changes nothing in the feeds', async () => {
    current = await solveAndPublish();
    expect(current.id).not.toBe(first.id);
    expect(signature(current.shifts)).toEqual(signature(first.shifts));
    const abe = await fetchFeed(abeFeed);
    const priya = await fetchFeed(priyaFeed);
    expect(abe.text).toBe(abeBefore.text);
    expect(abe.etag).toBe(abeBefore.etag);
    expect(priya.etag).toBe(priyaBefore.etag);
    expect(versions(abe.events)).toEqual(versions(abeBefore.events));
  });

  describe('Google Calendar', () => {
    it('is for admins and reps, on published rosters', async () => {
      for (const role of ['engineer', 'director', 'agent'] as const) {
        await t.http.post(`/rosters/${current.id}/publish/google?dryRun=true`).set(t.as(role)).expect(403);
      }
      expectProblem(
        await t.http
          .post('/rosters/6f1c1c5e-7f43-4c8e-9a55-3e2d1c0b9a88/publish/google?dryRun=true')
          .set(t.as('rep')),
        404,
        'not_found',
      );
      // The first roster was superseded by the republish.
      expectProblem(
        await t.http.post(`/rosters/${first.id}/publish/google?dryRun=true`).set(t.as('rep')),
        409,
        'not_published',
      );
      expectProblem(
        await t.http.post(`/rosters/${current.id}/publish/google?dryRun=maybe`).set(t.as('rep')),
        422,
        'validation_failed',
      );
      expect(fake.calls).toEqual([]);
    });

    it('dry run lists each agent calendar’s shifts without calling Google', async () => {
      await setCalendar(abeId, ABE_CAL);
      await setCalendar(priyaId, PRIYA_CAL);
      const res = await t.http
        .post(`/rosters/${current.id}/publish/google?dryRun=true`)
        .set(t.as('rep'))
        .expect(200);
      expect(res.body).toMatchObject({ dryRun: true, rosterId: current.id });
      const calendars = res.body.calendars as DryRunCalendar[];
      expect(calendars.map((c) => c.calendarId)).toEqual([ABE_CAL, PRIYA_CAL]);
      for (const [calendar, agentId] of [
        [calendars[0]!, abeId],
        [calendars[1]!, priyaId],
      ] as const) {
        expect(calendar).toMatchObject({
          agentId,
          people: [{ kind: 'agent', id: agentId }],
          update: [],
          delete: [],
          unchanged: 0,
        });
        expect(calendar).not.toHaveProperty('engineerId');
        expect(calendar.create.map((c) => c.rotaId).sort()).toEqual(
          mine(current.shifts, agentId).map(eventIdOf).sort(),
        );
        expect(calendar.create.every((c) => c.title === 'Day shift 08:00–16:00')).toBe(true);
      }
      expect(fake.calls).toEqual([]);
    });

    it('the push puts exactly the shifts in each agent’s calendar, at the right instants', async () => {
      const job = await pushToGoogle(current.id);
      expect(job).toEqual([
        expect.objectContaining({ agentId: abeId, created: 4, updated: 0, deleted: 0, failed: 0 }),
        expect.objectContaining({ agentId: priyaId, created: 3, updated: 0, deleted: 0, failed: 0 }),
      ]);
      expect(fake.apiCalls().map((c) => c.kind)).toEqual(Array(7).fill('insert'));
      for (const [agentId, calendarId, zone] of [
        [abeId, ABE_CAL, LONDON],
        [priyaId, PRIYA_CAL, KOLKATA],
      ] as const) {
        const shifts = mine(current.shifts, agentId);
        expect(rotaIdsIn(calendarId)).toEqual(shifts.map(eventIdOf).sort());
        expect(fake.allEvents(calendarId)).toHaveLength(shifts.length);
        for (const s of shifts) {
          const event = fake.events(calendarId).find((e) => e.id === googleEventId(eventIdOf(s)))!;
          expect(event.start).toEqual({ dateTime: `${s.date}T08:00:00`, timeZone: zone });
          expect(event.end).toEqual({ dateTime: `${s.date}T16:00:00`, timeZone: zone });
          expect(googleInstant(event.start)).toBe(new Date(s.startsAt).toISOString());
          expect(googleInstant(event.end)).toBe(new Date(s.endsAt).toISOString());
          expect(event.summary).toBe('Day shift 08:00–16:00');
          expect(event.description).toContain('Breaks: 12:00–12:30.');
        }
      }
    });

    it('republishing unchanged makes no Google calls at all', async () => {
      fake.clearCalls();
      const job = await pushToGoogle(current.id);
      expect(job.map((c) => [c.created, c.updated, c.deleted, c.failed])).toEqual([
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ]);
      expect(job.map((c) => c.unchanged)).toEqual([4, 3]);
      expect(fake.calls).toEqual([]);
    });

    it('a roster without one shift cancels exactly that event, in the feeds and in Google', async () => {
      await giveLeave(abeId, '2026-10-22');
      const before = current;
      current = await solveAndPublish();
      const gone = mine(before.shifts, abeId).find((s) => s.date === '2026-10-22')!;
      expect(signature(current.shifts)).toEqual(signature(before.shifts.filter((s) => s !== gone)));

      const abe = await fetchFeed(abeFeed);
      const expected = versions(abeBefore.events);
      expected[`${eventIdOf(gone)}@rota`] = { sequence: 1, status: 'CANCELLED' };
      expect(versions(abe.events)).toEqual(expected);
      const cancelled = abe.events.find((e) => e.uid === `${eventIdOf(gone)}@rota`)!;
      expect(cancelled.start.toISOString()).toBe(new Date(gone.startsAt).toISOString());
      // Nothing else moved: Priya's feed is byte for byte what it was.
      expect((await fetchFeed(priyaFeed)).etag).toBe(priyaBefore.etag);
      const team = await fetchFeed(teamFeed);
      expect(versions(team.events)[`${eventIdOf(gone)}@rota`]).toEqual({ sequence: 1, status: 'CANCELLED' });

      fake.clearCalls();
      const job = await pushToGoogle(current.id);
      expect(job.map((c) => [c.agentId, c.created, c.updated, c.deleted, c.failed])).toEqual([
        [abeId, 0, 0, 1, 0],
        [priyaId, 0, 0, 0, 0],
      ]);
      expect(fake.apiCalls().map((c) => [c.kind, c.eventId])).toEqual([
        ['delete', googleEventId(eventIdOf(gone))],
      ]);
      expect(rotaIdsIn(ABE_CAL)).toEqual(mine(current.shifts, abeId).map(eventIdOf).sort());
    });

    it('429s, a 500 after Google applied the call and a crash halfway, then a re-run, end as a clean publish', async () => {
      // Priya moves to a new calendar: the push fills it and empties the one she left.
      await setCalendar(priyaId, PRIYA_CAL_2);
      const proxy = await startCrashingProxy(fake.url);
      try {
        // The crashing run: the fake answers the first calls with a 429 and a 500 (applied first);
        // the proxy lets one write through, then every later one reaches Google but its answer is
        // lost, as when the process dies after sending it.
        fake.clearCalls();
        fake.injectFaults({ status: 429, retryAfterSeconds: 0 }, { status: 500, afterApply: true });
        const crashing = new CalendarService(
          t.deps.db,
          { ...t.deps.config, GOOGLE_API_ROOT_URL: proxy.rootUrl },
          pino({ level: 'silent' }),
        );
        await expect(crashing.runGooglePublish({ kind: 'roster', id: current.id })).rejects.toThrow(
          GooglePublishError,
        );
        expect(fake.apiCalls().filter((c) => c.fault)).toHaveLength(2);
        expect(proxy.lost.length).toBeGreaterThan(0);
        // Google holds all three of Priya's shifts; Rota recorded at most one of them.
        expect(rotaIdsIn(PRIYA_CAL_2)).toEqual(mine(current.shifts, priyaId).map(eventIdOf).sort());
        expect(rotaIdsIn(PRIYA_CAL)).toHaveLength(3);
      } finally {
        await proxy.close();
      }

      // Before the re-run, the roster loses a shift whose event reached Google unrecorded: only a
      // look at the calendar can find that event to delete it.
      const unrecorded = proxy.lost[0]!;
      const gone = mine(current.shifts, priyaId).find((s) => eventIdOf(s) === unrecorded)!;
      expect(gone).toBeDefined();
      await giveLeave(priyaId, gone.date);
      const before = current;
      current = await solveAndPublish();
      expect(signature(current.shifts)).toEqual(signature(before.shifts.filter((s) => s !== gone)));

      fake.clearCalls();
      fake.injectFaults({ status: 429 }, { status: 503 });
      const job = await pushToGoogle(current.id);
      const priya = job.find((c) => c.agentId === priyaId)!;
      expect(priya).toMatchObject({ reconcile: true, failed: 0 });
      expect(priya.deleted).toBeGreaterThanOrEqual(1);
      expect(priya.retries).toBeGreaterThanOrEqual(2);
      expect(job.find((c) => c.retired)).toMatchObject({ people: [], deleted: 3, failed: 0 });
      expect(job.find((c) => c.agentId === abeId)).toMatchObject({ created: 0, updated: 0, deleted: 0 });
      expect(fake.apiCalls().filter((c) => c.kind === 'list')).not.toHaveLength(0);

      const wanted = mine(current.shifts, priyaId);
      expect(rotaIdsIn(PRIYA_CAL_2)).toEqual(wanted.map(eventIdOf).sort());
      // No duplicates: one Google event per shift ever pushed, the removed one deleted.
      expect(fake.allEvents(PRIYA_CAL_2).map((e) => [e.id, e.status])).toEqual(
        mine(before.shifts, priyaId)
          .map((s) => [googleEventId(eventIdOf(s)), s === gone ? 'cancelled' : 'confirmed'])
          .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      );
      for (const s of wanted) {
        const event = fake.events(PRIYA_CAL_2).find((e) => e.id === googleEventId(eventIdOf(s)))!;
        expect(googleInstant(event.start)).toBe(new Date(s.startsAt).toISOString());
        expect(googleInstant(event.end)).toBe(new Date(s.endsAt).toISOString());
      }
      // The calendar Priya left holds no Rota event any more.
      expect(fake.events(PRIYA_CAL)).toEqual([]);

      // A clean publish of the same roster into a fresh calendar looks exactly the same.
      const recovered = visible(PRIYA_CAL_2);
      await setCalendar(priyaId, PRIYA_CAL_3);
      fake.clearCalls();
      const clean = await pushToGoogle(current.id);
      expect(clean.find((c) => c.agentId === priyaId)).toMatchObject({
        created: wanted.length,
        updated: 0,
        deleted: 0,
        failed: 0,
      });
      expect(clean.find((c) => c.agentId === priyaId)).not.toHaveProperty('reconcile');
      expect(visible(PRIYA_CAL_3)).toEqual(recovered);

      // Every calendar is settled: one more push makes no call at all.
      fake.clearCalls();
      const settled = await pushToGoogle(current.id);
      expect(settled.map((c) => c.agentId)).toEqual([abeId, priyaId]);
      expect(fake.calls).toEqual([]);
    });
  });
});

interface CrashingProxy {
  rootUrl: string;
  /** rotaIds of writes Google applied whose answer the client never got. */
  lost: string[];
  close(): Promise<void>;
}

/**
 * Stands between Rota and the fake Calendar API. It passes calls through until Google has
 * accepted two writes; from the second on, each call still reaches Google but Rota is answered
 * 401, which stops the publish at once: the state a process dying mid-push leaves behind.
 */
async function startCrashingProxy(target: string): Promise<CrashingProxy> {
  const lost: string[] = [];
  let accepted = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = httpRequest(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
        (answer) => {
          const reply: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => reply.push(chunk));
          answer.on('end', () => {
            const write = req.method !== 'GET';
            const ok = (answer.statusCode ?? 500) < 300;
            if (write && ok) accepted += 1;
            if (accepted >= 2 && write) {
              if (ok) lost.push(rotaIdOf(body));
              res.writeHead(401, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ error: { code: 401, message: 'connection lost', errors: [] } }));
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(reply));
          });
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rootUrl: `http://127.0.0.1:${port}/`,
    lost,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function rotaIdOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      extendedProperties?: { private?: Record<string, string> };
    };
    return parsed.extendedProperties?.private?.['rotaId'] ?? '';
  } catch {
    return '';
  }
}
