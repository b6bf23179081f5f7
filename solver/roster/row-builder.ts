/**
 * One person's rules, in the arrays the row builder reads. Shift types are indices 0..S-1; a day
 * off is S in cost arrays.
 */
export interface RowRules {
  readonly D: number;
  readonly S: number;
  /** `allowed[d·S + s]` = 1 when the person may work shift s on day d. */
  readonly allowed: Uint8Array;
  /** `forbid[a·S + b]` = 1 when b must not follow a on the next day. */
  readonly forbid: Uint8Array;
  /** Paid minutes per shift type. */
  readonly len: Int32Array;
  /** Most shifts of each type (a large number when unlimited). */
  readonly maxType: Int32Array;
  readonly minMinutes: number;
  readonly maxMinutes: number;
  readonly maxConsecutive: number;
  readonly minConsecutive: number;
  readonly minDaysOff: number;
  readonly maxWeekends: number;
  /** Weekend index of each day, or −1. */
  readonly weekendOf: Int32Array;
  /** Paid minutes per whole week (days 7k..7k+6), when the person has a weekly contract. */
  readonly weekly: { readonly min: number; readonly max: number } | null;
}

/** Extra cost per weekend worked, as a share of the largest cell cost, in the passes in turn. */
const WEEKEND_NUDGE = [0, 0.2, 2];

/** Most labels carried from one day to the next (the cheapest); bounds the work on long rows. */
const BEAM = 1000;

/** Indices (ascending) of the `k` cheapest of the first `n` labels. */
function cheapest(cost: Float64Array, n: number, k: number): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => cost[a]! - cost[b]!);
  return Int32Array.from(order.slice(0, k)).sort();
}

