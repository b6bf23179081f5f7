import type {
  PlanCustomer,
  PlanEngineer,
  PlanProblem,
  RoadmapItem,
  WorkWindow,
} from '../../../solver/planner';

/** Minute at which working day `d` starts (calendar days, no weekends in these tiny problems). */
export const DAY = 1440;

/** One 7-hour window (09:00–16:00) per listed day. */
export function windows(days: number[]): WorkWindow[] {
  return days.map((d) => ({ day: d, start: d * DAY + 540, end: d * DAY + 960 }));
}

export function engineer(id: string, over: Partial<PlanEngineer> = {}): PlanEngineer {
  return {
    id,
    name: id,
    skills: [],
    knownCustomerIds: [],
    windows: windows([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    p1Eligible: true,
    ...over,
  };
}

export function customer(id: string, over: Partial<PlanCustomer> = {}): PlanCustomer {
  return { id, name: id, subscriptionMinutes: 100_000, topUpMinutes: 0, techDebtShare: 0, ...over };
}

/** An item with a fixed estimate (low = high = `minutes`). */
export function item(
  id: string,
  customerId: string,
  rank: number,
  minutes: number,
  over: Partial<RoadmapItem> = {},
): RoadmapItem {
  return {
    id,
    customerId,
    title: id,
    kind: 'feature',
    rank,
    estimate: { low: minutes, high: minutes },
    skills: [],
    dependsOn: [],
    billable: true,
    ...over,
  };
}

export function problem(over: Partial<PlanProblem> = {}): PlanProblem {
  return {
    days: Array.from({ length: 10 }, (_, i) => ({
      index: i,
      week: i < 5 ? (0 as const) : (1 as const),
      label: `d${i}`,
    })),
    engineers: [engineer('A')],
    customers: [customer('C')],
    items: [],
    p1: { bufferMinutes: 0 },
    confidence: 'P50',
    seed: 1,
    monteCarloSamples: 200,
    ...over,
  };
}

export const OPTS = { backend: 'highs' as const, timeLimitSeconds: 20, relativeGap: 1e-6 };
