import { allocateAgents, computeRequirements, deskStaffing } from '../../../solver/staffing';

const DEFERRED = new Set(['email', 'social']);

describe('allocateAgents', () => {
  test('whole agents to live channels up to their requirement, most constrained agents first', () => {
    // The phone-only agent must take phone, so the phone+chat agent goes to chat.
    const a = allocateAgents([['phone', 'chat'], ['phone']], { phone: 1, chat: 1 }, DEFERRED);
    expect(a).toEqual({ phone: 1, chat: 1 });
  });

  test('agents left over share their time among deferred channels, up to each one’s need', () => {
    const a = allocateAgents(
      [['phone'], ['phone', 'email', 'social'], ['phone', 'chat']],
      { phone: 2, chat: 0, email: 0.4, social: 0.3 },
      DEFERRED,
    );
    // Phone gets the phone-only agent and one of the others (the one with fewer skills first);
    // the last agent's time covers e-mail and social, and the rest of it goes to its neediest one.
    expect(a.phone).toBe(2);
    expect(a.chat).toBe(0);
    expect(a.email! + a.social!).toBeCloseTo(1, 9);
    expect(a.email).toBeGreaterThanOrEqual(0.4);
    expect(a.social).toBeGreaterThanOrEqual(0.3);
  });

  test('a deferred need is not rounded up to a whole agent, and no one is counted twice', () => {
    const a = allocateAgents(
      [
        ['phone', 'email'],
        ['phone', 'email'],
        ['chat', 'social'],
      ],
      { phone: 2, chat: 1, email: 0.3, social: 0.2 },
      DEFERRED,
    );
    // Three agents, three whole live requirements: the deferred channels get nothing, and the
    // total allocated is exactly the agents on duty.
    expect(a).toEqual({ phone: 2, chat: 1, email: 0, social: 0 });
  });

  test('free agents with only live skills over-staff the least-filled live channel', () => {
    const a = allocateAgents(
      [['phone'], ['phone', 'chat'], ['phone', 'chat']],
      { phone: 1, chat: 1 },
      DEFERRED,
    );
    expect(a.phone! + a.chat!).toBe(3);
    expect(a.phone).toBeGreaterThanOrEqual(1);
    expect(a.chat).toBeGreaterThanOrEqual(1);
  });

  test('an agent is only ever allocated to a channel they are skilled in', () => {
    const a = allocateAgents([['email']], { phone: 3, email: 0.2 }, DEFERRED);
    expect(a).toEqual({ phone: 0, email: 1 });
  });
});

describe('deskStaffing', () => {
  test('pools the requirement, allocates each interval and lists the projection’s staff', () => {
    const requirements = computeRequirements({
      intervals: [
        { start: 0, channel: 'phone', volume: 20, ahtSeconds: 180 },
        { start: 30, channel: 'phone', volume: 20, ahtSeconds: 180 },
        { start: 0, channel: 'email', volume: 2, ahtSeconds: 300 },
        { start: 30, channel: 'email', volume: 2, ahtSeconds: 300 },
      ],
      intervalMinutes: 30,
      targets: {
        phone: { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 20 },
        email: { kind: 'deferred', serviceLevel: 0.9, deadlineMinutes: 60 },
      },
      shrinkage: 0.3,
      horizonMinutes: 60,
    });
    const [phone, email] = requirements.channels;
    const onDuty = [[['phone'], ['phone', 'email'], ['phone', 'email'], ['phone', 'email']], [['phone']]];
    const desk = deskStaffing(requirements.channels, onDuty, 30);
    for (let j = 0; j < 2; j++) {
      const need = phone!.intervals[j]!.rawAgents / 0.7 + email!.intervals[j]!.rawAgents / 0.7;
      expect(desk.pooled[j]).toBe(Math.ceil(need - 1e-7));
      const a = desk.allocated[j]!;
      expect(a.phone! + a.email!).toBeCloseTo(onDuty[j]!.length, 9);
    }
    expect(desk.allocated[1]).toEqual({ phone: 1, email: 0 });
    expect(desk.staffOnDuty.filter((s) => s.start === 30)).toEqual([
      { start: 30, channel: 'phone', agents: 1 },
    ]);
  });
});
