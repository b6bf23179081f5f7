import {
  DEFAULT_WEEKLY_TARGET_MINUTES,
  FOCUS_BLOCK_MINUTES,
  REWARD_TERMS,
  TERM_LABELS,
  weightsOf,
  type Block,
  type PlanProblem,
  type TermName,
} from './problem';
import { deriveUnits, p1FairShare, unitValue, type PlanUnit } from './units';

/** A decoded plan, as the checker judges it. `itemId`s are planning-unit ids. */
export interface PlanSolution {
  readonly blocks: readonly Block[];
  readonly assignments: readonly { readonly itemId: string; readonly engineerId: string }[];
  readonly p1Rota: readonly { readonly day: number; readonly engineerId: string }[];
  /** The backend's values of every integer model variable, when the plan came from a MIP. */
  readonly integerValues?: readonly { readonly name: string; readonly value: number }[];
}

export interface Violation {
  readonly rule: string;
  readonly message: string;
  readonly itemId?: string;
  readonly engineerId?: string;
  readonly day?: number;
}

/** One objective term: `contribution = ± weight · raw` (− for rewards). */
export interface TermValue {
  readonly name: TermName;
  readonly label: string;
  readonly weight: number;
  readonly raw: number;
  readonly contribution: number;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly violations: Violation[];
  /** The plan's objective recomputed from its blocks, term by term. */
  readonly objective: number;
  /** The same without the placement-only terms (`contextSwitches`, `shortBlocks`): comparable with the MIP. */
  readonly modelObjective: number;
  readonly terms: TermValue[];
}

export interface CheckOptions {
  /**
   * Units whose value counts in `rankValue` (value not delivered): the ones the hard rules allow
   * this fortnight, as the planner's context found them. Default: every unit of the problem. Only
   * this constant depends on the caller; every rule is re-derived from the problem.
   */
  readonly atStakeUnitIds?: ReadonlySet<string>;
}

/** Terms only the placement decides; the MIP does not see them. */
export const PLACEMENT_TERMS: ReadonlySet<TermName> = new Set<TermName>(['contextSwitches', 'shortBlocks']);

const INTEGRALITY_TOLERANCE = 1e-6;

/**
 * Independent checker: re-derives every rule from the problem and the plan alone (no model):
 * P1 rota, blocks inside windows (so never on leave or holidays), no overlaps, daily capacity with
 * the P1 buffer, each scheduled item's blocks summing to its planning estimate with one engineer,
 * skills, rank order, dependency order, due dates, pins, fixed blocks, subscription + top-up,
 * integrality of every integer variable; and recomputes the objective term by term.
 */
