import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import * as nodeIcal from 'node-ical';
import { calendarRoutes } from '../../src/http/calendars';
import { planRoutes } from '../../src/http/plans';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem } from './support';

let t: TestApp;
let customerId: string;
let benId: string;
const FORTNIGHT = '2026-03-23'; // spans the Europe/London spring-forward change (Sunday 29 March)

interface Block {
  engineerId: string;
  itemId: string;
  date: string;
  localStart: string;
  localEnd: string;
  startsAt: string;
}

beforeAll(async () => {
  t = await startTestApp({ extensions: [planRoutes, calendarRoutes], jobs: true });
  const c = await t.http
    .post('/customers')
    .set(t.as('rep'))
    .send({
      name: 'Acme',
      subscriptionHoursPerFortnight: 60,
      feePerFortnight: 6000,
      reviewWeekday: 3,
      reviewTime: '10:00',
      techDebtShare: 0,
    })
    .expect(201);
  customerId = c.body.id;
  for (let i = 1; i <= 8; i++) {
    await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send({
        customerId,
        title: `Item ${i}`,
        kind: i % 4 === 0 ? 'techdebt' : 'feature',
        estimateLowHours: 4,
        estimateHighHours: 8,
        skills: [],
        // Two items are pinned to the test engineer on each side of the clock change, so the
        // feed has events in both offsets whatever else the solver chooses.
        ...(i <= 2 ? { pinEngineerId: t.engineerId, pinDate: i === 1 ? '2026-03-24' : '2026-03-31' } : {}),
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
});
afterAll(async () => {
  await t.close();
});

async function solveAndPublish(): Promise<string> {
  const created = await t.http
    .post('/plans')
    .set(t.as('rep'))
    .send({ fortnightStart: FORTNIGHT, timeLimitSeconds: 60, seed: 1 })
    .expect(202);
  const id = created.body.id as string;
  for (;;) {
    const res = await t.http.get(`/plans/${id}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) {
      expect(res.body.status).toBe('solved');
      break;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await t.http.post(`/plans/${id}/publish`).set(t.as('rep')).expect(200);
  return id;
}

function parse(text: string): nodeIcal.VEvent[] {
  return Object.values(nodeIcal.sync.parseICS(text)).filter(
    (c): c is nodeIcal.VEvent => c?.type === 'VEVENT',
  );
}

function feedPath(url: string): string {
  return new URL(url).pathname;
}

async function fetchFeed(path: string): Promise<{ text: string; events: nodeIcal.VEvent[]; etag: string }> {
  const res = await t.http.get(path).expect(200);
  const text = res.text;
  return { text, events: parse(text), etag: res.headers['etag'] as string };
}

const versions = (events: nodeIcal.VEvent[]) =>
  Object.fromEntries(events.map((e) => [e.uid, { sequence: Number(e.sequence), status: e.status }]));

describe('calendar feeds', () => {
  let planId: string;
  let engineerFeed: string;
  let firstFeed: { text: string; events: nodeIcal.VEvent[]; etag: string };

  beforeAll(async () => {
    planId = await solveAndPublish();
  });

  it('lets an engineer create a feed of their own calendar, with https and webcal links', async () => {
    const res = await t.http
      .post('/calendar-feeds')
      .set(t.as('engineer'))
      .send({ scope: 'engineer', label: 'phone' })
      .expect(201);
    expect(res.body).toMatchObject({ scope: 'engineer', scopeId: t.engineerId, label: 'phone' });
    expect(res.body.token).toMatch(/^feed_[A-Za-z0-9_-]{43}$/);
    expect(res.body.url).toBe(`http://rota.test/feeds/${res.body.token}.ics`);
    expect(res.body.webcalUrl).toBe(`webcal://rota.test/feeds/${res.body.token}.ics`);
    expect(res.body).not.toHaveProperty('tokenHash');
    engineerFeed = feedPath(res.body.url as string);
  });

  it('forbids a feed of someone else’s calendar', async () => {
    const other = await t.http
      .post('/calendar-feeds')
      .set(t.as('engineer'))
      .send({ scope: 'engineer', scopeId: benId, label: 'spy' });
    expectProblem(other, 403, 'forbidden');
    expectProblem(
      await t.http.post('/calendar-feeds').set(t.as('engineer')).send({ scope: 'team' }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.post('/calendar-feeds').set(t.as('rep')).send({ scope: 'engineer', scopeId: benId }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.post('/calendar-feeds').set(t.as('agent')).send({ scope: 'engineer', scopeId: benId }),
      403,
      'forbidden',
    );
    await t.http.post('/calendar-feeds').set(t.as('agent')).send({ scope: 'agent' }).expect(201);
    await t.http
      .post('/calendar-feeds')
      .set(t.as('admin'))
      .send({ scope: 'engineer', scopeId: benId })
      .expect(201);
    expectProblem(
      await t.http.post('/calendar-feeds').set(t.as('admin')).send({ scope: 'customer' }),
      422,
      'validation_failed',
    );
  });

  it('serves the engineer’s fortnight as iCal at the right local times across the clock change', async () => {
    const res = await t.http.get(engineerFeed).expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Number.isNaN(Date.parse(res.headers['last-modified'] as string))).toBe(false);
    const text = res.text;
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toContain('TZID:Europe/London');
    const events = parse(text);
    const blocks = (
      await t.http.get(`/plans/${planId}/blocks?engineerId=${t.engineerId}`).set(t.as('rep')).expect(200)
    ).body as Block[];
    expect(blocks.length).toBeGreaterThan(0);
    const blockEvents = events.filter((e) => e.uid.startsWith('block:'));
    expect(blockEvents).toHaveLength(blocks.length);
    let before = 0;
    let after = 0;
    for (const b of blocks) {
      const uid = new RegExp(`^block:${t.engineerId}:${b.itemId}:${b.date}:\\d+@rota$`);
      const matches = blockEvents.filter(
        (e) => uid.test(e.uid) && e.start.toISOString() === new Date(b.startsAt).toISOString(),
      );
      expect(matches).toHaveLength(1);
      const local = DateTime.fromJSDate(matches[0]!.start, { zone: 'Europe/London' });
      expect(local.toFormat('yyyy-MM-dd HH:mm')).toBe(`${b.date} ${b.localStart}`);
      // London is UTC+0 before 29 March and UTC+1 after.
      expect(local.offset).toBe(b.date < '2026-03-29' ? 0 : 60);
      if (b.date < '2026-03-29') before += 1;
      else after += 1;
      expect(String(matches[0]!.summary)).toMatch(/^Acme: Item \d$/);
      expect(String(matches[0]!.description)).toMatch(/rank \d+ for Acme/);
    }
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
    // No plan id in any UID, and everything is at SEQUENCE 0 on first publish.
    for (const e of events) {
      expect(e.uid).not.toContain(planId);
      expect(Number(e.sequence)).toBe(0);
    }
    // The P1 responder days are there too, one event per day at the engineer's hours.
    for (const p1 of events.filter((e) => e.uid.startsWith('p1:'))) {
      expect(DateTime.fromJSDate(p1.start, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('09:30');
    }
    firstFeed = { text, events, etag: res.headers['etag'] as string };
  });

  it('answers If-None-Match with 304 and keeps a stable ETag', async () => {
    const again = await fetchFeed(engineerFeed);
    expect(again.etag).toBe(firstFeed.etag);
    expect(again.text).toBe(firstFeed.text);
    const res = await t.http.get(engineerFeed).set('If-None-Match', firstFeed.etag).expect(304);
    expect(res.headers['etag']).toBe(firstFeed.etag);
    await t.http.get(engineerFeed).set('If-None-Match', '"something-else"').expect(200);
  });

  it('serves customer and team feeds with the review call in the organisation’s zone', async () => {
    const res = await t.http
      .post('/calendar-feeds')
      .set(t.as('rep'))
      .send({ scope: 'customer', scopeId: customerId, label: 'Acme review' })
      .expect(201);
    const customer = await fetchFeed(feedPath(res.body.url as string));
    const call = customer.events.find((e) => e.uid === `review:${customerId}:2026-03-25:1@rota`);
    expect(call).toBeDefined();
    expect(call!.start.toISOString()).toBe('2026-03-25T10:00:00.000Z');
    expect(customer.events.every((e) => e.uid.startsWith('block:') || e.uid.startsWith('review:'))).toBe(
      true,
    );
    const team = await t.http
      .post('/calendar-feeds')
      .set(t.as('director'))
      .send({ scope: 'team' })
      .expect(201);
    const teamFeed = await fetchFeed(feedPath(team.body.url as string));
    expect(teamFeed.events.length).toBeGreaterThan(firstFeed.events.length);
    expect(teamFeed.events.some((e) => String(e.summary).startsWith('Ana Engineer · '))).toBe(true);
  });

  it('lists feeds without secrets: own for everyone, all for admins', async () => {
    const mine = (await t.http.get('/calendar-feeds').set(t.as('engineer')).expect(200)).body as Record<
      string,
      unknown
    >[];
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toHaveProperty('token');
    expect(mine[0]).not.toHaveProperty('tokenHash');
    const all = (await t.http.get('/calendar-feeds').set(t.as('admin')).expect(200)).body as unknown[];
    expect(all.length).toBeGreaterThan(3);
  });

  it('answers 404 that says nothing for unknown and malformed tokens', async () => {
    const unknown = await t.http.get(`/feeds/feed_${randomBytes(32).toString('base64url')}.ics`);
    expectProblem(unknown, 404, 'not_found');
    const malformed = await t.http.get('/feeds/not-a-token.ics');
    expectProblem(malformed, 404, 'not_found');
    expect(malformed.body.detail).toBe(unknown.body.detail);
  });

  it('republishing an identical plan for the fortnight changes no UID and no SEQUENCE', async () => {
    await solveAndPublish();
    const again = await fetchFeed(engineerFeed);
    expect(versions(again.events)).toEqual(versions(firstFeed.events));
    expect(again.etag).toBe(firstFeed.etag);
  });

  it('a plan without a day cancels that day’s events with a higher SEQUENCE', async () => {
    await t.http
      .post('/availability-exceptions')
      .set(t.as('rep'))
      .send({ engineerId: t.engineerId, kind: 'training', startDate: '2026-03-31', endDate: '2026-04-01' })
      .expect(201);
    await solveAndPublish();
    const after = await fetchFeed(engineerFeed);
    const now = versions(after.events);
    const gone = firstFeed.events.filter((e) => /:2026-0(3-31|4-01):/.test(e.uid));
    expect(gone.length).toBeGreaterThan(0);
    for (const e of gone) {
      expect(now[e.uid]).toEqual({ sequence: Number(e.sequence) + 1, status: 'CANCELLED' });
    }
    // Every UID of the first feed is still there (kept as CANCELLED or live), none was dropped.
    for (const e of firstFeed.events) expect(now[e.uid]).toBeDefined();
  });

  it('a revoked feed answers 404', async () => {
    const feeds = (await t.http.get('/calendar-feeds').set(t.as('engineer')).expect(200)).body as {
      id: string;
    }[];
    const id = feeds[0]!.id;
    const ben = await t.http.post('/calendar-feeds').set(t.as('rep')).send({ scope: 'team' }).expect(201);
    // Someone else's feed cannot be revoked (and is not admitted to exist).
    expectProblem(
      await t.http.delete(`/calendar-feeds/${ben.body.id}`).set(t.as('engineer')),
      404,
      'not_found',
    );
    await t.http.delete(`/calendar-feeds/${id}`).set(t.as('engineer')).expect(204);
    expectProblem(await t.http.get(engineerFeed), 404, 'not_found');
    const listed = (await t.http.get('/calendar-feeds').set(t.as('engineer')).expect(200)).body as {
      revokedAt: string | null;
    }[];
    expect(listed[0]!.revokedAt).not.toBeNull();
  });
});
