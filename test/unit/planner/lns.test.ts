import { highsBackend } from '../../../solver/mip/highs';
import { evaluateSolution } from '../../../solver/mip/presolve';
import { generatePlanProblem, PLAN_SIZES } from '../../../solver/bench/plan-instances';
import {
  buildContext,
  buildPlanModel,
  checkPlan,
  decodeSolution,
  placePlan,
  type DecodedAssignment,
  type PlanProblem,
} from '../../../solver/planner';
import { fixIntegers } from '../../../solver/planner/greedy';
import { improveByLns } from '../../../solver/planner/lns';
import { localSearchIntegers } from '../../../solver/planner/local-search';
import { customer, engineer, item, problem, windows } from './helpers';

describe('large-neighbourhood search with the MIP backend', () => {
  test('improves the local search’s plan on the seeded S organisation, staying a checked plan', async () => {
    const p = generatePlanProblem(PLAN_SIZES.S!, 1);
    const ctx = buildContext(p);
    const pm = buildPlanModel(ctx);
    const ls = localSearchIntegers(pm, { seed: 1 })!;
    const start = await highsBackend.solve(fixIntegers(pm.model, ls.values), { timeLimitSeconds: 20 });
    expect(start.status).toBe('optimal');
    const r = await improveByLns(pm, highsBackend, start.values!, {
      seed: 1,
      seconds: 600,
      subSeconds: 5,
      maxRounds: 3,
    });
    expect(r.rounds).toBe(3);
    expect(r.improvements).toBeGreaterThan(0);
    expect(r.objective).toBeLessThan(start.objective! - 1);
    const full = evaluateSolution(pm.model, r.values);
    expect(full.feasible).toBe(true);
    expect(full.objective).toBeCloseTo(r.objective, 6);
    const decoded = decodeSolution(pm, r.values);
    const placement = placePlan(ctx, decoded.assignments, decoded.p1Rota);
    const check = checkPlan(
      p,
      {
        blocks: placement.blocks,
        assignments: placement.assignments.map((a) => ({ itemId: a.unitId, engineerId: a.engineerId })),
        p1Rota: decoded.p1Rota,
        integerValues: decoded.integerValues,
      },
      { atStakeUnitIds: new Set(ctx.candidates.keys()) },
    );
    expect(check.violations).toEqual([]);
  });
});

/** Places the model's split (with a P1 rota when given) and lists each item's blocks. */
function place(p: PlanProblem, split: DecodedAssignment[], rota: { day: number; engineerId: string }[] = []) {
  const placement = placePlan(buildContext(p), split, rota);
  const of = (id: string) => placement.blocks.filter((b) => b.itemId === id);
  return { placement, of };
}

const minutes = (blocks: readonly { start: number; end: number }[]) =>
  blocks.reduce((s, b) => s + b.end - b.start, 0);

