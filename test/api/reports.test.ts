import { DateTime } from 'luxon';
import type { Response } from 'supertest';
import { parseCsv } from '../../src/http/csv';
import { planRoutes } from '../../src/http/plans';
import { reportRoutes } from '../../src/http/reports';
import { rosterRoutes } from '../../src/http/rosters';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths } from './support';

/*
 * A small organisation built through the API, planned and rostered by the real solvers, then
 * reported on. Expectations are computed in the test from the plan's blocks and the roster's
 * shifts (never from which of several optimal plans the solver picked):
 *
 * Fortnight from Monday 23 March 2026 (Europe/London springs forward on Sunday 29 March).
 * Ana (the test app's engineer): Mon–Thu 09:30–17:30, 1 h lunch, cost 40/h; part day
 *   Tuesday 31 March 14:00–16:00. Available: week 1 = 21 h (Thursday 26 is a holiday),
 *   week 2 = 7 + 5 + 7 + 7 = 26 h.
 * Ben: Mon–Fri 09:00–17:00, 1 h lunch, cost 50/h; leave Wednesday 1 April. Available 28 h + 28 h.
 * Acme pays a fee of 3000 a fortnight; Bolt pays 100 an hour of billable work.
 * The phone desk: two agents, one 09:00–17:00 template, a week of demand Mon–Fri 09:00–17:00.
 */
let t: TestApp;
const F = '2026-03-23';
const NEXT = '2026-04-06';
const FEE = 3000;
const RATE = 100;
const COST: Record<string, number> = {};
const AVAILABLE: Record<string, [number, number]> = {};
let ben: string;
let acme: string;
let bolt: string;
let planId: string;
let rosterId: string;
const items: Record<
  string,
  { customerId: string; billable: boolean; low: number; high: number; title: string }
> = {};

interface Block {
  itemId: string;
  engineerId: string;
  customerId: string;
  date: string;
  startsAt: string;
  endsAt: string;
}
let blocks: Block[] = [];
let plan: {
  result: {
    engineers: { engineerId: string; week: number; available: number; billable: number; p1Days: number }[];
    p1Rota: { engineerId: string; date: string }[];
  };
};

