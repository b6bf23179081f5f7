import { DateTime } from 'luxon';
import { planRoutes } from '../../src/http/plans';
import { rosterRoutes } from '../../src/http/rosters';
import { startTestApp, type TestApp } from '../helpers/app';

/**
 * Regression (embedded database): with a plan and a roster solving at once, pglite-socket's own
 * queue let one connection's statements run inside another's, and committed rows — the plan just
 * created, the caller's API token — vanished (GET /plans/:id → 404, then 401s). Our session queue
 * hands PGlite to one connection from its first message until it is idle again.
 */
let t: TestApp;
const F = '2026-03-23';

beforeAll(async () => {
  t = await startTestApp({ extensions: [planRoutes, rosterRoutes], jobs: true, database: 'pglite' });
});
afterAll(async () => {
  await t.close();
});

async function finished(kind: 'plans' | 'rosters', id: string): Promise<{ status: string }> {
  for (;;) {
    const res = await t.http.get(`/${kind}/${id}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 300));
  }
}

it('solves a plan and a roster at once on the embedded database without losing a row', async () => {
  const rep = t.as('rep');
  const admin = t.as('admin');
  const c = await t.http
    .post('/customers')
    .set(rep)
    .send({
      name: 'Acme',
      subscriptionHoursPerFortnight: 40,
      feePerFortnight: 4000,
      reviewWeekday: 2,
      techDebtShare: 0,
    })
    .expect(201);
  for (let i = 1; i <= 5; i++)
    await t.http
      .post('/roadmap-items')
      .set(rep)
      .send({
        customerId: c.body.id,
        title: `Item ${i}`,
        kind: 'feature',
        estimateLowHours: 4,
        estimateHighHours: 8,
      })
      .expect(201);
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
  for (let d = 0; d < 5; d++) {
    const date = DateTime.fromISO(F).plus({ days: d }).toISODate()!;
    for (let m = 9 * 60; m < 17 * 60; m += 30) {
      const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      await t.http
        .post('/demand-forecasts')
        .set(rep)
        .send({ channel: 'phone', date, intervalStart: time, volume: 6, ahtSeconds: 180 })
        .expect(201);
    }
  }
  const [plan, roster] = await Promise.all([
    t.http.post('/plans').set(rep).send({ fortnightStart: F, timeLimitSeconds: 30 }).expect(202),
    t.http.post('/rosters').set(rep).send({ periodStart: F, weeks: 1, timeLimitSeconds: 30 }).expect(202),
  ]);
  const [p, r] = await Promise.all([finished('plans', plan.body.id), finished('rosters', roster.body.id)]);
  expect(p.status).toBe('solved');
  expect(r.status).toBe('solved');
  await t.http.post(`/plans/${plan.body.id}/publish`).set(rep).expect(200);
  await t.http.post(`/rosters/${roster.body.id}/publish`).set(rep).expect(200);
  // Everything written before and during the solves is still there.
  for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const)
    await t.http.get('/me').set(t.as(role)).expect(200);
  expect((await t.http.get('/roadmap-items').set(rep).expect(200)).body.total).toBe(5);
  expect((await t.http.get('/demand-forecasts?limit=100').set(rep).expect(200)).body.total).toBe(80);
});
