import { DateTime } from 'luxon';
import { planRoutes } from '../../src/http/plans';
import { rosterRoutes } from '../../src/http/rosters';
import type { Role } from '../../src/db/entities';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths } from './support';

/*
 * The audit trail through the API: who created, solved, published and re-planned each plan or
 * roster, and who issued or revoked each token. Tiny data and generous time limits: the solves
 * here are about who asked for them, not about the solver.
 */
let t: TestApp;
const FORTNIGHT = '2026-02-09'; // on the test organisation's fortnight grid (anchor 2026-01-12)
const ROSTER_WEEK = '2026-02-09';
const userIds = {} as Record<Role, string>;

interface AuditEntry {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: Record<string, unknown>;
}

beforeAll(async () => {
  t = await startTestApp({ extensions: [planRoutes, rosterRoutes], jobs: true });
  for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const)
    userIds[role] = (await t.http.get('/me').set(t.as(role)).expect(200)).body.userId as string;

  const customer = await t.http
    .post('/customers')
    .set(t.as('rep'))
    .send({ name: 'Audited Ltd', subscriptionHoursPerFortnight: 20, feePerFortnight: 2000, reviewWeekday: 2 })
    .expect(201);
  for (const title of ['Login page', 'Export to CSV', 'Upgrade PostgreSQL'])
    await t.http
      .post('/roadmap-items')
      .set(t.as('rep'))
      .send({
        customerId: customer.body.id,
        title,
        kind: 'feature',
        estimateLowHours: 3,
        estimateHighHours: 5,
      })
      .expect(201);

  await t.http
    .post('/shift-templates')
    .set(t.as('admin'))
    .send({ name: 'Day', start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5, 6, 7] })
    .expect(201);
  await t.http
    .post('/service-targets')
    .set(t.as('admin'))
    .send({ channel: 'phone', serviceLevel: 0.8, targetSeconds: 20, shrinkage: 0 })
    .expect(201);
  for (let d = 0; d < 5; d++) {
    const date = DateTime.fromISO(ROSTER_WEEK).plus({ days: d }).toISODate()!;
    for (const intervalStart of ['10:00', '11:00', '14:00'])
      await t.http
        .post('/demand-forecasts')
        .set(t.as('rep'))
        .send({ channel: 'phone', date, intervalStart, intervalMinutes: 60, volume: 6, ahtSeconds: 180 })
        .expect(201);
  }
});
afterAll(async () => {
  await t.close();
});

