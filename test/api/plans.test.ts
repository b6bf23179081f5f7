import { OrganisationSettingsEntity, PlanEntity } from '../../src/db/entities';
import { PlanService } from '../../src/services/plans';
import { planRoutes } from '../../src/http/plans';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths, UNKNOWN_ID } from './support';

let t: TestApp;
let customerId: string;
const FORTNIGHT = '2026-03-23'; // spans the Europe/London spring-forward change (Sunday 29 March)

beforeAll(async () => {
  t = await startTestApp({ extensions: [planRoutes], jobs: true });
  const c = await t.http
    .post('/customers')
    .set(t.as('rep'))
    .send({
      name: 'Acme',
      subscriptionHoursPerFortnight: 60,
      feePerFortnight: 6000,
      reviewWeekday: 3,
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
      })
      .expect(201);
  }
  await t.http
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
  await t.http
    .post('/public-holidays')
    .set(t.as('admin'))
    .send({ date: '2026-03-26', name: 'Founders Day' })
    .expect(201);
  await t.http
    .post('/availability-exceptions')
    .set(t.as('rep'))
    .send({
      engineerId: t.engineerId,
      kind: 'leave',
      startDate: '2026-03-25',
      endDate: '2026-03-25',
      note: 'dentist',
    })
    .expect(201);
});
afterAll(async () => {
  await t.close();
});

async function waitForPlan(id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await t.http.get(`/plans/${id}`).set(t.as('rep')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('fortnight plans', () => {
  it('rejects a fortnight start off the fortnight grid', async () => {
    const res = await t.http
      .post('/plans')
      .set(t.as('rep'))
      .send({ fortnightStart: '2026-03-24' })
      .expect(422);
    expect(res.body.errors[0].path).toBe('body.fortnightStart');
  });

  it('solves as a job, keeps blocks at the right local time across the clock change, and publishes', async () => {
    const created = await t.http
      .post('/plans')
      .set(t.as('rep'))
      .send({ fortnightStart: FORTNIGHT, timeLimitSeconds: 5 })
      .expect(202);
    expect(created.body.status).toBe('draft');
    const plan = await waitForPlan(created.body.id);
    expect(plan.status).toBe('solved');
    const blocks = (await t.http.get(`/plans/${created.body.id}/blocks`).set(t.as('rep')).expect(200))
      .body as {
      date: string;
      localStart: string;
      localEnd: string;
      startsAt: string;
      engineerId: string;
    }[];
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b.date).not.toBe('2026-03-26'); // public holiday: nobody works
      if (b.engineerId === t.engineerId) expect(b.date).not.toBe('2026-03-25'); // Ana's leave
      expect(b.localStart >= '09:30' && b.localEnd <= '17:30').toBe(true);
      // London is UTC+0 before 29 March and UTC+1 after: the instant must follow the local time.
      const offsetHours = b.date < '2026-03-29' ? 0 : 1;
      const utcHour = new Date(b.startsAt).getUTCHours() + new Date(b.startsAt).getUTCMinutes() / 60;
      const localHour = Number(b.localStart.slice(0, 2)) + Number(b.localStart.slice(3)) / 60;
      expect(utcHour).toBeCloseTo(localHour - offsetHours, 5);
    }
    const sheet = await t.http
      .get(`/plans/${created.body.id}/customers/${customerId}`)
      .set(t.as('rep'))
      .expect(200);
    expect(sheet.body.customer.customerId).toBe(customerId);
    const mine = await t.http
      .get(`/plans/${created.body.id}/engineers/${t.engineerId}`)
      .set(t.as('engineer'))
      .expect(200);
    expect(mine.body.weeks).toHaveLength(2);
    const week1 = (mine.body.weeks as { week: number; reasons: string[] }[]).find((w) => w.week === 0)!;
    expect(week1.reasons.join(' ')).toMatch(/Founders Day/);
    await t.http.post(`/plans/${created.body.id}/publish`).set(t.as('engineer')).expect(403);
    const published = await t.http.post(`/plans/${created.body.id}/publish`).set(t.as('rep')).expect(200);
    expect(published.body.status).toBe('published');
    await t.http.post(`/plans/${created.body.id}/publish`).set(t.as('rep')).expect(409);
  });

  it('re-plans a published fortnight keeping past blocks and reporting the diff', async () => {
    const first = await t.http
      .post('/plans')
      .set(t.as('rep'))
      .send({ fortnightStart: FORTNIGHT, timeLimitSeconds: 5 })
      .expect(202);
    expect((await waitForPlan(first.body.id)).status).toBe('solved');
    await t.http.post(`/plans/${first.body.id}/publish`).set(t.as('rep')).expect(200);
    await t.http
      .post(`/plans/${first.body.id}/replan`)
      .set(t.as('rep'))
      .send({ asOf: 'yesterday' })
      .expect(422);
    const asOf = '2026-03-30T00:00:00Z';
    const again = await t.http
      .post(`/plans/${first.body.id}/replan`)
      .set(t.as('rep'))
      .send({ asOf, timeLimitSeconds: 5 })
      .expect(202);
    const replanned = await waitForPlan(again.body.id);
    expect(replanned.status).toBe('solved');
    expect(replanned.basedOnPlanId).toBe(first.body.id);
    expect((replanned.result as { replanDiff: unknown }).replanDiff).toBeTruthy();
    type B = { itemId: string; engineerId: string; startsAt: string; endsAt: string };
    const past = async (id: string) =>
      ((await t.http.get(`/plans/${id}/blocks`).set(t.as('rep')).expect(200)).body as B[])
        .filter((b) => b.endsAt <= '2026-03-30T00:00:00.000Z')
        .map((b) => `${b.itemId} ${b.engineerId} ${b.startsAt} ${b.endsAt}`)
        .sort();
    expect(await past(again.body.id)).toEqual(await past(first.body.id));
    const audit = await t.http
      .get(`/audit?entity=plan&entityId=${again.body.id}`)
      .set(t.as('admin'))
      .expect(200);
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual(
      expect.arrayContaining(['plan.replan', 'plan.solve']),
    );
  });
});

