import { IssueList, StaffingInputError } from './errors';

/*
 * Erlang C for contact-centre staffing, computed without factorials or powers so that it stays
 * finite for traffic of thousands of Erlangs. Erlang B comes from its recursion
 *   B(0) = 1,  B(n) = A·B(n−1) / (n + A·B(n−1)),
 * every term of which lies in (0, 1]; Erlang C follows as C = N·B / (N − A·(1 − B)).
 * Traffic A is in Erlangs (busy servers on average); times are in seconds.
 */

/** Traffic intensity in Erlangs: `volume × AHT / interval` (contacts, seconds, seconds). */
export function trafficErlangs(volume: number, ahtSeconds: number, intervalSeconds: number): number {
  return (volume * ahtSeconds) / intervalSeconds;
}

/** One step of the Erlang B recursion: B(n) from B(n − 1), for traffic `traffic` Erlangs. */
function erlangBStep(n: number, previous: number, traffic: number): number {
  const x = traffic * previous;
  return x / (n + x);
}

/** Erlang B blocking probability for `servers` (integer ≥ 0) and `traffic` Erlangs. */
export function erlangB(servers: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= servers; n++) b = erlangBStep(n, b, traffic);
  return b;
}

/** Erlang C from Erlang B; 1 when the queue is unstable (N ≤ A), 0 without traffic. */
function erlangCFromB(servers: number, traffic: number, b: number): number {
  if (traffic <= 0) return 0;
  if (servers <= traffic) return 1;
  return (servers * b) / (servers - traffic * (1 - b));
}

/**
 * Erlang C: probability that a contact has to wait, for `servers` agents (integer) and `traffic`
 * Erlangs. 1 when `servers ≤ traffic` (the queue grows without bound), 0 when there is no traffic.
 */
export function erlangC(servers: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (servers <= traffic) return 1;
  return erlangCFromB(servers, traffic, erlangB(servers, traffic));
}

/** Service level from a known probability of waiting: `1 − C·e^{−(N−A)·t/AHT}`. */
function serviceLevelFromC(
  servers: number,
  traffic: number,
  c: number,
  targetSeconds: number,
  ahtSeconds: number,
): number {
  if (traffic <= 0) return 1;
  if (servers <= traffic) return 0;
  return 1 - c * Math.exp((-(servers - traffic) * targetSeconds) / ahtSeconds);
}

/** Average speed of answer from a known probability of waiting: `C·AHT/(N−A)`, seconds. */
function asaFromC(servers: number, traffic: number, c: number, ahtSeconds: number): number {
  if (traffic <= 0) return 0;
  if (servers <= traffic) return Infinity;
  return (c * ahtSeconds) / (servers - traffic);
}

/**
 * Service level: share of contacts answered within `targetSeconds`, for `servers` agents and
 * `traffic` Erlangs with average handle time `ahtSeconds`: `1 − C·e^{−(N−A)·t/AHT}`.
 * 0 when `servers ≤ traffic`; 1 when there is no traffic (nobody waits).
 */
export function serviceLevel(
  servers: number,
  traffic: number,
  targetSeconds: number,
  ahtSeconds: number,
): number {
  return serviceLevelFromC(servers, traffic, erlangC(servers, traffic), targetSeconds, ahtSeconds);
}

/**
 * Average speed of answer in seconds: `C·AHT/(N−A)`. Infinity when `servers ≤ traffic`; 0 without
 * traffic.
 */
export function averageSpeedOfAnswer(servers: number, traffic: number, ahtSeconds: number): number {
  return asaFromC(servers, traffic, erlangC(servers, traffic), ahtSeconds);
}

/** Occupancy: share of agent time spent handling, `A/N` (0 for no agents). */
export function occupancy(servers: number, traffic: number): number {
  return servers > 0 ? traffic / servers : 0;
}

/** Queue performance of a given number of agents. */
export interface ErlangMetrics {
  /** Agents (heads on the queue). */
  readonly agents: number;
  /** Share of contacts answered within the target time, 0..1. */
  readonly serviceLevel: number;
  /** Average speed of answer, seconds (Infinity when understaffed). */
  readonly asa: number;
  /** Share of agent capacity busy: `A/(N·concurrency)`, 0..1 (may exceed 1 when understaffed). */
  readonly occupancy: number;
  /** Offered traffic, Erlangs. */
  readonly trafficErlangs: number;
}

/**
 * Concurrency (chat): an agent handling `c` conversations at once is modelled as `c` independent
 * servers, so N agents ↔ N·c Erlang C servers, with the AHT taken as given per conversation (as
 * measured while multitasking). This slightly flatters chat, since a real agent's handle time
 * stretches with concurrency; feed the concurrent AHT, not the one-at-a-time AHT.
 */
function servers(agents: number, concurrency: number): number {
  return agents * concurrency;
}

/**
 * Service level, ASA and occupancy of `agents` agents (integer ≥ 0) facing `traffic` Erlangs, each
 * agent handling `concurrency` contacts at once (see the concurrency approximation above).
 */
