import type { Interval, PlanContext } from './context';
import type { DecodedAssignment } from './model';
import type { Block } from './problem';
import type { PlanUnit } from './units';

export interface Placement {
  /** Every block of the plan, fixed ones included, sorted by engineer and start. */
  readonly blocks: Block[];
  /** Units that were assigned and are placed, with their engineer. */
  readonly assignments: { unitId: string; engineerId: string }[];
  /** Assigned units the placement could not fit, with the reason in words. */
  readonly dropped: Map<string, string>;
}

type Key = [number, number, number, number, string, number];

function lessKey(a: Key, b: Key): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
}

/** Free time of one engineer: per day, sorted disjoint intervals. */
type Free = Map<number, Interval[]>;

function cloneFree(f: Free): Free {
  return new Map([...f].map(([d, list]) => [d, list.map((i) => ({ ...i }))]));
}

function release(free: Free, day: number, start: number, end: number): void {
  const list = [...(free.get(day) ?? []), { start, end }].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const i of list) {
    const last = merged[merged.length - 1];
    if (last && last.end >= i.start)
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else merged.push({ ...i });
  }
  free.set(day, merged);
}

function take(free: Free, day: number, start: number, end: number): boolean {
  const list = free.get(day) ?? [];
  const idx = list.findIndex((i) => i.start <= start && end <= i.end);
  if (idx < 0) return false;
  const i = list[idx]!;
  const rest: Interval[] = [];
  if (i.start < start) rest.push({ start: i.start, end: start });
  if (end < i.end) rest.push({ start: end, end: i.end });
  list.splice(idx, 1, ...rest);
  return true;
}

/**
 * Turns per-engineer-week assignments into concrete blocks inside the free windows, one unit at a
 * time in a deterministic order: units keeping their published slots first, pinned days, then
 * earliest due day, then each engineer's week-0 work, work spanning both weeks, week-1 work,
 * grouped by customer and in rank order, always after the unit's dependencies end. A unit takes
 * the earliest free minutes of its week(s), so an engineer's units run back to back: long blocks
 * and few customers per day. The P1 buffer comes off the end of the responder's day. A unit that
 * cannot be fitted where the model put it (due day, pin, dependency timing) goes to another of its
 * candidate engineers with room, or gets room on its own engineer by moving units placed there
 * earlier to earlier time they may use; failing that it is dropped with a reason, together with the units
 * that depend on it and the customer's lower-ranked units (rank order stays hard).
 */
