import { deliveryProbabilities, deriveUnits } from '../../../solver/planner';
import { item, problem } from './helpers';

describe('Monte Carlo delivery probability', () => {
  const p = problem({ items: [item('I1', 'C', 1, 0, { estimate: { low: 60, high: 180 } })] });
  const units = deriveUnits(p);
  const assignments = [{ unitId: 'I1', engineerId: 'A' }];

  test('the same seed gives the same probabilities; the capacity decides', () => {
    const cap = new Map([['A', 120]]);
    const a = deliveryProbabilities(units, assignments, cap, 2000, 42);
    const b = deliveryProbabilities(units, assignments, cap, 2000, 42);
    expect(a.byCustomer.get('C')).toBe(b.byCustomer.get('C'));
    // Symmetric Beta(3,3): the midpoint is the median.
    expect(a.byCustomer.get('C')!).toBeGreaterThan(0.45);
    expect(a.byCustomer.get('C')!).toBeLessThan(0.55);
    expect(deliveryProbabilities(units, assignments, new Map([['A', 200]]), 500, 1).byEngineer.get('A')).toBe(
      1,
    );
    expect(deliveryProbabilities(units, assignments, new Map([['A', 50]]), 500, 1).byEngineer.get('A')).toBe(
      0,
    );
  });
});
