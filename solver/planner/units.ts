import { planningEstimate } from './estimate';
import type { EstimateRange, ItemKind, PlanProblem, RoadmapItem } from './problem';

/**
 * A planning unit: an item, or one chunk of an item longer than the fortnight. Units are what the
 * model schedules and what blocks refer to (`Block.itemId` is a unit id).
 */
export interface PlanUnit {
  /** The item id, or `${itemId}#k` for chunk k of n > 1. */
  readonly id: string;
  readonly itemId: string;
  readonly item: RoadmapItem;
  /** 1-based chunk number and the number of chunks (1 and 1 for an unsplit item). */
  readonly chunk: number;
  readonly chunks: number;
  readonly customerId: string;
  readonly kind: ItemKind;
  readonly billable: boolean;
  /** Planning minutes of this unit (the chunk's share of the item's planning estimate). */
  readonly minutes: number;
  /** Minutes of the item's planning estimate before this chunk ((k−1)·chunk size). */
  readonly offset: number;
  readonly range: EstimateRange;
  readonly skills: readonly string[];
  /** Unit ids that must finish before this one starts (dependencies not yet done, previous chunk). */
  readonly deps: readonly string[];
  /** Only set on the last chunk: earlier chunks carry no due date of their own. */
  readonly dueDay?: number;
  /** 1-based position in the customer's roadmap order (rank, then id, then chunk). */
  readonly position: number;
}

export const unitId = (itemId: string, chunk: number, chunks: number): string =>
  chunks > 1 ? `${itemId}#${chunk}` : itemId;

/** Largest planning unit in minutes: the problem's `chunkMinutes`, else the largest engineer fortnight. */
export function chunkSizeOf(problem: PlanProblem): number {
  if (problem.chunkMinutes !== undefined) return Math.max(15, problem.chunkMinutes);
  let best = 0;
  for (const e of problem.engineers) {
    const total = e.windows.reduce((s, w) => s + (w.end - w.start), 0);
    best = Math.max(best, total);
  }
  return Math.max(15, Math.floor(best / 15) * 15);
}

/** Roadmap order within a customer: rank, then id. */
export function roadmapOrder(a: RoadmapItem, b: RoadmapItem): number {
  return a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Splits items into planning units (chunks of at most {@link chunkSizeOf} minutes) with their
 * planning estimates, dependencies on unit ids and positions in their customer's roadmap.
 * Assumes a validated problem.
 */
export function deriveUnits(problem: PlanProblem): PlanUnit[] {
  const size = chunkSizeOf(problem);
  const done = new Set(problem.doneItemIds ?? []);
  const chunksOf = new Map<string, number>();
  const estimateOf = new Map<string, number>();
  for (const item of problem.items) {
    const est = planningEstimate(item.estimate, problem.confidence);
    estimateOf.set(item.id, est);
    chunksOf.set(item.id, Math.max(1, Math.ceil(est / size)));
  }
  const byCustomer = new Map<string, RoadmapItem[]>();
  for (const item of problem.items) {
    const list = byCustomer.get(item.customerId) ?? [];
    list.push(item);
    byCustomer.set(item.customerId, list);
  }
  const units: PlanUnit[] = [];
  for (const customer of problem.customers) {
    const items = (byCustomer.get(customer.id) ?? []).sort(roadmapOrder);
    let position = 0;
    for (const item of items) {
      const est = estimateOf.get(item.id)!;
      const chunks = chunksOf.get(item.id)!;
      const depUnits = item.dependsOn
        .filter((d) => !done.has(d) && chunksOf.has(d))
        .map((d) => unitId(d, chunksOf.get(d)!, chunksOf.get(d)!));
      for (let k = 1; k <= chunks; k++) {
        const offset = (k - 1) * size;
        position++;
        units.push({
          id: unitId(item.id, k, chunks),
          itemId: item.id,
          item,
          chunk: k,
          chunks,
          customerId: item.customerId,
          kind: item.kind,
          billable: item.billable,
          minutes: Math.min(size, est - offset),
          offset,
          range: item.estimate,
          skills: item.skills,
          deps: k === 1 ? depUnits : [unitId(item.id, k - 1, chunks)],
          ...(k === chunks && item.dueDay !== undefined ? { dueDay: item.dueDay } : {}),
          position,
        });
      }
    }
  }
  return units;
}

/**
 * Rank value of scheduling a unit, in weighted hours: its hours times the gradient 1 + 1/position,
 * so the next item of a roadmap is worth twice an hour of a deep one. Rank order itself is a hard
 * rule; the gradient only decides between customers when capacity is short.
 */
export function unitValue(unit: PlanUnit): number {
  return (unit.minutes / 60) * (1 + 1 / unit.position);
}

/** Fair number of P1 responder days per eligible engineer: ⌈days / eligible engineers present⌉. */
export function p1FairShare(problem: PlanProblem): number {
  const eligible = problem.engineers.filter((e) => e.p1Eligible && e.windows.some((w) => w.end > w.start));
  if (eligible.length === 0) return problem.days.length;
  return Math.ceil(problem.days.length / eligible.length);
}
