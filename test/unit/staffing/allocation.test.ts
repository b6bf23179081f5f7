import fc from 'fast-check';
import { allocateAgents, computeRequirements, deskStaffing, skillGroups } from '../../../solver/staffing';

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

  test('moves an agent along when that lets another fill a short channel', () => {
    // Taken in order, the phone+chat agent would fill phone's one place and leave chat empty,
    // though the phone+e-mail agent could take phone: chat is short only if no allocation fills it.
    const a = allocateAgents(
      [
        ['phone', 'chat'],
        ['phone', 'email'],
      ],
      { phone: 1, chat: 1, email: 0 },
      DEFERRED,
    );
    expect(a).toEqual({ phone: 1, chat: 1, email: 0 });
  });

  test('keeps the agents who can do deferred work for it when others can take the calls', () => {
    const a = allocateAgents([['phone', 'email'], ['phone']], { phone: 1, email: 0.5 }, DEFERRED);
    expect(a).toEqual({ phone: 1, email: 1 });
  });

  test('live channels get as many agents as any allocation could give them', () => {
    const CH = ['phone', 'chat', 'email', 'social'];
    const skillSet = fc.subarray(CH, { minLength: 1 });
    fc.assert(
      fc.property(
        fc.array(skillSet, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(0, 0.3, 1.2),
        (skills, phone, chat, email) => {
          const required = { phone, chat, email, social: 0.4 };
          const a = allocateAgents(skills, required, DEFERRED);
          // Brute force: every agent to one of their live channels or to none.
          let best = 0;
          const walk = (i: number, got: Record<string, number>) => {
            if (i === skills.length) {
              best = Math.max(best, Math.min(got.phone!, phone) + Math.min(got.chat!, chat));
              return;
            }
            walk(i + 1, got);
            for (const c of skills[i]!.filter((x) => x === 'phone' || x === 'chat'))
              walk(i + 1, { ...got, [c]: got[c]! + 1 });
          };
          walk(0, { phone: 0, chat: 0 });
          expect(Math.min(a.phone!, phone) + Math.min(a.chat!, chat)).toBe(best);
          // Everyone on duty is allocated once, in whole or in shares.
          const total = Object.values(a).reduce((s, x) => s + x, 0);
          expect(total).toBeCloseTo(skills.length, 6);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
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
      // Phone in whole agents (its own requirement), e-mail as a share, rounded up together.
      const need = phone!.intervals[j]!.required + email!.intervals[j]!.rawAgents / 0.7;
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

describe('skillGroups', () => {
  const requirements = computeRequirements({
    intervals: [
      { start: 0, channel: 'phone', volume: 20, ahtSeconds: 180 },
      { start: 0, channel: 'chat', volume: 10, ahtSeconds: 300 },
      { start: 0, channel: 'email', volume: 2, ahtSeconds: 300 },
      { start: 0, channel: 'social', volume: 1, ahtSeconds: 300 },
    ],
    intervalMinutes: 30,
    targets: {
      phone: { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 20 },
      chat: { kind: 'erlang', serviceLevel: 0.8, targetSeconds: 60 },
      email: { kind: 'deferred', serviceLevel: 0.9, deadlineMinutes: 30 },
      social: { kind: 'deferred', serviceLevel: 0.9, deadlineMinutes: 30 },
    },
    shrinkage: 0.3,
    horizonMinutes: 30,
  });
  const by = Object.fromEntries(requirements.channels.map((c) => [c.channel, c.intervals[0]!]));

  test('one group per distinct set of skilled agents, each needing its channels pooled', () => {
    const agents = [['phone'], ['phone', 'chat'], ['email'], ['social', 'email']];
    const groups = skillGroups(requirements.channels, agents);
    const named = Object.fromEntries(groups.map((g) => [g.channels.join('+'), g]));
    // phone and phone+chat are served by the same two agents: merged into phone+chat. Sets every
    // agent serves (e.g. phone+email) are the whole desk's and left out; social's agents are
    // fewer than e-mail's, so social keeps a group of its own.
    expect(Object.keys(named).sort()).toEqual(
      [
        'chat',
        'chat+email+social',
        'chat+social',
        'email+social',
        'phone+chat',
        'phone+chat+social',
        'social',
      ].sort(),
    );
    expect(named['chat']!.agents).toEqual([1]);
    expect(named['phone+chat']!.agents).toEqual([0, 1]);
    expect(named['email+social']!.agents).toEqual([2, 3]);
    const live = (by.phone!.rawAgents + by.chat!.rawAgents) / 0.7;
    expect(named['phone+chat']!.required).toEqual([Math.ceil(live - 1e-7)]);
    // Deferred work alone is divisible: shares of an agent, not a whole one.
    const deferred =
      Math.ceil((by.email!.rawAgents / 0.7) * 100 - 1e-7) / 100 +
      Math.ceil((by.social!.rawAgents / 0.7) * 100 - 1e-7) / 100;
    expect(named['email+social']!.required[0]).toBeCloseTo(deferred, 9);
    expect(named['email+social']!.required[0]).toBeLessThan(1);
  });

  test('no group when every agent has every skill, or for channels nobody has', () => {
    expect(skillGroups(requirements.channels, [['phone', 'chat', 'email', 'social']])).toEqual([]);
    const groups = skillGroups(requirements.channels, [['phone'], ['phone']]);
    expect(groups).toEqual([]);
  });
});