/** Moves labels `keep` (ascending) to the front of every array of a label table. */
function compact(
  t: {
    cls: Int32Array;
    run: Int32Array;
    start0: Uint8Array;
    minutes: Float64Array;
    week: Float64Array;
    weekends: Int32Array;
    lastWk: Int32Array;
    types: Int32Array;
    cost: Float64Array;
    parent: Int32Array;
    choice: Int32Array;
  },
  keep: Int32Array,
  L: number,
): void {
  keep.forEach((from, to) => {
    t.cls[to] = t.cls[from]!;
    t.run[to] = t.run[from]!;
    t.start0[to] = t.start0[from]!;
    t.minutes[to] = t.minutes[from]!;
    t.week[to] = t.week[from]!;
    t.weekends[to] = t.weekends[from]!;
    t.lastWk[to] = t.lastWk[from]!;
    t.cost[to] = t.cost[from]!;
    t.parent[to] = t.parent[from]!;
    t.choice[to] = t.choice[from]!;
    for (let k = 0; k < L; k++) t.types[to * L + k] = t.types[from * L + k]!;
  });
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The cheapest row (shift index or −1 per day) for one person that keeps every one of their
 * rules, for `cost[d·(S+1) + x]` (x = S: the day off), or null when none is found. A dynamic
 * programme over the days whose states are the last shift's succession class, the length of
 * the current run of work or days off, whether that run began on day 0 (exempt from the
 * minimum-length rules), the minutes worked so far within a band around an even pace towards the
 * minutes range, and the week's minutes under a weekly contract; the weekends and the per-type
 * counts ride along as resources that prune, not as state, and at most the 1,000 cheapest states
 * go on to the next day. That makes it a heuristic — two paths meeting in one state keep the
 * cheaper — so it retries nudging weekends, then for the rules alone; where those limits do not bind and
 * the beam is not full it is exact (checked against enumeration in the tests). A 364-day row with
 * ten shift types takes tens of milliseconds, with 32 types (Curtois 24) about 0.7 s.
 */
export function buildRow(rules: RowRules, cost: Float64Array): Int32Array | null {
  let scale = 0;
  for (const c of cost) scale = Math.max(scale, Math.abs(c));
  for (const nudge of WEEKEND_NUDGE) {
    const row = pass(rules, cost, nudge * scale);
    if (row) return row;
  }
  // Last, rules only: the cheap paths crowded out every path that keeps them.
  return pass(rules, new Float64Array(cost.length), 1);
}

function pass(r: RowRules, cost: Float64Array, weekendNudge: number): Int32Array | null {
  const { D, S, allowed, len, maxType } = r;
  const S1 = S + 1;
  if (D === 0) return new Int32Array(0);
  // Succession classes: shift types with the same forbidden successors behave alike as "last".
  const classOf = new Int32Array(S);
  const classRows: Uint8Array[] = [];
  const keyOf = new Map<string, number>();
  for (let s = 0; s < S; s++) {
    const row = r.forbid.subarray(s * S, s * S + S);
    const key = row.join('');
    let c = keyOf.get(key);
    if (c === undefined) {
      c = classRows.length;
      keyOf.set(key, c);
      classRows.push(Uint8Array.from(row));
    }
    classOf[s] = c;
  }
  const C = classRows.length; // class C = off
  const maxC = Math.min(r.maxConsecutive, D);
  const minC = Math.max(0, r.minConsecutive);
  const minO = Math.max(1, r.minDaysOff);
  const capWork = Math.max(1, maxC, minC);
  const capRun = Math.max(capWork, minO);
  // Types whose maximum can bind, counted per path.
  const limited: number[] = [];
  for (let s = 0; s < S; s++) {
    let days = 0;
    for (let d = 0; d < D; d++) days += allowed[d * S + s]!;
    if (days > maxType[s]!) limited.push(s);
  }
  const L = limited.length;
  const limIdx = new Int32Array(S).fill(-1);
  limited.forEach((s, i) => (limIdx[s] = i));

  // Minutes: tracked in quanta of the shifts' common divisor, within a band around even pace.
  let g = 0;
  let maxLen = 0;
  for (let s = 0; s < S; s++)
    if (len[s]! > 0) {
      g = gcd(g, len[s]!);
      maxLen = Math.max(maxLen, len[s]!);
    }
  const track = g > 0 && (r.minMinutes > 0 || Number.isFinite(r.maxMinutes));
  const reachAfter = new Float64Array(D + 1); // most minutes workable on days after d
  const paceDays = new Float64Array(D + 1);
  for (let d = D - 1; d >= 0; d--) {
    let m = 0;
    for (let s = 0; s < S; s++) if (allowed[d * S + s]) m = Math.max(m, len[s]!);
    reachAfter[d] = reachAfter[d + 1]! + m;
    paceDays[d] = paceDays[d + 1]! + (m > 0 ? 1 : 0);
  }
  const totalPace = Math.max(1, paceDays[0]!);
  const target = Number.isFinite(r.maxMinutes) ? (r.minMinutes + r.maxMinutes) / 2 : r.minMinutes;
  const band = track ? (Math.min(maxC, 7) + Math.min(minO, 7) + 2) * maxLen : 0;
  const M = track ? Math.floor((2 * band) / g) + 1 : 1;
  /** Lowest minutes of the band after day d (the band is [lo, lo + 2·band]). */
  const bandLo = (d: number) => Math.floor((target * (1 - paceDays[d + 1]! / totalPace) - band) / g) * g;

  // Shifts allowed per day, as a flat list: day d's are choice[choiceStart[d] .. choiceStart[d+1]).
  const choiceStart = new Int32Array(D + 1);
  const choiceList: number[] = [];
  for (let d = 0; d < D; d++) {
    choiceStart[d] = choiceList.length;
    for (let s = 0; s < S; s++) if (allowed[d * S + s]) choiceList.push(s);
  }
  choiceStart[D] = choiceList.length;
  const choice = Int32Array.from(choiceList);

  // With a weekly contract the week's minutes so far are state too.
  const W = r.weekly && g > 0 ? Math.floor(Math.min(r.weekly.max, 7 * maxLen) / g) + 1 : 1;
  const slots = (C + 1) * (capRun + 1) * 2 * M * W;
  const slotLabel = new Int32Array(slots).fill(-1);

  // Labels of the current day (struct of arrays) and, per day, each label's parent and choice.
  let n = 0;
  let lab = {
    cls: new Int32Array(0),
    run: new Int32Array(0),
    start0: new Uint8Array(0),
    minutes: new Float64Array(0),
    week: new Float64Array(0),
    weekends: new Int32Array(0),
    lastWk: new Int32Array(0),
    types: new Int32Array(0),
    cost: new Float64Array(0),
  };
  const parents: Int32Array[] = [];
  const choices: Int32Array[] = [];

  let next = alloc(64);
  function alloc(cap: number) {
    return {
      cap,
      n: 0,
      cls: new Int32Array(cap),
      run: new Int32Array(cap),
      start0: new Uint8Array(cap),
      minutes: new Float64Array(cap),
      week: new Float64Array(cap),
      weekends: new Int32Array(cap),
      lastWk: new Int32Array(cap),
      types: new Int32Array(cap * L),
      cost: new Float64Array(cap),
      parent: new Int32Array(cap),
      choice: new Int32Array(cap),
      slot: new Int32Array(cap),
    };
  }
  type Next = ReturnType<typeof alloc>;
  function grow(t: Next): Next {
    const u = alloc(t.cap * 2);
    u.n = t.n;
    u.cls.set(t.cls);
    u.run.set(t.run);
    u.start0.set(t.start0);
    u.minutes.set(t.minutes);
    u.week.set(t.week);
    u.weekends.set(t.weekends);
    u.lastWk.set(t.lastWk);
    u.types.set(t.types);
    u.cost.set(t.cost);
    u.parent.set(t.parent);
    u.choice.set(t.choice);
    u.slot.set(t.slot);
    return u;
  }

  for (let d = 0; d < D; d++) {
    next.n = 0;
    const lo = track ? bandLo(d) : 0;
    const weekEnd = r.weekly !== null && d % 7 === 6;
    const wk = r.weekendOf[d]!;
    const from = d === 0 ? 1 : n; // day 0 extends one virtual label: off before the horizon
    for (let i = 0; i < from; i++) {
      const first = d === 0;
      const cls = first ? C : lab.cls[i]!;
      const run = first ? 0 : lab.run[i]!;
      const start0 = first ? 1 : lab.start0[i]!;
      const minutes = first ? 0 : lab.minutes[i]!;
      const week = first ? 0 : lab.week[i]!;
      const weekends = first ? 0 : lab.weekends[i]!;
      const lastWk = first ? -1 : lab.lastWk[i]!;
      const base = first ? 0 : lab.cost[i]!;
      for (let q = choiceStart[d]! - 1; q < choiceStart[d + 1]!; q++) {
        const x = q < choiceStart[d]! ? -1 : choice[q]!;
        let ncls: number;
        let nrun: number;
        let nstart0: number;
        let nmin = minutes;
        let nweek = week;
        let nwe = weekends;
        let nlastWk = lastWk;
        let c = base;
        if (x < 0) {
          c += cost[d * S1 + S]!;
          if (first) {
            ncls = C;
            nrun = 1;
            nstart0 = 1;
          } else if (cls === C) {
            ncls = C;
            nrun = Math.min(run + 1, capRun);
            nstart0 = start0;
          } else {
            if (!start0 && run < minC) continue;
            ncls = C;
            nrun = 1;
            nstart0 = 0;
          }
        } else {
          const li = limIdx[x]!;
          if (li >= 0 && !first && lab.types[i * L + li]! + 1 > maxType[x]!) continue;
          if (li >= 0 && first && 1 > maxType[x]!) continue;
          c += cost[d * S1 + x]!;
          if (first) {
            nrun = 1;
            nstart0 = 1;
          } else if (cls === C) {
            if (!start0 && run < minO) continue;
            nrun = 1;
            nstart0 = 0;
          } else {
            if (classRows[cls]![x]) continue;
            if (run + 1 > maxC) continue;
            nrun = Math.min(run + 1, capWork);
            nstart0 = start0;
          }
          ncls = classOf[x]!;
          nmin += len[x]!;
          if (nmin > r.maxMinutes) continue;
          nweek += len[x]!;
          if (r.weekly && nweek > r.weekly.max) continue;
          if (wk >= 0 && lastWk !== wk) {
            nwe++;
            nlastWk = wk;
            if (nwe > r.maxWeekends) continue;
            c += weekendNudge;
          }
        }
        if (weekEnd) {
          if (nweek < r.weekly!.min) continue;
          nweek = 0;
        }
        if (nmin + reachAfter[d + 1]! < r.minMinutes) continue;
        let m = 0;
        if (track) {
          m = (nmin - lo) / g;
          if (m < 0 || m >= M) continue;
        }
        const slot = (((ncls * (capRun + 1) + nrun) * 2 + nstart0) * M + m) * W + (W > 1 ? nweek / g : 0);
        let j = slotLabel[slot]!;
        if (j >= 0 && next.cost[j]! <= c) continue;
        if (j < 0) {
          if (next.n === next.cap) next = grow(next);
          j = next.n++;
          slotLabel[slot] = j;
          next.slot[j] = slot;
        }
        next.cls[j] = ncls;
        next.run[j] = nrun;
        next.start0[j] = nstart0;
        next.minutes[j] = nmin;
        next.week[j] = nweek;
        next.weekends[j] = nwe;
        next.lastWk[j] = nlastWk;
        next.cost[j] = c;
        next.parent[j] = first ? -1 : i;
        next.choice[j] = x;
        if (L > 0) {
          for (let k = 0; k < L; k++) next.types[j * L + k] = first ? 0 : lab.types[i * L + k]!;
          const li = x >= 0 ? limIdx[x]! : -1;
          if (li >= 0) next.types[j * L + li]!++;
        }
      }
    }
    for (let j = 0; j < next.n; j++) slotLabel[next.slot[j]!] = -1;
    if (next.n === 0) return null;
    n = next.n;
    if (n > BEAM) {
      compact(next, cheapest(next.cost, n, BEAM), L);
      n = BEAM;
    }
    parents.push(next.parent.slice(0, n));
    choices.push(next.choice.slice(0, n));
    lab = {
      cls: next.cls.slice(0, n),
      run: next.run.slice(0, n),
      start0: next.start0.slice(0, n),
      minutes: next.minutes.slice(0, n),
      week: next.week.slice(0, n),
      weekends: next.weekends.slice(0, n),
      lastWk: next.lastWk.slice(0, n),
      types: next.types.slice(0, n * L),
      cost: next.cost.slice(0, n),
    };
  }
  // The last runs touch the horizon's end, so only the minutes' minimum is left to check.
  let best = -1;
  for (let i = 0; i < n; i++) {
    if (lab.minutes[i]! < r.minMinutes) continue;
    if (best < 0 || lab.cost[i]! < lab.cost[best]!) best = i;
  }
  if (best < 0) return null;
  const row = new Int32Array(D);
  for (let d = D - 1, i = best; d >= 0; d--) {
    row[d] = choices[d]![i]!;
    i = parents[d]![i]!;
  }
  return row;
}
