import type { IntervalProjection } from '../../solver';
import { RotaError } from './errors';
import { dayWindows, minutesIn, type AbsenceInput, type PatternDayInput } from './availability';
import { dates, weekdayOf } from './time';

/*
 * The directors' reports as pure calculations: plain rows in, plain rows out. Everything inside
 * is in minutes (or unrounded hours and money); hours, money and percentages are rounded to two
 * decimals only in the rows these functions return, so totals are sums of exact values, not of
 * rounded ones.
 */

/**
 * The report has nothing to read: no published or solved plan for the period asked about
 * (answered 404 `no_plan`). Desk reports never raise it: without a roster they still show the
 * requirement.
 */
export class NoReportSourceError extends RotaError {
  constructor(
    readonly code: 'no_plan',
    message: string,
  ) {
    super(message);
  }
}

/** Rounds to two decimals (hours, money, percentages) at the edge. */
export function r2(x: number): number {
  const r = Math.round((x + Math.sign(x) * Number.EPSILON) * 100) / 100;
  return r === 0 ? 0 : r;
}

const hours = (minutes: number) => r2(minutes / 60);
const pct = (part: number, whole: number): number | null => (whole > 0 ? r2((100 * part) / whole) : null);

/** The two weeks of a fortnight: first and last local date of each, and its dates. */
export interface ReportWeek {
  from: string;
  to: string;
  dates: string[];
}

export function fortnightWeeks(fortnightStart: string): ReportWeek[] {
  const all = dates(fortnightStart, 14);
  return [all.slice(0, 7), all.slice(7)].map((d) => ({ from: d[0]!, to: d[6]!, dates: d }));
}

// ---------------------------------------------------------------------------------------------
// Availability

export type { AbsenceInput, PatternDayInput };

/**
 * Minutes an engineer can work on each date: the working pattern's window (end − start − break)
 * on pattern days, nothing on public holidays, and less the absences (a whole day without times,
 * else the part of the day between its times). The break sits at the organisation's lunch time
 * when that falls inside the day, else mid-day, exactly as the planner places it, so a part-day
 * absence over lunch costs what it costs the planner.
 */
export function availableMinutesByDate(
  pattern: readonly PatternDayInput[],
  days: readonly string[],
  holidays: ReadonlySet<string>,
  absences: readonly AbsenceInput[],
  lunchStartMinute: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const date of days) {
    const p = pattern.find((x) => x.weekday === weekdayOf(date));
    if (!p || holidays.has(date)) {
      out.set(date, 0);
      continue;
    }
    out.set(date, minutesIn(dayWindows(p, date, absences, lunchStartMinute).windows));
  }
  return out;
}

/**
 * Minutes held back for P1 incidents on each responder day: the organisation's P1 buffer, at most
 * what the engineer has available that day (the planner's rule). Engineer → date → minutes.
 */