const hoursOf = (b: { startsAt: string; endsAt: string }) =>
  (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 3.6e6;
const round2 = (x: number) => Math.round(x * 100) / 100;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

async function waitFor(kind: 'plans' | 'rosters', id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await t.http.get(`/${kind}/${id}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A CSV answer as objects keyed by its header. */
function csvRows(res: Response): { header: string[]; rows: Record<string, string>[] } {
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
  expect(res.text.endsWith('\r\n')).toBe(true);
  const [header, ...rows] = parseCsv(res.text).map((r) => r.fields);
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))) };
}

/** The text a JSON value has in the CSV. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return /^[=+\-@]/.test(v) ? `'${v}` : v;
  return String(v);
}

function expectCsvMatches(res: Response, json: Record<string, unknown>[]): string[] {
  const { header, rows } = csvRows(res);
  expect(rows).toHaveLength(json.length);
  rows.forEach((row, i) => {
    for (const key of header) expect([key, row[key]]).toEqual([key, cell(json[i]![key])]);
  });
  return header;
}

beforeAll(async () => {
  t = await startTestApp({ extensions: [planRoutes, rosterRoutes, reportRoutes], jobs: true });
  const admin = t.as('admin');
  const rep = t.as('rep');
  COST[t.engineerId] = 40;
  AVAILABLE[t.engineerId] = [21, 26];
  ben = (
    await t.http
      .post('/engineers')
      .set(admin)
      .send({
        name: 'Ben',
        email: 'ben@example.com',
        timeZone: 'Europe/London',
        pattern: [1, 2, 3, 4, 5].map((weekday) => ({
          weekday,
          start: '09:00',
          end: '17:00',
          breakMinutes: 60,
        })),
        skills: ['postgres'],
        costRate: 50,
      })
      .expect(201)
  ).body.id;
  COST[ben] = 50;
  AVAILABLE[ben] = [28, 28];
  acme = (
    await t.http
      .post('/customers')
      .set(admin)
      .send({
        name: 'Acme',
        subscriptionHoursPerFortnight: 60,
        feePerFortnight: FEE,
        reviewWeekday: 3,
        techDebtShare: 0,
      })
      .expect(201)
  ).body.id;
  bolt = (
    await t.http
      .post('/customers')
      .set(admin)
      .send({
        name: 'Bolt',
        subscriptionHoursPerFortnight: 60,
        hourlyRate: RATE,
        reviewWeekday: 2,
        techDebtShare: 0,
      })
      .expect(201)
  ).body.id;
  for (const [customerId, name] of [
    [acme, 'Acme'],
    [bolt, 'Bolt'],
  ] as const) {
    for (let i = 1; i <= 5; i++) {
      // The fifth item of each customer is internal work: scheduled and costed, never billed.
      const body = {
        customerId,
        title: `${name} item ${i}`,
        kind: 'feature',
        estimateLowHours: 6,
        estimateHighHours: 10,
        billable: i !== 5,
      };
      const res = await t.http.post('/roadmap-items').set(rep).send(body).expect(201);
      items[res.body.id] = { customerId, billable: body.billable, low: 6, high: 10, title: body.title };
    }
  }
  await t.http
    .post('/public-holidays')
    .set(admin)
    .send({ date: '2026-03-26', name: 'Founders Day' })
    .expect(201);
  await t.http
    .post('/availability-exceptions')
    .set(rep)
    .send({ engineerId: ben, kind: 'leave', startDate: '2026-04-01', endDate: '2026-04-01' })
    .expect(201);
  await t.http
    .post('/availability-exceptions')
    .set(rep)
    .send({
      engineerId: t.engineerId,
      kind: 'part_day',
      startDate: '2026-03-31',
      endDate: '2026-03-31',
      startTime: '14:00',
      endTime: '16:00',
    })
    .expect(201);

  // The desk: one week of phone demand, two agents, one template.
  await t.http
    .post('/service-targets')
    .set(admin)
    .send({ channel: 'phone', serviceLevel: 0.8, targetSeconds: 20, shrinkage: 0 })
    .expect(201);
  await t.http
    .post('/shift-templates')
    .set(admin)
    .send({
      name: 'Day',
      start: '09:00',
      end: '17:00',
      weekdays: [1, 2, 3, 4, 5],
      breakMinutes: 30,
      breakWindowStart: '12:00',
      breakWindowEnd: '14:00',
    })
    .expect(201);
  await t.http
    .post('/agents')
    .set(admin)
    .send({
      name: 'Cat',
      email: 'cat@example.com',
      timeZone: 'Europe/London',
      minHoursPerWeek: 15,
      maxHoursPerWeek: 40,
      channels: ['phone'],
    })
    .expect(201);
  for (let d = 0; d < 5; d++) {
    const date = DateTime.fromISO(F).plus({ days: d }).toISODate()!;
    for (let m = 9 * 60; m < 17 * 60; m += 30) {
      const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      await t.http
        .post('/demand-forecasts')
        .set(rep)
        .send({ channel: 'phone', date, intervalStart: time, volume: m < 12 * 60 ? 12 : 4, ahtSeconds: 180 })
        .expect(201);
    }
  }

  const created = await t.http
    .post('/plans')
    .set(rep)
    .send({ fortnightStart: F, timeLimitSeconds: 60 })
    .expect(202);
  const roster = await t.http
    .post('/rosters')
    .set(rep)
    .send({ periodStart: F, weeks: 1, timeLimitSeconds: 60 })
    .expect(202);
  planId = created.body.id;
  rosterId = roster.body.id;
  expect((await waitFor('plans', planId)).status).toBe('solved');
  expect((await waitFor('rosters', rosterId)).status).toBe('solved');
  await t.http.post(`/plans/${planId}/publish`).set(rep).expect(200);
  await t.http.post(`/rosters/${rosterId}/publish`).set(rep).expect(200);
  plan = (await t.http.get(`/plans/${planId}`).set(rep).expect(200)).body;
  blocks = (await t.http.get(`/plans/${planId}/blocks`).set(rep).expect(200)).body;
  expect(blocks.length).toBeGreaterThan(0);
}, 300_000);
afterAll(async () => {
  await t.close();
});

const weekOf = (date: string) => (date < '2026-03-30' ? 0 : 1);

describe('utilisation', () => {
  interface Row {
    from: string;
    engineerId: string;
    scheduledHours: number;
    billableHours: number;
    availableHours: number;
    p1BufferHours: number;
    utilisationPct: number | null;
    targetHours: number;
    targetGapHours: number;
    shortfallHours: number;
  }

  it('equals the sums of the published plan’s blocks, per engineer per week and for the team', async () => {
    const res = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}`)
      .set(t.as('director'))
      .expect(200);
    expect(res.body.plan).toEqual({ id: planId, status: 'published', fortnightStart: F });
    expect(res.body.weeklyTargetHours).toBe(28);
    const rows = res.body.engineers as Row[];
    expect(rows).toHaveLength(4);
    const team = { scheduled: [0, 0], billable: [0, 0], available: [0, 0] };
    for (const id of [t.engineerId, ben])
      for (const week of [0, 1]) {
        const mine = blocks.filter((b) => b.engineerId === id && weekOf(b.date) === week);
        const scheduled = mine.reduce((s, b) => s + hoursOf(b), 0);
        const billable = mine.filter((b) => items[b.itemId]!.billable).reduce((s, b) => s + hoursOf(b), 0);
        const available = AVAILABLE[id]![week]!;
        const row = rows.find((r) => r.engineerId === id && weekOf(r.from) === week)!;
        expect(row).toMatchObject({
          scheduledHours: round2(scheduled),
          billableHours: round2(billable),
          availableHours: available,
          utilisationPct: round2((100 * billable) / available),
          targetHours: 28,
          targetGapHours: round2(billable - 28),
          shortfallHours: round2(Math.max(0, Math.min(28, available) - billable)),
        });
        // The planner's own report counts the same available and billable minutes.
        const planned = plan.result.engineers.find((e) => e.engineerId === id && e.week === week)!;
        expect(planned.available / 60).toBe(available);
        expect(row.p1BufferHours).toBe(2 * planned.p1Days);
        expect(round2(planned.billable / 60)).toBe(row.billableHours);
        team.scheduled[week]! += scheduled;
        team.billable[week]! += billable;
        team.available[week]! += available;
      }
    const teamRows = res.body.team as (Row & { period: string; engineers: number })[];
    expect(teamRows.map((r) => r.period)).toEqual(['week', 'week', 'fortnight']);
    for (const week of [0, 1])
      expect(teamRows[week]).toMatchObject({
        engineers: 2,
        billableHours: round2(team.billable[week]!),
        availableHours: team.available[week],
        utilisationPct: round2((100 * team.billable[week]!) / team.available[week]!),
        targetHours: 56,
      });
    const billable = team.billable[0]! + team.billable[1]!;
    expect(teamRows[2]).toMatchObject({
      from: F,
      to: '2026-04-05',
      billableHours: round2(billable),
      availableHours: 103,
      utilisationPct: round2((100 * billable) / 103),
      targetHours: 112,
    });
  });

  it('answers the same rows as CSV, by ?format=csv or by Accept: text/csv', async () => {
    const json = (await t.http.get(`/reports/utilisation?fortnightStart=${F}`).set(t.as('rep')).expect(200))
      .body;
    const csv = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}&format=csv`)
      .set(t.as('rep'))
      .expect(200);
    expect(expectCsvMatches(csv, json.engineers)).toEqual([
      'from',
      'to',
      'engineerId',
      'engineerName',
      'scheduledHours',
      'billableHours',
      'availableHours',
      'p1BufferHours',
      'utilisationPct',
      'targetHours',
      'targetGapHours',
      'shortfallHours',
    ]);
    // Negative gaps are numbers, written as plain numbers (not neutralised like text).
    expect(csvRows(csv).rows.some((r) => r.targetGapHours!.startsWith('-'))).toBe(true);
    const team = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}&table=team`)
      .set(t.as('rep'))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(team.headers['content-disposition']).toContain(`utilisation-${F}-team.csv`);
    expectCsvMatches(team, json.team);
    // JSON stays the default for browsers and clients that accept anything.
    const any = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}`)
      .set(t.as('rep'))
      .set('Accept', '*/*');
    expect(any.headers['content-type']).toMatch(/application\/json/);
  });

  it('shows an engineer only their own rows, and refuses agents', async () => {
    const own = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}`)
      .set(t.as('engineer'))
      .expect(200);
    expect((own.body.engineers as Row[]).map((r) => r.engineerId)).toEqual([t.engineerId, t.engineerId]);
    expect(own.body).not.toHaveProperty('team');
    expectProblem(
      await t.http.get(`/reports/utilisation?fortnightStart=${F}&engineerId=${ben}`).set(t.as('engineer')),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http
        .get(`/reports/utilisation?fortnightStart=${F}&table=team&format=csv`)
        .set(t.as('engineer')),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.get(`/reports/utilisation?fortnightStart=${F}`).set(t.as('agent')),
      403,
      'role_not_allowed',
    );
    const filtered = await t.http
      .get(`/reports/utilisation?fortnightStart=${F}&engineerId=${ben}`)
      .set(t.as('director'))
      .expect(200);
    expect((filtered.body.engineers as Row[]).every((r) => r.engineerId === ben)).toBe(true);
  });

  it('answers 404 no_plan for a fortnight without a published or solved plan', async () => {
    const res = await t.http.get(`/reports/utilisation?fortnightStart=${NEXT}`).set(t.as('rep'));
    expectProblem(res, 404, 'no_plan');
  });
});

describe('profitability', () => {
  it('per customer, per engineer and per fortnight equals a calculation from the blocks', async () => {
    const res = await t.http.get(`/reports/profitability?from=${F}`).set(t.as('director')).expect(200);
    const hours = (f: (b: Block) => boolean) => blocks.filter(f).reduce((s, b) => s + hoursOf(b), 0);
    const cost = (f: (b: Block) => boolean) =>
      blocks.filter(f).reduce((s, b) => s + hoursOf(b) * COST[b.engineerId]!, 0);
    const boltBillable = hours((b) => b.customerId === bolt && items[b.itemId]!.billable);
    const revenue = { [acme]: FEE, [bolt]: boltBillable * RATE };
    for (const id of [acme, bolt]) {
      const row = (res.body.customers as Record<string, unknown>[]).find((c) => c.customerId === id)!;
      const c = cost((b) => b.customerId === id);
      expect(row).toMatchObject({
        fortnightStart: F,
        pricing: id === acme ? 'fee' : 'hourly',
        scheduledHours: round2(hours((b) => b.customerId === id)),
        revenue: round2(revenue[id]!),
        cost: round2(c),
        margin: round2(revenue[id]! - c),
      });
    }
    const acmeHours = hours((b) => b.customerId === acme);
    for (const id of [t.engineerId, ben]) {
      const row = (res.body.engineers as Record<string, unknown>[]).find((e) => e.engineerId === id)!;
      const scheduled = hours((b) => b.engineerId === id);
      const share =
        (FEE * hours((b) => b.engineerId === id && b.customerId === acme)) / acmeHours +
        RATE * hours((b) => b.engineerId === id && b.customerId === bolt && items[b.itemId]!.billable);
      const available = AVAILABLE[id]![0]! + AVAILABLE[id]![1]!;
      // Every working day has at least 2 h available, so each responder day holds back the full 2 h buffer.
      const p1 = Math.min(
        2 * plan.result.p1Rota.filter((r) => r.engineerId === id).length,
        Math.max(0, available - scheduled),
      );
      const idle = Math.max(0, available - scheduled - p1);
      expect(row).toMatchObject({
        scheduledHours: round2(scheduled),
        availableHours: available,
        p1BufferHours: round2(p1),
        idleHours: round2(idle),
        cost: round2(scheduled * COST[id]!),
        p1BufferCost: round2(p1 * COST[id]!),
        idleCost: round2(idle * COST[id]!),
      });
      expect(row.revenue as number).toBeCloseTo(share, 2);
    }
    const total = res.body.fortnights[0];
    const allCost = cost(() => true);
    expect(total).toMatchObject({
      fortnightStart: F,
      planId,
      planStatus: 'published',
      revenue: round2(FEE + boltBillable * RATE),
      cost: round2(allCost),
      margin: round2(FEE + boltBillable * RATE - allCost),
      marginPct: round2((100 * (FEE + boltBillable * RATE - allCost)) / (FEE + boltBillable * RATE)),
      availableHours: 103,
    });
  });

  it('spans a range of fortnights, with empty fortnights as gaps in the trend', async () => {
    const res = await t.http
      .get(`/reports/profitability?from=${F}&to=${NEXT}`)
      .set(t.as('admin'))
      .expect(200);
    expect(
      res.body.fortnights.map((f: { fortnightStart: string; planId: string | null }) => [
        f.fortnightStart,
        f.planId,
      ]),
    ).toEqual([
      [F, planId],
      [NEXT, null],
    ]);
    expect(res.body.fortnights[1].revenue).toBeNull();
    const csv = await t.http
      .get(`/reports/profitability?from=${F}&to=${NEXT}&table=fortnights&format=csv`)
      .set(t.as('admin'))
      .expect(200);
    expectCsvMatches(csv, res.body.fortnights);
    const customers = await t.http
      .get(`/reports/profitability?from=${F}&to=${NEXT}&format=csv`)
      .set(t.as('admin'))
      .expect(200);
    expectCsvMatches(customers, res.body.customers);
    expectProblem(
      await t.http.get(`/reports/profitability?from=${NEXT}`).set(t.as('director')),
      404,
      'no_plan',
    );
  });

  it('is refused to every role but director and admin', async () => {
    for (const role of ['rep', 'engineer', 'agent'] as const) {
      const res = await t.http.get(`/reports/profitability?from=${F}&format=csv`).set(t.as(role));
      expectProblem(res, 403, 'role_not_allowed');
      expect(res.text).not.toMatch(/revenue|margin/);
    }
  });
});

describe('overview', () => {
  it('puts the plan and the roster side by side, with money only for directors and admins', async () => {
    const director = (
      await t.http.get(`/reports/overview?fortnightStart=${F}`).set(t.as('director')).expect(200)
    ).body;
    const util = (
      await t.http.get(`/reports/utilisation?fortnightStart=${F}`).set(t.as('director')).expect(200)
    ).body;
    const desk = (
      await t.http.get(`/reports/rostering?from=${F}&to=2026-04-05`).set(t.as('director')).expect(200)
    ).body;
    const profit = (await t.http.get(`/reports/profitability?from=${F}`).set(t.as('director')).expect(200))
      .body;
    expect(director.plan.id).toBe(planId);
    expect(director.rosters.map((r: { id: string }) => r.id)).toEqual([rosterId]);
    const [w1, w2, fortnight] = director.weeks;
    expect(w1).toMatchObject({
      period: 'week',
      from: F,
      billableHours: util.team[0].billableHours,
      utilisationPct: util.team[0].utilisationPct,
      rosteredDays: 7,
      deskRequiredHours: round2(
        desk.days.slice(0, 7).reduce((s: number, d: { requiredHours: number }) => s + d.requiredHours, 0),
      ),
      deskRosteredHours: round2(
        desk.days.slice(0, 7).reduce((s: number, d: { rosteredHours: number }) => s + d.rosteredHours, 0),
      ),
      revenue: null,
    });
    expect(w1.deskServiceLevelPct).toBeGreaterThan(0);
    // Week 2 has no roster: requirement only (and there is no demand either).
    expect(w2).toMatchObject({
      rosteredDays: 0,
      deskRequiredHours: 0,
      deskRosteredHours: null,
      deskServiceLevelPct: null,
    });
    expect(fortnight).toMatchObject({
      period: 'fortnight',
      utilisationPct: util.team[2].utilisationPct,
      revenue: profit.fortnights[0].revenue,
      cost: profit.fortnights[0].cost,
      margin: profit.fortnights[0].margin,
      idleCost: profit.fortnights[0].idleCost,
      p1BufferCost: profit.fortnights[0].p1BufferCost,
      netMargin: profit.fortnights[0].netMargin,
    });

    const rep = await t.http.get(`/reports/overview?fortnightStart=${F}`).set(t.as('rep')).expect(200);
    expect(JSON.stringify(rep.body)).not.toMatch(/revenue|cost|margin/i);
    const repCsv = await t.http
      .get(`/reports/overview?fortnightStart=${F}&format=csv`)
      .set(t.as('rep'))
      .expect(200);
    expect(repCsv.text).not.toMatch(/revenue|cost|margin/i);
    expectCsvMatches(repCsv, rep.body.weeks);
    const directorCsv = await t.http
      .get(`/reports/overview?fortnightStart=${F}&format=csv`)
      .set(t.as('director'))
      .expect(200);
    expect(expectCsvMatches(directorCsv, director.weeks)).toEqual(
      expect.arrayContaining(['revenue', 'margin', 'idleCost']),
    );
    for (const role of ['engineer', 'agent'] as const)
      expectProblem(
        await t.http.get(`/reports/overview?fortnightStart=${F}`).set(t.as(role)),
        403,
        'role_not_allowed',
      );
  });
});

describe('rostering and coverage', () => {
  interface Shift {
    agentId: string;
    date: string;
    localStart: string;
    localEnd: string;
    startsAt: string;
    endsAt: string;
    breaks: { start: string; end: string }[];
  }
  interface RosterResult {
    intervals: {
      date: string;
      channels: {
        channel: string;
        required: number;
        rostered: number;
        volume: number;
        serviceLevel: number | null;
      }[];
    }[];
  }

  it('reports required and rostered agent-hours per day as the roster and its shifts say', async () => {
    const res = await t.http.get(`/reports/rostering?from=${F}&to=2026-03-29`).set(t.as('rep')).expect(200);
    expect(res.body.rosters).toEqual([
      { id: rosterId, status: 'published', periodStart: F, periodEnd: '2026-03-29' },
    ]);
    const shifts = (await t.http.get(`/rosters/${rosterId}/shifts`).set(t.as('rep')).expect(200))
      .body as Shift[];
    const roster = (await t.http.get(`/rosters/${rosterId}`).set(t.as('rep')).expect(200)).body
      .result as RosterResult;
    expect(shifts.length).toBeGreaterThan(0);
    for (const day of res.body.days as {
      date: string;
      rosterId: string;
      requiredHours: number;
      rosteredHours: number;
      serviceLevelPct: number | null;
    }[]) {
      expect(day.rosterId).toBe(rosterId);
      // An agent is on duty in each half hour their shift covers whole, their break aside.
      const onDuty = shifts
        .filter((s) => s.date === day.date)
        .reduce((sum, s) => {
          const [start, end] = [minutes(s.localStart), minutes(s.localEnd)];
          const [b0, b1] = [minutes(s.breaks[0]!.start), minutes(s.breaks[0]!.end)];
          let n = 0;
          for (let m = Math.ceil(start / 30) * 30; m + 30 <= end; m += 30) if (!(b0 < m + 30 && b1 > m)) n++;
          return sum + n * 0.5;
        }, 0);
      expect(day.rosteredHours).toBe(round2(onDuty));
      const intervals = roster.intervals.filter((x) => x.date === day.date).flatMap((x) => x.channels);
      expect(day.requiredHours).toBe(round2(intervals.reduce((s, c) => s + c.required * 0.5, 0)));
      const channel = (
        res.body.channels as {
          date: string;
          channel: string;
          requiredHours: number;
          rosteredHours: number;
          serviceLevelPct: number | null;
        }[]
      ).find((c) => c.date === day.date && c.channel === 'phone')!;
      expect(channel.rosteredHours).toBe(round2(intervals.reduce((s, c) => s + c.rostered * 0.5, 0)));
      const volume = intervals.reduce((s, c) => s + (c.serviceLevel === null ? 0 : c.volume), 0);
      if (volume > 0) {
        const sl = (100 * intervals.reduce((s, c) => s + c.volume * (c.serviceLevel ?? 0), 0)) / volume;
        expect(channel.serviceLevelPct).toBeCloseTo(sl, 1);
      } else expect(channel.serviceLevelPct).toBeNull();
    }
    const weekend = (res.body.days as { date: string; requiredHours: number }[]).find(
      (d) => d.date === '2026-03-28',
    )!;
    expect(weekend.requiredHours).toBe(0);
    const csv = await t.http
      .get(`/reports/rostering?from=${F}&to=2026-03-29&table=channels&format=csv`)
      .set(t.as('rep'))
      .expect(200);
    expectCsvMatches(csv, res.body.channels);
    expectCsvMatches(
      await t.http
        .get(`/reports/rostering?from=${F}&to=2026-03-29`)
        .set(t.as('rep'))
        .set('Accept', 'text/csv'),
      res.body.days,
    );
  });

  it('shows one day interval by interval, agreeing with the daily figures', async () => {
    const res = await t.http
      .get(`/reports/coverage?date=${F}&channel=phone`)
      .set(t.as('director'))
      .expect(200);
    expect(res.body.intervalMinutes).toBe(30);
    expect(res.body.roster.id).toBe(rosterId);
    const rows = res.body.channels as {
      start: string;
      requiredAgents: number;
      rosteredAgents: number;
      serviceLevelPct: number | null;
    }[];
    expect(rows).toHaveLength(48);
    const day = (await t.http.get(`/reports/rostering?from=${F}&to=${F}`).set(t.as('director')).expect(200))
      .body;
    expect(round2(rows.reduce((s, r) => s + r.rosteredAgents * 0.5, 0))).toBe(day.channels[0].rosteredHours);
    expect(round2(rows.reduce((s, r) => s + r.requiredAgents * 0.5, 0))).toBe(day.channels[0].requiredHours);
    expect(rows.find((r) => r.start === '09:00')!.requiredAgents).toBeGreaterThan(0);
    expect(rows.find((r) => r.start === '03:00')).toMatchObject({ requiredAgents: 0, serviceLevelPct: null });
    const pooled = await t.http
      .get(`/reports/coverage?date=${F}&table=pooled&format=csv`)
      .set(t.as('director'))
      .expect(200);
    expectCsvMatches(pooled, res.body.pooled);
    // A day no roster covers still shows what it needs.
    const later = await t.http.get('/reports/coverage?date=2026-04-06').set(t.as('director')).expect(200);
    expect(later.body.roster).toBeNull();
  });
});

describe('bad queries', () => {
  it('answer 422 with the path of every bad parameter', async () => {
    const cases: [string, string[]][] = [
      [`/reports/utilisation?fortnightStart=2026-03-24`, ['query.fortnightStart']],
      [`/reports/utilisation?fortnightStart=2026-02-30`, ['query.fortnightStart']],
      [`/reports/utilisation?fortnightStart=${F}&format=xml&table=people`, ['query.format', 'query.table']],
      [`/reports/utilisation`, ['query.fortnightStart']],
      [`/reports/utilisation?fortnightStart=${F}&x=1`, ['query.x']],
      [`/reports/profitability?from=${F}&to=2026-03-09`, ['query.to']],
      [`/reports/profitability?from=2026-03-30&to=2026-04-13`, ['query.from', 'query.to']],
      [`/reports/profitability?from=${F}&to=2027-03-22`, ['query.to']],
      [`/reports/plan-vs-actual?from=${F}&customerId=acme`, ['query.customerId']],
      [`/reports/rostering?from=${F}&to=2026-03-01`, ['query.to']],
      [`/reports/rostering?from=${F}&to=2026-05-05`, ['query.to']],
      [`/reports/rostering?from=23/03/2026&to=${F}`, ['query.from']],
      [`/reports/coverage?date=${F}&channel=fax`, ['query.channel']],
      [`/reports/overview?fortnightStart=2026-03-30`, ['query.fortnightStart']],
    ];
    for (const [url, expected] of cases) {
      const res = await t.http.get(url).set(t.as('admin'));
      expectProblem(res, 422, 'validation_failed');
      expect([url, [...new Set(paths(res))].sort()]).toEqual([url, expected]);
    }
  });
});

describe('actual hours import and plan vs actual', () => {
  const count = async () =>
    (await t.http.get('/actual-hours?limit=1').set(t.as('admin')).expect(200)).body.total as number;
  const titleOf = (id: string) => items[id]!.title;

  it('imports a CSV all or nothing, naming every bad row', async () => {
    const before = await count();
    const [first, second] = Object.keys(items);
    const bad = [
      'item,engineer,date,hours,note',
      `${titleOf(first!)},ana@example.com,2026-03-23,2.5,ok`,
      `No such item,ana@example.com,2026-03-23,1,`,
      `${titleOf(second!)},nobody@example.com,2026-03-23,1,`,
      `${titleOf(second!)},ben@example.com,23/03/2026,1,`,
      `${titleOf(second!)},ben@example.com,2026-03-24,0,`,
      `${titleOf(second!)},ben@example.com,2026-03-24,lots,`,
      `${titleOf(second!)},ben@example.com,2026-03-25,25,`,
    ].join('\r\n');
    const res = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv')
      .send(bad);
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res).sort()).toEqual([
      'rows[1].item',
      'rows[2].engineer',
      'rows[3].date',
      'rows[4].hours',
      'rows[5].hours',
      'rows[6].hours',
    ]);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'rows[1].item').message).toMatch(
      /^line 3: no roadmap item titled "No such item"/,
    );
    expect(await count()).toBe(before);

    // A CSV that cannot be read, or has the wrong columns, is refused whole too.
    const broken = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv')
      .send('item,engineer,date,hours\r\n"unclosed,a,b,c\r\n');
    expectProblem(broken, 422, 'validation_failed');
    expect(broken.body.errors[0]).toMatchObject({
      path: 'body',
      message: expect.stringMatching(/^line 2: /),
    });
    const columns = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv')
      .send('item,who,hours\r\nx,y,1\r\nx,y\r\n');
    expect(paths(columns).sort()).toEqual(['header.date', 'header.who', 'rows[1]']);
    expect(await count()).toBe(before);
  });

  it('imports by title and email (quoted, with a customer to tell apart equal titles) or by id, and audits', async () => {
    // Both customers have an item called "Shared title": the customer column decides.
    const shared: Record<string, string> = {};
    for (const [customerId, name] of [
      [acme, 'Acme'],
      [bolt, 'Bolt'],
    ] as const)
      shared[name] = (
        await t.http
          .post('/roadmap-items')
          .set(t.as('rep'))
          .send({
            customerId,
            title: 'Shared, title',
            kind: 'bugfix',
            estimateLowHours: 1,
            estimateHighHours: 2,
          })
          .expect(201)
      ).body.id;
    const ambiguous = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv')
      .send('item,engineer,date,hours\r\n"Shared, title",ben@example.com,2026-03-23,1\r\n');
    expect(paths(ambiguous)).toEqual(['rows[0].item']);
    expect(ambiguous.body.errors[0].message).toMatch(
      /2 roadmap items are titled "Shared, title" \(Acme, Bolt\)/,
    );

    const before = await count();
    const csv =
      '\uFEFFItem,Engineer,Customer,Date,Hours,Note\r\n' +
      `"Shared, title",BEN@example.com,Bolt,2026-03-23,1.5,"said ""done"""\r\n` +
      `${shared.Acme},${t.engineerId},,2026-03-24,0.75,\r\n`;
    const res = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(csv)
      .expect(201);
    expect(res.body).toMatchObject({ imported: 2, replaced: 0 });
    expect(res.body.rows).toEqual([
      expect.objectContaining({
        itemId: shared.Bolt,
        engineerId: ben,
        date: '2026-03-23',
        hours: 1.5,
        note: 'said "done"',
      }),
      expect.objectContaining({
        itemId: shared.Acme,
        engineerId: t.engineerId,
        date: '2026-03-24',
        hours: 0.75,
        note: null,
      }),
    ]);
    expect(await count()).toBe(before + 2);
    const audit = await t.http.get('/audit?entity=actual-hours').set(t.as('admin')).expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'actual-hours.import',
      detail: { format: 'csv', mode: 'append', imported: 2 },
    });

    // Replace: importing a corrected file again overwrites instead of doubling.
    const again = await t.http
      .post('/actual-hours/import?mode=replace')
      .set(t.as('rep'))
      .send([{ itemId: shared.Bolt, engineerId: ben, date: '2026-03-23', hours: 2 }])
      .expect(201);
    expect(again.body).toMatchObject({ imported: 1, replaced: 1 });
    const logged = await t.http.get(`/actual-hours?itemId=${shared.Bolt}`).set(t.as('rep')).expect(200);
    expect(logged.body.items.map((h: { hours: number }) => h.hours)).toEqual([2]);
  });

  it('refuses more than 24 hours a day, counting hours already logged', async () => {
    const [id] = Object.keys(items);
    await t.http
      .post('/actual-hours')
      .set(t.as('rep'))
      .send({ itemId: id, engineerId: ben, date: '2026-02-02', hours: 20 })
      .expect(201);
    const res = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .send([
        { item: id, engineer: ben, date: '2026-02-02', hours: 3 },
        { item: id, engineer: ben, date: '2026-02-02', hours: 2 },
      ]);
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['rows[1].hours']);
    expect(res.body.errors[0].message).toMatch(/to 25 \(at most 24\)/);
  });

  it('lets an engineer import only their own hours', async () => {
    const [id] = Object.keys(items);
    const before = await count();
    const foreign = await t.http
      .post('/actual-hours/import')
      .set(t.as('engineer'))
      .set('Content-Type', 'text/csv')
      .send(
        `item,engineer,date,hours\r\n${id},ana@example.com,2026-03-25,1\r\n${id},ben@example.com,2026-03-25,1\r\n`,
      );
    expectProblem(foreign, 403, 'forbidden');
    expect(paths(foreign)).toEqual(['rows[1].engineer']);
    expect(await count()).toBe(before);
    // Without an engineer column the hours are the engineer's own.
    const own = await t.http
      .post('/actual-hours/import')
      .set(t.as('engineer'))
      .set('Content-Type', 'text/csv')
      .send(`item,date,hours\r\n${titleOf(id!)},2026-03-25,1\r\n`)
      .expect(201);
    expect(own.body.rows[0]).toMatchObject({ engineerId: t.engineerId });
    expectProblem(
      await t.http.post('/actual-hours/import').set(t.as('director')).send([]),
      403,
      'role_not_allowed',
    );
  });

  it('refuses other bodies, empty imports and oversized uploads', async () => {
    expectProblem(
      await t.http.post('/actual-hours/import').set(t.as('rep')).send({ item: 'x' }),
      422,
      'validation_failed',
    );
    expect(paths(await t.http.post('/actual-hours/import').set(t.as('rep')).send([]))).toEqual(['rows']);
    expect(
      paths(
        await t.http
          .post('/actual-hours/import')
          .set(t.as('rep'))
          .send([{ item: 'x', date: F, hours: 1, colour: 'red' }]),
      ),
    ).toEqual(expect.arrayContaining(['rows[0].colour']));
    expect(
      paths(
        await t.http
          .post('/actual-hours/import')
          .set(t.as('rep'))
          .set('Content-Type', 'text/csv')
          .send('item,engineer,date,hours\r\n'),
      ),
    ).toEqual(['rows']);
    const xml = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'application/xml')
      .send('<rows/>');
    expectProblem(xml, 415, 'unsupported_media_type');
    const huge = `item,engineer,date,hours\r\n${'x,y,2026-03-23,1\r\n'.repeat(80_000)}`;
    const big = await t.http
      .post('/actual-hours/import')
      .set(t.as('rep'))
      .set('Content-Type', 'text/csv')
      .send(huge);
    expectProblem(big, 413, 'payload_too_large');
    const many = `item,engineer,date,hours\r\n${'x,y,2026-03-23,1\r\n'.repeat(5001)}`;
    expect(
      paths(
        await t.http.post('/actual-hours/import').set(t.as('rep')).set('Content-Type', 'text/csv').send(many),
      ),
    ).toEqual(['body']);
  });

  it('compares scheduled with actual hours and counts finished items inside their range', async () => {
    const scheduled = new Map<string, number>();
    for (const b of blocks) scheduled.set(b.itemId, (scheduled.get(b.itemId) ?? 0) + hoursOf(b));
    // Not the first item: earlier tests logged hours on it outside this fortnight.
    const [within, above] = [...scheduled.keys()].filter((id) => items[id] && id !== Object.keys(items)[0]);
    expect(above).toBeDefined();
    // Logged inside the fortnight: the low end of the range for one, 5 h over the top for the other.
    const rows = [
      { item: within, engineer: ben, date: '2026-03-30', hours: items[within!]!.low },
      { item: above, engineer: ben, date: '2026-03-27', hours: 8 },
      { item: above, engineer: t.engineerId, date: '2026-04-02', hours: items[above!]!.high - 3 },
    ];
    await t.http.post('/actual-hours/import').set(t.as('rep')).send(rows).expect(201);
    for (const id of [within!, above!]) {
      const item = (await t.http.get(`/roadmap-items/${id}`).set(t.as('rep')).expect(200)).body;
      await t.http
        .patch(`/roadmap-items/${id}`)
        .set(t.as('rep'))
        .send({ version: item.version, status: 'done' })
        .expect(200);
    }
    const logged = (
      await t.http.get(`/actual-hours?from=${F}&to=2026-04-05&limit=500`).set(t.as('rep')).expect(200)
    ).body.items as {
      itemId: string;
      hours: number;
    }[];
    const res = await t.http.get(`/reports/plan-vs-actual?from=${F}`).set(t.as('rep')).expect(200);
    expect(res.body.plans).toEqual([{ id: planId, status: 'published', fortnightStart: F }]);
    for (const row of res.body.items as { itemId: string; scheduledHours: number; actualHours: number }[]) {
      expect(row.scheduledHours).toBe(round2(scheduled.get(row.itemId) ?? 0));
      expect(row.actualHours).toBe(
        round2(logged.filter((h) => h.itemId === row.itemId).reduce((s, h) => s + h.hours, 0)),
      );
    }
    // Every scheduled item is listed, and so is every item with hours logged in the fortnight.
    const listed = new Set((res.body.items as { itemId: string }[]).map((r) => r.itemId));
    for (const id of [...scheduled.keys(), ...logged.map((h) => h.itemId)]) expect(listed.has(id)).toBe(true);
    const byId = (id: string) => (res.body.items as Record<string, unknown>[]).find((r) => r.itemId === id)!;
    expect(byId(within!)).toMatchObject({ status: 'done', withinRange: true, outcome: 'within' });
    expect(byId(above!)).toMatchObject({
      status: 'done',
      withinRange: false,
      outcome: 'above',
      actualTotalHours: items[above!]!.high + 5,
    });
    expect(res.body.summary).toMatchObject({
      finishedItems: 2,
      within: 1,
      above: 1,
      below: 0,
      withinPct: 50,
    });
    const csv = await t.http
      .get(`/reports/plan-vs-actual?from=${F}&customerId=${bolt}&format=csv`)
      .set(t.as('rep'))
      .expect(200);
    const onlyBolt = (
      await t.http.get(`/reports/plan-vs-actual?from=${F}&customerId=${bolt}`).set(t.as('rep')).expect(200)
    ).body;
    expect(onlyBolt.items.every((r: { customerId: string }) => r.customerId === bolt)).toBe(true);
    expectCsvMatches(csv, onlyBolt.items);
    expectProblem(
      await t.http.get(`/reports/plan-vs-actual?from=2027-01-11`).set(t.as('rep')),
      404,
      'no_plan',
    );
  });
});
