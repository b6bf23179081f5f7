import { earlyEligible } from '../checker';
import type { RuleContext } from '../context';

/**
 * Soft: each eligible person's count of early shifts stays near the mean of the eligible group;
 * weight per shift of absolute deviation. With n_e the count and N the group size,
 * `dev_e ≥ ±(n_e − Σ n / N)`.
 */
export function fairEarlyShifts(ctx: RuleContext): void {
  const { problem, b } = ctx;
  const fair = problem.fairEarlyShifts;
  if (!fair) return;
  const eligible = earlyEligible(problem);
  const N = eligible.length;
  if (N === 0) return;
  const early = problem.shiftTypes.flatMap((s, si) => (s.early ? [si] : []));
  const counts = eligible.map((e) => {
    const terms: Array<[number, number]> = [];
    for (let d = 0; d < problem.days; d++)
      for (const s of early) {
        const x = ctx.xv(e, d, s);
        if (x >= 0) terms.push([x, 1]);
      }
    return terms;
  });
  const all = counts.flat();
  eligible.forEach((e, k) => {
    const dev = b.addVar(`early deviation[${e}]`, { cost: fair.weight });
    const mine = counts[k] ?? [];
    const diff: Array<[number, number]> = [...mine, ...all.map(([i, c]) => [i, -c / N] as [number, number])];
    b.ge(`early deviation up[${e}]`, [[dev, 1], ...diff.map(([i, c]) => [i, -c] as [number, number])], 0);
    b.ge(`early deviation down[${e}]`, [[dev, 1], ...diff], 0);
  });
}