describe('placement keeps the model’s week split per kind of work', () => {
  test('a non-billable unit placed first does not take the week-0 time of billable work', () => {
    const p = problem({
      engineers: [engineer('E', { p1Eligible: false })],
      customers: [customer('C')],
      items: [item('T', 'C', 1, 600, { kind: 'techdebt', billable: false }), item('B', 'C', 2, 2400)],
    });
    // The model put 1 h of the tech debt and 28 h of the billable item in week 0.
    const { placement, of } = place(p, [
      { unitId: 'T', engineerId: 'E', week0: 60, week1: 540 },
      { unitId: 'B', engineerId: 'E', week0: 1680, week1: 720 },
    ]);
    const week0 = (id: string) => minutes(of(id).filter((b) => b.day < 5));
    expect(placement.dropped.size).toBe(0);
    expect(week0('B')).toBe(1680);
    expect(week0('T')).toBe(60);
  });

  test('a unit that no longer fits its engineer goes to another candidate, not off the roadmap', () => {
    // E has one 7 h day; the two 6 h items cannot both be placed there. F is free all fortnight.
    const p = problem({
      engineers: [engineer('E', { p1Eligible: false, windows: windows([0]) }), engineer('F')],
      customers: [customer('C')],
      items: [item('A', 'C', 1, 360), item('B', 'C', 2, 360), item('D', 'C', 3, 120, { dependsOn: ['B'] })],
    });
    const rota = p.days.map((d) => ({ day: d.index, engineerId: 'F' }));
    const { placement, of } = place(
      p,
      [
        { unitId: 'A', engineerId: 'E', week0: 360, week1: 0 },
        { unitId: 'B', engineerId: 'E', week0: 360, week1: 0 },
        { unitId: 'D', engineerId: 'F', week0: 120, week1: 0 },
      ],
      rota,
    );
    expect(placement.dropped.size).toBe(0);
    expect(placement.assignments).toEqual([
      { unitId: 'A', engineerId: 'E' },
      { unitId: 'B', engineerId: 'F' },
      { unitId: 'D', engineerId: 'F' },
    ]);
    expect(of('B').every((b) => b.engineerId === 'F')).toBe(true);
    expect(minutes(of('B'))).toBe(360);
    // The dependent still starts after B ends.
    expect(Math.min(...of('D').map((b) => b.start))).toBeGreaterThanOrEqual(
      Math.max(...of('B').map((b) => b.end)),
    );
    const check = checkPlan(p, {
      blocks: placement.blocks,
      assignments: placement.assignments.map((a) => ({ itemId: a.unitId, engineerId: a.engineerId })),
      p1Rota: rota,
      integerValues: [],
    });
    expect(check.violations).toEqual([]);
  });

  test('a dependent with no room after its dependency gets room by moving earlier work forward', () => {
    // E works Monday and the next Monday (7 h each), F only the first Monday. C (on F) fills that
    // Monday, so D, which depends on C, can only run on E's second Monday. X, due that day, was
    // placed first, where the model's week split put it: on the second Monday. X may as well run
    // on the first Monday, which frees the second for D.
    const p = problem({
      engineers: [
        engineer('E', { p1Eligible: false, windows: windows([0, 5]) }),
        engineer('F', { p1Eligible: false, windows: windows([0]) }),
      ],
      customers: [customer('K'), customer('L')],
      items: [
        item('C', 'K', 1, 420),
        item('D', 'K', 2, 420, { dependsOn: ['C'] }),
        item('X', 'L', 1, 420, { dueDay: 5 }),
      ],
    });
    const { placement, of } = place(p, [
      { unitId: 'C', engineerId: 'F', week0: 420, week1: 0 },
      { unitId: 'D', engineerId: 'E', week0: 0, week1: 420 },
      { unitId: 'X', engineerId: 'E', week0: 0, week1: 420 },
    ]);
    expect(placement.dropped.size).toBe(0);
    const days = (id: string) => [...new Set(of(id).map((b) => b.day))];
    expect(days('D')).toEqual([5]);
    expect(days('X')).toEqual([0]);
    expect(of('D').every((b) => b.engineerId === 'E')).toBe(true);
  });

  test('a dependency with a dependent on the same engineer is placed early, not by the week split', () => {
    // The model split A (tech debt) 71/139 minutes and B, which depends on A, 391/764 over the two
    // weeks. Placed by the split, A would end on the second Monday and B (1,155 min) no longer fit
    // in the 1,121 minutes left after it; placed early, A is done in week 0 and B follows it.
    const p = problem({
      engineers: [engineer('E', { p1Eligible: false, windows: windows([1, 3, 4, 6, 8, 9]) })],
      customers: [customer('K'), customer('L')],
      items: [
        item('A', 'K', 1, 210, { kind: 'techdebt', billable: false }),
        item('B', 'K', 2, 1155, { dependsOn: ['A'] }),
        item('Y', 'L', 1, 435),
      ],
    });
    const { placement, of } = place(p, [
      { unitId: 'A', engineerId: 'E', week0: 71, week1: 139 },
      { unitId: 'B', engineerId: 'E', week0: 391, week1: 764 },
      { unitId: 'Y', engineerId: 'E', week0: 435, week1: 0 },
    ]);
    expect(placement.dropped.size).toBe(0);
    expect(of('A').every((b) => b.day < 5)).toBe(true);
    expect(Math.min(...of('B').map((b) => b.start))).toBeGreaterThanOrEqual(
      Math.max(...of('A').map((b) => b.end)),
    );
    expect(minutes(of('B'))).toBe(1155);
  });
});
