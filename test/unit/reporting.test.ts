import {
  availableMinutesByDate,
  deskChannelDays,
  deskRows,
  onDutyBySlot,
  overviewWeeks,
  p1BufferByDate,
  planVsActual,
  profitability,
  r2,
  utilisation,
  type DeskDay,
  type ReportBlock,
} from '../../src/domain/reporting';
import { dates } from '../../src/domain/time';

/*
 * A small organisation worked out by hand.
 *
 * Fortnight from Monday 23 March 2026: week 1 = 23–29 March, week 2 = 30 March – 5 April.
 * Public holiday Thursday 26 March. Lunch at 12:30.
 *
 * Ana: Mon–Thu 09:30–17:30, 60 min break = 7 h a day, cost 40/h.
 *      Part day Tuesday 31 March 14:00–16:00 (2 h off, clear of lunch).
 *      week 1: Mon 7 + Tue 7 + Wed 7 + Thu (holiday) 0            = 21 h
 *      week 2: Mon 7 + Tue 5 + Wed 7 + Thu 7                       = 26 h   fortnight 47 h
 * Ben: Mon–Fri 09:00–17:00, 60 min break = 7 h a day, cost 50/h.
 *      Leave Wednesday 1 April.
 *      week 1: Mon–Wed 21 + Thu (holiday) 0 + Fri 7                = 28 h
 *      week 2: Mon 7 + Tue 7 + Wed (leave) 0 + Thu 7 + Fri 7       = 28 h   fortnight 56 h
 *
 * Customers: Acme pays a fee of 3000 a fortnight; Bolt pays 100/h for billable hours; Cobalt
 * pays a fee of 500 and has no work this fortnight. Items: A1 (Acme, billable), A2 (Acme, not
 * billable), B1 (Bolt, billable), B2 (Bolt, not billable).
 *
 * Blocks (hours):            week 1                      week 2
 *   Ana   A1 Mon 6, A1 Tue 6, B1 Wed 6          A1 Mon 7, A2 Tue 2, B1 Wed 7, B1 Thu 7
 *   Ben   B1 Mon 7, B2 Tue 3, A1 Wed 7, A2 Fri 4 B1 Mon 7, B1 Tue 7, A1 Thu 7, A1 Fri 7
 *
 * P1 responders (2 h buffer each day): Ana on Monday 23 March; Ben on Tuesday 24 and Monday
 * 30 March.
 */
