import type { StaffOnDuty } from './projection';
import { pooledRequirement, type ChannelRequirements } from './requirements';

const EPS = 1e-9;

/**
 * Allocates the agents on duty in one interval to channels, each only to a channel they are
 * skilled in, in three passes (most constrained agents, fewest skills, first in each):
 * 1. live channels (`required` in whole agents) get whole agents up to their requirement, each
 *    agent to the skilled live channel least filled relative to its requirement;
 * 2. the agents left share their time among the deferred channels (`deferred`; requirement in
 *    shares of an agent) up to each one's need, the neediest channel first;
 * 3. time still free goes to the agent's least-filled deferred channel (it clears backlog), or,
 *    for an agent with live skills only, to their least-filled live channel.
 */
export function allocateAgents(
  skills: readonly (readonly string[])[],
  required: Readonly<Record<string, number>>,
  deferred: ReadonlySet<string>,
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(Object.keys(required).map((c) => [c, 0]));
  const agents = skills
    .map((s) => s.filter((c) => c in required))
    .filter((s) => s.length > 0)
    .sort((a, b) => a.length - b.length)
    .map((s) => ({
      live: s.filter((c) => !deferred.has(c)),
      deferred: s.filter((c) => deferred.has(c)),
      free: 1,
    }));
  const fill = (c: string, add: number) => {
    const r = required[c] ?? 0;
    return r > 0 ? (out[c]! + add) / r : 1e9 + out[c]!;
  };
  const least = (channels: readonly string[], add: number) =>
    channels.reduce((best, c) =>
      fill(c, add) < fill(best, add) - EPS ||
      (Math.abs(fill(c, add) - fill(best, add)) <= EPS && (required[c] ?? 0) > (required[best] ?? 0))
        ? c
        : best,
    );

  for (const a of agents) {
    const short = a.live.filter((c) => out[c]! < (required[c] ?? 0) - EPS);
    if (short.length === 0) continue;
    out[least(short, 1)]! += 1;
    a.free = 0;
  }
  for (const a of agents) {
    while (a.free > EPS) {
      const needy = a.deferred
        .map((c) => ({ c, need: (required[c] ?? 0) - out[c]! }))
        .filter((x) => x.need > EPS)
        .sort((x, y) => y.need - x.need)[0];
      if (!needy) break;
      const take = Math.min(a.free, needy.need);
      out[needy.c]! += take;
      a.free -= take;
    }
  }
  for (const a of agents) {
    if (a.free <= EPS) continue;
    // Spare time on deferred work clears the backlog of the busy intervals before (deferred
    // requirements are levels over whole deadline windows), so it goes there first.
    if (a.deferred.length > 0) out[least(a.deferred, a.free)]! += a.free;
    else out[least(a.live, 1)]! += 1;
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
