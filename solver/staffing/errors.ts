/** One problem with a staffing input: the field path (e.g. `intervals[3].volume`) and what is wrong. */
export interface StaffingIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown when a staffing input is invalid. Carries every problem found, each with its field path,
 * so a caller can map it to a problem+json response without parsing the message.
 */
export class StaffingInputError extends Error {
  readonly issues: readonly StaffingIssue[];

  constructor(issues: readonly StaffingIssue[]) {
    super(`invalid staffing input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'StaffingInputError';
    this.issues = issues;
  }
}

/** Collects issues; `throwIfAny` raises them together at the end of a validation pass. */
export class IssueList {
  private readonly items: StaffingIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  /** Adds an issue unless `value` is a finite number in [min, max] (`maxOpen`: max excluded). */
  number(path: string, value: unknown, min: number, max = Infinity, maxOpen = false): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, 'must be a finite number');
      return;
    }
    if (value < min) this.add(path, `must be at least ${min}`);
    else if (maxOpen ? value >= max : value > max)
      this.add(path, `must be ${maxOpen ? 'below' : 'at most'} ${max}`);
  }

  /** Adds an issue unless `value` is a finite number strictly above `min`. */
  above(path: string, value: unknown, min: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.add(path, 'must be a finite number');
    else if (value <= min) this.add(path, `must be greater than ${min}`);
  }

  /** Adds an issue unless `value` is an integer ≥ `min`. */
  integer(path: string, value: unknown, min: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value)) this.add(path, 'must be an integer');
    else if (value < min) this.add(path, `must be at least ${min}`);
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new StaffingInputError(this.items);
  }
}
