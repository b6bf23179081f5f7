import {
  agentsNeeded,
  computeRequirements,
  deferredShare,
  pooledRequirement,
  StaffingInputError,
  withShrinkage,
  type ChannelTarget,
  type RequirementsInput,
} from '../../../solver/staffing';

const phone: ChannelTarget = { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 20 };
const chat: ChannelTarget = { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 60, concurrency: 2 };
const email: ChannelTarget = { kind: 'deferred', serviceLevel: 0.9, deadlineMinutes: 24 * 60 };

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StaffingInputError);
    return (e as StaffingInputError).issues.map((i) => i.path);
  }
  throw new Error('expected a StaffingInputError');
}

describe('computeRequirements', () => {
  const base: RequirementsInput = {
    intervals: [
      { start: 0, channel: 'phone', volume: 100, ahtSeconds: 180 },
      { start: 30, channel: 'phone', volume: 1000, ahtSeconds: 180 },
      { start: 0, channel: 'chat', volume: 120, ahtSeconds: 600 },
    ],
    intervalMinutes: 30,
    targets: { phone, chat },
    shrinkage: 0.3,
  };

  test('erlang channels: raw agents from Erlang C, then divided by 1 − shrinkage and rounded up', () => {
    const r = computeRequirements(base);
    expect(r.horizonMinutes).toBe(60);
    const [p, c] = r.channels;
    expect(p?.channel).toBe('phone');
    expect(p?.intervals[0]).toMatchObject({
      start: 0,
      volume: 100,
      trafficErlangs: 10,
      rawAgents: 14,
      required: 20,
    });
    expect(p?.intervals[0]?.serviceLevel).toBeCloseTo(0.888, 3);
    expect(p?.intervals[0]?.asaSeconds).toBeCloseTo(7.84, 2);
    const big = agentsNeeded({
      volume: 1000,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetSeconds: 20,
    });
    expect(p?.intervals[1]?.rawAgents).toBe(big.agents);
    expect(p?.intervals[1]?.required).toBe(Math.ceil(big.agents / 0.7));
    expect(p?.requiredHours).toBe((20 + Math.ceil(big.agents / 0.7)) / 2);
    // Chat at concurrency 2: half the servers; nothing in the second interval.
    expect(c?.intervals[0]?.rawAgents).toBe(
      Math.ceil(
        agentsNeeded({
          volume: 120,
          intervalSeconds: 1800,
          ahtSeconds: 600,
          targetServiceLevel: 0.8,
          targetSeconds: 60,
        }).agents / 2,
      ),
    );
    expect(c?.intervals[1]).toMatchObject({ volume: 0, rawAgents: 0, required: 0, serviceLevel: 1 });
  });

  test('shrinkage rounding: exact multiples stay exact, anything above rounds up', () => {
    // 14 / 0.7 is 20.000000000000004 in floating point; the answer is 20.
    expect(withShrinkage(14, 0.3)).toBe(20);
    expect(withShrinkage(14, 0.35)).toBe(22);
    expect(withShrinkage(14, 0)).toBe(14);
    expect(withShrinkage(0, 0.5)).toBe(0);
    expect(withShrinkage(2.0000001, 0.5)).toBe(5);
    expect(withShrinkage(7, 0.3)).toBe(10);
    const perChannel = computeRequirements({ ...base, shrinkage: { phone: 0.35, chat: 0 } });
    expect(perChannel.channels[0]?.intervals[0]?.required).toBe(22);
    expect(perChannel.channels[1]?.intervals[0]?.required).toBe(
      perChannel.channels[1]?.intervals[0]?.rawAgents,
    );
  });

  test('deferred shares round up to a hundredth of an agent, not to a whole agent', () => {
    expect(deferredShare(0.21, 0.3)).toBe(0.3);
    expect(deferredShare(0.2101, 0.3)).toBe(0.31);
    expect(deferredShare(0.7, 0.3)).toBe(1);
    expect(deferredShare(0, 0.3)).toBe(0);
  });

  test('a pooled desk needs whole agents per live channel and pools the deferred shares', () => {
    const at = (rawAgents: number) => ({
      start: 0,
      volume: 1,
      ahtSeconds: 60,
      trafficErlangs: 0,
      rawAgents,
      required: 0,
      serviceLevel: null,
      asaSeconds: null,
      occupancy: 0,
    });
    const ch = (channel: string, shrinkage: number, raws: number[]) => ({
      channel,
      kind: ['phone', 'chat'].includes(channel) ? ('erlang' as const) : ('deferred' as const),
      shrinkage,
      intervals: raws.map(at),
      requiredHours: 0,
      extendedDeadlines: [],
    });
    // Phone 3 and chat 2 productive agents, e-mail 0.3 and social 0.2, 30% shrinkage: phone
    // 3 / 0.7 → 5 and chat 2 / 0.7 → 3 whole agents, plus 0.5 / 0.7 = 0.71 of an agent for the
    // deferred work: 8.71 → 9, where rounding every channel would ask 5 + 3 + 1 + 1 = 10.
    const desk = [
      ch('phone', 0.3, [3, 0, 0]),
      ch('chat', 0.3, [2, 0, 0]),
      ch('email', 0.3, [0.3, 0.3, 0]),
      ch('social', 0.3, [0.2, 0.35, 0]),
    ];
    expect(pooledRequirement(desk)).toEqual([9, 1, 0]);
    // Exact multiples stay exact; per-channel shrinkage is honoured.
    expect(pooledRequirement([ch('phone', 0.3, [7]), ch('email', 0.5, [1])])).toEqual([12]);
  });

  test('every channel gets the full interval grid of the horizon', () => {
    const r = computeRequirements({
      ...base,
      intervalMinutes: 15,
      horizonMinutes: 120,
      intervals: base.intervals.slice(0, 1),
    });
    for (const ch of r.channels) {
      expect(ch.intervals.map((x) => x.start)).toEqual([0, 15, 30, 45, 60, 75, 90, 105]);
    }
    // 100 calls in 15 minutes is twice the traffic of the textbook case.
    expect(r.channels[0]?.intervals[0]?.trafficErlangs).toBe(20);
  });

  test('deferred channels: a fractional raw level that meets the share within the deadline', () => {
    const day = 24 * 60;
    const intervals = Array.from({ length: 96 }, (_, j) => ({
      start: j * 30,
      channel: 'email',
      volume: j % 48 >= 16 && j % 48 < 40 ? 20 : 2,
      ahtSeconds: 300,
    }));
    const r = computeRequirements({
      intervals,
      intervalMinutes: 30,
      targets: {
        email: { ...email, openHours: [0, 1].map((d) => ({ start: d * day + 480, end: d * day + 1200 })) },
      },
      shrinkage: 0.2,
      horizonMinutes: 2 * day,
    });
    const ch = r.channels[0];
    expect(ch?.kind).toBe('deferred');
    for (const x of ch?.intervals ?? []) {
      expect(x.asaSeconds).toBeNull();
      if (x.serviceLevel !== null) expect(x.serviceLevel).toBeGreaterThanOrEqual(0.9 - 1e-9);
      // A share of an agent, rounded up to a hundredth (not to a whole agent).
      expect(x.required).toBeGreaterThanOrEqual(x.rawAgents / 0.8 - 1e-9);
      expect(x.required).toBeLessThan(x.rawAgents / 0.8 + 0.01);
      expect(Math.round(x.required * 100)).toBeCloseTo(x.required * 100, 9);
      const open = x.start % day >= 480 && x.start % day < 1200;
      if (!open) expect(x.rawAgents).toBe(0);
    }
    const capacity = (ch?.intervals ?? []).reduce((s, x) => s + x.rawAgents * 1800, 0);
    const work = intervals.reduce((s, x) => s + x.volume * x.ahtSeconds, 0);
    expect(capacity).toBeGreaterThanOrEqual(work * (1 - 1e-9));
  });

  describe('validation names every bad field', () => {
    test('demand', () => {
      expect(
        issuesOf(() =>
          computeRequirements({
            ...base,
            intervals: [
              { start: 0, channel: 'phone', volume: -1, ahtSeconds: 180 },
              { start: 10, channel: 'phone', volume: 5, ahtSeconds: Number.NaN },
              { start: 0, channel: 'fax', volume: 1, ahtSeconds: 1 },
              { start: 0, channel: 'phone', volume: 1, ahtSeconds: 1 },
            ],
          }),
        ),
      ).toEqual([
        'intervals[0].volume',
        'intervals[1].ahtSeconds',
        'intervals[1].start',
        'intervals[2].channel',
        'intervals[3].start',
      ]);
    });

    test('a load no desk could staff, by the field that makes it so', () => {
      const load = (volume: number, target: ChannelTarget) =>
        issuesOf(() =>
          computeRequirements({
            ...base,
            targets: { phone: target },
            shrinkage: 0,
            intervals: [
              { start: 0, channel: 'phone', volume: 100, ahtSeconds: 180 },
              { start: 30, channel: 'phone', volume, ahtSeconds: 86_400 },
            ],
          }),
        );
      // 10⁶ day-long calls in half an hour: 48 million Erlangs.
      expect(load(1e6, phone)).toEqual(['intervals[1].volume']);
      // 10 Erlangs at an occupancy cap of 1e-9: the cap, named once for the channel.
      expect(load(1, { ...phone, maxOccupancy: 1e-9 })).toEqual(['targets.phone.maxOccupancy']);
    });

    test('shrinkage, interval length and targets', () => {
      expect(issuesOf(() => computeRequirements({ ...base, shrinkage: 1 }))).toEqual(['shrinkage']);
      expect(issuesOf(() => computeRequirements({ ...base, shrinkage: -0.1 }))).toEqual(['shrinkage']);
      expect(issuesOf(() => computeRequirements({ ...base, shrinkage: { phone: 0.2 } }))).toEqual([
        'shrinkage.chat',
      ]);
      expect(
        issuesOf(() => computeRequirements({ ...base, intervalMinutes: 20 as 30, horizonMinutes: 60 })),
      ).toContain('intervalMinutes');
      expect(
        issuesOf(() =>
          computeRequirements({
            ...base,
            targets: {
              phone: { kind: 'erlang', serviceLevel: 1.2 },
              chat: { ...chat, concurrency: 0, maxOccupancy: 1.5 },
              email: { kind: 'deferred', serviceLevel: 0.9 },
            },
          }),
        ),
      ).toEqual([
        'targets.phone.serviceLevel',
        'targets.phone.targetSeconds',
        'targets.chat.maxOccupancy',
        'targets.chat.concurrency',
        'targets.email.deadlineMinutes',
      ]);
    });

    test('deferred open hours, under the channel', () => {
      expect(
        issuesOf(() =>
          computeRequirements({
            ...base,
            targets: { ...base.targets, email: { ...email, openHours: [{ start: 60, end: 0 }] } },
          }),
        ),
      ).toEqual(['targets.email.openHours[0].end']);
    });
  });
});
