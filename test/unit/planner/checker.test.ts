import { checkPlan, solvePlan, type Block, type PlanSolution } from '../../../solver/planner';
import { DAY, engineer, item, OPTS, problem, windows } from './helpers';

const p = problem({
  engineers: [
    engineer('A', { skills: ['sql'], windows: windows([0, 1, 2, 3, 4, 5, 6, 7, 8]) }),
    engineer('B'),
  ],
  items: [
    item('I1', 'C', 1, 240, { skills: ['sql'] }),
    item('I2', 'C', 2, 240, { dependsOn: ['I1'] }),
    item('I3', 'C', 3, 120),
  ],
});

async function validPlan(): Promise<PlanSolution> {
  const r = await solvePlan(p, OPTS);
  expect(r.check?.ok).toBe(true);
  return {
    blocks: r.blocks,
    assignments: r.assignments.map((a) => ({ itemId: a.itemId, engineerId: a.engineerId })),
    p1Rota: r.p1Rota,
  };
}
const rules = (plan: PlanSolution) => checkPlan(p, plan).violations.map((v) => v.rule);

describe('independent checker', () => {
  test('accepts the planner’s plan', async () => {
    expect(checkPlan(p, await validPlan()).ok).toBe(true);
  });

  test('rejects work beyond the day’s hours', async () => {
    const plan = await validPlan();
    const blocks: Block[] = [
      ...plan.blocks.filter((b) => b.itemId !== 'I3'),
      { itemId: 'I3', engineerId: 'B', day: 9, start: 9 * DAY + 540, end: 9 * DAY + 600 },
      { itemId: 'I3', engineerId: 'B', day: 9, start: 9 * DAY + 900, end: 9 * DAY + 1020 },
    ];
    const assignments = [
      ...plan.assignments.filter((a) => a.itemId !== 'I3'),
      { itemId: 'I3', engineerId: 'B' },
    ];
    expect(rules({ ...plan, blocks, assignments })).toContain('available hours');
  });

  test('rejects a block on a day of leave', async () => {
    const plan = await validPlan();
    const i1 = plan.blocks.filter((b) => b.itemId === 'I1');
    const moved = i1.map((b) => ({
      ...b,
      day: 9,
      start: b.start - b.day * DAY + 9 * DAY,
      end: b.end - b.day * DAY + 9 * DAY,
    }));
    expect(rules({ ...plan, blocks: [...plan.blocks.filter((b) => b.itemId !== 'I1'), ...moved] })).toContain(
      'available hours',
    );
  });

  test('rejects a skipped rank', async () => {
    const plan = await validPlan();
    const keep = (id: string) => id !== 'I2';
    const broken = {
      ...plan,
      blocks: plan.blocks.filter((b) => keep(b.itemId)),
      assignments: plan.assignments.filter((a) => keep(a.itemId)),
    };
    expect(rules(broken)).toContain('rank order');
  });

  test('rejects fractional integer variables', async () => {
    const plan = await validPlan();
    expect(rules({ ...plan, integerValues: [{ name: 'x[I1,A]', value: 0.5 }] })).toContain('integrality');
  });

  test('rejects an engineer without the skill', async () => {
    const plan = await validPlan();
    const blocks = plan.blocks.map((b) => (b.itemId === 'I1' ? { ...b, engineerId: 'B' } : b));
    const assignments = plan.assignments.map((a) => (a.itemId === 'I1' ? { ...a, engineerId: 'B' } : a));
    expect(rules({ ...plan, blocks, assignments })).toContain('required skills');
  });

  test('rejects a dependent that starts before its dependency ends', async () => {
    const plan = await validPlan();
    const i1 = plan.blocks.filter((b) => b.itemId === 'I1');
    const i2 = plan.blocks.filter((b) => b.itemId === 'I2');
    const swapped = [
      ...plan.blocks.filter((b) => b.itemId === 'I3'),
      ...i1.map((b, k) => ({ ...b, itemId: 'I2', engineerId: i2[k]?.engineerId ?? b.engineerId })),
      ...i2.map((b, k) => ({ ...b, itemId: 'I1', engineerId: i1[k]?.engineerId ?? b.engineerId })),
    ];
    expect(rules({ ...plan, blocks: swapped })).toContain('dependencies');
  });
});
