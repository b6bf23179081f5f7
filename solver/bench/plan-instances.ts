/**
 * Seeded generator of realistic planning organisations for the benchmark and tests: working
 * patterns and part-timers, leave and a regional holiday, skills, known customers, subscriptions,
 * ranked roadmaps with estimate ranges, dependencies, some due dates, pins and work in progress.
 */
import {
  Random,
  type ItemKind,
  type PlanCustomer,
  type PlanDay,
  type PlanEngineer,
  type PlanProblem,
  type RoadmapItem,
  type UnavailableReason,
  type WorkWindow,
} from '../planner';

export interface PlanSize {
  readonly name: string;
  readonly engineers: number;
  readonly customers: number;
  readonly items: number;
}

export const PLAN_SIZES: Record<string, PlanSize> = {
  S: { name: 'S', engineers: 8, customers: 10, items: 120 },
  M: { name: 'M', engineers: 40, customers: 40, items: 600 },
  L: { name: 'L', engineers: 150, customers: 120, items: 2500 },
};

const SKILLS = ['node', 'react', 'postgres', 'aws', 'python', 'ios', 'android', 'devops'];
const FIRST = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'Jo',
  'Kai',
  'Lea',
  'Max',
  'Nia',
];
const LIKELY_HOURS = [2, 3, 4, 4, 6, 6, 8, 8, 10, 12, 16, 16, 24, 40];

/** Minute of the horizon at which working day `d` (0..9, Mon–Fri twice) starts: calendar days skip weekends. */
const dayStart = (d: number): number => (d < 5 ? d : d + 2) * 1440;

function label(d: number): string {
  const base = Date.UTC(2026, 2, 30); // Monday 30 March 2026
  return new Date(base + (d < 5 ? d : d + 2) * 86_400_000).toISOString().slice(0, 10);
}