export function placePlan(
  ctx: PlanContext,
  assignments: readonly DecodedAssignment[],
  p1Rota: readonly { day: number; engineerId: string }[],
): Placement {
  const from = ctx.problem.replanFromMinute ?? -Infinity;
  const responder = new Set(p1Rota.map((r) => `${r.engineerId}|${r.day}`));
  const free = new Map<string, Free>();
  for (const e of ctx.engineers) {
    const f: Free = new Map();
    for (const d of ctx.engineerDays.get(e.id)!.values()) {
      const list = d.free.map((i) => ({ ...i }));
      let cut = responder.has(`${e.id}|${d.day}`) ? d.p1Buffer : 0;
      while (cut > 0 && list.length > 0) {
        const last = list[list.length - 1]!;
        const len = last.end - last.start;
        if (len <= cut) {
          list.pop();
          cut -= len;
        } else {
          list[list.length - 1] = { start: last.start, end: last.end - cut };
          cut = 0;
        }
      }
      f.set(d.day, list);
    }
    free.set(e.id, f);
  }
  const dayWeek = (day: number) => ctx.dayByIndex.get(day)!.week;
  const dayStart = new Map<string, number>();
  for (const [engineerId, days] of ctx.engineerDays)
    for (const d of days.values()) {
      const first = d.free[0];
      if (first) dayStart.set(`${engineerId}|${d.day}`, first.start);
    }

  const blocksOf = new Map<string, Block[]>();
  for (const b of ctx.problem.fixedBlocks ?? []) {
    const list = blocksOf.get(b.itemId) ?? [];
    list.push(b);
    blocksOf.set(b.itemId, list);
  }
  const fixedUnits = new Set(blocksOf.keys());
  const assignment = new Map(assignments.map((a) => [a.unitId, a]));
  const prevByUnit = new Map<string, Block[]>();
  for (const b of ctx.problem.previousBlocks ?? []) {
    const a = assignment.get(b.itemId);
    if (!a || a.engineerId !== b.engineerId || fixedUnits.has(b.itemId)) continue;
    const list = prevByUnit.get(b.itemId) ?? [];
    list.push(b);
    prevByUnit.set(b.itemId, list);
  }

  // Priority keys, inherited by dependencies so that a due unit's prerequisites go early too.
  const customerRank = new Map(ctx.customers.map((c, i) => [c.id, i]));
  const key = new Map<string, Key>();
  for (const a of assignments) {
    const u = ctx.unitById.get(a.unitId)!;
    const cls = a.week1 === 0 ? 0 : a.week0 > 0 ? 1 : 2;
    key.set(a.unitId, [
      prevByUnit.has(u.id) ? 0 : 1,
      u.item.pin?.day !== undefined && u.chunk === 1 ? 0 : 1,
      u.dueDay ?? Infinity,
      cls,
      `${String(customerRank.get(u.customerId)).padStart(6, '0')}`,
      u.position,
    ]);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const a of assignments) {
      const k = key.get(a.unitId)!;
      for (const d of ctx.unitById.get(a.unitId)!.deps) {
        const kd = key.get(d);
        // Only the scheduling components (previous slot, pin, due day, week class) are inherited.
        if (kd && lessKey(k.slice(0, 4) as Key, kd.slice(0, 4) as Key)) {
          key.set(d, [...k.slice(0, 4), kd[4], kd[5]] as Key);
          changed = true;
        }
      }
    }
  }

  const dropped = new Map<string, string>();
  const dependents = new Map<string, string[]>();
  for (const a of assignments)
    for (const d of ctx.unitById.get(a.unitId)!.deps) {
      const list = dependents.get(d) ?? [];
      list.push(a.unitId);
      dependents.set(d, list);
    }
  const drop = (u: PlanUnit, reason: string): void => {
    if (dropped.has(u.id) || !assignment.has(u.id) || fixedUnits.has(u.id)) return;
    dropped.set(u.id, reason);
    const f = free.get(assignment.get(u.id)!.engineerId)!;
    for (const b of blocksOf.get(u.id) ?? []) release(f, b.day, b.start, b.end);
    blocksOf.delete(u.id);
    for (const d of dependents.get(u.id) ?? [])
      drop(ctx.unitById.get(d)!, `it depends on "${u.item.title}", which could not be fitted into the days`);
    for (const v of ctx.unitsByCustomer.get(u.customerId) ?? [])
      if (v.position > u.position)
        drop(v, `it is ranked below "${u.item.title}", which could not be fitted into the days`);
  };

  /** Takes up to `minutes` of the earliest free time at or after `earliest` in the given weeks. */
  const allocate = (
    f: Free,
    unitId: string,
    engineerId: string,
    minutes: number,
    earliest: number,
    weeks: number[],
  ) => {
    const out: Block[] = [];
    let left = minutes;
    for (const [day, list] of [...f].sort((a, b) => a[0] - b[0])) {
      if (left <= 0) break;
      if (!weeks.includes(dayWeek(day))) continue;
      for (const i of [...list]) {
        if (left <= 0) break;
        const start = Math.max(i.start, earliest);
        if (start >= i.end) continue;
        const end = Math.min(i.end, start + left);
        take(f, day, start, end);
        out.push({ itemId: unitId, engineerId, day, start, end });
        left -= end - start;
      }
    }
    return { blocks: out, left };
  };

  // Week-0 budgets per engineer, billable and non-billable apart: the model balanced each week's
  // billable minutes against the weekly target, so a non-billable unit must not take the week-0
  // time the model gave billable work (which would leave week 0 short and week 1 over).
  const budgetKey = (a: DecodedAssignment) =>
    `${a.engineerId}|${ctx.unitById.get(a.unitId)!.billable ? 1 : 0}`;
  const budget0 = new Map<string, number>();
  for (const a of assignments) {
    const fixedW0 = (blocksOf.get(a.unitId) ?? [])
      .filter((b) => dayWeek(b.day) === 0)
      .reduce((acc, b) => acc + b.end - b.start, 0);
    budget0.set(budgetKey(a), (budget0.get(budgetKey(a)) ?? 0) + Math.max(0, a.week0 - fixedW0));
  }
  const pending = new Set(assignments.map((a) => a.unitId));
  const endOf = (id: string): number => Math.max(...(blocksOf.get(id) ?? []).map((b) => b.end), -Infinity);
  /** Free minutes left in an engineer's days. */
  const freeMinutes = (f: Free): number => {
    let total = 0;
    for (const list of f.values()) for (const i of list) total += i.end - i.start;
    return total;
  };
  /** Minutes of an engineer's own units still waiting to be placed (fixed blocks already are). */
  const pendingMinutes = (engineerId: string): number => {
    let total = 0;
    for (const id of pending) {
      if (dropped.has(id) || assignment.get(id)?.engineerId !== engineerId) continue;
      const fixedMinutes = (blocksOf.get(id) ?? []).reduce((acc, b) => acc + b.end - b.start, 0);
      total += Math.max(0, ctx.unitById.get(id)!.minutes - fixedMinutes);
    }
    return total;
  };
  const pinDayOf = (v: PlanUnit): number | undefined => (v.chunk === 1 ? v.item.pin?.day : undefined);
  /** Earliest start of `v` on `engineerId`: after its dependencies end, and on its pinned day. */
  const earliestOn = (v: PlanUnit, engineerId: string): number => {
    const afterDeps = Math.max(from, ...v.deps.map(endOf));
    const pin = pinDayOf(v);
    return pin === undefined
      ? afterDeps
      : Math.max(afterDeps, dayStart.get(`${engineerId}|${pin}`) ?? Infinity);
  };
  /** Whether `blocks` (with nothing `left` over) keep `v`'s due day and pinned day. */
  const fitsRules = (v: PlanUnit, blocks: Block[], left: number, fixed: Block[] = []): boolean => {
    const pin = pinDayOf(v);
    return (
      left === 0 &&
      (v.dueDay === undefined || blocks.every((b) => b.day <= v.dueDay!)) &&
      (pin === undefined || blocks.some((b) => b.day === pin) || fixed.some((b) => b.day === pin))
    );
  };
  while (pending.size > 0) {
    let next: string | null = null;
    for (const id of pending) {
      const u = ctx.unitById.get(id)!;
      if (u.deps.some((d) => pending.has(d))) continue;
      if (next === null || lessKey(key.get(id)!, key.get(next)!)) next = id;
    }
    if (next === null) break; // unreachable for a validated (acyclic) problem
    pending.delete(next);
    const u = ctx.unitById.get(next)!;
    const a = assignment.get(next)!;
    if (dropped.has(u.id)) continue;
    const missing = u.deps.find((d) => !blocksOf.has(d) && ctx.candidates.has(d));
    if (missing !== undefined) {
      drop(u, `it depends on "${ctx.unitById.get(missing)!.item.title}", which is not scheduled`);
      continue;
    }
    const f = free.get(a.engineerId)!;
    const fixed = blocksOf.get(u.id) ?? [];
    const fixedMinutes = fixed.reduce((s, b) => s + b.end - b.start, 0);
    const need = Math.max(0, u.minutes - fixedMinutes);
    if (need === 0) continue;
    // The engineer's week-0 budget for the unit's kind (the model's week-0 minutes still unplaced)
    // decides the split.
    const budget = budget0.get(budgetKey(a)) ?? 0;
    const w0 = Math.min(need, budget);
    const pinDay = pinDayOf(u);
    const earliest = earliestOn(u, a.engineerId);
    const ok = (blocks: Block[], left: number): boolean => fitsRules(u, blocks, left, fixed);

    let placed: Block[] | null = null;
    const prev = prevByUnit.get(u.id);
    if (
      prev &&
      prev.reduce((s, b) => s + b.end - b.start, 0) === need &&
      prev.every((b) => b.start >= earliest)
    ) {
      const trial = cloneFree(f);
      if (prev.every((b) => take(trial, b.day, b.start, b.end)) && ok(prev, 0)) {
        for (const b of prev) take(f, b.day, b.start, b.end);
        placed = prev.map((b) => ({ ...b }));
      }
    }
    // Work on the same engineer that still waits for this unit: the week split is kept only if
    // that work still fits after it (a week-1 part can push it past the weekend, where it may no
    // longer fit); otherwise the unit goes as early as possible.
    const waiting = (dependents.get(u.id) ?? []).filter(
      (d) => pending.has(d) && assignment.get(d)?.engineerId === a.engineerId,
    );
    const waitingFits = (trial: Free, end: number): boolean => {
      const room = cloneFree(trial);
      return waiting.every((d) => {
        const v = ctx.unitById.get(d)!;
        const start = Math.max(end, ...v.deps.filter((x) => x !== u.id).map(endOf));
        return allocate(room, d, a.engineerId, v.minutes, start, [0, 1]).left === 0;
      });
    };
    if (!placed) {
      // Attempt 1: the model's week split (week-0 minutes spill into week 1 when they must).
      const trial = cloneFree(f);
      const first = allocate(trial, u.id, a.engineerId, w0, earliest, [0]);
      const second = allocate(trial, u.id, a.engineerId, need - w0 + first.left, earliest, [1]);
      const blocks = [...first.blocks, ...second.blocks];
      if (
        ok(blocks, second.left) &&
        (waiting.length === 0 || waitingFits(trial, Math.max(...blocks.map((b) => b.end))))
      ) {
        placed = blocks;
        free.set(a.engineerId, trial);
      }
    }
    if (!placed) {
      // Attempt 2: as early as possible, whatever the week.
      const trial = cloneFree(f);
      const all = allocate(trial, u.id, a.engineerId, need, earliest, [0, 1]);
      if (ok(all.blocks, all.left)) {
        placed = all.blocks;
        free.set(a.engineerId, trial);
      }
    }
    let engineerId = a.engineerId;
    if (!placed && fixed.length === 0) {
      // Attempt 3: make room on the engineer. Units placed there earlier that end after this
      // one's earliest start (and have nothing placed depending on them) are lifted, this unit
      // takes the earliest time, and the lifted units go back as early as their own rules allow
      // (often into time before this unit's dependencies end, which only they can use). All or
      // nothing.
      const trial = cloneFree(f);
      const lifted = [...blocksOf.entries()].filter(
        ([id, list]) =>
          id !== u.id &&
          !fixedUnits.has(id) &&
          assignment.get(id)?.engineerId === a.engineerId &&
          list.some((b) => b.end > earliest) &&
          !(dependents.get(id) ?? []).some((d) => blocksOf.has(d)),
      );
      for (const [, list] of lifted) for (const b of list) release(trial, b.day, b.start, b.end);
      const mine = allocate(trial, u.id, a.engineerId, need, earliest, [0, 1]);
      const moved = new Map<string, Block[]>();
      let fits = ok(mine.blocks, mine.left);
      lifted.sort((p, q) => Math.min(...p[1].map((b) => b.start)) - Math.min(...q[1].map((b) => b.start)));
      for (const [id, list] of lifted) {
        if (!fits) break;
        const v = ctx.unitById.get(id)!;
        const minutes = list.reduce((acc, b) => acc + b.end - b.start, 0);
        const again = allocate(trial, id, a.engineerId, minutes, earliestOn(v, a.engineerId), [0, 1]);
        fits = fitsRules(v, again.blocks, again.left);
        moved.set(id, again.blocks);
      }
      if (fits) {
        placed = mine.blocks;
        free.set(a.engineerId, trial);
        for (const [id, list] of moved) blocksOf.set(id, list);
      }
    }
    if (!placed && fixed.length === 0) {
      // Attempt 4: lay the engineer's whole timeline again, this unit included, dependencies first
      // and each unit as early as its own rules allow (a dependency the week split put late can
      // then finish early enough for the work waiting on it). Units whose placed dependents sit
      // with other engineers keep their time. All or nothing.
      const movable = [...blocksOf.keys()].filter(
        (id) =>
          !fixedUnits.has(id) &&
          assignment.get(id)?.engineerId === a.engineerId &&
          (dependents.get(id) ?? []).every(
            (d) => !blocksOf.has(d) || assignment.get(d)?.engineerId === a.engineerId,
          ),
      );
      const saved = new Map(movable.map((id) => [id, blocksOf.get(id)!]));
      const trial = cloneFree(f);
      for (const list of saved.values()) for (const b of list) release(trial, b.day, b.start, b.end);
      for (const id of movable) blocksOf.delete(id);
      const todo = new Set([...movable, u.id]);
      const laid: string[] = [];
      let fits = true;
      while (fits && todo.size > 0) {
        let pick: string | null = null;
        for (const id of todo) {
          if (ctx.unitById.get(id)!.deps.some((d) => todo.has(d))) continue;
          if (pick === null || lessKey(key.get(id)!, key.get(pick)!)) pick = id;
        }
        if (pick === null) break;
        todo.delete(pick);
        const v = ctx.unitById.get(pick)!;
        const minutes = pick === u.id ? need : saved.get(pick)!.reduce((acc, b) => acc + b.end - b.start, 0);
        const got = allocate(trial, pick, a.engineerId, minutes, earliestOn(v, a.engineerId), [0, 1]);
        fits = fitsRules(v, got.blocks, got.left);
        if (fits) {
          blocksOf.set(pick, got.blocks);
          laid.push(pick);
        }
      }
      if (fits && todo.size === 0) {
        placed = blocksOf.get(u.id)!;
        free.set(a.engineerId, trial);
      } else {
        for (const id of laid) blocksOf.delete(id);
        for (const [id, list] of saved) blocksOf.set(id, list);
      }
    }
    if (!placed && fixed.length === 0) {
      // Last attempt: another candidate engineer with time to spare, as early as possible, rather
      // than losing the unit and, with it, everything ranked below it on the roadmap. Time to
      // spare is what is left beyond the minutes of that engineer's own units still to place, so
      // one rescue does not start a cascade that drops someone else's work.
      for (const other of ctx.candidates.get(u.id) ?? []) {
        if (other === a.engineerId) continue;
        const trial = cloneFree(free.get(other)!);
        const all = allocate(trial, u.id, other, need, earliestOn(u, other), [0, 1]);
        if (ok(all.blocks, all.left) && freeMinutes(trial) >= pendingMinutes(other)) {
          placed = all.blocks;
          free.set(other, trial);
          engineerId = other;
          assignment.set(u.id, { ...a, engineerId: other });
          break;
        }
      }
    }
    if (!placed) {
      drop(
        u,
        u.dueDay !== undefined
          ? 'it cannot be finished by its due date with the time left'
          : pinDay !== undefined
            ? 'its pinned day has no room left'
            : u.deps.length > 0
              ? 'its engineer has no room left after its dependencies finish'
              : 'no engineer who could take it has room left',
      );
      continue;
    }
    blocksOf.set(u.id, [...fixed, ...placed]);
    if (engineerId !== a.engineerId) continue;
    const inWeek0 = placed.filter((b) => dayWeek(b.day) === 0).reduce((acc, b) => acc + b.end - b.start, 0);
    budget0.set(budgetKey(a), Math.max(0, budget - inWeek0));
  }

  const blocks: Block[] = [];
  const placedAssignments: { unitId: string; engineerId: string }[] = [];
  for (const a of assignments) {
    if (dropped.has(a.unitId)) continue;
    placedAssignments.push({ unitId: a.unitId, engineerId: assignment.get(a.unitId)!.engineerId });
  }
  for (const list of blocksOf.values()) blocks.push(...list);
  blocks.sort((p, q) =>
    p.engineerId < q.engineerId ? -1 : p.engineerId > q.engineerId ? 1 : p.start - q.start,
  );
  return { blocks, assignments: placedAssignments, dropped };
}