async function waitUntilFinished(kind: 'plans' | 'rosters', id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await t.http.get(`/${kind}/${id}`).set(t.as('admin')).expect(200);
    if (!['draft', 'solving'].includes(res.body.status as string)) return res.body;
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function auditOf(query: string): Promise<AuditEntry[]> {
  const res = await t.http.get(`/audit?${query}&limit=500`).set(t.as('admin')).expect(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items as AuditEntry[];
}

/** The one entry with this action, asserting there is exactly one. */
function only(entries: AuditEntry[], action: string): AuditEntry {
  const found = entries.filter((e) => e.action === action);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('audit log', () => {
  it('records who created, solved, published and re-planned a plan; the solve is credited to who asked', async () => {
    const created = await t.http
      .post('/plans')
      .set(t.as('rep'))
      .send({ fortnightStart: FORTNIGHT, timeLimitSeconds: 60, seed: 1 })
      .expect(202);
    const planId = created.body.id as string;
    expect((await waitUntilFinished('plans', planId)).status).toBe('solved');
    await t.http.post(`/plans/${planId}/publish`).set(t.as('admin')).expect(200);
    const replanned = await t.http
      .post(`/plans/${planId}/replan`)
      .set(t.as('admin'))
      .send({ asOf: '2026-02-16T00:00:00Z', timeLimitSeconds: 60 })
      .expect(202);
    const replanId = replanned.body.id as string;
    expect((await waitUntilFinished('plans', replanId)).status).toBe('solved');

    const first = await auditOf(`entity=plan&entityId=${planId}`);
    expect(only(first, 'plan.create')).toMatchObject({
      entity: 'plan',
      entityId: planId,
      actorUserId: userIds.rep,
      detail: { fortnightStart: FORTNIGHT },
    });
    expect(only(first, 'plan.solve')).toMatchObject({
      entityId: planId,
      actorUserId: userIds.rep,
      detail: { status: expect.any(String) },
    });
    expect(only(first, 'plan.publish')).toMatchObject({ entityId: planId, actorUserId: userIds.admin });

    const second = await auditOf(`entity=plan&entityId=${replanId}`);
    expect(only(second, 'plan.replan')).toMatchObject({
      entityId: replanId,
      actorUserId: userIds.admin,
      detail: { replanOf: planId, asOf: '2026-02-16T00:00:00.000Z' },
    });
    // The re-plan's solve was asked for by the admin who re-planned, not by the plan's first author.
    expect(only(second, 'plan.solve')).toMatchObject({ entityId: replanId, actorUserId: userIds.admin });
  });

  it('records who created, solved and published a roster', async () => {
    const created = await t.http
      .post('/rosters')
      .set(t.as('rep'))
      .send({ periodStart: ROSTER_WEEK, timeLimitSeconds: 60 })
      .expect(202);
    const rosterId = created.body.id as string;
    expect((await waitUntilFinished('rosters', rosterId)).status).toBe('solved');
    await t.http.post(`/rosters/${rosterId}/publish`).set(t.as('admin')).expect(200);

    const entries = await auditOf(`entity=roster&entityId=${rosterId}`);
    expect(only(entries, 'roster.create')).toMatchObject({
      entity: 'roster',
      entityId: rosterId,
      actorUserId: userIds.rep,
      detail: { periodStart: ROSTER_WEEK, weeks: 1 },
    });
    expect(only(entries, 'roster.solve')).toMatchObject({ entityId: rosterId, actorUserId: userIds.rep });
    expect(only(entries, 'roster.publish')).toMatchObject({ entityId: rosterId, actorUserId: userIds.admin });
  });

  it('records who issued and who revoked each API token, never the secret', async () => {
    const issued = await t.http
      .post(`/users/${userIds.director}/tokens`)
      .set(t.as('admin'))
      .send({ label: 'laptop' })
      .expect(201);
    const tokenId = issued.body.id as string;
    const secret = issued.body.token as string;
    // The director revokes their own new token: the revoker is credited, not the issuer.
    await t.http.delete(`/tokens/${tokenId}`).set(t.as('director')).expect(204);
    expectProblem(await t.http.get('/me').set({ Authorization: `Bearer ${secret}` }), 401, 'unauthorized');

    const entries = await auditOf(`entity=api_token&entityId=${tokenId}`);
    expect(only(entries, 'token.create')).toMatchObject({
      entityId: tokenId,
      actorUserId: userIds.admin,
      detail: { userId: userIds.director, label: 'laptop' },
    });
    expect(only(entries, 'token.revoke')).toMatchObject({
      entityId: tokenId,
      actorUserId: userIds.director,
      detail: { userId: userIds.director },
    });
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('filters by action, actor and time', async () => {
    const publishes = await auditOf(`action=plan.publish&actorUserId=${userIds.admin}`);
    expect(publishes.length).toBeGreaterThan(0);
    for (const e of publishes)
      expect(e).toMatchObject({ action: 'plan.publish', actorUserId: userIds.admin });
    // The rep never revoked a token.
    expect(await auditOf(`action=token.revoke&actorUserId=${userIds.rep}`)).toEqual([]);

    const all = await auditOf('entity=plan');
    const newest = all[0]!;
    const oldest = all[all.length - 1]!;
    expect(newest.at >= oldest.at).toBe(true);
    // `from` is inclusive, `to` exclusive: [oldest.at, newest.at) drops only entries at newest.at.
    const window = await auditOf(`entity=plan&from=${oldest.at}&to=${newest.at}`);
    const ids = (entries: AuditEntry[]) => entries.map((e) => e.id).sort();
    expect(ids(window)).toEqual(ids(all.filter((e) => e.at < newest.at)));
    expect(window.length).toBeGreaterThan(0);
    expect(await auditOf(`entity=plan&from=${encodeURIComponent('2100-01-01T00:00:00+01:00')}`)).toEqual([]);

    const bad = await t.http.get('/audit?from=yesterday&actorUserId=someone').set(t.as('admin'));
    expectProblem(bad, 422, 'validation_failed');
    expect(paths(bad).sort()).toEqual(['query.actorUserId', 'query.from']);
  });

  it('is readable by admins only', async () => {
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const)
      expectProblem(await t.http.get('/audit').set(t.as(role)), 403, 'role_not_allowed');
    expectProblem(await t.http.get('/audit'), 401, 'unauthorized');
  });
});
