import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

async function current(): Promise<{ version: number } & Record<string, unknown>> {
  return (await t.http.get('/settings').set(t.as('admin')).expect(200)).body;
}

describe('settings', () => {
  it('can be read by every role', async () => {
    const admin = await current();
    expect(admin).toMatchObject({ timeZone: 'Europe/London', holidayCalendar: 'england-and-wales' });
    expect(admin.fortnightAnchor).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      const res = await t.http.get('/settings').set(t.as(role)).expect(200);
      expect(res.body).toEqual(admin);
    }
    expectProblem(await t.http.get('/settings'), 401, 'unauthorized');
  });

  it('lets an admin change them with the current version', async () => {
    const before = await current();
    // Another Monday than the seeded one.
    const anchor = before.fortnightAnchor === '2026-02-02' ? '2026-02-16' : '2026-02-02';
    const res = await t.http
      .patch('/settings')
      .set(t.as('admin'))
      .send({ version: before.version, name: 'Renamed Org', fortnightAnchor: anchor, p1BufferMinutes: 90 })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Renamed Org',
      fortnightAnchor: anchor,
      p1BufferMinutes: 90,
      timeZone: 'Europe/London',
      version: before.version + 1,
    });
    expect((await current()).name).toBe('Renamed Org');
  });

  it('answers 409 to a stale version', async () => {
    const before = await current();
    await t.http
      .patch('/settings')
      .set(t.as('admin'))
      .send({ version: before.version, p1BufferMinutes: 60 })
      .expect(200);
    const stale = await t.http
      .patch('/settings')
      .set(t.as('admin'))
      .send({ version: before.version, p1BufferMinutes: 30 });
    expectProblem(stale, 409, 'stale_version');
    expect(paths(stale)).toEqual(['body.version']);
    expect((await current()).p1BufferMinutes).toBe(60);
  });

  it('rejects a fortnight anchor that is not a Monday, and other bad fields, with paths', async () => {
    const before = await current();
    const tuesday = await t.http
      .patch('/settings')
      .set(t.as('admin'))
      .send({ version: before.version, fortnightAnchor: '2026-01-06' });
    expectProblem(tuesday, 422, 'validation_failed');
    expect(paths(tuesday)).toEqual(['body.fortnightAnchor']);
    const bad = await t.http
      .patch('/settings')
      .set(t.as('admin'))
      .send({
        version: before.version,
        timeZone: 'Nowhere/Special',
        weekStart: 0,
        defaultWorkingDay: { start: '9:00', end: '17:30', lunchStart: '12:30', lunchMinutes: 60 },
        colour: 'red',
      });
    expectProblem(bad, 422, 'validation_failed');
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        'body.timeZone',
        'body.weekStart',
        'body.defaultWorkingDay.start',
        'body.colour',
      ]),
    );
    const noVersion = await t.http.patch('/settings').set(t.as('admin')).send({ name: 'x' });
    expectProblem(noVersion, 422, 'validation_failed');
    expect(paths(noVersion)).toEqual(['body.version']);
    expect((await current()).version).toBe(before.version);
  });

  it('may be changed by admins only', async () => {
    const { version } = await current();
    for (const role of ['rep', 'director', 'engineer', 'agent'] as const) {
      expectProblem(
        await t.http.patch('/settings').set(t.as(role)).send({ version, name: 'Hijacked' }),
        403,
        'role_not_allowed',
      );
    }
    expect((await current()).name).not.toBe('Hijacked');
  });
});
