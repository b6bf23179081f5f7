import { performance } from 'node:perf_hooks';
import { generatePlanProblem } from '../../../solver/bench/plan-instances';
import { highsBackend } from '../../../solver/mip/highs';
import { evaluateSolution } from '../../../solver/mip/presolve';
import { buildContext, buildPlanModel } from '../../../solver/planner';
import { decompositionBound } from '../../../solver/planner/decomposition';

const clock = () => {
  const t0 = performance.now();
  return () => (performance.now() - t0) / 1000;
};

describe('the Dantzig–Wolfe bound by engineer', () => {
  const problem = generatePlanProblem({ name: 'T', engineers: 4, customers: 5, items: 50 }, 1);
  const pm = buildPlanModel(buildContext(problem));

  test('every variable but the roadmap prefixes belongs to one engineer', () => {
    const shared = pm.model.variables.filter((_, v) => !pm.state.engineerOf.has(v)).map((v) => v.name);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.filter((name) => !name.startsWith('prefix['))).toEqual([]);
  });

  test('lies between the LP relaxation and the proven optimum, strictly above the LP here', async () => {
    const relaxed = { ...pm.model, variables: pm.model.variables.map((v) => ({ ...v, integer: false })) };
    const lp = await highsBackend.solve(relaxed, { timeLimitSeconds: 60 });
    const mip = await highsBackend.solve(pm.model, { timeLimitSeconds: 120, relativeGap: 0 });
    expect(mip.status).toBe('optimal');
    const dw = await decompositionBound(pm, { now: clock(), deadline: 600, dive: {} });
    expect(dw.converged).toBe(true);
    expect(dw.bound).toBeCloseTo(dw.masterLp, 3);
    expect(dw.bound).toBeGreaterThan(lp.objective! + 1);
    expect(dw.bound).toBeLessThanOrEqual(mip.objective! + 1e-6);
    expect(dw.linkingRows).toBeGreaterThan(0);
    // The dive's plan is whole and feasible in the full model, and here it is the optimum.
    const plan = dw.plan!;
    const check = evaluateSolution(pm.model, plan.values);
    expect(check.feasible).toBe(true);
    expect(plan.objective).toBeCloseTo(check.objective, 6);
    expect(plan.objective).toBeGreaterThanOrEqual(mip.objective! - 1e-6);
    expect(plan.objective).toBeLessThanOrEqual(mip.objective! * 1.001);
  });

  test('an engineer away all fortnight (no variables) adds nothing', async () => {
    const away = { ...problem.engineers[0]!, id: 'AWAY', name: 'Away', windows: [] };
    const withAway = buildPlanModel(buildContext({ ...problem, engineers: [...problem.engineers, away] }));
    const [a, b] = [
      await decompositionBound(pm, { now: clock(), deadline: 600 }),
      await decompositionBound(withAway, { now: clock(), deadline: 600 }),
    ];
    expect(b.converged).toBe(true);
    expect(b.bound).toBeCloseTo(a.bound, 4);
  });
});
