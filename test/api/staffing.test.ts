import { rosterRoutes } from '../../src/http/rosters';
import { startTestApp, type TestApp } from '../helpers/app';
import { expectProblem, paths } from './support';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ extensions: [rosterRoutes] });
});
afterAll(async () => {
  await t.close();
});

interface Answer {
  intervalMinutes: number;
  channels: {
    channel: string;
    kind: string;
    shrinkage: number;
    intervals: {
      start: string | number;
      volume: number;
      agents: number;
      required: number;
      serviceLevel: number | null;
      asaSeconds: number | null;
    }[];
  }[];
}

const TEXTBOOK = {
  intervalMinutes: 30,
  intervals: [{ channel: 'phone', start: '2026-03-02T09:00', volume: 100, ahtSeconds: 180 }],
  targets: { phone: { serviceLevel: 0.8, targetSeconds: 20 } },
};

describe('staffing calculator', () => {
  it('answers the textbook case: 100 calls in 30 min at 180 s, 80/20 → 14 agents', async () => {
    const res = await t.http.post('/staffing/requirements').set(t.as('director')).send(TEXTBOOK).expect(200);
    const body = res.body as Answer;
    expect(body.intervalMinutes).toBe(30);
    expect(body.channels).toHaveLength(1);
    const x = body.channels[0]!.intervals[0]!;
    expect(x.start).toBe('2026-03-02T09:00');
    expect(x.agents).toBe(14);
    expect(x.required).toBe(14);
    expect(x.serviceLevel).toBeCloseTo(0.888, 3);
    expect(x.asaSeconds).toBeCloseTo(7.8, 1);
  });

  it('takes minute starts and applies shrinkage to the agents to roster', async () => {
    const res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        ...TEXTBOOK,
        intervals: [
          { channel: 'phone', start: 0, volume: 100, ahtSeconds: 180 },
          { channel: 'phone', start: 30, volume: 0, ahtSeconds: 180 },
        ],
        shrinkage: 0.3,
      })
      .expect(200);
    const [first, second] = (res.body as Answer).channels[0]!.intervals;
    expect(first).toMatchObject({ start: 0, agents: 14, required: 20 });
    expect(second).toMatchObject({ start: 30, agents: 0, required: 0 });
  });

  it('uses the stored forecasts and service targets for a date range', async () => {
    await t.http
      .post('/service-targets')
      .set(t.as('admin'))
      .send({ channel: 'phone', serviceLevel: 0.8, targetSeconds: 20, shrinkage: 0.3 })
      .expect(201);
    for (const [date, intervalStart, volume] of [
      ['2026-03-02', '09:00', 100],
      ['2026-03-02', '09:30', 50],
      ['2026-03-03', '09:00', 10],
    ] as const)
      await t.http
        .post('/demand-forecasts')
        .set(t.as('rep'))
        .send({ channel: 'phone', date, intervalStart, volume, ahtSeconds: 180 })
        .expect(201);
    const res = await t.http
      .post('/staffing/requirements')
      .set(t.as('admin'))
      .send({ from: '2026-03-02', to: '2026-03-03' })
      .expect(200);
    const phone = (res.body as Answer).channels.find((c) => c.channel === 'phone')!;
    expect(phone.shrinkage).toBe(0.3);
    expect(phone.intervals.map((x) => x.start)).toEqual([
      '2026-03-02T09:00',
      '2026-03-02T09:30',
      '2026-03-03T09:00',
    ]);
    expect(phone.intervals[0]).toMatchObject({ agents: 14, required: 20 });
  });

  it('names every bad field', async () => {
    let res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        intervalMinutes: 20,
        intervals: [
          { channel: 'fax', start: '2026-03-02T09:00', volume: -1, ahtSeconds: 180 },
          { channel: 'phone', start: '2026-03-02 09:30', volume: 1, ahtSeconds: 0 },
        ],
        targets: { phone: { serviceLevel: 1.5 } },
      });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res).sort()).toEqual(
      [
        'body.intervalMinutes',
        'body.intervals[0].channel',
        'body.intervals[0].volume',
        'body.intervals[1].ahtSeconds',
        'body.intervals[1].start',
        'body.targets.phone.serviceLevel',
      ].sort(),
    );

    res = await t.http.post('/staffing/requirements').set(t.as('rep')).send({});
    expect(paths(res)).toEqual(['body.from', 'body.to']);
    res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({ from: '2026-03-03', to: '2026-03-02' });
    expect(paths(res)).toEqual(['body.to']);
    res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        ...TEXTBOOK,
        intervals: [...TEXTBOOK.intervals, { channel: 'phone', start: 30, volume: 1, ahtSeconds: 60 }],
      });
    expect(paths(res)).toEqual(['body.intervals[1].start']);
  });

  it('reports what the calculator itself finds wrong with its field path', async () => {
    // No posted or stored target for chat; a deferred e-mail target without a deadline.
    const res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        intervals: [
          { channel: 'chat', start: 0, volume: 10, ahtSeconds: 300 },
          { channel: 'email', start: 0, volume: 10, ahtSeconds: 300 },
        ],
        targets: { email: { serviceLevel: 0.9 } },
      });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res).sort()).toEqual(['body.intervals[0].channel', 'body.targets.email.deadlineMinutes']);
  });

  it('refuses a year-0 date range with 422, not 500', async () => {
    const res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({ from: '0000-01-01', to: '0000-01-02' });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toContain('body.from');
  });

  it('refuses a load that would need more agents than any desk, instead of hanging the server', async () => {
    // The Erlang search steps up one agent at a time: ~5·10¹⁰ steps for an occupancy cap of 1e-9.
    const interval = { channel: 'phone', start: 0, volume: 1000, ahtSeconds: 100 };
    let res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        intervals: [interval],
        targets: { phone: { serviceLevel: 0.8, targetSeconds: 20, maxOccupancy: 1e-9 } },
      });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.targets.phone.maxOccupancy']);
    // 10⁶ calls of a day each in half an hour: 48 million Erlangs.
    res = await t.http
      .post('/staffing/requirements')
      .set(t.as('rep'))
      .send({
        intervals: [interval, { ...interval, start: 30, volume: 1e6, ahtSeconds: 86400 }],
        targets: { phone: { serviceLevel: 0.8, targetSeconds: 20 } },
      });
    expectProblem(res, 422, 'validation_failed');
    expect(paths(res)).toEqual(['body.intervals[1].volume']);
  });

  it('is for staff only', async () => {
    await t.http.post('/staffing/requirements').set(t.as('agent')).send(TEXTBOOK).expect(403);
    await t.http.post('/staffing/requirements').set(t.as('engineer')).send(TEXTBOOK).expect(403);
    await t.http.post('/staffing/requirements').send(TEXTBOOK).expect(401);
  });
});
