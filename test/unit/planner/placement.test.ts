import { buildContext, placePlan } from '../../../solver/planner';
import { customer, engineer, item, problem, windows } from './helpers';

describe('placement (model weeks → concrete blocks)', () => {
  test('rescuing a unit on another engineer takes only time that engineer can spare', () => {
    // A is given 600 minutes in a 420-minute day (Q, then P); B has R, placed after P. Moving P
    // to B would fit P, and then drop R, which the model had placed soundly: P goes instead.
    const p = problem({
      engineers: [engineer('A', { windows: windows([0]) }), engineer('B', { windows: windows([0]) })],
      customers: [customer('C0'), customer('C1'), customer('C2')],
      items: [item('Q', 'C0', 1, 300), item('P', 'C1', 1, 300), item('R', 'C2', 1, 300)],
    });
    const ctx = buildContext(p);
    const placed = placePlan(
      ctx,
      [
        { unitId: 'Q', engineerId: 'A', week0: 300, week1: 0 },
        { unitId: 'P', engineerId: 'A', week0: 300, week1: 0 },
        { unitId: 'R', engineerId: 'B', week0: 300, week1: 0 },
      ],
      [],
    );
    expect(placed.assignments).toEqual(
      expect.arrayContaining([
        { unitId: 'Q', engineerId: 'A' },
        { unitId: 'R', engineerId: 'B' },
      ]),
    );
    expect([...placed.dropped.keys()]).toEqual(['P']);
  });

  test('a chain the week split put late is laid again, dependencies first, rather than dropping its end', () => {
    // One engineer with a day in each week; D → U → V, all three split wholly into week 1. D
    // goes on day 5 because U still fits after it; U then ends at 15:00 and V has one hour left.
    // Laid again, each as early as it can go, the chain starts on day 0 and all of it fits.
    const p = problem({
      engineers: [engineer('A', { windows: windows([0, 5]) })],
      customers: [customer('C')],
      items: [
        item('D', 'C', 1, 120),
        item('U', 'C', 2, 240, { dependsOn: ['D'] }),
        item('V', 'C', 3, 240, { dependsOn: ['U'] }),
      ],
    });
    const placed = placePlan(
      buildContext(p),
      [
        { unitId: 'D', engineerId: 'A', week0: 0, week1: 120 },
        { unitId: 'U', engineerId: 'A', week0: 0, week1: 240 },
        { unitId: 'V', engineerId: 'A', week0: 0, week1: 240 },
      ],
      [],
    );
    expect(placed.dropped.size).toBe(0);
    const of = (id: string) => placed.blocks.filter((b) => b.itemId === id);
    const minutes = (id: string) => of(id).reduce((acc, b) => acc + b.end - b.start, 0);
    expect([minutes('D'), minutes('U'), minutes('V')]).toEqual([120, 240, 240]);
    for (const [before, after] of [
      ['D', 'U'],
      ['U', 'V'],
    ] as const)
      expect(Math.min(...of(after).map((b) => b.start))).toBeGreaterThanOrEqual(
        Math.max(...of(before).map((b) => b.end)),
      );
  });
});
