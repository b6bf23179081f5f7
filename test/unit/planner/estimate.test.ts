import { betaCdf, betaQuantile, pertMean, pertShape, planningEstimate } from '../../../solver/planner';

describe('planning estimates (PERT-beta)', () => {
  test('symmetric range: shape 3,3, mean and median at the midpoint', () => {
    expect(pertShape({ low: 60, high: 180 })).toEqual({ alpha: 3, beta: 3, likely: 120 });
    expect(pertMean({ low: 60, high: 180 })).toBe(120);
    expect(planningEstimate({ low: 60, high: 180 }, 'P50')).toBe(120);
  });

  test('P80 of Beta(3,3) solves 10x³ − 15x⁴ + 6x⁵ = 0.8', () => {
    const x = betaQuantile(0.8, 3, 3);
    expect(10 * x ** 3 - 15 * x ** 4 + 6 * x ** 5).toBeCloseTo(0.8, 9);
    expect(x).toBeCloseTo(0.6734, 3);
    // 60 + 120·0.6734 = 140.8 min, rounded up to 15 → 150.
    expect(planningEstimate({ low: 60, high: 180 }, 'P80')).toBe(150);
  });

  test('skewed range: α = 1 + 4(m−a)/(b−a), and P50 < P80 < P90', () => {
    const r = { low: 120, likely: 180, high: 600 };
    const s = pertShape(r);
    expect(s.alpha).toBeCloseTo(1.5);
    expect(s.beta).toBeCloseTo(4.5);
    expect(pertMean(r)).toBe(240);
    const [p50, p80, p90] = (['P50', 'P80', 'P90'] as const).map((c) => planningEstimate(r, c));
    expect(p50! < p80! && p80! < p90!).toBe(true);
    expect(betaCdf(betaQuantile(0.9, s.alpha, s.beta), s.alpha, s.beta)).toBeCloseTo(0.9, 9);
  });

  test('a point estimate stays put, rounded up to 15 minutes', () => {
    expect(planningEstimate({ low: 100, high: 100 }, 'P90')).toBe(105);
    expect(planningEstimate({ low: 5, high: 5 }, 'P50')).toBe(15);
  });
});
