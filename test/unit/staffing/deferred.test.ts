import {
  deferredRequirement,
  projectDeferred,
  StaffingInputError,
  type DeferredWorkInput,
} from '../../../solver/staffing';

const HOUR = 60;
const DAY = 24 * HOUR;

/** Deterministic pseudo-random volumes (a linear congruential generator). */
function volumes(count: number, seed: number, max: number): number[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * max);
  });
}

/** Open periods of `hours` [from, to) on each of `days` days. */
function dailyOpen(days: number, from: number, to: number) {
  return Array.from({ length: days }, (_, d) => ({ start: d * DAY + from * HOUR, end: d * DAY + to * HOUR }));
}

/**
 * Independent backlog simulation on whole intervals (each interval fully open or fully closed).
 * A cohort arriving in interval i is worked from interval i + 1; its deadline runs from the start of
 * interval i on the calendar or the open clock; it is due at the end of the last open interval
 * ending by the deadline (or the first open interval after it arrives, when there is none). The
 * required share of every cohort is worked first, oldest first, then the rest, oldest first.
 * Returns, per simulated cohort that has a due interval inside the simulation, whether its
 * required share was finished by then.
 */
function simulate(
  input: DeferredWorkInput,
  agents: readonly number[],
  cycles: number,
): { cohort: number; met: boolean; work: number }[] {
  const len = input.intervalMinutes;
  const n = input.horizonMinutes / len;
  const total = n * cycles;
  const isOpen = (j: number) =>
    (input.openHours ?? [{ start: 0, end: Infinity }]).some(
      (o) => o.start <= (j % n) * len && (j % n) * len + len <= o.end,
    );
  const perInterval = Array.from({ length: n }, (_, j) => {
    const a = input.arrivals.find((x) => x.start === j * len);
    return a ? a.volume * a.ahtSeconds : 0;
  });
  const work = (j: number) => perInterval[j % n] ?? 0;
  const clock = [0];
  for (let m = 0; m < total; m++)
    clock.push((clock[m] ?? 0) + (input.deadlineBasis !== 'open' || isOpen(m) ? len : 0));
  const clockAt = (j: number) => clock[j] ?? Infinity;
  const dueOf = (i: number): number | null => {
    let due: number | null = null;
    for (let e = i + 1; e < total && clockAt(e + 1) <= clockAt(i) + input.deadlineMinutes; e++)
      if (isOpen(e)) due = e;
    if (due !== null) return due;
    for (let e = i + 1; e < total; e++) if (isOpen(e)) return e;
    return null;
  };

  const p = input.requiredShare;
  const first = Array.from({ length: total }, (_, i) => work(i) * p);
  const rest = Array.from({ length: total }, (_, i) => work(i) * (1 - p));
  const finishedBy = new Array<number>(total).fill(Infinity);
  for (let j = 0; j < total; j++) {
    let capacity = isOpen(j) ? (agents[j % n] ?? 0) * len * 60 : 0;
    for (const queue of [first, rest])
      for (let i = 0; i < j && capacity > 0; i++) {
        const take = Math.min(capacity, queue[i] ?? 0);
        queue[i] = (queue[i] ?? 0) - take;
        capacity -= take;
      }
    for (let i = 0; i < j; i++)
      if ((first[i] ?? 0) <= 1e-6 && finishedBy[i] === Infinity && work(i) > 0) finishedBy[i] = j;
  }
  const out: { cohort: number; met: boolean; work: number }[] = [];
  for (let i = 0; i < total; i++) {
    const due = dueOf(i);
    if (due === null || work(i) === 0) continue;
    out.push({ cohort: i, met: (finishedBy[i] ?? Infinity) <= due, work: work(i) });
  }
  return out;
}

