/**
 * The general shift-roster problem: the common form of Rota's contact-centre rostering and the
 * Curtois–Qu benchmark. All times are integer minutes; day `d` of the horizon starts at minute
 * `1440·d` from the horizon start. Weekdays are numbered 0 = Monday … 6 = Sunday.
 */

/** An unpaid break inside a shift, placed by the model within an allowed window. */
export interface ShiftBreak {
  /** Break length in minutes (a multiple of the interval length when interval cover is used). */
  readonly lengthMinutes: number;
  /** Earliest and latest break start, in minutes after the shift start (inclusive). */
  readonly earliestStartOffset: number;
  readonly latestStartOffset: number;
}

export interface ShiftType {
  readonly id: string;
  /** Start as minute of the day, 0..1439 (only needed by the rest rule and interval cover). */
  readonly startMinute?: number;
  /** Length in minutes, breaks included. */
  readonly lengthMinutes: number;
  /** Shift ids that must not be worked on the day after this shift. */
  readonly forbiddenNext?: readonly string[];
  /** Weekdays (0 = Monday) on which this template may run; all days when absent. */
  readonly weekdays?: readonly number[];
  /** Counts towards the fair share of early shifts. */
  readonly early?: boolean;
  readonly unpaidBreak?: ShiftBreak;
}

/** Minimum and maximum minutes; either end may be absent. */
export interface MinuteRange {
  readonly min?: number;
  readonly max?: number;
}

export interface Staff {
  readonly id: string;
  /** Most shifts of each type in the horizon; 0 makes the type unavailable. Absent = unlimited. */
  readonly maxShiftsPerType?: Readonly<Record<string, number>>;
  /** Paid minutes over the whole horizon. */
  readonly totalMinutes?: MinuteRange;
  /** Paid minutes per whole week (days 7k..7k+6); needs a horizon of whole weeks. */
  readonly contractedMinutesPerWeek?: MinuteRange;
  /** At most this many consecutive working days (days outside the horizon are off). */
  readonly maxConsecutiveShifts?: number;
  /** Runs of working days are at least this long, unless they touch the horizon's ends. */
  readonly minConsecutiveShifts?: number;
  /** Runs of days off are at least this long, unless they touch the horizon's ends. */
  readonly minConsecutiveDaysOff?: number;
  /** Most weekends (Saturday or Sunday worked) in the horizon. */
  readonly maxWeekends?: number;
  /** Days (indices) on which this person must not work: leave, fixed days off. */
  readonly daysOff?: readonly number[];
  /** Shift ids this person may work; all when absent. */
  readonly allowedShiftTypes?: readonly string[];
  /** Weekdays (0 = Monday) this person is available; all when absent. */
  readonly availableWeekdays?: readonly number[];
}

/** A soft wish: `on` = would like to work `shift` on `day`, `off` = would like not to. */
export interface ShiftRequest {
  readonly staff: string;
  readonly day: number;
  readonly shift: string;
  readonly weight: number;
  readonly kind: 'on' | 'off';
}

/** Preferred number of people on `shift` on `day` (Curtois-style cover). */
export interface ShiftCover {
  readonly day: number;
  readonly shift: string;
  readonly requirement: number;
  readonly underWeight: number;
  readonly overWeight: number;
}

/**
 * Preferred number of people at work during one interval of one day (contact-centre cover).
 * A shift covers every interval it fully spans, except the interval(s) of its unpaid break.
 */
export interface IntervalCover {
  readonly day: number;
  /** Interval start, minute of the day (may exceed 1439 for the small hours of the next day). */
  readonly startMinute: number;
  readonly lengthMinutes: number;
  readonly requirement: number;
  readonly underWeight: number;
  readonly overWeight: number;
  /**
   * Makes under-staffing convex: the k-th person missing in the interval costs
   * `underWeight · (1 + underGrowth · (k − 1))`, so a shortage is spread over intervals (and
   * breaks staggered) rather than piled into one — service level falls much faster than linearly
   * as agents go missing. 0 or absent: every missing person costs `underWeight`.
   */
  readonly underGrowth?: number;
  /**
   * Only these people (staff ids) count towards this cover, e.g. the agents skilled in one of a
   * few channels; everyone when absent. Totals of under- and over-staffing count only covers
   * without `staff` (the whole desk), so a skill group's shortage is priced but not counted twice.
   */
  readonly staff?: readonly string[];
  /** What the cover is for, shown in its cover detail (e.g. `phone+chat`); absent for the whole desk. */
  readonly label?: string;
}

