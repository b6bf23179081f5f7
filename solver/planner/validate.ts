import type { Block, PlanProblem } from './problem';
import { deriveUnits } from './units';

export interface ValidationProblem {
  /** Where, as a path into the problem (e.g. `items[3].dependsOn[0]`). */
  readonly path: string;
  readonly message: string;
}

export interface ValidationResult {
  readonly ok: boolean;
  readonly problems: ValidationProblem[];
}

/** Thrown by {@link assertValidPlanProblem}; carries every problem found. */
export class PlanValidationError extends Error {
  constructor(readonly problems: ValidationProblem[]) {
    super(`invalid plan problem: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'PlanValidationError';
  }
}

const isInt = (x: number): boolean => Number.isInteger(x);

/**
 * Checks a problem once, at the entry: unknown or duplicate ids, bad ranges and windows,
 * dependency cycles, days without any P1-eligible engineer, malformed fixed/previous blocks.
 * Everything inside the planner trusts a problem that passed.
 */
export function validatePlanProblem(problem: PlanProblem): ValidationResult {
  const out: ValidationProblem[] = [];
  const add = (path: string, message: string) => out.push({ path, message });

  const dayIds = new Set<number>();
  problem.days.forEach((d, i) => {
    if (!isInt(d.index)) add(`days[${i}].index`, 'must be an integer');
    if (dayIds.has(d.index)) add(`days[${i}].index`, `duplicate day ${d.index}`);
    if (d.week !== 0 && d.week !== 1) add(`days[${i}].week`, 'must be 0 or 1');
    dayIds.add(d.index);
  });
  if (problem.days.length === 0) add('days', 'at least one working day is needed');

  const custIds = new Set<string>();
  problem.customers.forEach((c, i) => {
    if (custIds.has(c.id)) add(`customers[${i}].id`, `duplicate customer ${c.id}`);
    custIds.add(c.id);
    if (!(c.subscriptionMinutes >= 0)) add(`customers[${i}].subscriptionMinutes`, 'must be ≥ 0');
    if (!(c.topUpMinutes >= 0)) add(`customers[${i}].topUpMinutes`, 'must be ≥ 0');
    if (!(c.techDebtShare >= 0 && c.techDebtShare <= 1))
      add(`customers[${i}].techDebtShare`, 'must be in 0..1');
  });

  const engIds = new Set<string>();
  problem.engineers.forEach((e, i) => {
    if (engIds.has(e.id)) add(`engineers[${i}].id`, `duplicate engineer ${e.id}`);
    engIds.add(e.id);
    if (e.weeklyTargetMinutes !== undefined && !(e.weeklyTargetMinutes >= 0))
      add(`engineers[${i}].weeklyTargetMinutes`, 'must be ≥ 0');
    e.knownCustomerIds.forEach((c, j) => {
      if (!custIds.has(c)) add(`engineers[${i}].knownCustomerIds[${j}]`, `unknown customer ${c}`);
    });
    const byDay = new Map<number, { start: number; end: number }[]>();
    e.windows.forEach((w, j) => {
      const p = `engineers[${i}].windows[${j}]`;
      if (!dayIds.has(w.day)) add(`${p}.day`, `unknown day ${w.day}`);
      if (!isInt(w.start) || !isInt(w.end)) add(p, 'start and end must be integer minutes');
      if (!(w.start < w.end)) add(p, 'start must be before end');
      const list = byDay.get(w.day) ?? [];
      list.push(w);
      byDay.set(w.day, list);
    });
    for (const [day, list] of byDay) {
      list.sort((a, b) => a.start - b.start);
      for (let k = 1; k < list.length; k++) {
        if (list[k]!.start < list[k - 1]!.end)
          add(`engineers[${i}].windows`, `overlapping windows on day ${day}`);
      }
    }
    (e.unavailableReasons ?? []).forEach((r, j) => {
      if (!dayIds.has(r.day)) add(`engineers[${i}].unavailableReasons[${j}].day`, `unknown day ${r.day}`);
    });
  });

  const itemIds = new Set<string>();
  problem.items.forEach((it, i) => {
    if (itemIds.has(it.id)) add(`items[${i}].id`, `duplicate item ${it.id}`);
    itemIds.add(it.id);
  });
  const done = new Set(problem.doneItemIds ?? []);
  problem.items.forEach((it, i) => {
    const p = `items[${i}]`;
    if (!custIds.has(it.customerId)) add(`${p}.customerId`, `unknown customer ${it.customerId}`);
    const { low, likely, high } = it.estimate;
    if (!(low > 0)) add(`${p}.estimate.low`, 'must be > 0 minutes');
    if (!(low <= high)) add(`${p}.estimate`, `low (${low}) is above high (${high})`);
    if (likely !== undefined && !(likely >= low && likely <= high))
      add(`${p}.estimate.likely`, 'must lie within low..high');
    if (!Number.isFinite(it.rank)) add(`${p}.rank`, 'must be a number');
    it.dependsOn.forEach((d, j) => {
      if (!itemIds.has(d) && !done.has(d)) add(`${p}.dependsOn[${j}]`, `unknown item ${d}`);
      if (d === it.id) add(`${p}.dependsOn[${j}]`, 'an item cannot depend on itself');
    });
    if (it.dueDay !== undefined && !dayIds.has(it.dueDay) && it.dueDay < Math.min(...dayIds))
      add(`${p}.dueDay`, `due day ${it.dueDay} is before the fortnight`);
    if (it.pin?.engineerId !== undefined && !engIds.has(it.pin.engineerId))
      add(`${p}.pin.engineerId`, `unknown engineer ${it.pin.engineerId}`);
    if (it.pin?.day !== undefined && !dayIds.has(it.pin.day))
      add(`${p}.pin.day`, `unknown day ${it.pin.day}`);
    if (it.inProgressEngineerId !== undefined && !engIds.has(it.inProgressEngineerId))
      add(`${p}.inProgressEngineerId`, `unknown engineer ${it.inProgressEngineerId}`);
  });

  // Dependency cycles (depth-first search with colours).
  const deps = new Map(problem.items.map((it) => [it.id, it.dependsOn.filter((d) => itemIds.has(d))]));
  const colour = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const visit = (id: string, stack: string[]): void => {
    colour.set(id, 1);
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = colour.get(d);
      if (c === 1) {
        const cycle = [...stack.slice(stack.indexOf(d)), d];
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          add('items', `dependency cycle: ${cycle.join(' → ')}`);
        }
      } else if (c === undefined) visit(d, stack);
    }
    stack.pop();
    colour.set(id, 2);
  };
  for (const it of problem.items) if (!colour.has(it.id)) visit(it.id, []);

  if (!(problem.p1.bufferMinutes >= 0)) add('p1.bufferMinutes', 'must be ≥ 0');
  if (!['P50', 'P80', 'P90'].includes(problem.confidence)) add('confidence', 'must be P50, P80 or P90');
  for (const day of problem.days) {
    const present = problem.engineers.some((e) => e.p1Eligible && e.windows.some((w) => w.day === day.index));
    if (!present)
      add('engineers', `no P1-eligible engineer works on day ${day.label}, so nobody can be responder`);
  }
  for (const [key, w] of Object.entries(problem.weights ?? {})) {
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) add(`weights.${key}`, 'must be a number ≥ 0');
  }

  if (out.length === 0) {
    const unitIds = new Set(deriveUnits(problem).map((u) => u.id));
    const checkBlocks = (blocks: readonly Block[] | undefined, name: string) =>
      (blocks ?? []).forEach((b, i) => {
        const p = `${name}[${i}]`;
        if (!unitIds.has(b.itemId)) add(`${p}.itemId`, `unknown item ${b.itemId}`);
        if (!engIds.has(b.engineerId)) add(`${p}.engineerId`, `unknown engineer ${b.engineerId}`);
        if (!dayIds.has(b.day)) add(`${p}.day`, `unknown day ${b.day}`);
        if (!isInt(b.start) || !isInt(b.end) || !(b.start < b.end)) add(p, 'start < end, integer minutes');
      });
    checkBlocks(problem.fixedBlocks, 'fixedBlocks');
    checkBlocks(problem.previousBlocks, 'previousBlocks');
    const fixedEngineer = new Map<string, string>();
    (problem.fixedBlocks ?? []).forEach((b, i) => {
      const other = fixedEngineer.get(b.itemId);
      if (other !== undefined && other !== b.engineerId)
        add(`fixedBlocks[${i}]`, `item ${b.itemId} has fixed blocks with two engineers`);
      fixedEngineer.set(b.itemId, b.engineerId);
    });
  }
  return { ok: out.length === 0, problems: out };
}

/** {@link validatePlanProblem}, throwing a {@link PlanValidationError} listing every problem. */
export function assertValidPlanProblem(problem: PlanProblem): void {
  const r = validatePlanProblem(problem);
  if (!r.ok) throw new PlanValidationError(r.problems);
}
