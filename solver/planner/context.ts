import {
  DEFAULT_WEEKLY_TARGET_MINUTES,
  weightsOf,
  type Block,
  type PlanCustomer,
  type PlanDay,
  type PlanEngineer,
  type PlanProblem,
  type Weights,
} from './problem';
import { hashString } from './random';
import { hasSkills } from './rules/skills';
import { deriveUnits, p1FairShare, type PlanUnit } from './units';

/** A free interval `[start, end)` in minutes on one day. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** One engineer's day, as the model and the placement see it. */
export interface EngineerDay {
  readonly day: number;
  readonly week: 0 | 1;
  /** Raw window minutes (net of lunch and leave), the basis of the weekly target. */
  readonly windowMinutes: number;
  /** Windows after `replanFromMinute`, minus fixed blocks: where new blocks may go. */
  readonly free: readonly Interval[];
  readonly freeMinutes: number;
  /** Minutes of fixed blocks on this day. */
  readonly fixedMinutes: number;
  /** Development minutes taken off this day if the engineer is the P1 responder. */
  readonly p1Buffer: number;
}

/** Everything derived once from a validated problem, shared by the model and the placement. */
export interface PlanContext {
  readonly problem: PlanProblem;
  readonly weights: Weights;
  readonly days: readonly PlanDay[];
  readonly dayByIndex: ReadonlyMap<number, PlanDay>;
  readonly units: readonly PlanUnit[];
  readonly unitById: ReadonlyMap<string, PlanUnit>;
  readonly engineers: readonly PlanEngineer[];
  readonly engineerById: ReadonlyMap<string, PlanEngineer>;
  readonly customers: readonly PlanCustomer[];
  readonly customerById: ReadonlyMap<string, PlanCustomer>;
  /** engineer id → day index → day (only days with windows). */
  readonly engineerDays: ReadonlyMap<string, ReadonlyMap<number, EngineerDay>>;
  /** Per engineer, per week: window minutes (target basis), and minutes usable by units (free + fixed). */
  readonly available: ReadonlyMap<string, readonly [number, number]>;
  readonly capacity: ReadonlyMap<string, readonly [number, number]>;
  /** Per engineer, per week: min(weekly target, available). */
  readonly target: ReadonlyMap<string, readonly [number, number]>;
  readonly fixedByUnit: ReadonlyMap<string, readonly Block[]>;
  /** Candidate engineers per schedulable unit (units absent here cannot be scheduled). */
  readonly candidates: ReadonlyMap<string, readonly string[]>;
  /** Units that must be scheduled if at all possible: pinned and with fixed blocks. */
  readonly forced: ReadonlySet<string>;
  /** Why a unit cannot be scheduled this fortnight, decided before the model (in words). */
  readonly excluded: ReadonlyMap<string, string>;
  /** Units in roadmap order per customer. */
  readonly unitsByCustomer: ReadonlyMap<string, readonly PlanUnit[]>;
  readonly p1FairShare: number;
}

/** Most units considered per customer, whatever its subscription. */
const MAX_ROADMAP_DEPTH = 60;

function subtract(windows: Interval[], cut: Interval): Interval[] {
  const out: Interval[] = [];
  for (const w of windows) {
    if (cut.end <= w.start || cut.start >= w.end) out.push(w);
    else {
      if (w.start < cut.start) out.push({ start: w.start, end: cut.start });
      if (cut.end < w.end) out.push({ start: cut.end, end: w.end });
    }
  }
  return out;
}

const hours = (m: number): string => `${Math.round((m / 60) * 10) / 10} h`;