describe('deferrable work within a deadline', () => {
  const week = 7 * DAY;
  const emailVolumes = volumes(week / 30, 7, 40);
  const email: DeferredWorkInput = {
    intervalMinutes: 30,
    horizonMinutes: week,
    arrivals: emailVolumes.map((v, j) => ({ start: j * 30, volume: v, ahtSeconds: 300 })),
    deadlineMinutes: DAY,
    requiredShare: 0.9,
    openHours: dailyOpen(7, 8, 20),
  };

  test('email, 90% within 24 h, open 08:00–20:00: every cohort meets its deadline, cycle after cycle', () => {
    const plan = deferredRequirement(email);
    const agents = plan.intervals.map((x) => x.agents);
    const results = simulate(email, agents, 3).filter((r) => r.cohort >= 336 && r.cohort < 2 * 336);
    expect(results.length).toBeGreaterThan(200);
    expect(results.filter((r) => !r.met)).toEqual([]);
    // Only open intervals are staffed, and the full workload is cleared each week.
    for (const x of plan.intervals) if (x.openMinutes === 0) expect(x.agents).toBe(0);
    const capacity = plan.intervals.reduce((s, x) => s + x.agents * x.openMinutes * 60, 0);
    const work = plan.intervals.reduce((s, x) => s + x.workloadSeconds, 0);
    expect(capacity).toBeGreaterThanOrEqual(work * (1 - 1e-9));
    expect(plan.extendedDeadlines).toEqual([]);
  });

  test('the projection of the planned level agrees with the simulation', () => {
    const plan = deferredRequirement(email);
    const projected = projectDeferred(
      email,
      plan.intervals.map((x) => x.agents),
    );
    for (const p of projected)
      if (p.shareWithinDeadline !== null) expect(p.shareWithinDeadline).toBeGreaterThanOrEqual(0.9 - 1e-9);
  });

  test('all of it within the deadline, oldest first', () => {
    const all = { ...email, requiredShare: 1 };
    const agents = deferredRequirement(all).intervals.map((x) => x.agents);
    const results = simulate(all, agents, 3).filter((r) => r.cohort >= 336 && r.cohort < 672);
    expect(results.filter((r) => !r.met)).toEqual([]);
    // Some slack must be needed: 95% of the level misses somewhere.
    const tight = simulate(
      all,
      agents.map((a) => a * 0.95),
      3,
    ).filter((r) => r.cohort >= 336 && r.cohort < 672);
    expect(tight.some((r) => !r.met)).toBe(true);
  });

  test('a single burst is spread as a constant level over its deadline window', () => {
    const burst: DeferredWorkInput = {
      intervalMinutes: 30,
      horizonMinutes: DAY,
      arrivals: [{ start: 0, volume: 100, ahtSeconds: 360 }],
      deadlineMinutes: 4 * HOUR,
      requiredShare: 1,
      cyclic: false,
    };
    const agents = deferredRequirement(burst).intervals.map((x) => x.agents);
    // Worked from interval 1, due by the end of interval 7 (4 h after the arrival interval starts).
    const level = 36000 / (7 * 1800);
    expect(agents[0]).toBe(0);
    for (let j = 1; j <= 7; j++) expect(agents[j]).toBeCloseTo(level, 9);
    for (let j = 8; j < agents.length; j++) expect(agents[j]).toBe(0);
  });

  test('social, 80% within 1 business day (480 open minutes, 09:00–17:00 on weekdays)', () => {
    const social: DeferredWorkInput = {
      intervalMinutes: 30,
      horizonMinutes: week,
      arrivals: volumes(week / 30, 11, 12).map((v, j) => ({ start: j * 30, volume: v, ahtSeconds: 240 })),
      deadlineMinutes: 480,
      deadlineBasis: 'open',
      requiredShare: 0.8,
      openHours: dailyOpen(5, 9, 17),
    };
    const plan = deferredRequirement(social);
    expect(plan.intervals.filter((x) => x.agents > 0).every((x) => x.openMinutes > 0)).toBe(true);
    const results = simulate(
      social,
      plan.intervals.map((x) => x.agents),
      3,
    ).filter((r) => r.cohort >= 336 && r.cohort < 672);
    expect(results.filter((r) => !r.met)).toEqual([]);
  });

  test('without cycling, work due after the horizon is not required within it', () => {
    const late: DeferredWorkInput = {
      intervalMinutes: 30,
      horizonMinutes: DAY,
      arrivals: [
        { start: 2 * HOUR, volume: 10, ahtSeconds: 180 },
        { start: 20 * HOUR, volume: 10, ahtSeconds: 180 },
      ],
      deadlineMinutes: 8 * HOUR,
      requiredShare: 1,
      cyclic: false,
    };
    const agents = deferredRequirement(late).intervals.map((x) => x.agents);
    // Only the 02:00 cohort counts: 1,800 agent-seconds over 02:30–10:00 (15 intervals).
    for (let j = 0; j < agents.length; j++)
      expect(agents[j]).toBeCloseTo(j >= 5 && j <= 19 ? 1800 / (15 * 1800) : 0, 12);
    const projected = projectDeferred(late, agents);
    expect(projected[4]?.shareWithinDeadline).toBeCloseTo(1, 9);
    expect(projected[40]?.shareWithinDeadline).toBeNull();
  });

  test('a deadline with no open time after the arrival is moved to the first open interval', () => {
    const plan = deferredRequirement({
      intervalMinutes: 30,
      horizonMinutes: DAY,
      arrivals: [{ start: 2 * HOUR, volume: 10, ahtSeconds: 180 }],
      deadlineMinutes: HOUR,
      requiredShare: 1,
      openHours: [{ start: 8 * HOUR, end: 18 * HOUR }],
      cyclic: false,
    });
    expect(plan.extendedDeadlines).toEqual([2 * HOUR]);
    // All of it lands in the first open interval, 08:00–08:30.
    expect(plan.intervals[16]?.agents).toBeCloseTo(1800 / 1800, 9);
    expect(plan.intervals.filter((x) => x.agents > 0).map((x) => x.start)).toEqual([8 * HOUR]);
  });

  test('work with no open time at all is an input error', () => {
    expect(() => deferredRequirement({ ...email, openHours: [] })).toThrow(/openHours: leave no open time/);
  });

  test('invalid input names the field', () => {
    try {
      deferredRequirement({
        ...email,
        requiredShare: 0,
        deadlineMinutes: -5,
        arrivals: [{ start: 7, volume: -1, ahtSeconds: 1 }],
      });
      throw new Error('expected a StaffingInputError');
    } catch (e) {
      expect(e).toBeInstanceOf(StaffingInputError);
      expect((e as StaffingInputError).issues.map((i) => i.path)).toEqual([
        'deadlineMinutes',
        'requiredShare',
        'arrivals[0].volume',
        'arrivals[0].start',
      ]);
    }
  });
});
