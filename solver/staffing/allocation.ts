import type { StaffOnDuty } from './projection';
import { deferredShare, pooledRequirement, type ChannelRequirements } from './requirements';

const EPS = 1e-9;

interface AgentTime {
  readonly live: readonly string[];
  readonly deferred: readonly string[];
  /** Share of the agent not yet allocated, 0..1. */
  free: number;
  /** Share of the agent on each channel. */
  readonly on: Map<string, number>;
}

/**
 * Moves agent time onto `channels` up to `need`, along augmenting paths: time may reach a channel
 * through a chain of agents each moving to another channel they are skilled in, so a channel is
 * left short only when no reallocation could fill it (Hall's condition fails). Channels are
 * filled in turn, the least filled relative to its need first, so an unavoidable shortage is
 * spread; `unit` moves whole agents. Among paths, the one starting at the agent with the
 * smallest `cost` is taken (agents who could do other work are kept free for it).
 */
function fill(
  agents: AgentTime[],
  channels: readonly string[],
  need: Readonly<Record<string, number>>,
  out: Record<string, number>,
  skillsOf: (a: AgentTime) => readonly string[],
  cost: (a: AgentTime) => number,
  unit: boolean,
): void {
  const ratio = (c: string) => (out[c]! + (unit ? 1 : 0)) / need[c]!;
  const blocked = new Set<string>();
  for (;;) {
    const open = channels
      .filter((c) => !blocked.has(c) && (need[c] ?? 0) - out[c]! > EPS)
      .sort((a, b) => ratio(a) - ratio(b) || need[b]! - need[a]!);
    const target = open[0];
    if (target === undefined) return;
    // Cheapest path source → agent → channel (→ agent on it → channel …) ending at the target:
    // Bellman–Ford over the agents (costs are only at the source, so few rounds settle it).
    const dist = agents.map((a) => (a.free > EPS ? cost(a) : Infinity));
    const prev: Array<{ from: number; via: string } | null> = agents.map(() => null);
    const reach = new Map<string, { agent: number; d: number }>();
    for (let round = 0; round <= agents.length; round++) {
      let changed = false;
      agents.forEach((a, i) => {
        if (dist[i] === Infinity) return;
        for (const c of skillsOf(a)) {
          if (!(c in need)) continue;
          const r = reach.get(c);
          if (!r || dist[i]! < r.d) {
            reach.set(c, { agent: i, d: dist[i]! });
            changed = true;
          }
        }
      });
      for (const [c, r] of reach)
        agents.forEach((a, i) => {
          if ((a.on.get(c) ?? 0) > EPS && r.d < dist[i]! && skillsOf(a).length > 1) {
            dist[i] = r.d;
            prev[i] = { from: r.agent, via: c };
            changed = true;
          }
        });
      if (!changed) break;
    }
    const end = reach.get(target);
    if (!end) {
      blocked.add(target);
      continue;
    }
    // Walk back: agent end.agent moves (some of) its time onto `target`; each agent on the path
    // before it was reached through a channel it gives up in favour of the next one's.
    const path: Array<{ agent: number; to: string }> = [{ agent: end.agent, to: target }];
    const seen = new Set([end.agent]);
    for (let i = end.agent; prev[i];) {
      const { from, via } = prev[i]!;
      if (seen.has(from)) break;
      seen.add(from);
      path.push({ agent: from, to: via });
      i = from;
    }
    const first = path[path.length - 1]!;
    let amount = Math.min(agents[first.agent]!.free, need[target]! - out[target]!, unit ? 1 : Infinity);
    for (let k = 0; k < path.length - 1; k++) {
      const mover = agents[path[k]!.agent]!;
      const gives = path[k + 1]!.to;
      amount = Math.min(amount, mover.on.get(gives) ?? 0);
    }
    if (!(amount > EPS)) {
      blocked.add(target);
      continue;
    }
    agents[first.agent]!.free -= amount;
    for (let k = 0; k < path.length; k++) {
      const { agent, to } = path[k]!;
      const a = agents[agent]!;
      a.on.set(to, (a.on.get(to) ?? 0) + amount);
      if (k < path.length - 1) {
        const gives = path[k + 1]!.to;
        a.on.set(gives, (a.on.get(gives) ?? 0) - amount);
      }
    }
    out[target]! += amount;
  }
}

/**
 * Allocates the agents on duty in one interval to channels, each only to a channel they are
 * skilled in, in three passes:
 * 1. live channels (`required` in whole agents) get whole agents up to their requirement; a
 *    channel is short only if no reallocation of the agents could fill it, a shortage is spread
 *    over the channels in proportion to their requirements, and agents who could also do deferred
 *    work are used last;
 * 2. the agents left share their time among the deferred channels (`deferred`; requirement in
 *    shares of an agent) up to each one's need, again as fully as any allocation could;
 * 3. time still free goes to the agent's least-filled deferred channel (it clears backlog), or,
 *    for an agent with live skills only, to their least-filled live channel.
 */