export function checkPlan(problem: PlanProblem, plan: PlanSolution, options: CheckOptions = {}): CheckResult {
  const violations: Violation[] = [];
  const v = (rule: string, message: string, extra: Omit<Violation, 'rule' | 'message'> = {}) =>
    violations.push({ rule, message, ...extra });
  const weights = weightsOf(problem);
  const units = deriveUnits(problem);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const engineers = new Map(problem.engineers.map((e) => [e.id, e]));
  const days = new Map(problem.days.map((d) => [d.index, d]));
  const lastDay = Math.max(...problem.days.map((d) => d.index));
  const from = problem.replanFromMinute ?? -Infinity;
  const fixedKey = (b: Block) => `${b.itemId}|${b.engineerId}|${b.day}|${b.start}|${b.end}`;
  const fixedKeys = new Set((problem.fixedBlocks ?? []).map(fixedKey));
  const windowsOf = (e: string, day: number) =>
    (engineers.get(e)?.windows ?? []).filter((w) => w.day === day).sort((a, b) => a.start - b.start);

  // P1 rota.
  const responder = new Map<number, string>();
  const p1Count = new Map<string, number>();
  for (const r of plan.p1Rota) {
    const e = engineers.get(r.engineerId);
    if (!days.has(r.day)) v('P1 rota', `rota entry for unknown day ${r.day}`, { day: r.day });
    else if (responder.has(r.day)) v('P1 rota', `two responders on day ${r.day}`, { day: r.day });
    if (!e) v('P1 rota', `unknown engineer ${r.engineerId}`);
    else if (!e.p1Eligible) v('P1 rota', `${e.name} is not P1-eligible`, { engineerId: e.id, day: r.day });
    else if (windowsOf(e.id, r.day).length === 0)
      v('P1 rota', `${e.name} does not work on day ${r.day}`, { engineerId: e.id, day: r.day });
    responder.set(r.day, r.engineerId);
    p1Count.set(r.engineerId, (p1Count.get(r.engineerId) ?? 0) + 1);
  }
  for (const d of problem.days)
    if (!responder.has(d.index)) v('P1 rota', `no P1 responder on ${d.label}`, { day: d.index });

  // Assignments: known, one engineer, skills, pins.
  const assigned = new Map<string, string>();
  for (const a of plan.assignments) {
    const u = unitById.get(a.itemId);
    const e = engineers.get(a.engineerId);
    if (!u || !e) {
      v('assignment', `unknown item ${a.itemId} or engineer ${a.engineerId}`, { itemId: a.itemId });
      continue;
    }
    if (assigned.has(u.id) && assigned.get(u.id) !== e.id)
      v('one engineer per item', `${u.id} is assigned to two engineers`, { itemId: u.id });
    assigned.set(u.id, e.id);
    const hasFixed = (problem.fixedBlocks ?? []).some((b) => b.itemId === u.id);
    if (!hasFixed && !u.skills.every((s) => e.skills.includes(s)))
      v('required skills', `${e.name} lacks a skill for ${u.id} (${u.skills.join(', ')})`, {
        itemId: u.id,
        engineerId: e.id,
      });
    if (u.item.pin?.engineerId !== undefined && u.item.pin.engineerId !== e.id)
      v('pins', `${u.id} is pinned to ${u.item.pin.engineerId} but given to ${e.id}`, { itemId: u.id });
  }

  // Blocks: known, own engineer, inside a window, after the re-plan point, integral.
  const byUnit = new Map<string, Block[]>();
  const byEngineer = new Map<string, Block[]>();
  for (const b of plan.blocks) {
    const u = unitById.get(b.itemId);
    const isFixed = fixedKeys.has(fixedKey(b));
    if (!u) {
      v('blocks', `block of unknown item ${b.itemId}`, { itemId: b.itemId });
      continue;
    }
    if (!engineers.has(b.engineerId)) v('blocks', `block for unknown engineer ${b.engineerId}`);
    if (!days.has(b.day)) v('blocks', `block on unknown day ${b.day}`, { itemId: u.id });
    if (!Number.isInteger(b.start) || !Number.isInteger(b.end) || !(b.start < b.end))
      v('blocks', `block ${b.start}–${b.end} of ${u.id} is not a positive whole-minute interval`, {
        itemId: u.id,
      });
    if (assigned.get(u.id) !== b.engineerId)
      v('one engineer per item', `${u.id} has a block with ${b.engineerId}, who is not its engineer`, {
        itemId: u.id,
        engineerId: b.engineerId,
      });
    if (!windowsOf(b.engineerId, b.day).some((w) => w.start <= b.start && b.end <= w.end))
      v(
        'available hours',
        `block ${b.start}–${b.end} of ${u.id} is outside ${b.engineerId}'s working windows`,
        {
          itemId: u.id,
          engineerId: b.engineerId,
          day: b.day,
        },
      );
    if (!isFixed && b.start < from)
      v('re-planning', `block of ${u.id} starts before the re-plan point`, { itemId: u.id });
    const lu = byUnit.get(u.id) ?? [];
    lu.push(b);
    byUnit.set(u.id, lu);
    const le = byEngineer.get(b.engineerId) ?? [];
    le.push(b);
    byEngineer.set(b.engineerId, le);
  }
  const present = new Set(plan.blocks.map(fixedKey));
  for (const f of problem.fixedBlocks ?? [])
    if (!present.has(fixedKey(f)))
      v('fixed blocks', `fixed block of ${f.itemId} was changed or removed`, { itemId: f.itemId });

  // No overlaps; daily capacity net of fixed blocks, the re-plan point and the P1 buffer.
  for (const [e, list] of byEngineer) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.start < sorted[i - 1]!.end)
        v('no overlaps', `${e} has overlapping blocks at minute ${sorted[i]!.start}`, { engineerId: e });
    const perDay = new Map<number, number>();
    for (const b of list)
      if (!fixedKeys.has(fixedKey(b))) perDay.set(b.day, (perDay.get(b.day) ?? 0) + b.end - b.start);
    for (const [day, used] of perDay) {
      let free = 0;
      for (const w of windowsOf(e, day)) {
        const s = Math.max(w.start, from);
        if (s >= w.end) continue;
        let len = w.end - s;
        for (const f of problem.fixedBlocks ?? [])
          if (f.engineerId === e && f.day === day)
            len -= Math.max(0, Math.min(w.end, f.end) - Math.max(s, f.start));
        free += len;
      }
      const isResponder = responder.get(day) === e && engineers.get(e)?.p1Eligible === true;
      const room = Math.max(0, free - (isResponder ? Math.min(problem.p1.bufferMinutes, free) : 0));
      if (used > room)
        v('available hours', `${e} has ${used} min of work on day ${day} but only ${room} min available`, {
          engineerId: e,
          day,
        });
    }
  }

  // Each scheduled unit: blocks sum to its estimate; assigned units have blocks.
  const scheduled = new Set<string>();
  for (const [id, engineerId] of assigned) {
    const u = unitById.get(id)!;
    const list = byUnit.get(id) ?? [];
    const sum = list.reduce((s, b) => s + b.end - b.start, 0);
    const fixedSum = list.filter((b) => fixedKeys.has(fixedKey(b))).reduce((s, b) => s + b.end - b.start, 0);
    const expected = Math.max(u.minutes, fixedSum);
    if (sum !== expected)
      v('whole items', `${id} has ${sum} min of blocks, its planning estimate is ${expected} min`, {
        itemId: id,
        engineerId,
      });
    scheduled.add(id);
  }
  for (const id of byUnit.keys())
    if (!assigned.has(id)) v('one engineer per item', `${id} has blocks but no assignment`, { itemId: id });

  const startOf = (id: string) => Math.min(...(byUnit.get(id) ?? []).map((b) => b.start));
  const endOf = (id: string) => Math.max(...(byUnit.get(id) ?? []).map((b) => b.end));
  const lastDayOf = (id: string) => Math.max(...(byUnit.get(id) ?? []).map((b) => b.day));

  // Rank order, dependencies, due dates, pinned days.
  for (const u of units) {
    if (!scheduled.has(u.id)) continue;
    for (const w of units) {
      if (w.customerId !== u.customerId || scheduled.has(w.id)) continue;
      const above = w.item.rank < u.item.rank || (w.itemId === u.itemId && w.chunk < u.chunk);
      if (above)
        v('rank order', `${u.id} is scheduled but ${w.id}, ranked above it, is not`, { itemId: u.id });
    }
    for (const d of u.deps) {
      if (!scheduled.has(d))
        v('dependencies', `${u.id} is scheduled but its dependency ${d} is not`, { itemId: u.id });
      else if (endOf(d) > startOf(u.id))
        v(
          'dependencies',
          `${u.id} starts at minute ${startOf(u.id)} before its dependency ${d} ends (${endOf(d)})`,
          {
            itemId: u.id,
          },
        );
    }
    if (u.dueDay !== undefined && lastDayOf(u.id) > u.dueDay)
      v('due dates', `${u.id} finishes on day ${lastDayOf(u.id)}, after its due day ${u.dueDay}`, {
        itemId: u.id,
      });
    const pinDay = u.chunk === 1 ? u.item.pin?.day : undefined;
    if (pinDay !== undefined && !(byUnit.get(u.id) ?? []).some((b) => b.day === pinDay))
      v('pins', `${u.id} is pinned to day ${pinDay} but has no block that day`, {
        itemId: u.id,
        day: pinDay,
      });
  }

  // Subscription limit, and the terms that need per-customer sums.
  let topUp = 0;
  let techDebt = 0;
  for (const c of problem.customers) {
    let billable = 0;
    let total = 0;
    let td = 0;
    for (const u of units) {
      if (u.customerId !== c.id || !scheduled.has(u.id)) continue;
      total += u.minutes;
      if (u.billable) billable += u.minutes;
      if (u.kind === 'techdebt') td += u.minutes;
    }
    if (billable > c.subscriptionMinutes + c.topUpMinutes)
      v('subscription', `${c.name} gets ${billable} billable min, above subscription + top-up`, {});
    topUp += Math.max(0, billable - c.subscriptionMinutes) / 60;
    techDebt += Math.max(0, c.techDebtShare * total - td) / 60;
  }

  for (const iv of plan.integerValues ?? [])
    if (!Number.isFinite(iv.value) || Math.abs(iv.value - Math.round(iv.value)) > INTEGRALITY_TOLERANCE)
      v('integrality', `integer variable ${iv.name} has the fractional value ${iv.value}`);

  // Objective, term by term.
  const raw = new Map<TermName, number>();
  let shortfall = 0;
  for (const e of problem.engineers) {
    const t = e.weeklyTargetMinutes ?? DEFAULT_WEEKLY_TARGET_MINUTES;
    for (const k of [0, 1]) {
      const avail = e.windows
        .filter((w) => days.get(w.day)?.week === k)
        .reduce((s, w) => s + w.end - w.start, 0);
      const billable = (byEngineer.get(e.id) ?? [])
        .filter((b) => days.get(b.day)?.week === k && unitById.get(b.itemId)?.billable)
        .reduce((s, b) => s + b.end - b.start, 0);
      shortfall += Math.max(0, Math.min(t, avail) - billable) / 60;
    }
  }
  raw.set('weeklyShortfall', shortfall);
  raw.set('subscriptionTopUp', topUp);
  raw.set('techDebtShortfall', techDebt);
  const atStake = options.atStakeUnitIds;
  raw.set(
    'rankValue',
    units
      .filter((u) => !scheduled.has(u.id) && (atStake === undefined || atStake.has(u.id)))
      .reduce((s, u) => s + unitValue(u), 0),
  );
  const pairs = new Set([...assigned].map(([id, e]) => `${unitById.get(id)!.customerId}|${e}`));
  raw.set('customersPerEngineer', pairs.size);
  raw.set(
    'continuity',
    [...pairs].filter((p) => {
      const [c, e] = p.split('|') as [string, string];
      return !engineers.get(e)!.knownCustomerIds.includes(c);
    }).length,
  );
  const fair = p1FairShare(problem);
  raw.set(
    'p1Imbalance',
    [...p1Count.values()].reduce((s, n) => s + Math.max(0, n - fair), 0),
  );
  const planKeys = new Set(plan.blocks.map(fixedKey));
  raw.set(
    'movedBlocks',
    (problem.previousBlocks ?? []).filter((b) => !fixedKeys.has(fixedKey(b)) && !planKeys.has(fixedKey(b)))
      .length,
  );
  raw.set(
    'dueDateLateness',
    units.filter((u: PlanUnit) => u.dueDay !== undefined && u.dueDay <= lastDay && !scheduled.has(u.id))
      .length,
  );
  let switches = 0;
  let short = 0;
  for (const list of byEngineer.values()) {
    const perDay = new Map<number, Set<string>>();
    for (const b of list) {
      const u = unitById.get(b.itemId)!;
      const set = perDay.get(b.day) ?? new Set<string>();
      set.add(u.customerId);
      perDay.set(b.day, set);
      if (b.end - b.start < Math.min(FOCUS_BLOCK_MINUTES, u.minutes)) short++;
    }
    for (const set of perDay.values()) switches += Math.max(0, set.size - 1);
  }
  raw.set('contextSwitches', switches);
  raw.set('shortBlocks', short);

  const terms: TermValue[] = (Object.keys(TERM_LABELS) as TermName[]).map((name) => {
    const r = raw.get(name) ?? 0;
    const sign = REWARD_TERMS.has(name) ? -1 : 1;
    return {
      name,
      label: TERM_LABELS[name],
      weight: weights[name],
      raw: r,
      contribution: sign * weights[name] * r,
    };
  });
  const objective = terms.reduce((s, t) => s + t.contribution, 0);
  const modelObjective = terms
    .filter((t) => !PLACEMENT_TERMS.has(t.name))
    .reduce((s, t) => s + t.contribution, 0);
  return { ok: violations.length === 0, violations, objective, modelObjective, terms };
}