/**
 * Penalty of `missing` people short in an interval (see {@link IntervalCover.underGrowth}); a
 * fractional shortage (a requirement in shares of a person) pays its share of the next step.
 */
export function intervalUnderPenalty(c: IntervalCover, missing: number): number {
  const g = c.underGrowth ?? 0;
  const whole = Math.floor(missing + 1e-9);
  const part = Math.max(0, missing - whole);
  return c.underWeight * (whole + (g * whole * (whole - 1)) / 2 + part * (1 + g * whole));
}

export interface RosterProblem {
  /** Number of days D; days are 0..D-1. */
  readonly days: number;
  /** Weekday of day 0 (0 = Monday, the default). Weekends are Saturday + Sunday. */
  readonly firstWeekday?: number;
  readonly shiftTypes: readonly ShiftType[];
  readonly staff: readonly Staff[];
  readonly requests?: readonly ShiftRequest[];
  readonly shiftCover?: readonly ShiftCover[];
  readonly intervalCover?: readonly IntervalCover[];
  /** Minimum rest between the end of one shift and the start of the next day's shift, minutes. */
  readonly minRestMinutes?: number;
  /** Soft fair share of early shifts: `weight` per shift of deviation from the mean. */
  readonly fairEarlyShifts?: { readonly weight: number };
}

/** staff index × day → shift id, or null for a day off. */
export type RosterAssignment = ReadonlyArray<ReadonlyArray<string | null>>;

/** Break start (minutes after shift start) per staff × day, for shifts with an unpaid break. */
export type BreakPlacement = ReadonlyArray<ReadonlyArray<number | null>>;

export type RosterStatus = 'optimal' | 'feasible' | 'infeasible' | 'time_limit' | 'interrupted' | 'rejected';

/** One named part of the objective: its contribution is `weight`-weighted and already in `value`. */
export interface ObjectiveTerm {
  readonly name: string;
  /** The weight per unit (for terms with per-item weights, the typical weight). */
  readonly weight: number;
  /** Penalty contributed to the objective. */
  readonly value: number;
}

export interface CoverDetail {
  readonly day: number;
  /** Shift id for shift cover, or `HH:MM` of the interval start for interval cover. */
  readonly slot: string;
  readonly required: number;
  readonly rostered: number;
  readonly under: number;
  readonly over: number;
  /** The cover's label (a skill group's channels), when it has one. */
  readonly label?: string;
}

export interface RosterEvaluation {
  readonly objective: number;
  readonly terms: readonly ObjectiveTerm[];
  readonly underCover: number;
  readonly overCover: number;
  readonly cover: readonly CoverDetail[];
}

export interface RosterResult {
  readonly status: RosterStatus;
  /** Present whenever a roster passing {@link checkRoster} was found. */
  readonly assignment: RosterAssignment | null;
  readonly breaks: BreakPlacement | null;
  readonly objective: number | null;
  readonly terms: readonly ObjectiveTerm[];
  /** Proven lower bound on the objective, when known. */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly underCover: number;
  readonly overCover: number;
  readonly cover: readonly CoverDetail[];
  readonly seconds: number;
  /** Why the problem was rejected or a solution discarded, in words. */
  readonly messages: readonly string[];
}

export interface RosterProgress {
  readonly bestObjective: number | null;
  readonly bestBound: number | null;
  readonly seconds: number;
  readonly phase: 'mip' | 'lns';
}

export interface RosterSolveOptions {
  readonly timeLimitSeconds: number;
  /** Stop when the relative gap is at most this (default 1e-4). */
  readonly relativeGap?: number;
  readonly onProgress?: (progress: RosterProgress) => void;
  /** Polled between and during sub-solves; true stops with the best roster so far. */
  readonly shouldStop?: () => boolean;
  /** Seed of the neighbourhood choice (deterministic for a given seed, up to time limits). */
  readonly seed?: number;
  /** Seconds of elapsed time; injected so the library never reads the clock itself. */
  readonly clock?: () => number;
  /**
   * 2 (default): with a clock, the annealing local search also runs in a second thread for the
   * whole solve; 1: everything in the calling thread.
   */
  readonly threads?: 1 | 2;
  /** A known roster to start from (e.g. last week's publication); must pass the checker. */
  readonly initialAssignment?: RosterAssignment;
  /**
   * Most (staff × days × shift types) cells for which the MIP is built when the local search
   * models the problem (default 1,000,000); above it the roster comes from the local search
   * alone, with no bound. Problems the local search does not model always get the MIP.
   */
  readonly maxMipCells?: number;
}