/** Derives the {@link PlanContext} of a validated problem: units, capacities, candidates, exclusions. */
export function buildContext(problem: PlanProblem): PlanContext {
  const weights = weightsOf(problem);
  const days = [...problem.days].sort((a, b) => a.index - b.index);
  const dayByIndex = new Map(days.map((d) => [d.index, d]));
  const units = deriveUnits(problem);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const engineerById = new Map(problem.engineers.map((e) => [e.id, e]));
  const customerById = new Map(problem.customers.map((c) => [c.id, c]));
  const from = problem.replanFromMinute ?? -Infinity;

  const fixedByUnit = new Map<string, Block[]>();
  for (const b of problem.fixedBlocks ?? []) {
    const list = fixedByUnit.get(b.itemId) ?? [];
    list.push(b);
    fixedByUnit.set(b.itemId, list);
  }

  const engineerDays = new Map<string, Map<number, EngineerDay>>();
  const available = new Map<string, [number, number]>();
  const capacity = new Map<string, [number, number]>();
  const target = new Map<string, [number, number]>();
  for (const e of problem.engineers) {
    const map = new Map<number, EngineerDay>();
    const avail: [number, number] = [0, 0];
    const cap: [number, number] = [0, 0];
    for (const day of days) {
      const windows = e.windows.filter((w) => w.day === day.index).sort((a, b) => a.start - b.start);
      if (windows.length === 0) continue;
      const windowMinutes = windows.reduce((s, w) => s + w.end - w.start, 0);
      let free: Interval[] = windows
        .map((w) => ({ start: Math.max(w.start, from), end: w.end }))
        .filter((w) => w.start < w.end);
      let fixedMinutes = 0;
      for (const b of problem.fixedBlocks ?? []) {
        if (b.engineerId !== e.id || b.day !== day.index) continue;
        fixedMinutes += b.end - b.start;
        free = subtract(free, b);
      }
      const freeMinutes = free.reduce((s, w) => s + w.end - w.start, 0);
      const p1Buffer = e.p1Eligible ? Math.min(problem.p1.bufferMinutes, freeMinutes) : 0;
      map.set(day.index, {
        day: day.index,
        week: day.week,
        windowMinutes,
        free,
        freeMinutes,
        fixedMinutes,
        p1Buffer,
      });
      avail[day.week] += windowMinutes;
      cap[day.week] += freeMinutes + fixedMinutes;
    }
    engineerDays.set(e.id, map);
    available.set(e.id, avail);
    capacity.set(e.id, cap);
    const t = e.weeklyTargetMinutes ?? DEFAULT_WEEKLY_TARGET_MINUTES;
    target.set(e.id, [Math.min(t, avail[0]), Math.min(t, avail[1])]);
  }

  // Candidate engineers per unit (column pruning): skills, pins, work in progress, fixed blocks,
  // then engineers who know the customer first, up to `candidateEngineersPerItem`.
  const k = problem.candidateEngineersPerItem ?? 12;
  const rawCandidates = new Map<string, string[]>();
  const reasonNone = new Map<string, string>();
  const forced = new Set<string>();
  const hasTime = (id: string) => {
    const c = capacity.get(id);
    return c !== undefined && c[0] + c[1] > 0;
  };
  for (const u of units) {
    const fixed = fixedByUnit.get(u.id);
    const pinned = u.item.pin?.engineerId ?? u.item.inProgressEngineerId;
    if (fixed && fixed[0]) {
      rawCandidates.set(u.id, [fixed[0].engineerId]);
      forced.add(u.id);
      continue;
    }
    if (pinned !== undefined) {
      const e = engineerById.get(pinned)!;
      if (!hasSkills(e, u)) reasonNone.set(u.id, `it is pinned to ${e.name}, who lacks a required skill`);
      else if (!hasTime(e.id))
        reasonNone.set(u.id, `it is pinned to ${e.name}, who has no time this fortnight`);
      else rawCandidates.set(u.id, [e.id]);
      if (u.item.pin !== undefined) forced.add(u.id);
      continue;
    }
    const able = problem.engineers.filter((e) => hasSkills(e, u) && hasTime(e.id));
    if (able.length === 0) {
      reasonNone.set(
        u.id,
        `no engineer with the skills ${u.skills.join(', ') || '(none)'} has time this fortnight`,
      );
      continue;
    }
    const scored = able.map((e) => ({
      id: e.id,
      known: e.knownCustomerIds.includes(u.customerId) ? 0 : 1,
      h: hashString(`${u.customerId}|${e.id}`, problem.seed),
    }));
    scored.sort((a, b) => a.known - b.known || a.h - b.h);
    rawCandidates.set(
      u.id,
      scored.slice(0, k).map((s) => s.id),
    );
  }

  // Rank-depth pruning: with rank order hard, a customer's scheduled units form a prefix of its
  // roadmap; a unit is only a candidate if everything above it could be scheduled and the prefix's
  // billable minutes fit the subscription plus top-up. Repeated until dependencies settle.
  const unitsByCustomer = new Map<string, PlanUnit[]>();
  for (const u of units) {
    const list = unitsByCustomer.get(u.customerId) ?? [];
    list.push(u);
    unitsByCustomer.set(u.customerId, list);
  }
  const excluded = new Map<string, string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const c of problem.customers) {
      let billable = 0;
      let blocker: PlanUnit | null = null;
      let depth = 0;
      for (const u of unitsByCustomer.get(c.id) ?? []) {
        let reason: string | undefined;
        if (blocker)
          reason = `it is ranked below "${blocker.item.title}", which cannot be scheduled this fortnight`;
        else {
          const badDep = u.deps.find((d) => excluded.has(d));
          if (badDep !== undefined)
            reason = `it depends on "${unitById.get(badDep)!.item.title}", which cannot be scheduled this fortnight`;
          else if (!rawCandidates.has(u.id)) reason = reasonNone.get(u.id) ?? 'no engineer can take it';
          else if (
            u.billable &&
            billable + u.minutes > c.subscriptionMinutes + c.topUpMinutes &&
            !forced.has(u.id)
          )
            reason = `the ${hours(c.subscriptionMinutes)} subscription (plus ${hours(c.topUpMinutes)} top-up) is used up by higher-ranked items`;
          else if (++depth > MAX_ROADMAP_DEPTH) reason = 'it is too deep in the roadmap for this fortnight';
        }
        if (reason !== undefined) {
          if (!blocker) blocker = u;
          if (excluded.get(u.id) !== reason) {
            excluded.set(u.id, reason);
            changed = true;
          }
        } else if (u.billable) billable += u.minutes;
      }
    }
  }
  const candidates = new Map<string, readonly string[]>();
  for (const [id, list] of rawCandidates) if (!excluded.has(id)) candidates.set(id, list);

  return {
    problem,
    weights,
    days,
    dayByIndex,
    units,
    unitById,
    engineers: problem.engineers,
    engineerById,
    customers: problem.customers,
    customerById,
    engineerDays,
    available,
    capacity,
    target,
    fixedByUnit,
    candidates,
    forced: new Set([...forced].filter((id) => candidates.has(id))),
    excluded,
    unitsByCustomer,
    p1FairShare: p1FairShare(problem),
  };
}