export function p1BufferByDate(
  responderDays: readonly { engineerId: string; date: string }[],
  available: ReadonlyMap<string, ReadonlyMap<string, number>>,
  bufferMinutes: number,
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of responderDays) {
    const day = available.get(r.engineerId)?.get(r.date) ?? 0;
    const mine = out.get(r.engineerId) ?? new Map<string, number>();
    mine.set(r.date, Math.min(bufferMinutes, day));
    out.set(r.engineerId, mine);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Utilisation

export interface ReportEngineer {
  id: string;
  name: string;
  /** Internal cost per hour. */
  costRate: number;
}

/** A development block of a plan, reduced to what the reports need. */
export interface ReportBlock {
  engineerId: string;
  customerId: string;
  itemId: string;
  /** Local date of the block. */
  date: string;
  minutes: number;
  /** The item's billable flag. */
  billable: boolean;
}

export interface UtilisationInput {
  fortnightStart: string;
  engineers: readonly ReportEngineer[];
  blocks: readonly ReportBlock[];
  /** Engineer id → date → available minutes (see {@link availableMinutesByDate}). */
  available: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Engineer id → date → P1 buffer minutes (see {@link p1BufferByDate}); none when absent. */
  p1Buffer?: ReadonlyMap<string, ReadonlyMap<string, number>>;
  targetMinutesPerWeek: number;
}

/** One engineer in one week. */
export interface UtilisationRow {
  from: string;
  to: string;
  engineerId: string;
  engineerName: string;
  /** All development hours scheduled (billable or not). */
  scheduledHours: number;
  billableHours: number;
  availableHours: number;
  /** Held back on P1-responder days (part of available, never billable). */
  p1BufferHours: number;
  /** billable ÷ available × 100; null when nothing is available. */
  utilisationPct: number | null;
  targetHours: number;
  /** billable − target: negative when under target. */
  targetGapHours: number;
  /** max(0, min(target, available) − billable): the part of the target that was reachable and missed. */
  shortfallHours: number;
}

/** The team in one week, or over the fortnight (`period`). */
export interface TeamUtilisationRow {
  period: 'week' | 'fortnight';
  from: string;
  to: string;
  engineers: number;
  scheduledHours: number;
  billableHours: number;
  availableHours: number;
  p1BufferHours: number;
  /** Total billable ÷ total available × 100. */
  utilisationPct: number | null;
  targetHours: number;
  targetGapHours: number;
  shortfallHours: number;
}

interface UtilisationSums {
  scheduled: number;
  billable: number;
  available: number;
  p1: number;
  target: number;
  shortfall: number;
}

const noSums = (): UtilisationSums => ({
  scheduled: 0,
  billable: 0,
  available: 0,
  p1: 0,
  target: 0,
  shortfall: 0,
});

function addSums(a: UtilisationSums, b: UtilisationSums): void {
  a.scheduled += b.scheduled;
  a.billable += b.billable;
  a.available += b.available;
  a.p1 += b.p1;
  a.target += b.target;
  a.shortfall += b.shortfall;
}

function sumsToFields(s: UtilisationSums) {
  return {
    scheduledHours: hours(s.scheduled),
    billableHours: hours(s.billable),
    availableHours: hours(s.available),
    p1BufferHours: hours(s.p1),
    utilisationPct: pct(s.billable, s.available),
    targetHours: hours(s.target),
    targetGapHours: hours(s.billable - s.target),
    shortfallHours: hours(s.shortfall),
  };
}

/**
 * Utilisation per engineer per week (billable ÷ available, and against the weekly target), and
 * for the team per week and over the fortnight as sums (the team's utilisation is its total
 * billable ÷ its total available, not an average of percentages).
 */
export function utilisation(input: UtilisationInput): {
  engineers: UtilisationRow[];
  team: TeamUtilisationRow[];
} {
  const weeks = fortnightWeeks(input.fortnightStart);
  const weekOf = (date: string) => (date < weeks[1]!.from ? 0 : 1);
  const rows: UtilisationRow[] = [];
  const teamWeeks = weeks.map(noSums);
  for (const e of input.engineers) {
    const mine = input.blocks.filter((b) => b.engineerId === e.id);
    weeks.forEach((w, k) => {
      const inWeek = mine.filter((b) => weekOf(b.date) === k);
      const available = w.dates.reduce((s, d) => s + (input.available.get(e.id)?.get(d) ?? 0), 0);
      const p1 = w.dates.reduce((s, d) => s + (input.p1Buffer?.get(e.id)?.get(d) ?? 0), 0);
      const billable = inWeek.filter((b) => b.billable).reduce((s, b) => s + b.minutes, 0);
      const target = input.targetMinutesPerWeek;
      const sums: UtilisationSums = {
        scheduled: inWeek.reduce((s, b) => s + b.minutes, 0),
        billable,
        available,
        p1,
        target,
        shortfall: Math.max(0, Math.min(target, available) - billable),
      };
      addSums(teamWeeks[k]!, sums);
      rows.push({ from: w.from, to: w.to, engineerId: e.id, engineerName: e.name, ...sumsToFields(sums) });
    });
  }
  const fortnight = noSums();
  teamWeeks.forEach((s) => addSums(fortnight, s));
  const n = input.engineers.length;
  const team: TeamUtilisationRow[] = [
    ...weeks.map((w, k) => ({
      period: 'week' as const,
      from: w.from,
      to: w.to,
      engineers: n,
      ...sumsToFields(teamWeeks[k]!),
    })),
    { period: 'fortnight', from: weeks[0]!.from, to: weeks[1]!.to, engineers: n, ...sumsToFields(fortnight) },
  ];
  return { engineers: rows, team };
}

// ---------------------------------------------------------------------------------------------
// Profitability

export interface ReportCustomer {
  id: string;
  name: string;
  feePerFortnight: number | null;
  hourlyRate: number | null;
}

export interface ProfitabilityInput {
  fortnightStart: string;
  customers: readonly ReportCustomer[];
  engineers: readonly ReportEngineer[];
  blocks: readonly ReportBlock[];
  /** Engineer id → available minutes over the fortnight. */
  availableMinutes: ReadonlyMap<string, number>;
  /** Engineer id → P1 buffer minutes over the fortnight (see {@link p1BufferByDate}). */
  p1BufferMinutes?: ReadonlyMap<string, number>;
}

export type Pricing = 'fee' | 'hourly' | 'none';

export interface CustomerProfitRow {
  fortnightStart: string;
  customerId: string;
  customerName: string;
  /** How revenue is counted: the fortnight's fee, billable hours × rate, or nothing set. */
  pricing: Pricing;
  scheduledHours: number;
  billableHours: number;
  revenue: number;
  /** Σ engineer hours on the customer (billable or not) × the engineer's cost rate. */
  cost: number;
  margin: number;
  /** margin ÷ revenue × 100; null when there is no revenue. */
  marginPct: number | null;
}

export interface EngineerProfitRow {
  fortnightStart: string;
  engineerId: string;
  engineerName: string;
  scheduledHours: number;
  billableHours: number;
  availableHours: number;
  /** Held back for P1 incidents on responder days: deliberate overhead, not idle time. */
  p1BufferHours: number;
  /** Available hours with nothing scheduled and no P1 buffer. */
  idleHours: number;
  /** The engineer's share of each customer's revenue (see {@link profitability}). */
  revenue: number;
  /** Scheduled hours × cost rate. */
  cost: number;
  /** P1 buffer hours × cost rate. */
  p1BufferCost: number;
  /** Idle hours × cost rate: paid for, not attributable to any customer. */
  idleCost: number;
  /** revenue − cost (comparable with the customers' margins). */
  margin: number;
  marginPct: number | null;
  /** margin − P1 buffer cost − idle cost: what the engineer's whole available time earned. */
  netMargin: number;
}

export interface FortnightProfitRow {
  fortnightStart: string;
  scheduledHours: number;
  billableHours: number;
  availableHours: number;
  p1BufferHours: number;
  idleHours: number;
  revenue: number;
  /** Revenue of customers with no hours scheduled (a fee paid with no work that fortnight). */
  unattributedRevenue: number;
  cost: number;
  p1BufferCost: number;
  idleCost: number;
  margin: number;
  marginPct: number | null;
  netMargin: number;
}

/**
 * Profitability of one fortnight per customer, per engineer and in total.
 *
 * - Revenue of a customer: its fee per fortnight when set, else billable hours × hourly rate,
 *   else nothing (`pricing: 'none'`).
 * - Cost: every scheduled hour (billable or not) × the engineer's cost rate.
 * - An engineer's revenue: each customer's revenue shared among its engineers in proportion to
 *   their hours on it — billable hours for an hourly customer (so each engineer earns exactly the
 *   hours they bill), all hours for a fee customer (the fee pays for all the work).
 * - Available time not spent on customers is costed apart from `cost`, so a customer's margin
 *   stays comparable with the engineers': the P1 responders' buffer (`p1BufferCost`, deliberate
 *   overhead) and what is left with nothing scheduled (`idleCost`). Both count only engineers'
 *   available hours (pattern less holidays and absences), never more than is available;
 *   `netMargin` subtracts both.
 */
export function profitability(input: ProfitabilityInput): {
  customers: CustomerProfitRow[];
  engineers: EngineerProfitRow[];
  totals: FortnightProfitRow;
} {
  const rateOf = new Map(input.engineers.map((e) => [e.id, e.costRate]));
  const costOf = (blocks: readonly ReportBlock[]) =>
    blocks.reduce((s, b) => s + (b.minutes / 60) * (rateOf.get(b.engineerId) ?? 0), 0);

  const customerRevenue = new Map<string, number>();
  const customerPricing = new Map<string, Pricing>();
  let unattributed = 0;
  const customers: CustomerProfitRow[] = input.customers.map((c) => {
    const mine = input.blocks.filter((b) => b.customerId === c.id);
    const scheduled = mine.reduce((s, b) => s + b.minutes, 0);
    const billable = mine.filter((b) => b.billable).reduce((s, b) => s + b.minutes, 0);
    const pricing: Pricing = c.feePerFortnight !== null ? 'fee' : c.hourlyRate !== null ? 'hourly' : 'none';
    const revenue =
      pricing === 'fee' ? c.feePerFortnight! : pricing === 'hourly' ? (billable / 60) * c.hourlyRate! : 0;
    const weight = pricing === 'hourly' ? billable : scheduled;
    if (weight === 0) unattributed += revenue;
    customerRevenue.set(c.id, revenue);
    customerPricing.set(c.id, pricing);
    const cost = costOf(mine);
    return {
      fortnightStart: input.fortnightStart,
      customerId: c.id,
      customerName: c.name,
      pricing,
      scheduledHours: hours(scheduled),
      billableHours: hours(billable),
      revenue: r2(revenue),
      cost: r2(cost),
      margin: r2(revenue - cost),
      marginPct: pct(revenue - cost, revenue),
    };
  });

  // Attribution weights per customer: the denominators of each engineer's share.
  const weightOf = (b: ReportBlock) =>
    customerPricing.get(b.customerId) === 'hourly' ? (b.billable ? b.minutes : 0) : b.minutes;
  const customerWeight = new Map<string, number>();
  for (const b of input.blocks)
    customerWeight.set(b.customerId, (customerWeight.get(b.customerId) ?? 0) + weightOf(b));

  const total = { available: 0, p1: 0, idle: 0, p1Cost: 0, idleCost: 0 };
  const engineers: EngineerProfitRow[] = input.engineers.map((e) => {
    const mine = input.blocks.filter((b) => b.engineerId === e.id);
    const scheduled = mine.reduce((s, b) => s + b.minutes, 0);
    const billable = mine.filter((b) => b.billable).reduce((s, b) => s + b.minutes, 0);
    const available = input.availableMinutes.get(e.id) ?? 0;
    // Scheduled work comes first, then the P1 buffer: neither can exceed what is available.
    const p1 = Math.min(input.p1BufferMinutes?.get(e.id) ?? 0, Math.max(0, available - scheduled));
    const idle = Math.max(0, available - scheduled - p1);
    let revenue = 0;
    for (const b of mine) {
      const w = customerWeight.get(b.customerId) ?? 0;
      if (w > 0) revenue += ((customerRevenue.get(b.customerId) ?? 0) * weightOf(b)) / w;
    }
    const cost = (scheduled / 60) * e.costRate;
    const p1Cost = (p1 / 60) * e.costRate;
    const idleCost = (idle / 60) * e.costRate;
    total.available += available;
    total.p1 += p1;
    total.idle += idle;
    total.p1Cost += p1Cost;
    total.idleCost += idleCost;
    return {
      fortnightStart: input.fortnightStart,
      engineerId: e.id,
      engineerName: e.name,
      scheduledHours: hours(scheduled),
      billableHours: hours(billable),
      availableHours: hours(available),
      p1BufferHours: hours(p1),
      idleHours: hours(idle),
      revenue: r2(revenue),
      cost: r2(cost),
      p1BufferCost: r2(p1Cost),
      idleCost: r2(idleCost),
      margin: r2(revenue - cost),
      marginPct: pct(revenue - cost, revenue),
      netMargin: r2(revenue - cost - p1Cost - idleCost),
    };
  });
  // Totals from the blocks themselves, so they equal the sum over customers.
  const revenue = [...customerRevenue.values()].reduce((s, x) => s + x, 0);
  const cost = costOf(input.blocks);
  const scheduled = input.blocks.reduce((s, b) => s + b.minutes, 0);
  const billable = input.blocks.filter((b) => b.billable).reduce((s, b) => s + b.minutes, 0);
  const margin = revenue - cost;
  return {
    customers,
    engineers,
    totals: {
      fortnightStart: input.fortnightStart,
      scheduledHours: hours(scheduled),
      billableHours: hours(billable),
      availableHours: hours(total.available),
      p1BufferHours: hours(total.p1),
      idleHours: hours(total.idle),
      revenue: r2(revenue),
      unattributedRevenue: r2(unattributed),
      cost: r2(cost),
      p1BufferCost: r2(total.p1Cost),
      idleCost: r2(total.idleCost),
      margin: r2(margin),
      marginPct: pct(margin, revenue),
      netMargin: r2(margin - total.p1Cost - total.idleCost),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Plan vs actual

export interface PlanVsActualItem {
  id: string;
  title: string;
  customerId: string;
  customerName: string;
  status: 'backlog' | 'planned' | 'in_progress' | 'done';
  estimateLowHours: number;
  estimateHighHours: number;
}

export type RangeOutcome = 'below' | 'within' | 'above';

export interface PlanVsActualRow {
  itemId: string;
  title: string;
  customerId: string;
  customerName: string;
  status: PlanVsActualItem['status'];
  estimateLowHours: number;
  estimateHighHours: number;
  /** Hours scheduled in the period's plans. */
  scheduledHours: number;
  /** Actual hours logged on dates inside the period. */
  actualHours: number;
  /** actual − scheduled, inside the period. */
  varianceHours: number;
  /** Actual hours logged on the item ever (what the estimate range is judged against). */
  actualTotalHours: number;
  /** For finished items: whether the total actual lay inside [low, high]; null until done. */
  withinRange: boolean | null;
  outcome: RangeOutcome | null;
}

export interface PlanVsActualSummary {
  items: number;
  scheduledHours: number;
  actualHours: number;
  varianceHours: number;
  /** Items with status done, the only ones whose actual total is final. */
  finishedItems: number;
  within: number;
  below: number;
  above: number;
  /** within ÷ finished × 100: how often the estimate range held (calibrates the confidence levels). */
  withinPct: number | null;
}

/** Tolerance when comparing sums of two-decimal hours with the estimate's bounds. */
const HOURS_EPSILON = 1e-9;

/**
 * Scheduled against actual hours per item, and how often the actual total of a finished item
 * fell inside its estimate range (below the low end, inside, above the high end).
 */
export function planVsActual(input: {
  items: readonly PlanVsActualItem[];
  scheduledMinutes: ReadonlyMap<string, number>;
  actualHours: ReadonlyMap<string, number>;
  actualTotalHours: ReadonlyMap<string, number>;
}): { items: PlanVsActualRow[]; summary: PlanVsActualSummary } {
  let scheduledSum = 0;
  let actualSum = 0;
  const counts = { within: 0, below: 0, above: 0 };
  let finished = 0;
  const rows = input.items.map((i) => {
    const scheduled = (input.scheduledMinutes.get(i.id) ?? 0) / 60;
    const actual = input.actualHours.get(i.id) ?? 0;
    const actualTotal = input.actualTotalHours.get(i.id) ?? 0;
    scheduledSum += scheduled;
    actualSum += actual;
    let outcome: RangeOutcome | null = null;
    if (i.status === 'done') {
      finished++;
      outcome =
        actualTotal < i.estimateLowHours - HOURS_EPSILON
          ? 'below'
          : actualTotal > i.estimateHighHours + HOURS_EPSILON
            ? 'above'
            : 'within';
      counts[outcome]++;
    }
    return {
      itemId: i.id,
      title: i.title,
      customerId: i.customerId,
      customerName: i.customerName,
      status: i.status,
      estimateLowHours: i.estimateLowHours,
      estimateHighHours: i.estimateHighHours,
      scheduledHours: r2(scheduled),
      actualHours: r2(actual),
      varianceHours: r2(actual - scheduled),
      actualTotalHours: r2(actualTotal),
      withinRange: outcome === null ? null : outcome === 'within',
      outcome,
    };
  });
  return {
    items: rows,
    summary: {
      items: rows.length,
      scheduledHours: r2(scheduledSum),
      actualHours: r2(actualSum),
      varianceHours: r2(actualSum - scheduledSum),
      finishedItems: finished,
      ...counts,
      withinPct: pct(counts.within, finished),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rostering

/** A shift on the organisation's wall clock: minutes from 00:00 of the report's first date. */
export interface DutySpan {
  agentId: string;
  start: number;
  end: number;
  /** Unpaid breaks, same clock. */
  breaks: readonly { start: number; end: number }[];
}

/**
 * Agents on duty in each interval: an agent counts in an interval their shift covers whole and
 * no break touches (the roster report's rule, so the two agree).
 */
export function onDutyBySlot(spans: readonly DutySpan[], intervalMinutes: number, slots: number): string[][] {
  const out: string[][] = Array.from({ length: slots }, () => []);
  for (const s of spans) {
    const first = Math.max(0, Math.ceil(s.start / intervalMinutes));
    for (let j = first; j < slots && (j + 1) * intervalMinutes <= s.end; j++) {
      const m = j * intervalMinutes;
      if (s.breaks.some((b) => b.start < m + intervalMinutes && b.end > m)) continue;
      out[j]!.push(s.agentId);
    }
  }
  return out;
}

/** One channel on one day, unrounded, so weeks and the desk can be summed exactly. */
export interface DeskChannelDay {
  date: string;
  channel: string;
  /** Σ required agents × interval length. */
  requiredHours: number;
  /** Σ agents allocated to the channel × interval length. */
  rosteredHours: number;
  underHours: number;
  overHours: number;
  volume: number;
  /** Σ volume × service level over intervals with a judged level, and that volume. */
  answeredWithinTarget: number;
  judgedVolume: number;
  intervalsBelowTarget: number;
  /** The channel's target service level, 0..1. */
  target: number;
}

/** The desk on one day: pooled requirement (Σ channels) against heads on duty. */
export interface DeskDay {
  date: string;
  /** The roster the day was read from; null when no roster covers it. */
  rosterId: string | null;
  requiredHours: number;
  /** Agent-hours on duty (each agent once, whichever channel they answer); null without a roster. */
  rosteredHours: number | null;
  underHours: number | null;
  overHours: number | null;
  channels: DeskChannelDay[];
}

/**
 * Per channel and day from a service-level projection: requirement, allocation, gaps, volume
 * and the volume-weighted service level's parts.
 */
export function deskChannelDays(
  projection: readonly {
    channel: string;
    intervals: readonly Pick<
      IntervalProjection,
      'start' | 'volume' | 'required' | 'rostered' | 'serviceLevel' | 'belowTarget'
    >[];
  }[],
  targets: Readonly<Record<string, { serviceLevel: number }>>,
  dayDates: readonly string[],
  intervalMinutes: number,
): DeskChannelDay[] {
  const h = intervalMinutes / 60;
  const out: DeskChannelDay[] = [];
  for (const c of projection) {
    const days = dayDates.map((date): DeskChannelDay => ({
      date,
      channel: c.channel,
      requiredHours: 0,
      rosteredHours: 0,
      underHours: 0,
      overHours: 0,
      volume: 0,
      answeredWithinTarget: 0,
      judgedVolume: 0,
      intervalsBelowTarget: 0,
      target: targets[c.channel]?.serviceLevel ?? 0,
    }));
    for (const x of c.intervals) {
      const d = days[Math.floor(x.start / 1440)];
      if (!d) continue;
      d.requiredHours += x.required * h;
      d.rosteredHours += x.rostered * h;
      d.underHours += Math.max(0, x.required - x.rostered) * h;
      d.overHours += Math.max(0, x.rostered - x.required) * h;
      d.volume += x.volume;
      if (x.serviceLevel !== null && x.volume > 0) {
        d.answeredWithinTarget += x.volume * x.serviceLevel;
        d.judgedVolume += x.volume;
      }
      if (x.belowTarget) d.intervalsBelowTarget++;
    }
    out.push(...days);
  }
  return out;
}

export interface DeskDayRow {
  date: string;
  rosterId: string | null;
  requiredHours: number;
  rosteredHours: number | null;
  gapHours: number | null;
  underHours: number | null;
  overHours: number | null;
  volume: number;
  /** Volume-weighted over all channels; null without volume or without a roster. */
  serviceLevelPct: number | null;
  intervalsBelowTarget: number | null;
}

export interface DeskChannelDayRow {
  date: string;
  channel: string;
  rosterId: string | null;
  requiredHours: number;
  rosteredHours: number | null;
  gapHours: number | null;
  underHours: number | null;
  overHours: number | null;
  volume: number;
  serviceLevelPct: number | null;
  targetServiceLevelPct: number;
  intervalsBelowTarget: number | null;
}

function serviceLevelPctOf(days: readonly DeskChannelDay[]): number | null {
  const judged = days.reduce((s, d) => s + d.judgedVolume, 0);
  return judged > 0 ? r2((100 * days.reduce((s, d) => s + d.answeredWithinTarget, 0)) / judged) : null;
}

/** Rounded rows of the rostering report: per day (the desk) and per channel per day. */
export function deskRows(days: readonly DeskDay[]): { days: DeskDayRow[]; channels: DeskChannelDayRow[] } {
  const rostered = (d: DeskDay) => d.rosterId !== null;
  return {
    days: days.map((d) => ({
      date: d.date,
      rosterId: d.rosterId,
      requiredHours: r2(d.requiredHours),
      rosteredHours: d.rosteredHours === null ? null : r2(d.rosteredHours),
      gapHours: d.rosteredHours === null ? null : r2(d.rosteredHours - d.requiredHours),
      underHours: d.underHours === null ? null : r2(d.underHours),
      overHours: d.overHours === null ? null : r2(d.overHours),
      volume: r2(d.channels.reduce((s, c) => s + c.volume, 0)),
      serviceLevelPct: rostered(d) ? serviceLevelPctOf(d.channels) : null,
      intervalsBelowTarget: rostered(d) ? d.channels.reduce((s, c) => s + c.intervalsBelowTarget, 0) : null,
    })),
    channels: days.flatMap((d) =>
      d.channels.map((c) => ({
        date: c.date,
        channel: c.channel,
        rosterId: d.rosterId,
        requiredHours: r2(c.requiredHours),
        rosteredHours: rostered(d) ? r2(c.rosteredHours) : null,
        gapHours: rostered(d) ? r2(c.rosteredHours - c.requiredHours) : null,
        underHours: rostered(d) ? r2(c.underHours) : null,
        overHours: rostered(d) ? r2(c.overHours) : null,
        volume: r2(c.volume),
        serviceLevelPct: rostered(d) ? serviceLevelPctOf([c]) : null,
        targetServiceLevelPct: r2(100 * c.target),
        intervalsBelowTarget: rostered(d) ? c.intervalsBelowTarget : null,
      })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Overview

export interface OverviewWeekRow {
  period: 'week' | 'fortnight';
  from: string;
  to: string;
  engineers: number | null;
  billableHours: number | null;
  availableHours: number | null;
  utilisationPct: number | null;
  targetHours: number | null;
  targetGapHours: number | null;
  /** Days of the period with a roster. */
  rosteredDays: number;
  deskRequiredHours: number;
  deskRosteredHours: number | null;
  deskGapHours: number | null;
  deskServiceLevelPct: number | null;
  deskIntervalsBelowTarget: number | null;
}

/**
 * The engineers' plan and the agents' roster side by side, per week and over the fortnight.
 * Desk figures cover only days with a roster for rostered hours, gaps and service level (the
 * requirement covers every day); `rosteredDays` says how many.
 */
export function overviewWeeks(
  team: readonly TeamUtilisationRow[] | null,
  desk: readonly DeskDay[],
  fortnightStart: string,
): OverviewWeekRow[] {
  const weeks = fortnightWeeks(fortnightStart);
  const periods = [
    ...weeks.map((w) => ({ period: 'week' as const, from: w.from, to: w.to })),
    { period: 'fortnight' as const, from: weeks[0]!.from, to: weeks[1]!.to },
  ];
  return periods.map((p) => {
    const t = team?.find((x) => x.period === p.period && x.from === p.from) ?? null;
    const days = desk.filter((d) => d.date >= p.from && d.date <= p.to);
    const rostered = days.filter((d) => d.rosterId !== null);
    const required = days.reduce((s, d) => s + d.requiredHours, 0);
    const rosteredRequired = rostered.reduce((s, d) => s + d.requiredHours, 0);
    const onDuty = rostered.reduce((s, d) => s + (d.rosteredHours ?? 0), 0);
    const any = rostered.length > 0;
    return {
      ...p,
      engineers: t?.engineers ?? null,
      billableHours: t?.billableHours ?? null,
      availableHours: t?.availableHours ?? null,
      utilisationPct: t?.utilisationPct ?? null,
      targetHours: t?.targetHours ?? null,
      targetGapHours: t?.targetGapHours ?? null,
      rosteredDays: rostered.length,
      deskRequiredHours: r2(required),
      deskRosteredHours: any ? r2(onDuty) : null,
      deskGapHours: any ? r2(onDuty - rosteredRequired) : null,
      deskServiceLevelPct: any ? serviceLevelPctOf(rostered.flatMap((d) => d.channels)) : null,
      deskIntervalsBelowTarget: any
        ? rostered.reduce((s, d) => s + d.channels.reduce((n, c) => n + c.intervalsBelowTarget, 0), 0)
        : null,
    };
  });
}
