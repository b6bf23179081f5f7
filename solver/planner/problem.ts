/**
 * The fortnight planning problem. Every time is an integer number of minutes from the horizon
 * start (an absolute instant chosen by the caller, who converts local times, DST included, into
 * these minutes): the planner never sees time zones.
 */

/** Confidence level at which an item's estimate range becomes its planning estimate. */
export type Confidence = 'P50' | 'P80' | 'P90';

export type ItemKind = 'feature' | 'improvement' | 'bugfix' | 'techdebt';

/** A working day of the fortnight. `index` identifies it everywhere else; `label` is opaque. */
export interface PlanDay {
  readonly index: number;
  readonly week: 0 | 1;
  readonly label: string;
}

/** An available working interval `[start, end)` in minutes from the horizon start, on `day`. */
export interface WorkWindow {
  readonly day: number;
  readonly start: number;
  readonly end: number;
}

/** Why an engineer is away for part of a day, in words ("annual leave"), for explanations only. */
export interface UnavailableReason {
  readonly day: number;
  readonly minutes: number;
  readonly reason: string;
}

export interface PlanEngineer {
  readonly id: string;
  readonly name: string;
  readonly skills: readonly string[];
  readonly knownCustomerIds: readonly string[];
  /** Available working intervals, already net of lunch, leave and holidays (several per day allowed). */
  readonly windows: readonly WorkWindow[];
  /** Billable minutes per week the engineer should reach (default 1680 = 28 h). */
  readonly weeklyTargetMinutes?: number;
  readonly p1Eligible: boolean;
  readonly unavailableReasons?: readonly UnavailableReason[];
}

export interface PlanCustomer {
  readonly id: string;
  readonly name: string;
  /** Billable minutes per fortnight the customer bought. */
  readonly subscriptionMinutes: number;
  /** Extra billable minutes allowed above the subscription, at the `subscriptionTopUp` penalty. */
  readonly topUpMinutes: number;
  /** Minimum share (0..1) of the customer's scheduled minutes that should be tech debt (soft). */
  readonly techDebtShare: number;
}

/** An estimate range in minutes; `likely` defaults to the midpoint. */
export interface EstimateRange {
  readonly low: number;
  readonly likely?: number;
  readonly high: number;
}

export interface RoadmapItem {
  readonly id: string;
  readonly customerId: string;
  readonly title: string;
  readonly kind: ItemKind;
  /** Position in the customer's roadmap, 1 = next. Equal ranks are ordered by id. */
  readonly rank: number;
  readonly estimate: EstimateRange;
  readonly skills: readonly string[];
  /** Items this one needs finished first (ids of items, or of `doneItemIds`). */
  readonly dependsOn: readonly string[];
  /** Day index by whose end the item must be finished when scheduled. */
  readonly dueDay?: number;
  readonly billable: boolean;
  /** A pinned item is scheduled (when it can be at all) on this engineer and/or starting on this day. */
  readonly pin?: { readonly engineerId?: string; readonly day?: number };
  /** The engineer already working on it: only they are considered for it. */
  readonly inProgressEngineerId?: string;
}

/**
 * One contiguous piece of work. `itemId` is a planning-unit id: the item id, or `${itemId}#k`
 * for chunk k (1-based) of an item longer than the fortnight (see {@link deriveUnits}).
 */
export interface Block {
  readonly itemId: string;
  readonly engineerId: string;
  readonly day: number;
  readonly start: number;
  readonly end: number;
}