const F = '2026-03-23';
const ANA = 'ana';
const BEN = 'ben';
const billableItems = new Set(['A1', 'B1']);
const customerOf: Record<string, string> = { A1: 'acme', A2: 'acme', B1: 'bolt', B2: 'bolt' };
const block = (engineerId: string, itemId: string, date: string, h: number): ReportBlock => ({
  engineerId,
  itemId,
  customerId: customerOf[itemId]!,
  date,
  minutes: h * 60,
  billable: billableItems.has(itemId),
});
const blocks: ReportBlock[] = [
  block(ANA, 'A1', '2026-03-23', 6),
  block(ANA, 'A1', '2026-03-24', 6),
  block(ANA, 'B1', '2026-03-25', 6),
  block(BEN, 'B1', '2026-03-23', 7),
  block(BEN, 'B2', '2026-03-24', 3),
  block(BEN, 'A1', '2026-03-25', 7),
  block(BEN, 'A2', '2026-03-27', 4),
  block(ANA, 'A1', '2026-03-30', 7),
  block(ANA, 'A2', '2026-03-31', 2),
  block(ANA, 'B1', '2026-04-01', 7),
  block(ANA, 'B1', '2026-04-02', 7),
  block(BEN, 'B1', '2026-03-30', 7),
  block(BEN, 'B1', '2026-03-31', 7),
  block(BEN, 'A1', '2026-04-02', 7),
  block(BEN, 'A1', '2026-04-03', 7),
];
const engineers = [
  { id: ANA, name: 'Ana', costRate: 40 },
  { id: BEN, name: 'Ben', costRate: 50 },
];
const customers = [
  { id: 'acme', name: 'Acme', feePerFortnight: 3000, hourlyRate: null },
  { id: 'bolt', name: 'Bolt', feePerFortnight: null, hourlyRate: 100 },
  { id: 'cobalt', name: 'Cobalt', feePerFortnight: 500, hourlyRate: 80 },
];
const days = dates(F, 14);
const holidays = new Set(['2026-03-26']);
const LUNCH = 12 * 60 + 30;
const available = new Map([
  [
    ANA,
    availableMinutesByDate(
      [1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:30', end: '17:30', breakMinutes: 60 })),
      days,
      holidays,
      [{ startDate: '2026-03-31', endDate: '2026-03-31', startTime: '14:00', endTime: '16:00' }],
      LUNCH,
    ),
  ],
  [
    BEN,
    availableMinutesByDate(
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00', breakMinutes: 60 })),
      days,
      holidays,
      [{ startDate: '2026-04-01', endDate: '2026-04-01', startTime: null, endTime: null }],
      LUNCH,
    ),
  ],
]);
const sum = (m: Map<string, number>) => [...m.values()].reduce((s, x) => s + x, 0);
const p1Buffer = p1BufferByDate(
  [
    { engineerId: ANA, date: '2026-03-23' },
    { engineerId: BEN, date: '2026-03-24' },
    { engineerId: BEN, date: '2026-03-30' },
  ],
  available,
  120,
);

describe('available hours', () => {
  it('match the hand calculation: pattern less holiday, leave and part day', () => {
    const ana = available.get(ANA)!;
    const ben = available.get(BEN)!;
    expect(ana.get('2026-03-26')).toBe(0); // holiday
    expect(ana.get('2026-03-27')).toBe(0); // not a pattern day
    expect(ana.get('2026-03-31')).toBe(5 * 60); // part day
    expect(ben.get('2026-04-01')).toBe(0); // leave
    expect(sum(ana) / 60).toBe(47);
    expect(sum(ben) / 60).toBe(56);
  });

  it('charge a part day only for the working time it covers, lunch excluded, as the planner does', () => {
    const pattern = [{ weekday: 1, start: '09:30', end: '17:30', breakMinutes: 60 }];
    const absent = (startTime: string, endTime: string) =>
      availableMinutesByDate(
        pattern,
        ['2026-03-23'],
        new Set(),
        [{ startDate: '2026-03-23', endDate: '2026-03-23', startTime, endTime }],
        LUNCH,
      ).get('2026-03-23');
    // 12:00–14:00 overlaps lunch (12:30–13:30): only 1 h of work is lost.
    expect(absent('12:00', '14:00')).toBe(6 * 60);
    // Before the working day: nothing lost.
    expect(absent('07:00', '09:00')).toBe(7 * 60);
    // A lunch time outside a short day falls back to mid-day.
    const short = availableMinutesByDate(
      [{ weekday: 1, start: '14:00', end: '18:00', breakMinutes: 30 }],
      ['2026-03-23'],
      new Set(),
      [],
      LUNCH,
    );
    expect(short.get('2026-03-23')).toBe(210);
  });

  it('hold the P1 buffer back on responder days, never more than the day has', () => {
    expect(p1Buffer.get(ANA)).toEqual(new Map([['2026-03-23', 120]]));
    expect(sum(p1Buffer.get(BEN)!)).toBe(240);
    const short = p1BufferByDate(
      [{ engineerId: ANA, date: '2026-03-31' }],
      new Map([[ANA, new Map([['2026-03-31', 90]])]]),
      120,
    );
    expect(short.get(ANA)!.get('2026-03-31')).toBe(90);
  });
});

describe('utilisation', () => {
  const result = utilisation({
    fortnightStart: F,
    engineers,
    blocks,
    available,
    p1Buffer,
    targetMinutesPerWeek: 28 * 60,
  });

  it('per engineer per week matches the hand calculation', () => {
    // Ana w1: billable 18 of 21 available = 85.71 %, 10 h under the 28 h target, 3 h reachable and missed.
    // Ana w2: billable 21 of 26 = 80.77 %, 7 h under, shortfall 26 − 21 = 5.
    // Ben w1: billable 14 (B1 7 + A1 7; B2 and A2 are not billable) of 28 = 50 %, shortfall 14.
    // Ben w2: billable 28 of 28 = 100 %.
    const pick = ({
      engineerId,
      from,
      scheduledHours,
      billableHours,
      availableHours,
      utilisationPct,
      targetGapHours,
      shortfallHours,
    }: (typeof result.engineers)[number]) => ({
      engineerId,
      from,
      scheduledHours,
      billableHours,
      availableHours,
      utilisationPct,
      targetGapHours,
      shortfallHours,
    });
    expect(result.engineers.map(pick)).toEqual([
      {
        engineerId: ANA,
        from: '2026-03-23',
        scheduledHours: 18,
        billableHours: 18,
        availableHours: 21,
        utilisationPct: 85.71,
        targetGapHours: -10,
        shortfallHours: 3,
      },
      {
        engineerId: ANA,
        from: '2026-03-30',
        scheduledHours: 23,
        billableHours: 21,
        availableHours: 26,
        utilisationPct: 80.77,
        targetGapHours: -7,
        shortfallHours: 5,
      },
      {
        engineerId: BEN,
        from: '2026-03-23',
        scheduledHours: 21,
        billableHours: 14,
        availableHours: 28,
        utilisationPct: 50,
        targetGapHours: -14,
        shortfallHours: 14,
      },
      {
        engineerId: BEN,
        from: '2026-03-30',
        scheduledHours: 28,
        billableHours: 28,
        availableHours: 28,
        utilisationPct: 100,
        targetGapHours: 0,
        shortfallHours: 0,
      },
    ]);
    // The P1 buffer is part of available time, shown beside it: Ana 2 h in week 1, Ben 2 h a week.
    expect(result.engineers.map((r) => r.p1BufferHours)).toEqual([2, 0, 2, 2]);
    expect(result.engineers[0]).toMatchObject({ to: '2026-03-29', engineerName: 'Ana', targetHours: 28 });
  });

  it('for the team is total billable over total available, not a mean of percentages', () => {
    // w1: 32 / 49 = 65.31 % (the mean of 85.71 and 50 would be 67.86); target 56, gap −24.
    // w2: 49 / 54 = 90.74 %; gap −7. Fortnight: 81 / 103 = 78.64 %; target 112; gap −31.
    expect(result.team).toEqual([
      {
        period: 'week',
        from: '2026-03-23',
        to: '2026-03-29',
        engineers: 2,
        scheduledHours: 39,
        billableHours: 32,
        availableHours: 49,
        p1BufferHours: 4,
        utilisationPct: 65.31,
        targetHours: 56,
        targetGapHours: -24,
        shortfallHours: 17,
      },
      {
        period: 'week',
        from: '2026-03-30',
        to: '2026-04-05',
        engineers: 2,
        scheduledHours: 51,
        billableHours: 49,
        availableHours: 54,
        p1BufferHours: 2,
        utilisationPct: 90.74,
        targetHours: 56,
        targetGapHours: -7,
        shortfallHours: 5,
      },
      {
        period: 'fortnight',
        from: '2026-03-23',
        to: '2026-04-05',
        engineers: 2,
        scheduledHours: 90,
        billableHours: 81,
        availableHours: 103,
        p1BufferHours: 6,
        utilisationPct: 78.64,
        targetHours: 112,
        targetGapHours: -31,
        shortfallHours: 22,
      },
    ]);
  });

  it('has no utilisation for an engineer with nothing available', () => {
    const idle = utilisation({
      fortnightStart: F,
      engineers: [{ id: 'x', name: 'X', costRate: 1 }],
      blocks: [],
      available: new Map(),
      targetMinutesPerWeek: 1680,
    });
    expect(idle.engineers[0]).toMatchObject({
      utilisationPct: null,
      availableHours: 0,
      shortfallHours: 0,
      targetGapHours: -28,
    });
  });
});

describe('profitability', () => {
  const result = profitability({
    fortnightStart: F,
    customers,
    engineers,
    blocks,
    availableMinutes: new Map([...available].map(([id, m]) => [id, sum(m)])),
    p1BufferMinutes: new Map([...p1Buffer].map(([id, m]) => [id, sum(m)])),
  });

  it('per customer matches the hand calculation', () => {
    // Acme: fee 3000. Hours: Ana 19 on A1 + 2 on A2 = 21, Ben 21 on A1 + 4 on A2 = 25; 46 in all, 40 billable.
    //   cost 21 × 40 + 25 × 50 = 840 + 1250 = 2090; margin 910 = 30.33 %.
    // Bolt: hourly 100, billable B1: Ana 20 + Ben 21 = 41 → revenue 4100. Ben's 3 h on B2 cost but earn nothing.
    //   cost 20 × 40 + 24 × 50 = 800 + 1200 = 2000; margin 2100 = 51.22 %.
    // Cobalt: fee 500, no work: margin 500 = 100 % (its hourly rate is ignored: the fee wins).
    expect(result.customers).toEqual([
      {
        fortnightStart: F,
        customerId: 'acme',
        customerName: 'Acme',
        pricing: 'fee',
        scheduledHours: 46,
        billableHours: 40,
        revenue: 3000,
        cost: 2090,
        margin: 910,
        marginPct: 30.33,
      },
      {
        fortnightStart: F,
        customerId: 'bolt',
        customerName: 'Bolt',
        pricing: 'hourly',
        scheduledHours: 44,
        billableHours: 41,
        revenue: 4100,
        cost: 2000,
        margin: 2100,
        marginPct: 51.22,
      },
      {
        fortnightStart: F,
        customerId: 'cobalt',
        customerName: 'Cobalt',
        pricing: 'fee',
        scheduledHours: 0,
        billableHours: 0,
        revenue: 500,
        cost: 0,
        margin: 500,
        marginPct: 100,
      },
    ]);
  });

  it('per engineer shares revenue by hours and shows P1 and idle cost apart', () => {
    // Ana: Acme 21/46 × 3000 = 1369.57 + Bolt 20/41 × 4100 = 2000 → 3369.57; cost 41 × 40 = 1640;
    //      unscheduled 47 − 41 = 6 h: P1 buffer 2 h × 40 = 80, idle 4 h × 40 = 160;
    //      margin 1729.57 (51.33 %); net of P1 and idle 1489.57.
    // Ben: Acme 25/46 × 3000 = 1630.43 + Bolt 21/41 × 4100 = 2100 → 3730.43; cost 49 × 50 = 2450;
    //      unscheduled 56 − 49 = 7 h: P1 buffer 4 h × 50 = 200, idle 3 h × 50 = 150;
    //      margin 1280.43 (34.32 %); net 930.43.
    expect(result.engineers).toEqual([
      {
        fortnightStart: F,
        engineerId: ANA,
        engineerName: 'Ana',
        scheduledHours: 41,
        billableHours: 39,
        availableHours: 47,
        p1BufferHours: 2,
        idleHours: 4,
        revenue: 3369.57,
        cost: 1640,
        p1BufferCost: 80,
        idleCost: 160,
        margin: 1729.57,
        marginPct: 51.33,
        netMargin: 1489.57,
      },
      {
        fortnightStart: F,
        engineerId: BEN,
        engineerName: 'Ben',
        scheduledHours: 49,
        billableHours: 42,
        availableHours: 56,
        p1BufferHours: 4,
        idleHours: 3,
        revenue: 3730.43,
        cost: 2450,
        p1BufferCost: 200,
        idleCost: 150,
        margin: 1280.43,
        marginPct: 34.32,
        netMargin: 930.43,
      },
    ]);
  });

  it('per fortnight totals the customers, with revenue nobody worked for kept visible', () => {
    // Revenue 3000 + 4100 + 500 = 7600 (500 unattributed: Cobalt had no hours); cost 4090;
    // margin 3510 = 46.18 %; P1 buffer 6 h costing 280, idle 7 h costing 310; net 2920.
    expect(result.totals).toEqual({
      fortnightStart: F,
      scheduledHours: 90,
      billableHours: 81,
      availableHours: 103,
      p1BufferHours: 6,
      idleHours: 7,
      revenue: 7600,
      unattributedRevenue: 500,
      cost: 4090,
      p1BufferCost: 280,
      idleCost: 310,
      margin: 3510,
      marginPct: 46.18,
      netMargin: 2920,
    });
    // The engineers' revenue plus the unattributed revenue is the customers' revenue.
    expect(r2(result.engineers.reduce((s, e) => s + e.revenue, 0) + 500)).toBe(7600);
  });

  it('has no margin % without revenue, and no revenue without a price', () => {
    const r = profitability({
      fortnightStart: F,
      customers: [{ id: 'acme', name: 'Acme', feePerFortnight: null, hourlyRate: null }],
      engineers: [engineers[0]!],
      blocks: [block(ANA, 'A1', '2026-03-23', 3)],
      availableMinutes: new Map([[ANA, 0]]),
      p1BufferMinutes: new Map([[ANA, 120]]),
    });
    expect(r.customers[0]).toMatchObject({
      pricing: 'none',
      revenue: 0,
      cost: 120,
      margin: -120,
      marginPct: null,
    });
    // More scheduled than available (e.g. leave booked after the plan) is never negative idle
    // time, nor a P1 buffer beyond what is available.
    expect(r.engineers[0]).toMatchObject({
      idleHours: 0,
      idleCost: 0,
      p1BufferHours: 0,
      revenue: 0,
      marginPct: null,
    });
  });
});

describe('plan vs actual', () => {
  it('counts finished items below, within (bounds included) and above their estimate range', () => {
    const item = (id: string, low: number, high: number, status: 'done' | 'in_progress') => ({
      id,
      title: id,
      customerId: 'acme',
      customerName: 'Acme',
      status,
      estimateLowHours: low,
      estimateHighHours: high,
    });
    const result = planVsActual({
      items: [
        item('within', 15, 20, 'done'),
        item('below', 4, 8, 'done'),
        item('above', 12, 18, 'done'),
        item('edge', 5, 10, 'done'),
        item('open', 2, 6, 'in_progress'),
      ],
      scheduledMinutes: new Map([
        ['within', 16 * 60],
        ['below', 6 * 60],
        ['above', 14 * 60],
        ['open', 3 * 60],
      ]),
      actualHours: new Map([
        ['within', 17.5],
        ['below', 3],
        ['above', 20.25],
        ['open', 4],
      ]),
      // Totals include hours logged before the period: 'within' had 0.5 h earlier, 'edge' 10 h in all.
      actualTotalHours: new Map([
        ['within', 18],
        ['below', 3],
        ['above', 25],
        ['edge', 10],
        ['open', 4],
      ]),
    });
    expect(result.items.map((r) => [r.itemId, r.outcome, r.withinRange, r.varianceHours])).toEqual([
      ['within', 'within', true, 1.5],
      ['below', 'below', false, -3],
      ['above', 'above', false, 6.25],
      ['edge', 'within', true, 0],
      ['open', null, null, 1],
    ]);
    // 4 finished, 2 within = 50 %; scheduled 39 h, actual in the period 44.75 h.
    expect(result.summary).toEqual({
      items: 5,
      scheduledHours: 39,
      actualHours: 44.75,
      varianceHours: 5.75,
      finishedItems: 4,
      within: 2,
      below: 1,
      above: 1,
      withinPct: 50,
    });
  });
});

describe('the desk', () => {
  it('counts an agent in the intervals their shift covers whole, breaks excluded', () => {
    // 07:00–15:00 with a 10:00–10:30 break on a 30-minute grid: 16 intervals less 1.
    // 07:15–15:15 with no break: from 07:30 to 15:00, 15 intervals.
    const slots = onDutyBySlot(
      [
        { agentId: 'a', start: 420, end: 900, breaks: [{ start: 600, end: 630 }] },
        { agentId: 'b', start: 435, end: 915, breaks: [] },
      ],
      30,
      48,
    );
    const of = (id: string) => slots.flatMap((s, j) => (s.includes(id) ? [j] : []));
    expect(of('a')).toEqual([14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    expect(of('b')).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('sums a projection per channel and day, and weighs service level by volume', () => {
    // Day 0: two 30-minute phone intervals needing 2 and 3 agents, with 2 and 2 rostered;
    // volumes 10 and 30 answered at 90 % and 50 % → (9 + 15) / 40 = 60 %.
    const channelDays = deskChannelDays(
      [
        {
          channel: 'phone',
          intervals: [
            { start: 540, volume: 10, required: 2, rostered: 2, serviceLevel: 0.9, belowTarget: false },
            { start: 570, volume: 30, required: 3, rostered: 2, serviceLevel: 0.5, belowTarget: true },
            {
              start: 1440 + 540,
              volume: 0,
              required: 0,
              rostered: 1,
              serviceLevel: null,
              belowTarget: false,
            },
          ],
        },
      ],
      { phone: { serviceLevel: 0.8 } },
      ['2026-03-23', '2026-03-24'],
      30,
    );
    const day = (date: string): DeskDay => ({
      date,
      rosterId: 'r1',
      requiredHours: 2.5,
      rosteredHours: 2,
      underHours: 0.5,
      overHours: 0,
      channels: channelDays.filter((c) => c.date === date),
    });
    const rows = deskRows([
      day('2026-03-23'),
      { ...day('2026-03-24'), rosterId: null, rosteredHours: null, underHours: null, overHours: null },
    ]);
    expect(rows.channels).toEqual([
      {
        date: '2026-03-23',
        channel: 'phone',
        rosterId: 'r1',
        requiredHours: 2.5,
        rosteredHours: 2,
        gapHours: -0.5,
        underHours: 0.5,
        overHours: 0,
        volume: 40,
        serviceLevelPct: 60,
        targetServiceLevelPct: 80,
        intervalsBelowTarget: 1,
      },
      {
        date: '2026-03-24',
        channel: 'phone',
        rosterId: null,
        requiredHours: 0,
        rosteredHours: null,
        gapHours: null,
        underHours: null,
        overHours: null,
        volume: 0,
        serviceLevelPct: null,
        targetServiceLevelPct: 80,
        intervalsBelowTarget: null,
      },
    ]);
    expect(rows.days[0]).toEqual({
      date: '2026-03-23',
      rosterId: 'r1',
      requiredHours: 2.5,
      rosteredHours: 2,
      gapHours: -0.5,
      underHours: 0.5,
      overHours: 0,
      volume: 40,
      serviceLevelPct: 60,
      intervalsBelowTarget: 1,
    });
    expect(rows.days[1]).toMatchObject({ rosterId: null, rosteredHours: null, serviceLevelPct: null });

    // The overview puts the team's week beside the desk's; unrostered days add requirement only.
    const team = utilisation({
      fortnightStart: F,
      engineers,
      blocks,
      available,
      targetMinutesPerWeek: 1680,
    }).team;
    const weeks = overviewWeeks(
      team,
      [day('2026-03-23'), { ...day('2026-03-24'), rosterId: null, rosteredHours: null }],
      F,
    );
    expect(weeks[0]).toMatchObject({
      period: 'week',
      billableHours: 32,
      utilisationPct: 65.31,
      rosteredDays: 1,
      deskRequiredHours: 5,
      deskRosteredHours: 2,
      deskGapHours: -0.5,
      deskServiceLevelPct: 60,
    });
    expect(weeks[1]).toMatchObject({
      rosteredDays: 0,
      deskRequiredHours: 0,
      deskRosteredHours: null,
      deskServiceLevelPct: null,
    });
    expect(weeks[2]).toMatchObject({ period: 'fortnight', billableHours: 81, rosteredDays: 1 });
  });
});
