import { highsBackend } from '../../../solver/mip/highs';
import {
  buildContext,
  buildPlanModel,
  solvePlan,
  type PlanProblem,
  type PlanResult,
} from '../../../solver/planner';
import { customer, DAY, engineer, item, OPTS, problem, windows } from './helpers';

async function solve(p: PlanProblem): Promise<PlanResult> {
  const r = await solvePlan(p, OPTS);
  expect(r.violations).toEqual([]);
  expect(['optimal', 'feasible']).toContain(r.status);
  return r;
}
const scheduled = (r: PlanResult) => r.assignments.map((a) => a.itemId).sort();
const term = (r: PlanResult, name: string) => r.terms.find((t) => t.name === name)!.raw;

describe('planner rules, one at a time', () => {
  test('capacity: one 7 h day holds one of two 5 h items', async () => {
    const p = problem({
      days: [{ index: 0, week: 0, label: 'Mon' }],
      engineers: [engineer('A', { windows: windows([0]) })],
      items: [item('I1', 'C', 1, 300), item('I2', 'C', 2, 300)],
    });
    const r = await solve(p);
    expect(scheduled(r)).toEqual(['I1']);
    expect(r.blocks.every((b) => b.day === 0 && b.start >= 540 && b.end <= 960)).toBe(true);
  });

  test('P1 buffer: the responder loses the buffer on their day', async () => {
    const p = problem({
      days: [{ index: 0, week: 0, label: 'Mon' }],
      engineers: [engineer('A', { windows: windows([0]) })],
      items: [item('I1', 'C', 1, 360)],
      p1: { bufferMinutes: 120 },
    });
    const r = await solve(p);
    expect(scheduled(r)).toEqual([]);
    expect(r.p1Rota).toEqual([{ day: 0, engineerId: 'A' }]);
  });

  test('weekly target: the shortfall is reported with its cause in words', async () => {
    const p = problem({
      days: [{ index: 0, week: 0, label: 'Mon' }],
      engineers: [
        engineer('A', {
          name: 'Ana',
          windows: windows([0]),
          unavailableReasons: [{ day: 0, minutes: 60, reason: 'training' }],
        }),
      ],
      items: [item('I1', 'C', 1, 120)],
    });
    const r = await solve(p);
    const week = r.engineers.find((e) => e.week === 0)!;
    expect(week.billable).toBe(120);
    expect(week.shortfall).toBe(300);
    expect(week.reasons[0]).toBe('Ana has 7 h available in week 1: 1 h of training');
  });

  test('weekly target: a non-billable item beyond an engineer’s slack costs its shortfall, in the relaxation too', async () => {
    // Two engineers with one 7 h day and a 5 h target: 2 h of slack each. A 400-minute
    // non-billable item leaves whoever takes it 280 minutes short; spread half and half over
    // both (as a plain relaxation would), it would cost only 2 × 80.
    const p = problem({
      days: [{ index: 0, week: 0, label: 'Mon' }],
      engineers: ['A', 'B'].map((id) => engineer(id, { windows: windows([0]), weeklyTargetMinutes: 300 })),
      customers: [customer('C'), customer('D')],
      items: [
        item('T1', 'C', 1, 400, { kind: 'techdebt', billable: false }),
        ...[1, 2, 3, 4, 5, 6].map((k) => item(`D${k}`, 'D', k, 100)),
      ],
      weights: { rankValue: 1000 },
    });
    const r = await solve(p);
    expect(scheduled(r)).toContain('T1');
    // 280 minutes, and the 100-minute items leave 20 of them unfilled: 5 h.
    expect(term(r, 'weeklyShortfall')).toBeCloseTo(5, 6);
    const pm = buildPlanModel(buildContext(p));
    const relaxed = { ...pm.model, variables: pm.model.variables.map((v) => ({ ...v, integer: false })) };
    const lp = await highsBackend.solve(relaxed, { timeLimitSeconds: 20 });
    const short = pm.state.termVars
      .get('weeklyShortfall')!
      .reduce((a, e) => a + e.coef * lp.values![e.index]!, 0);
    expect(short).toBeGreaterThanOrEqual(280 / 60 - 1e-6);
  });

  test('subscription: billable minutes stop at subscription + top-up', async () => {
    const p = problem({
      customers: [customer('C', { subscriptionMinutes: 120, topUpMinutes: 60 })],
      items: [item('I1', 'C', 1, 120), item('I2', 'C', 2, 60), item('I3', 'C', 3, 60)],
    });
    const r = await solve(p);
    expect(scheduled(r)).toEqual(['I1', 'I2']);
    expect(term(r, 'subscriptionTopUp')).toBe(1);
  });

  test('tech-debt share: a shortfall is penalised when only features are scheduled', async () => {
    const p = problem({
      customers: [customer('C', { techDebtShare: 0.5 })],
      items: [item('I1', 'C', 1, 120)],
    });
    expect(term(await solve(p), 'techDebtShortfall')).toBe(1);
  });

  test('rank order: nothing below an item that cannot be scheduled', async () => {
    const p = problem({
      items: [item('I1', 'C', 1, 120, { skills: ['rust'] }), item('I2', 'C', 2, 120)],
    });
    const r = await solve(p);
    expect(scheduled(r)).toEqual([]);
    expect(r.customers[0]!.notScheduled.find((n) => n.itemId === 'I2')!.reason).toMatch(/ranked below "I1"/);
  });

  test('skills: the item goes to the engineer with the skill', async () => {
    const p = problem({
      engineers: [engineer('A'), engineer('B', { skills: ['sql'], p1Eligible: false })],
      items: [item('I1', 'C', 1, 120, { skills: ['sql'] })],
    });
    expect((await solve(p)).assignments[0]!.engineerId).toBe('B');
  });

  test('dependencies: the dependency finishes before the dependent starts', async () => {
    const p = problem({
      customers: [customer('C'), customer('D')],
      items: [item('I1', 'C', 1, 240, { dependsOn: ['I2'] }), item('I2', 'D', 1, 240)],
    });
    const r = await solve(p);
    const end = Math.max(...r.blocks.filter((b) => b.itemId === 'I2').map((b) => b.end));
    const start = Math.min(...r.blocks.filter((b) => b.itemId === 'I1').map((b) => b.start));
    expect(end).toBeLessThanOrEqual(start);
  });

  test('due dates: a due item finishes by its day', async () => {
    const p = problem({ items: [item('I1', 'C', 2, 2400), item('I2', 'C', 1, 600, { dueDay: 6 })] });
    const r = await solve(p);
    expect(Math.max(...r.blocks.filter((b) => b.itemId === 'I2').map((b) => b.day))).toBeLessThanOrEqual(6);
  });

  test('pins: a pinned item stays with its engineer and day', async () => {
    const p = problem({
      engineers: [engineer('A', { knownCustomerIds: ['C'] }), engineer('B', { p1Eligible: false })],
      items: [item('I1', 'C', 1, 120, { pin: { engineerId: 'B', day: 3 } })],
    });
    const r = await solve(p);
    expect(r.blocks.map((b) => [b.engineerId, b.day])).toEqual([['B', 3]]);
  });

  test('focus and continuity: each engineer stays with the customer they know', async () => {
    const p = problem({
      engineers: [
        engineer('A', { knownCustomerIds: ['C'], windows: windows([0]) }),
        engineer('B', { knownCustomerIds: ['D'], windows: windows([0]) }),
      ],
      days: [{ index: 0, week: 0, label: 'Mon' }],
      customers: [customer('C'), customer('D')],
      items: [
        item('I1', 'C', 1, 180),
        item('I2', 'C', 2, 180),
        item('I3', 'D', 1, 180),
        item('I4', 'D', 2, 180),
      ],
    });
    const r = await solve(p);
    for (const a of r.assignments) expect(a.engineerId).toBe(a.itemId <= 'I2' ? 'A' : 'B');
    expect(term(r, 'continuity')).toBe(0);
    expect(term(r, 'contextSwitches')).toBe(0);
  });

  test('P1 rotation: one responder per day, shared fairly', async () => {
    const p = problem({ engineers: [engineer('A'), engineer('B'), engineer('X', { p1Eligible: false })] });
    const r = await solve(p);
    expect(r.p1Rota).toHaveLength(10);
    expect(r.p1Rota.filter((x) => x.engineerId === 'A')).toHaveLength(5);
    expect(term(r, 'p1Imbalance')).toBe(0);
  });

  test('re-planning: published blocks that still fit stay where they were', async () => {
    const p = problem({
      engineers: [engineer('A'), engineer('B', { p1Eligible: false })],
      items: [item('I1', 'C', 1, 120)],
      previousBlocks: [{ itemId: 'I1', engineerId: 'B', day: 2, start: 2 * DAY + 600, end: 2 * DAY + 720 }],
    });
    const r = await solve(p);
    expect(r.blocks).toEqual(p.previousBlocks);
    expect(r.replanDiff).toMatchObject({ added: [], removed: [], moved: [], unchangedBlocks: 1 });
    expect(term(r, 'movedBlocks')).toBe(0);
  });

  test('validation: cycles, bad ranges and unknown ids are listed, not solved', async () => {
    const p = problem({
      items: [
        item('I1', 'C', 1, 60, { dependsOn: ['I2'] }),
        item('I2', 'C', 2, 60, { dependsOn: ['I1'], estimate: { low: 90, high: 60 } }),
        item('I3', 'Z', 3, 60),
      ],
    });
    const r = await solvePlan(p, OPTS);
    expect(r.status).toBe('invalid');
    const text = r.validation.map((v) => `${v.path}: ${v.message}`).join('\n');
    expect(text).toMatch(/dependency cycle/);
    expect(text).toMatch(/low \(90\) is above high \(60\)/);
    expect(text).toMatch(/unknown customer Z/);
  });

  test('validation: a time limit that would never end, or a negative gap, is refused by name', async () => {
    const p = problem({ items: [item('I1', 'C', 1, 60)] });
    for (const timeLimitSeconds of [NaN, Infinity, 0, -1]) {
      const r = await solvePlan(p, { ...OPTS, timeLimitSeconds });
      expect(r.status).toBe('invalid');
      expect(r.validation.map((v) => v.path)).toEqual(['options.timeLimitSeconds']);
    }
    const r = await solvePlan(p, { ...OPTS, relativeGap: -0.1 });
    expect(r.validation.map((v) => v.path)).toEqual(['options.relativeGap']);
  });
});
