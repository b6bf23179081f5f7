import type { CheckResult } from './checker';
import type { PlanContext } from './context';
import type { DeliveryProbabilities } from './montecarlo';
import { DEFAULT_WEEKLY_TARGET_MINUTES, type Block } from './problem';

/** One engineer's week: billable minutes against the target, with the causes of any shortfall. */
export interface EngineerWeekReport {
  readonly engineerId: string;
  readonly name: string;
  /** 0 or 1 (shown to people as week 1 and week 2). */
  readonly week: 0 | 1;
  readonly billable: number;
  /** Window minutes that week (net of lunch, leave and holidays). */
  readonly available: number;
  /** The engineer's weekly target (default 1680 min = 28 h). */
  readonly target: number;
  /** max(0, min(target, available) − billable). */
  readonly shortfall: number;
  readonly p1Days: number;
  /** Why the week is below target, in words; empty when it is not. */
  readonly reasons: string[];
  /** P(the engineer's committed fortnight fits), from the Monte Carlo; null without work. */
  readonly deliveryProbability: number | null;
}

export interface CustomerReport {
  readonly customerId: string;
  readonly name: string;
  readonly scheduledMinutes: number;
  readonly billableMinutes: number;
  readonly subscriptionMinutes: number;
  readonly topUpUsedMinutes: number;
  /** Tech-debt minutes ÷ scheduled minutes (0 when nothing is scheduled), against `techDebtTarget`. */
  readonly techDebtShare: number;
  readonly techDebtTarget: number;
  /** P(everything committed fits), from the Monte Carlo; null when nothing is committed. */
  readonly probability: number | null;
  /** Committed planning units (item ids, `#k` for chunks), in roadmap order. */
  readonly committedItemIds: string[];
  readonly notScheduled: { itemId: string; reason: string }[];
}

const h = (m: number): string => `${Math.round((m / 60) * 10) / 10} h`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Per engineer and week: billable vs target, and the shortfall's causes in words. */
export function engineerReports(
  ctx: PlanContext,
  blocks: readonly Block[],
  p1Rota: readonly { day: number; engineerId: string }[],
  probabilities: DeliveryProbabilities | null,
  unplacedWork: ReadonlySet<string>,
): EngineerWeekReport[] {
  const out: EngineerWeekReport[] = [];
  for (const e of ctx.engineers) {
    const target = e.weeklyTargetMinutes ?? DEFAULT_WEEKLY_TARGET_MINUTES;
    const avail = ctx.available.get(e.id)!;
    for (const week of [0, 1] as const) {
      const billable = blocks
        .filter(
          (b) =>
            b.engineerId === e.id &&
            ctx.dayByIndex.get(b.day)?.week === week &&
            ctx.unitById.get(b.itemId)?.billable,
        )
        .reduce((s, b) => s + b.end - b.start, 0);
      const available = avail[week];
      const p1Days = p1Rota.filter((r) => r.engineerId === e.id && ctx.dayByIndex.get(r.day)?.week === week);
      const reasons: string[] = [];
      const label = `week ${week + 1}`;
      if (available < target) {
        const byReason = new Map<string, { days: Set<number>; minutes: number }>();
        for (const r of e.unavailableReasons ?? []) {
          if (ctx.dayByIndex.get(r.day)?.week !== week) continue;
          const g = byReason.get(r.reason) ?? { days: new Set<number>(), minutes: 0 };
          g.days.add(r.day);
          g.minutes += r.minutes;
          byReason.set(r.reason, g);
        }
        const parts = [...byReason].map(([reason, g]) =>
          g.minutes >= 360 * g.days.size
            ? `${plural(g.days.size, 'day')} of ${reason}`
            : `${h(g.minutes)} of ${reason}`,
        );
        reasons.push(
          `${e.name} has ${h(available)} available in ${label}` +
            (parts.length > 0 ? `: ${parts.join(', ')}` : ' (working pattern)'),
        );
      }
      if (billable < Math.min(target, available)) {
        const buffer = p1Days.reduce(
          (s, r) => s + (ctx.engineerDays.get(e.id)?.get(r.day)?.p1Buffer ?? 0),
          0,
        );
        if (p1Days.length > 0)
          reasons.push(
            `${e.name} is P1 responder on ${plural(p1Days.length, 'day')} in ${label} (${h(buffer)} buffer)`,
          );
        if (unplacedWork.has(e.id))
          reasons.push(
            `some of ${e.name}'s assigned work could not be fitted into the days (see not scheduled)`,
          );
        reasons.push(
          `not enough schedulable billable roadmap work for ${e.name}'s skills and customers within the subscriptions`,
        );
      }
      out.push({
        engineerId: e.id,
        name: e.name,
        week,
        billable,
        available,
        target,
        shortfall: Math.max(0, Math.min(target, available) - billable),
        p1Days: p1Days.length,
        reasons,
        deliveryProbability: probabilities?.byEngineer.get(e.id) ?? null,
      });
    }
  }
  return out;
}