/** Objective weights. Per-hour terms are per hour of the quantity; the others per occurrence. */
export interface Weights {
  /** Per hour an engineer's billable week falls short of min(target, available). Dominant. */
  readonly weeklyShortfall: number;
  /** Per billable hour above a customer's subscription (up to its top-up). */
  readonly subscriptionTopUp: number;
  /** Per hour a customer's tech-debt minutes fall below its share of its scheduled minutes. */
  readonly techDebtShortfall: number;
  /**
   * Per hour of roadmap value left undelivered among the items that could be scheduled this
   * fortnight, each hour scaled by the rank gradient 1 + 1/position.
   */
  readonly rankValue: number;
  /** Per (engineer, customer) pair in the fortnight: fewer customers per engineer. */
  readonly customersPerEngineer: number;
  /** Per (engineer, customer) pair where the engineer does not know the customer yet. */
  readonly continuity: number;
  /** Per extra customer on an engineer-day (placement). */
  readonly contextSwitches: number;
  /** Per block shorter than the 2 h focus minimum (or than its item when shorter; placement). */
  readonly shortBlocks: number;
  /** Per P1 responder day above an engineer's fair share. */
  readonly p1Imbalance: number;
  /** Per block of the published plan that is moved or removed. */
  readonly movedBlocks: number;
  /** Per item due within the fortnight that is not scheduled. */
  readonly dueDateLateness: number;
}

export type TermName = keyof Weights;

export const DEFAULT_WEIGHTS: Weights = {
  weeklyShortfall: 100,
  subscriptionTopUp: 20,
  techDebtShortfall: 10,
  rankValue: 1,
  customersPerEngineer: 2,
  continuity: 3,
  contextSwitches: 1,
  shortBlocks: 0.25,
  p1Imbalance: 10,
  movedBlocks: 2,
  dueDateLateness: 20,
};

/** The objective terms in words, as a rep reads them in an explanation. */
export const TERM_LABELS: Record<TermName, string> = {
  weeklyShortfall: 'hours short of the weekly billable target',
  subscriptionTopUp: 'hours of subscription top-up',
  techDebtShortfall: 'hours short of the tech-debt share',
  rankValue: 'roadmap value not delivered (hours weighted by rank)',
  customersPerEngineer: 'customers per engineer',
  continuity: 'engineers new to a customer',
  contextSwitches: 'extra customers on an engineer-day',
  shortBlocks: 'blocks shorter than two hours',
  p1Imbalance: 'P1 responder days above the fair share',
  movedBlocks: 'published blocks moved or removed',
  dueDateLateness: 'items due this fortnight left unscheduled',
};

/**
 * Terms the rep sees as rewards (subtracted). Empty: every term is a penalty, so the objective is
 * a non-negative regret and 0 means a perfect plan (value is counted as value not delivered).
 */
export const REWARD_TERMS: ReadonlySet<TermName> = new Set<TermName>();

export interface PlanProblem {
  readonly days: readonly PlanDay[];
  readonly engineers: readonly PlanEngineer[];
  readonly customers: readonly PlanCustomer[];
  readonly items: readonly RoadmapItem[];
  /** The P1 responder's planned development minutes that day are reduced by `bufferMinutes`. */
  readonly p1: { readonly bufferMinutes: number };
  readonly confidence: Confidence;
  readonly weights?: Partial<Weights>;
  /** Seed for every random choice (candidate tie-breaks, Monte Carlo). */
  readonly seed: number;
  /** Ids of finished items: dependencies on them are satisfied. */
  readonly doneItemIds?: readonly string[];
  /** Past blocks that must stay exactly as they are. */
  readonly fixedBlocks?: readonly Block[];
  /** The published plan: every block moved or removed is penalised (`movedBlocks`). */
  readonly previousBlocks?: readonly Block[];
  /** New blocks start at or after this minute (re-planning mid-fortnight); default 0. */
  readonly replanFromMinute?: number;
  /** Largest planning unit; longer items are split into chunks. Default: the largest fortnight. */
  readonly chunkMinutes?: number;
  /** At most this many candidate engineers per item (default 12; known engineers first). */
  readonly candidateEngineersPerItem?: number;
  /** Monte Carlo samples for delivery probabilities (default 2000). */
  readonly monteCarloSamples?: number;
}

export const DEFAULT_WEEKLY_TARGET_MINUTES = 1680;
/** Development blocks should be at least this long (focus). */
export const FOCUS_BLOCK_MINUTES = 120;

/** The problem's weights with defaults filled in. */
export function weightsOf(problem: PlanProblem): Weights {
  return { ...DEFAULT_WEIGHTS, ...(problem.weights ?? {}) };
}
