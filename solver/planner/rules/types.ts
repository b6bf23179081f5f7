import type { ModelBuilder, Terms } from '../../mip/model';
import type { PlanContext } from '../context';
import { REWARD_TERMS, type TermName } from '../problem';
import type { PlanUnit } from '../units';

/** A candidate (unit, engineer) column: `x` binary (assigned), `y0` minutes of it in week 0. */
export interface Pair {
  readonly unit: PlanUnit;
  readonly engineerId: string;
  readonly x: number;
  readonly y0: number;
}

export interface ModelVars {
  readonly pairs: Pair[];
  readonly pairsByUnit: Map<string, Pair[]>;
  readonly pairsByEngineer: Map<string, Pair[]>;
  /** P1 responder binaries, key `${engineerId}|${day}`. */
  readonly responder: Map<string, number>;
  /** Engineer works for customer binaries, key `${customerId}|${engineerId}`. */
  readonly works: Map<string, number>;
  /** Per customer: one binary per schedulable prefix of its roadmap (see rank order). */
  readonly prefixes: Map<string, Prefix[]>;
}

/** "The customer's first `length` candidate units are scheduled, the rest not." */
export interface Prefix {
  readonly length: number;
  readonly p: number;
  /** The prefix's units' minutes: all, billable, tech debt; and its rank value. */
  readonly minutes: number;
  readonly billable: number;
  readonly techDebt: number;
  readonly value: number;
}

/** A variable's share of an objective term: raw term value += coef · value. */
export interface TermEntry {
  readonly index: number;
  readonly coef: number;
}

/** The builder plus bookkeeping, handed to every rule in turn. */
export class BuildState {
  readonly termVars = new Map<TermName, TermEntry[]>();
  readonly termConstants = new Map<TermName, number>();
  /**
   * The engineer each engineer-specific variable belongs to (pairs, works, responder days,
   * shortfalls, P1 overload); variables absent here (roadmap prefixes) are shared. The
   * decomposition by engineer reads it.
   */
  readonly engineerOf = new Map<number, string>();
  readonly vars: ModelVars = {
    pairs: [],
    pairsByUnit: new Map(),
    pairsByEngineer: new Map(),
    responder: new Map(),
    works: new Map(),
    prefixes: new Map(),
  };

  constructor(
    readonly ctx: PlanContext,
    readonly b: ModelBuilder,
  ) {}

  /** Adds `rawCoef · var` to term `term`; the objective gets ± weight · rawCoef (− for rewards). */
  addTerm(term: TermName, index: number, rawCoef: number): void {
    const sign = REWARD_TERMS.has(term) ? -1 : 1;
    const w = this.ctx.weights[term];
    if (w !== 0) this.b.addCost(index, sign * w * rawCoef);
    const list = this.termVars.get(term) ?? [];
    list.push({ index, coef: rawCoef });
    this.termVars.set(term, list);
  }

  /** Adds a constant `raw` to term `term` (and ± weight · raw to the objective offset). */
  addTermConstant(term: TermName, raw: number): void {
    const sign = REWARD_TERMS.has(term) ? -1 : 1;
    this.b.addOffset(sign * this.ctx.weights[term] * raw);
    this.termConstants.set(term, (this.termConstants.get(term) ?? 0) + raw);
  }

  /** Minutes of a pair in week `k` as a linear expression (week 1 = estimate·x − y0). */
  weekMinutes(p: Pair, k: 0 | 1): Terms {
    return k === 0
      ? [[p.y0, 1]]
      : [
          [p.x, p.unit.minutes],
          [p.y0, -1],
        ];
  }

  /** Σ over a unit's candidate engineers of x: 1 when the unit is scheduled. */
  scheduled(unitId: string): Terms {
    return (this.vars.pairsByUnit.get(unitId) ?? []).map((p) => [p.x, 1] as const);
  }
}

/** A constraint family: a plain-words name (what explanations show) and how it shapes the model. */
export interface PlanRule {
  readonly name: string;
  apply(state: BuildState): void;
}
