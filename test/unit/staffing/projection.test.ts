import {
  agentsNeeded,
  computeRequirements,
  effectiveAgents,
  projectServiceLevel,
  serviceLevel,
  StaffingInputError,
  type ChannelTarget,
  type ProjectionInput,
} from '../../../solver/staffing';

const DAY = 1440;
const phone: ChannelTarget = { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 20 };
const chat: ChannelTarget = { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 60, concurrency: 2 };

describe('projectServiceLevel', () => {
  const day1Raw = agentsNeeded({
    volume: 200,
    intervalSeconds: 1800,
    ahtSeconds: 180,
    targetServiceLevel: 0.8,
    targetSeconds: 20,
  });
  const day1Required = Math.ceil(day1Raw.agents / 0.7);
  const input: ProjectionInput = {
    intervals: [
      { start: 0, channel: 'phone', volume: 100, ahtSeconds: 180 },
      { start: 30, channel: 'phone', volume: 100, ahtSeconds: 180 },
      { start: DAY, channel: 'phone', volume: 200, ahtSeconds: 180 },
    ],
    intervalMinutes: 30,
    targets: { phone },
    shrinkage: 0.3,
    horizonMinutes: 2 * DAY,
    staffOnDuty: [
      { start: 0, channel: 'phone', agents: 20 },
      { start: 30, channel: 'phone', agents: 19 },
      { start: 60, channel: 'phone', agents: 3 },
      { start: DAY, channel: 'phone', agents: day1Required + 2 },
    ],
  };

  test('service level at the floor of staff × (1 − shrinkage), with gaps against the requirement', () => {
    const r = projectServiceLevel(input);
    const ch = r.channels[0];
    expect(ch?.intervals).toHaveLength(96);
    // 20 rostered → 14 productive: the textbook 88.8%.
    expect(ch?.intervals[0]).toMatchObject({
      required: 20,
      rostered: 20,
      effective: 14,
      gap: 0,
      belowTarget: false,
    });
    expect(ch?.intervals[0]?.serviceLevel).toBeCloseTo(0.888, 3);
    // 19 rostered → 13.3 → 13 productive: 79.6%, below target.
    expect(ch?.intervals[1]).toMatchObject({
      required: 20,
      rostered: 19,
      effective: 13,
      gap: -1,
      belowTarget: true,
    });
    expect(ch?.intervals[1]?.serviceLevel).toBeCloseTo(0.796, 3);
    // Staff with no demand is over-staffing, not a missed target.
    expect(ch?.intervals[2]).toMatchObject({ volume: 0, required: 0, gap: 3, belowTarget: false });
    expect(ch?.intervals[48]).toMatchObject({ required: day1Required, gap: 2, belowTarget: false });
    // An interval with nobody on duty and no demand is neither.
    expect(ch?.intervals[3]).toMatchObject({ rostered: 0, gap: 0 });

    expect(ch).toMatchObject({
      underStaffIntervals: 1,
      overStaffIntervals: 5,
      underHours: 0.5,
      overHours: 2.5,
    });
    expect(ch?.intervalsBelowTarget).toBe(1);
    expect(r.totals).toMatchObject({
      underStaffIntervals: 1,
      overStaffIntervals: 5,
      intervalsBelowTarget: 1,
    });
  });

  test('daily summary per channel: required vs rostered hours and volume-weighted service level', () => {
    const [day0, day1] = projectServiceLevel(input).channels[0]?.days ?? [];
    expect(day0).toMatchObject({
      day: 0,
      requiredHours: 20,
      rosteredHours: 21,
      volume: 200,
      intervalsBelowTarget: 1,
    });
    expect(day0?.serviceLevel).toBeCloseTo(
      (serviceLevel(14, 10, 20, 180) + serviceLevel(13, 10, 20, 180)) / 2,
      12,
    );
    const effective1 = Math.floor((day1Required + 2) * 0.7 + 1e-9);
    expect(day1).toMatchObject({
      day: 1,
      requiredHours: day1Required / 2,
      rosteredHours: (day1Required + 2) / 2,
    });
    expect(day1?.serviceLevel).toBeCloseTo(serviceLevel(effective1, 20, 20, 180), 12);
  });

  test('effective staff is the floor, robust to float noise', () => {
    expect(effectiveAgents(100, 0.29)).toBe(71);
    expect(effectiveAgents(19, 0.3)).toBe(13);
    expect(effectiveAgents(1, 0.3)).toBe(0);
    expect(effectiveAgents(0, 0)).toBe(0);
  });

  test('staff split across channels by the caller; understaffed chat answers nobody in time', () => {
    const r = projectServiceLevel({
      intervals: [
        { start: 0, channel: 'phone', volume: 100, ahtSeconds: 180 },
        { start: 0, channel: 'chat', volume: 120, ahtSeconds: 600 },
      ],
      intervalMinutes: 30,
      targets: { phone, chat },
      shrinkage: { phone: 0.3, chat: 0 },
      staffOnDuty: [
        { start: 0, channel: 'phone', agents: 20 },
        { start: 0, channel: 'chat', agents: 20 },
      ],
    });
    const chatRow = r.channels[1]?.intervals[0];
    expect(chatRow?.effective).toBe(20);
    expect(chatRow?.serviceLevel).toBeCloseTo(serviceLevel(40, 40, 60, 600), 12);
    expect(chatRow?.serviceLevel).toBe(0);
    expect(chatRow?.asaSeconds).toBe(Infinity);
    expect(chatRow?.belowTarget).toBe(true);
    expect(r.totals.intervalsBelowTarget).toBe(1);
  });

  test('deferred work: staffing at the requirement meets the share, nobody on duty misses it', () => {
    const email: ChannelTarget = {
      kind: 'deferred',
      serviceLevel: 0.9,
      deadlineMinutes: DAY,
      openHours: [0, 1].map((d) => ({ start: d * DAY + 480, end: d * DAY + 1200 })),
    };
    const intervals = Array.from({ length: 96 }, (_, j) => ({
      start: j * 30,
      channel: 'email',
      volume: 6,
      ahtSeconds: 300,
    }));
    const base = {
      intervals,
      intervalMinutes: 30 as const,
      targets: { email },
      shrinkage: 0.25,
      horizonMinutes: 2 * DAY,
    };
    const required = computeRequirements(base).channels[0]?.intervals ?? [];
    const staffed = projectServiceLevel({
      ...base,
      staffOnDuty: required.map((x) => ({ start: x.start, channel: 'email', agents: x.required })),
    }).channels[0];
    expect(staffed?.intervalsBelowTarget).toBe(0);
    expect(staffed?.serviceLevel).toBeGreaterThanOrEqual(0.9);
    expect(staffed?.underStaffIntervals).toBe(0);
    const empty = projectServiceLevel({ ...base, staffOnDuty: [] }).channels[0];
    expect(empty?.serviceLevel).toBe(0);
    expect(empty?.intervalsBelowTarget).toBe(96);
    expect(empty?.underHours).toBeCloseTo((required.reduce((s, x) => s + x.required, 0) * 30) / 60, 9);
  });

  test('deferred work: an agent after shrinkage is a share of an agent, not rounded down to none', () => {
    const email: ChannelTarget = { kind: 'deferred', serviceLevel: 0.9, deadlineMinutes: DAY };
    const intervals = Array.from({ length: 48 }, (_, j) => ({
      start: j * 30,
      channel: 'email',
      volume: 1,
      ahtSeconds: 600,
    }));
    const r = projectServiceLevel({
      intervals,
      intervalMinutes: 30,
      targets: { email },
      shrinkage: 0.3,
      // 1 item of 10 minutes every half hour: 0.33 of an agent; one agent at 30% shrinkage is 0.7.
      staffOnDuty: intervals.map((x) => ({ start: x.start, channel: 'email', agents: 1 })),
    }).channels[0]!;
    expect(r.intervals[0]!.effective).toBeCloseTo(0.7, 12);
    expect(r.serviceLevel).toBe(1);
    expect(r.intervalsBelowTarget).toBe(0);
  });

  test('invalid staff names the field', () => {
    try {
      projectServiceLevel({
        ...input,
        staffOnDuty: [
          { start: 0, channel: 'fax', agents: 1 },
          { start: 7, channel: 'phone', agents: -2 },
        ],
      });
      throw new Error('expected a StaffingInputError');
    } catch (e) {
      expect(e).toBeInstanceOf(StaffingInputError);
      expect((e as StaffingInputError).issues.map((i) => i.path)).toEqual([
        'staffOnDuty[0].channel',
        'staffOnDuty[1].agents',
        'staffOnDuty[1].start',
      ]);
    }
  });
});