export function allocateAgents(
  skills: readonly (readonly string[])[],
  required: Readonly<Record<string, number>>,
  deferred: ReadonlySet<string>,
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(Object.keys(required).map((c) => [c, 0]));
  const agents: AgentTime[] = skills
    .map((s) => [...new Set(s.filter((c) => c in required))])
    .filter((s) => s.length > 0)
    .map((s) => ({
      live: s.filter((c) => !deferred.has(c)),
      deferred: s.filter((c) => deferred.has(c)),
      free: 1,
      on: new Map<string, number>(),
    }));
  const channels = Object.keys(required);
  const live = channels.filter((c) => !deferred.has(c) && (required[c] ?? 0) > 0);
  const later = channels.filter((c) => deferred.has(c) && (required[c] ?? 0) > 0);
  const deferredNeed = (a: AgentTime) => a.deferred.filter((c) => (required[c] ?? 0) > 0).length;
  fill(agents, live, required, out, (a) => a.live, deferredNeed, true);
  fill(
    agents,
    later,
    required,
    out,
    (a) => a.deferred,
    (a) => a.deferred.length,
    false,
  );
  const least = (list: readonly string[], add: number) => {
    const level = (c: string) => {
      const r = required[c] ?? 0;
      return r > 0 ? (out[c]! + add) / r : 1e9 + out[c]!;
    };
    return list.reduce((best, c) =>
      level(c) < level(best) - EPS ||
      (Math.abs(level(c) - level(best)) <= EPS && (required[c] ?? 0) > (required[best] ?? 0))
        ? c
        : best,
    );
  };
  for (const a of agents) {
    if (a.free <= EPS) continue;
    // Spare time on deferred work clears the backlog of the busy intervals before (deferred
    // requirements are levels over whole deadline windows), so it goes there first.
    if (a.deferred.length > 0) out[least(a.deferred, a.free)]! += a.free;
    else out[least(a.live, 1)]! += a.free;
    a.free = 0;
  }
  for (const c of Object.keys(out)) out[c] = Math.round(out[c]! * 1e6) / 1e6;
  return out;
}

/** A desk's pooled requirement and its agents on duty allocated to channels, interval by interval. */
export interface DeskStaffing {
  /** Agents to roster per interval, the channels pooled ({@link pooledRequirement}). */
  readonly pooled: number[];
  /** Per interval: agents (or shares of agents, for deferred channels) per channel. */
  readonly allocated: Record<string, number>[];
  /** The allocation as the projection reads it (only channels with someone on them). */
  readonly staffOnDuty: StaffOnDuty[];
}

/**
 * The desk in every interval of a horizon: `onDuty[j]` lists the skills of each agent on duty in
 * interval j (the horizon has `onDuty.length` intervals of `intervalMinutes`).
 */
export function deskStaffing(
  channels: readonly ChannelRequirements[],
  onDuty: readonly (readonly (readonly string[])[])[],
  intervalMinutes: number,
): DeskStaffing {
  const slots = onDuty.length;
  const pooled = pooledRequirement(channels, slots);
  const deferred = new Set(channels.filter((c) => c.kind === 'deferred').map((c) => c.channel));
  const allocated: Record<string, number>[] = [];
  const staffOnDuty: StaffOnDuty[] = [];
  for (let j = 0; j < slots; j++) {
    const required = Object.fromEntries(channels.map((c) => [c.channel, c.intervals[j]?.required ?? 0]));
    const a = allocateAgents(onDuty[j]!, required, deferred);
    allocated.push(a);
    for (const c of channels)
      if ((a[c.channel] ?? 0) > 0)
        staffOnDuty.push({ start: j * intervalMinutes, channel: c.channel, agents: a[c.channel]! });
  }
  return { pooled, allocated, staffOnDuty };
}

/** A set of channels, the agents skilled in at least one of them, and what they need together. */
export interface SkillGroup {
  readonly channels: readonly string[];
  /** Indices (into the agents given) of the agents with a skill in `channels`. */
  readonly agents: readonly number[];
  /**
   * Per interval: the channels' pooled requirement ({@link pooledRequirement}), or for a group of
   * deferred channels only, the sum of their shares of an agent ({@link deferredShare}).
   */
  readonly required: readonly number[];
}

/**
 * The skill groups whose cover a roster must hold besides the whole desk's, so that the agents on
 * duty can be allocated to channels they are skilled in (Hall's condition: for every set S of
 * channels, the agents with a skill in S cover S's pooled need). One group per distinct set of
 * agents: channel sets served by exactly the same agents are merged (their union needs at least
 * as much), and sets served by every agent are left out (the whole desk's requirement covers
 * them). A channel set nobody is skilled in has no group: no roster can help it.
 */
export function skillGroups(
  channels: readonly ChannelRequirements[],
  agentSkills: readonly (readonly string[])[],
  length?: number,
): SkillGroup[] {
  const n = channels.length;
  const byAgents = new Map<string, { mask: number; agents: number[] }>();
  for (let mask = 1; mask < 1 << n; mask++) {
    const names = channels.filter((_c, i) => mask & (1 << i)).map((c) => c.channel);
    const agents: number[] = [];
    agentSkills.forEach((s, i) => {
      if (s.some((c) => names.includes(c))) agents.push(i);
    });
    if (agents.length === 0 || agents.length === agentSkills.length) continue;
    const key = agents.join(',');
    const prev = byAgents.get(key);
    byAgents.set(key, { mask: (prev?.mask ?? 0) | mask, agents });
  }
  return [...byAgents.values()]
    .sort((a, b) => a.mask - b.mask)
    .map(({ mask, agents }) => {
      const members = channels.filter((_c, i) => mask & (1 << i));
      const horizon = length ?? pooledRequirement(channels).length;
      // Deferred work alone is divisible: its group needs shares of an agent, not a whole one.
      const required = members.every((c) => c.kind === 'deferred')
        ? Array.from({ length: horizon }, (_, j) =>
            members.reduce((sum, c) => sum + deferredShare(c.intervals[j]?.rawAgents ?? 0, c.shrinkage), 0),
          ).map((x) => Math.round(x * 100) / 100)
        : pooledRequirement(members, horizon);
      return { channels: members.map((c) => c.channel), agents, required };
    });
}