/** A deterministic organisation of the given size. */
export function generatePlanProblem(size: PlanSize, seed = 1): PlanProblem {
  const rng = new Random(seed * 7919 + size.engineers);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
  const days: PlanDay[] = Array.from({ length: 10 }, (_, i) => ({
    index: i,
    week: i < 5 ? 0 : 1,
    label: label(i),
  }));

  const customers: PlanCustomer[] = [];
  const stacks: string[][] = [];
  for (let c = 0; c < size.customers; c++) {
    stacks.push(rng.next() < 0.5 ? [pick(SKILLS), pick(SKILLS)] : [pick(SKILLS), pick(SKILLS), pick(SKILLS)]);
  }

  const engineers: PlanEngineer[] = [];
  let capacityMinutes = 0;
  for (let e = 0; e < size.engineers; e++) {
    const partTime = rng.next() < 0.2;
    const workDays = partTime ? rng.int(3, 4) : 5;
    const shortDays = !partTime && rng.next() < 0.1; // 9:30–14:30, no lunch
    const offWeekdays = new Set(rng.sampleIndices(5, 5 - workDays));
    const leave = rng.next() < 0.15 ? new Set(rng.sampleIndices(10, rng.int(1, 3))) : new Set<number>();
    const holiday = rng.next() < 0.1; // regional public holiday on day 0
    const windows: WorkWindow[] = [];
    const reasons: UnavailableReason[] = [];
    for (let d = 0; d < 10; d++) {
      const s = dayStart(d);
      if (offWeekdays.has(d % 5)) continue;
      const full = shortDays ? 300 : 420;
      if (holiday && d === 0) {
        reasons.push({ day: d, minutes: full, reason: 'public holiday (Easter Monday)' });
        continue;
      }
      if (leave.has(d)) {
        reasons.push({ day: d, minutes: full, reason: 'annual leave' });
        continue;
      }
      if (shortDays) windows.push({ day: d, start: s + 570, end: s + 870 });
      else {
        windows.push({ day: d, start: s + 570, end: s + 750 });
        windows.push({ day: d, start: s + 810, end: s + 1050 });
      }
    }
    const skills = [...new Set([pick(SKILLS), pick(SKILLS)])];
    const known = rng.next() < 0.5 ? [rng.int(0, size.customers - 1)] : [];
    const weekly = Math.round((1680 * workDays) / 5 / 15) * 15;
    capacityMinutes += windows.reduce((a, w) => a + w.end - w.start, 0);
    engineers.push({
      id: `E${e + 1}`,
      name: `${FIRST[e % FIRST.length]}${e >= FIRST.length ? ` ${Math.floor(e / FIRST.length) + 1}` : ''}`,
      skills,
      knownCustomerIds: known.map((k) => `C${k + 1}`) as string[],
      windows,
      weeklyTargetMinutes: shortDays ? 1500 : weekly,
      p1Eligible: rng.next() < 0.7,
      unavailableReasons: reasons,
    });
  }
  // Each customer has a team of 2–4 engineers who know it and cover its whole stack.
  stacks.forEach((stack, c) => {
    const team = rng.sampleIndices(engineers.length, Math.min(engineers.length, rng.int(2, 4)));
    for (const t of team) {
      const e = engineers[t]!;
      for (const s of stack) if (!e.skills.includes(s)) (e.skills as string[]).push(s);
      if (!e.knownCustomerIds.includes(`C${c + 1}`)) (e.knownCustomerIds as string[]).push(`C${c + 1}`);
    }
  });

  // Subscriptions share ~125% of the billable target capacity, skewed (a few large customers).
  const weightsC = Array.from({ length: size.customers }, () => 0.3 + rng.next() ** 2 * 3);
  const wsum = weightsC.reduce((a, b) => a + b, 0);
  const targetTotal = Math.min(
    capacityMinutes,
    engineers.reduce((a, e) => a + 2 * (e.weeklyTargetMinutes ?? 1680), 0),
  );
  for (let c = 0; c < size.customers; c++) {
    const sub = Math.max(960, Math.round((1.25 * targetTotal * weightsC[c]!) / wsum / 60) * 60);
    customers.push({
      id: `C${c + 1}`,
      name: `Customer ${c + 1}`,
      subscriptionMinutes: sub,
      topUpMinutes: Math.round((sub * pick([0, 0.1, 0.15, 0.2])) / 15) * 15,
      techDebtShare: pick([0, 0.1, 0.2, 0.2]),
    });
  }

  // Items: at least 3 per customer, the rest proportional to subscription.
  const items: RoadmapItem[] = [];
  const counts = customers.map(() => 3);
  for (let i = 3 * size.customers; i < size.items; i++) {
    let r = rng.next() * wsum;
    let c = 0;
    while (c < size.customers - 1 && r > weightsC[c]!) r -= weightsC[c++]!;
    counts[c]!++;
  }
  let n = 0;
  customers.forEach((cust, c) => {
    const ids: string[] = [];
    for (let rank = 1; rank <= counts[c]!; rank++) {
      const id = `I${++n}`;
      const kindRoll = rng.next();
      const kind: ItemKind =
        kindRoll < 0.35
          ? 'feature'
          : kindRoll < 0.6
            ? 'improvement'
            : kindRoll < 0.85
              ? 'bugfix'
              : 'techdebt';
      const likely = pick(LIKELY_HOURS) * 60;
      const low = Math.round((likely * (0.5 + rng.next() * 0.3)) / 15) * 15;
      const high = Math.round((likely * (1.2 + rng.next() * 0.8)) / 15) * 15;
      const stack = stacks[c]!;
      const skills =
        rng.next() < 0.2 ? [] : rng.next() < 0.7 ? [pick(stack)] : [...new Set([pick(stack), pick(stack)])];
      const dependsOn =
        ids.length > 0 && rng.next() < 0.15
          ? [ids[rng.int(Math.max(0, ids.length - 4), ids.length - 1)]!]
          : [];
      const item: RoadmapItem = {
        id,
        customerId: cust.id,
        title: `${kind} ${id} for ${cust.name}`,
        kind,
        rank,
        estimate: { low: Math.max(30, low), likely, high: Math.max(high, likely) },
        skills,
        dependsOn,
        billable: kind !== 'techdebt' || rng.next() < 0.7,
        ...(rank <= 5 && rng.next() < 0.08 ? { dueDay: rng.int(4, 9) } : {}),
      };
      const able = engineers.filter((e) => skills.every((s) => e.skills.includes(s)));
      const knowing = able.filter((e) => e.knownCustomerIds.includes(cust.id));
      const roll = rng.next();
      if (rank === 1 && knowing.length > 0 && roll < 0.05 && likely <= 16 * 60) {
        const e = pick(knowing);
        const pinDay =
          rng.next() < 0.5 ? e.windows[rng.int(0, Math.max(0, e.windows.length - 1))]?.day : undefined;
        items.push({ ...item, pin: { engineerId: e.id, ...(pinDay !== undefined ? { day: pinDay } : {}) } });
      } else if (rank === 1 && knowing.length > 0 && roll < 0.15) {
        items.push({ ...item, inProgressEngineerId: pick(knowing).id });
      } else items.push(item);
      ids.push(id);
    }
  });

  return {
    days,
    engineers,
    customers,
    items,
    p1: { bufferMinutes: 120 },
    confidence: 'P80',
    seed,
  };
}
