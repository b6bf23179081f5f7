/** A solve option that cannot be used, with its name. */
export interface OptionProblem {
  readonly option: string;
  readonly message: string;
}

/**
 * What is wrong with the options every solve takes: the time limit must be a positive number of
 * seconds (NaN or Infinity would never stop), a relative gap a number ≥ 0.
 */
export function solveOptionProblems(options: {
  readonly timeLimitSeconds: number;
  readonly relativeGap?: number;
}): OptionProblem[] {
  const out: OptionProblem[] = [];
  const t = options.timeLimitSeconds;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0)
    out.push({ option: 'timeLimitSeconds', message: 'must be a positive, finite number of seconds' });
  const g = options.relativeGap;
  if (g !== undefined && (typeof g !== 'number' || !Number.isFinite(g) || g < 0))
    out.push({ option: 'relativeGap', message: 'must be a number ≥ 0' });
  return out;
}