/** Per customer: minutes vs subscription, tech-debt share, probability, and what is left out and why. */
export function customerReports(
  ctx: PlanContext,
  scheduled: ReadonlyMap<string, string>,
  notScheduledReason: (unitId: string) => string,
  probabilities: DeliveryProbabilities | null,
): CustomerReport[] {
  return ctx.customers.map((c) => {
    const units = ctx.unitsByCustomer.get(c.id) ?? [];
    const committed = units.filter((u) => scheduled.has(u.id));
    const scheduledMinutes = committed.reduce((s, u) => s + u.minutes, 0);
    const billableMinutes = committed.filter((u) => u.billable).reduce((s, u) => s + u.minutes, 0);
    const td = committed.filter((u) => u.kind === 'techdebt').reduce((s, u) => s + u.minutes, 0);
    return {
      customerId: c.id,
      name: c.name,
      scheduledMinutes,
      billableMinutes,
      subscriptionMinutes: c.subscriptionMinutes,
      topUpUsedMinutes: Math.max(0, billableMinutes - c.subscriptionMinutes),
      techDebtShare: scheduledMinutes > 0 ? td / scheduledMinutes : 0,
      techDebtTarget: c.techDebtShare,
      probability: committed.length > 0 ? (probabilities?.byCustomer.get(c.id) ?? null) : null,
      committedItemIds: committed.map((u) => u.id),
      notScheduled: units
        .filter((u) => !scheduled.has(u.id))
        .map((u) => ({ itemId: u.id, reason: notScheduledReason(u.id) })),
    };
  });
}

export interface ReplanDiff {
  /** Blocks of units that had no published block. */
  readonly added: Block[];
  /** Published blocks whose unit is no longer scheduled. */
  readonly removed: Block[];
  /** Units still scheduled whose blocks changed: their old and new blocks. */
  readonly moved: { itemId: string; from: Block[]; to: Block[] }[];
  readonly unchangedBlocks: number;
}

const blockKey = (b: Block) => `${b.itemId}|${b.engineerId}|${b.day}|${b.start}|${b.end}`;

/** Differences between the published blocks and the new plan's blocks, per unit. */
export function replanDiff(previous: readonly Block[], next: readonly Block[]): ReplanDiff {
  const group = (blocks: readonly Block[]) => {
    const m = new Map<string, Block[]>();
    for (const b of blocks) m.set(b.itemId, [...(m.get(b.itemId) ?? []), b]);
    return m;
  };
  const prev = group(previous);
  const now = group(next);
  const nextKeys = new Set(next.map(blockKey));
  const added: Block[] = [];
  const removed: Block[] = [];
  const moved: ReplanDiff['moved'] = [];
  let unchangedBlocks = 0;
  for (const [id, blocks] of prev) {
    const after = now.get(id);
    if (!after) {
      removed.push(...blocks);
      continue;
    }
    const same = blocks.filter((b) => nextKeys.has(blockKey(b))).length;
    unchangedBlocks += same;
    const prevKeys = new Set(blocks.map(blockKey));
    if (same !== blocks.length || after.some((b) => !prevKeys.has(blockKey(b))))
      moved.push({
        itemId: id,
        from: blocks.filter((b) => !nextKeys.has(blockKey(b))),
        to: after.filter((b) => !prevKeys.has(blockKey(b))),
      });
  }
  for (const [id, blocks] of now) if (!prev.has(id)) added.push(...blocks);
  return { added, removed, moved, unchangedBlocks };
}

export type { CheckResult };