export function erlangMetrics(
  agents: number,
  traffic: number,
  targetSeconds: number,
  ahtSeconds: number,
  concurrency = 1,
): ErlangMetrics {
  const s = servers(agents, concurrency);
  const c = erlangC(s, traffic);
  return {
    agents,
    serviceLevel: serviceLevelFromC(s, traffic, c, targetSeconds, ahtSeconds),
    asa: asaFromC(s, traffic, c, ahtSeconds),
    occupancy: occupancy(s, traffic),
    trafficErlangs: traffic,
  };
}

/** Input of {@link agentsNeeded}. */
export interface AgentsNeededInput {
  /** Contacts arriving in the interval. */
  readonly volume: number;
  /** Interval length, seconds (1800 for 30 min). */
  readonly intervalSeconds: number;
  /** Average handle time per contact, seconds. */
  readonly ahtSeconds: number;
  /** Required share answered within `targetSeconds`, in [0, 1). */
  readonly targetServiceLevel: number;
  /** Answer-time target, seconds (20 for "80% in 20 s"). */
  readonly targetSeconds: number;
  /** Occupancy cap, in (0, 1]. */
  readonly maxOccupancy?: number;
  /** Average-speed-of-answer cap, seconds (> 0). */
  readonly maxAsaSeconds?: number;
  /** Contacts an agent handles at once (integer ≥ 1, chat); default 1. */
  readonly concurrency?: number;
}

/** Guards against float noise when a target is met exactly (e.g. occupancy cap A/N = 0.85). */
const EPSILON = 1e-12;

/**
 * The most agents one live channel may need in one interval, far above any real desk. The search
 * below steps up one agent at a time, synchronously, so an absurd load (or a near-zero occupancy
 * cap) is refused instead of holding the process for minutes or hours.
 */
export const MAX_AGENTS_PER_INTERVAL = 100_000;

/**
 * Smallest number of agents N (with N·concurrency > A) whose service level meets the target,
 * whose ASA is within the cap (if given) and whose occupancy is within the cap (if given).
 * Starts from the lower bound set by traffic and occupancy and steps up one agent at a time,
 * carrying Erlang B forward incrementally, so the cost is O(N) even for thousands of Erlangs.
 * No traffic needs no agents. Throws {@link StaffingInputError} on invalid input.
 */
export function agentsNeeded(input: AgentsNeededInput): ErlangMetrics {
  const issues = new IssueList();
  issues.number('volume', input.volume, 0);
  issues.above('intervalSeconds', input.intervalSeconds, 0);
  issues.number('ahtSeconds', input.ahtSeconds, 0);
  issues.number('targetServiceLevel', input.targetServiceLevel, 0, 1, true);
  issues.number('targetSeconds', input.targetSeconds, 0);
  if (input.maxOccupancy !== undefined) {
    issues.above('maxOccupancy', input.maxOccupancy, 0);
    issues.number('maxOccupancy', input.maxOccupancy, 0, 1);
  }
  if (input.maxAsaSeconds !== undefined) issues.above('maxAsaSeconds', input.maxAsaSeconds, 0);
  if (input.concurrency !== undefined) issues.integer('concurrency', input.concurrency, 1);
  issues.throwIfAny();

  const concurrency = input.concurrency ?? 1;
  const a = trafficErlangs(input.volume, input.ahtSeconds, input.intervalSeconds);
  if (a <= 0) return { agents: 0, serviceLevel: 1, asa: 0, occupancy: 0, trafficErlangs: 0 };

  // Lower bounds: a stable queue (N·c > A) and the occupancy cap (A/(N·c) ≤ cap).
  let agents = Math.floor(a / concurrency) + 1;
  if (input.maxOccupancy !== undefined)
    agents = Math.max(agents, Math.ceil(a / (concurrency * input.maxOccupancy) - EPSILON));

  const tooMany = (path: string): StaffingInputError =>
    new StaffingInputError([
      { path, message: `would need more than ${MAX_AGENTS_PER_INTERVAL} agents in one interval` },
    ]);
  if (agents > MAX_AGENTS_PER_INTERVAL)
    throw tooMany(Math.floor(a / concurrency) + 1 > MAX_AGENTS_PER_INTERVAL ? 'volume' : 'maxOccupancy');

  let n = 0; // servers for which `b` holds Erlang B
  let b = 1;
  for (;;) {
    const s = servers(agents, concurrency);
    for (; n < s;) b = erlangBStep(++n, b, a);
    const c = erlangCFromB(s, a, b);
    const sl = serviceLevelFromC(s, a, c, input.targetSeconds, input.ahtSeconds);
    const asa = asaFromC(s, a, c, input.ahtSeconds);
    const slOk = sl >= input.targetServiceLevel - EPSILON;
    const asaOk = input.maxAsaSeconds === undefined || asa <= input.maxAsaSeconds + EPSILON;
    if (slOk && asaOk)
      return { agents, serviceLevel: sl, asa, occupancy: occupancy(s, a), trafficErlangs: a };
    if (++agents > MAX_AGENTS_PER_INTERVAL) throw tooMany('targetServiceLevel');
  }
}