describe('fortnight plans: regressions', () => {
  /** A plan row as a finished solve leaves it (the state tests need no solver run). */
  async function solvedPlan(fortnightStart: string): Promise<string> {
    const repo = t.deps.db.getRepository(PlanEntity);
    return (await repo.save(repo.create({ fortnightStart, status: 'solved', options: {} }))).id;
  }

  it('fails a plan whose fortnight no longer fits the grid when its job runs, with the reason, for good', async () => {
    // Submitted on the grid of 2026-01-12; the grid moved a week before the job ran. Retrying
    // cannot help, so the plan must not go back to draft (or stay solving) for ever.
    const repo = t.deps.db.getRepository(PlanEntity);
    const plan = await repo.save(repo.create({ fortnightStart: '2026-05-04', status: 'draft', options: {} }));
    const settings = t.deps.db.getRepository(OrganisationSettingsEntity);
    const row = await settings.findOneOrFail({ where: {}, order: { createdAt: 'ASC' } });
    const anchor = row.fortnightAnchor;
    await settings.update(row.id, { fortnightAnchor: '2026-01-19' });
    try {
      await new PlanService(t.deps.db, null, t.deps.logger).runJob(plan.id);
    } finally {
      await settings.update(row.id, { fortnightAnchor: anchor });
    }
    const after = await repo.findOneOrFail({ where: { id: plan.id } });
    expect(after.status).toBe('failed');
    expect((after.result as { explanation: string[] }).explanation[0]).toMatch(
      /fortnights start every 14 days/,
    );
    const res = await t.http.get(`/plans/${plan.id}`).set(t.as('rep')).expect(200);
    expect(res.body.status).toBe('failed');
  });

  it('refuses year-0 dates and a fortnight ending after 9999 with 422, not 500', async () => {
    // 0000-01-10 is on the fortnight grid of 2026-01-12; PostgreSQL has no year 0.
    let res = await t.http.post('/plans').set(t.as('rep')).send({ fortnightStart: '0000-01-10' });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.fortnightStart']);
    res = await t.http.post('/plans').set(t.as('rep')).send({ fortnightStart: '9999-12-20' });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.fortnightStart']);
    res = await t.http.get('/plans?fortnightStart=0000-01-01').set(t.as('rep'));
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['query.fortnightStart']);
  });

  it('answers 404 for an engineer or customer that does not exist', async () => {
    const id = await solvedPlan('2026-04-20');
    let res = await t.http.get(`/plans/${id}/engineers/${UNKNOWN_ID}`).set(t.as('rep'));
    expectProblem(res, 404, 'not_found');
    res = await t.http.get(`/plans/${id}/customers/${UNKNOWN_ID}`).set(t.as('rep'));
    expectProblem(res, 404, 'not_found');
    await t.http.get(`/plans/${id}/engineers/${t.engineerId}`).set(t.as('rep')).expect(200);
    await t.http.get(`/plans/${id}/customers/${customerId}`).set(t.as('rep')).expect(200);
  });

  it('leaves exactly one published plan when two of one fortnight are published at once', async () => {
    const fortnight = '2026-04-06';
    const [a, b] = [await solvedPlan(fortnight), await solvedPlan(fortnight)];
    // Holding the audit table makes both publishes wait at their audit row, after choosing what
    // to supersede: without a lock per fortnight, each saw nothing published and both published.
    const holder = t.deps.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('LOCK TABLE audit_log IN EXCLUSIVE MODE');
    const publishes = [a, b].map((id) =>
      t.http
        .post(`/plans/${id}/publish`)
        .set(t.as('rep'))
        .then((r) => r),
    );
    for (;;) {
      const rows = (await t.deps.db.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'
            AND (query ILIKE '%audit_log%' OR query ILIKE '%pg_advisory_xact_lock%')`,
      )) as { waiting: number }[];
      if ((rows[0]?.waiting ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await holder.commitTransaction();
    await holder.release();
    expect((await Promise.all(publishes)).map((r) => r.status)).toEqual([200, 200]);
    const plans = await t.deps.db.getRepository(PlanEntity).find({ where: { fortnightStart: fortnight } });
    expect(plans.map((p) => p.status).sort()).toEqual(['published', 'superseded']);
  });
});
