/**
 * A solver-neutral mixed-integer linear program: minimise `offset + Σ cost·x` subject to
 * `lower ≤ Σ coef·x ≤ upper` per row and bounds per variable. Model builders (planner,
 * roster) write into a {@link MipModel} through {@link ModelBuilder}; backends read it.
 */
export interface MipVariable {
  /** Unique, human-readable name (used in LP exports and explanations). */
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  readonly integer: boolean;
  readonly cost: number;
}

export interface MipRow {
  readonly name: string;
  /** Variable indices into {@link MipModel.variables}. */
  readonly indices: number[];
  readonly coefs: number[];
  readonly lower: number;
  readonly upper: number;
}

export interface MipModel {
  readonly variables: MipVariable[];
  readonly rows: MipRow[];
  /** Constant term of the objective (always minimised). */
  readonly offset: number;
}

export interface VarOptions {
  lower?: number;
  upper?: number;
  integer?: boolean;
  cost?: number;
}

/** A linear expression as parallel (variable index, coefficient) pairs. */
export type Terms = ReadonlyArray<readonly [number, number]>;

/** Incrementally builds a {@link MipModel}; names must be unique. */
export class ModelBuilder {
  private readonly variables: MipVariable[] = [];
  private readonly rows: MipRow[] = [];
  private readonly byName = new Map<string, number>();
  private offset = 0;

  /** Adds a variable and returns its index. Defaults: continuous, [0, +∞), cost 0. */
  addVar(name: string, opts: VarOptions = {}): number {
    if (this.byName.has(name)) throw new Error(`duplicate variable ${name}`);
    const index = this.variables.length;
    this.variables.push({
      name,
      lower: opts.lower ?? 0,
      upper: opts.upper ?? Infinity,
      integer: opts.integer ?? false,
      cost: opts.cost ?? 0,
    });
    this.byName.set(name, index);
    return index;
  }

  /** Adds a binary (0/1 integer) variable. */
  addBinary(name: string, cost = 0): number {
    return this.addVar(name, { lower: 0, upper: 1, integer: true, cost });
  }

  /** Adds `coef` to the objective coefficient of variable `index`. */
  addCost(index: number, coef: number): void {
    const v = this.variables[index];
    if (!v) throw new Error(`no variable ${index}`);
    this.variables[index] = { ...v, cost: v.cost + coef };
  }

  addOffset(value: number): void {
    this.offset += value;
  }

  /** Adds `lower ≤ Σ terms ≤ upper`; duplicate indices are merged. Returns the row index. */
  addRow(name: string, terms: Terms, lower: number, upper: number): number {
    const merged = new Map<number, number>();
    for (const [i, c] of terms) merged.set(i, (merged.get(i) ?? 0) + c);
    const indices: number[] = [];
    const coefs: number[] = [];
    for (const [i, c] of merged) {
      if (c !== 0) {
        indices.push(i);
        coefs.push(c);
      }
    }
    this.rows.push({ name, indices, coefs, lower, upper });
    return this.rows.length - 1;
  }

  le(name: string, terms: Terms, rhs: number): number {
    return this.addRow(name, terms, -Infinity, rhs);
  }

  ge(name: string, terms: Terms, rhs: number): number {
    return this.addRow(name, terms, rhs, Infinity);
  }

  eq(name: string, terms: Terms, rhs: number): number {
    return this.addRow(name, terms, rhs, rhs);
  }

  indexOf(name: string): number | undefined {
    return this.byName.get(name);
  }

  get variableCount(): number {
    return this.variables.length;
  }

  build(): MipModel {
    return { variables: [...this.variables], rows: [...this.rows], offset: this.offset };
  }
}
