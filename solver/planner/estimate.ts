import type { Confidence, EstimateRange } from './problem';

/** Planning estimates are rounded up to this many minutes. */
export const ESTIMATE_ROUNDING_MINUTES = 15;

const CONFIDENCE_P: Record<Confidence, number> = { P50: 0.5, P80: 0.8, P90: 0.9 };

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b): the CDF of Beta(a, b) at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The p-quantile of Beta(a, b), by bisection on the CDF (60 halvings: ~1e-18 in x). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** PERT-beta shape of a range: α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a), m = likely (midpoint by default). */
export function pertShape(range: EstimateRange): { alpha: number; beta: number; likely: number } {
  const likely = range.likely ?? (range.low + range.high) / 2;
  const span = range.high - range.low;
  if (span <= 0) return { alpha: 3, beta: 3, likely };
  return {
    alpha: 1 + (4 * (likely - range.low)) / span,
    beta: 1 + (4 * (range.high - likely)) / span,
    likely,
  };
}

/** PERT mean (low + 4·likely + high)/6, in minutes (unrounded). */
export function pertMean(range: EstimateRange): number {
  const likely = range.likely ?? (range.low + range.high) / 2;
  return (range.low + 4 * likely + range.high) / 6;
}

/** The p-quantile of the range's PERT-beta distribution, in minutes (unrounded). */
export function pertQuantile(range: EstimateRange, p: number): number {
  if (range.high <= range.low) return range.low;
  const { alpha, beta } = pertShape(range);
  return range.low + (range.high - range.low) * betaQuantile(p, alpha, beta);
}

/**
 * An item's planning estimate in whole minutes at a confidence level: the PERT-beta quantile
 * (P50 = the median, P80, P90) rounded up to a multiple of 15 minutes (at least 15).
 */
export function planningEstimate(range: EstimateRange, confidence: Confidence): number {
  const q = pertQuantile(range, CONFIDENCE_P[confidence]);
  const r = ESTIMATE_ROUNDING_MINUTES;
  // The 1e-6 keeps exact multiples (e.g. 120.0000000001 from bisection) from rounding up a step.
  return Math.max(r, Math.ceil(q / r - 1e-6) * r);
}
