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
  /** Days (1) on which the person must work one of the shifts `allowed` gives that day. */
  readonly mustWork?: Uint8Array;
  /**
   * When these days are a window of a longer row ({@link windowRules}): the run that ends the day
   * before the first day (its last shift, or −1 for days off; its length; whether it began on the
   * longer row's first day, which exempts it from the minimum lengths).
   */
  readonly before?: Boundary;
  /**
   * …and the run that begins the day after the last day (its first shift or −1; its length;
   * whether it reaches the longer row's last day, which exempts it from the minimum lengths).
   */
  readonly after?: Boundary;
}

/** A run of work (`shift` ≥ 0: the shift next to the window) or of days off (`shift` −1). */
export interface Boundary {
  readonly shift: number;
  readonly run: number;
  readonly exempt: boolean;
}

/**
 * Rules for days [a, b) of person's row `row` (shift index or −1 per day) with every other day
 * kept as it is: the totals (minutes, shifts of each type, weekends) less what the kept days use,
 * the runs either side as boundaries, and the weekends the kept days already work no longer
 * counted again. With a weekly contract a and b must be whole weeks from day 0 (b may be the last
 * day). Pricing a window this way costs what a row of b − a days does, whatever the horizon.
 */
export function windowRules(rules: RowRules, row: ArrayLike<number>, a: number, b: number): RowRules {
  const { D, S } = rules;
  if (!(0 <= a && a < b && b <= D)) throw new RangeError(`window [${a}, ${b}) outside 0..${D}`);
  if (rules.weekly && (a % 7 !== 0 || (b % 7 !== 0 && b !== D)))
    throw new RangeError('a window of a row with a weekly contract must be whole weeks');
  let minutes = 0;
  const types = Int32Array.from(rules.maxType);
  const keptWeekends = new Set<number>();
  for (let d = 0; d < D; d++) {
    const x = row[d]!;
    if ((d >= a && d < b) || x < 0) continue;
    minutes += rules.len[x]!;
    types[x]!--;
    if (rules.weekendOf[d]! >= 0) keptWeekends.add(rules.weekendOf[d]!);
  }
  // The window's own weekends, numbered from 0 (the row builder sizes its state by them).
  const renumber = new Map<number, number>();
  const weekendOf = new Int32Array(b - a).fill(-1);
  for (let d = a; d < b; d++) {
    const w = rules.weekendOf[d]!;
    if (w < 0 || keptWeekends.has(w)) continue;
    if (!renumber.has(w)) renumber.set(w, renumber.size);
    weekendOf[d - a] = renumber.get(w)!;
  }
  const runAt = (from: number, step: 1 | -1): Boundary | undefined => {
    if (from < 0 || from >= D) return undefined;
    const work = row[from]! >= 0;
    let d = from;
    while (d + step >= 0 && d + step < D && row[d + step]! >= 0 === work) d += step;
    return { shift: row[from]!, run: Math.abs(d - from) + 1, exempt: step === -1 ? d === 0 : d === D - 1 };
  };
  const mustWork = rules.mustWork?.slice(a, b);
  return {
    ...rules,
    D: b - a,
    allowed: rules.allowed.slice(a * S, b * S),
    maxType: types,
    minMinutes: Math.max(0, rules.minMinutes - minutes),
    maxMinutes: rules.maxMinutes - minutes,
    maxWeekends: rules.maxWeekends - keptWeekends.size,
    weekendOf,
    ...(mustWork ? { mustWork } : {}),
    before: runAt(a - 1, -1),
    after: runAt(b, 1),
  };
}

/** Extra cost per weekend worked, as a share of the largest cell cost, in the passes in turn. */
const WEEKEND_NUDGE = [0, 0.2, 2];

/** Most labels carried from one day to the next (the cheapest); bounds the work on long rows. */
const BEAM = 1000;

/** Largest state table of a wide pass (entries) before its minutes fall back to the band. */
const MAX_SLOTS = 20_000_000;

/** Most combinations of per-type counts a wide pass keeps as state. */
const TYPE_STATES = 8;

/** What a label (a path's end state) holds, besides its per-type counts. */
const FIELDS = [
  'cls',
  'run',
  'start0',
  'minutes',
  'week',
  'weekends',
  'lastWk',
  'cost',
  'parent',
  'choice',
  'slot',
] as const;
type Field = (typeof FIELDS)[number];

/** One day's labels, column by column, growing as needed. */
class Labels {
  n = 0;
  f: Record<Field, Float64Array>;
  types: Int32Array;

  constructor(
    private cap: number,
    private readonly L: number,
  ) {
    this.f = Object.fromEntries(FIELDS.map((k) => [k, new Float64Array(cap)])) as Record<Field, Float64Array>;
    this.types = new Int32Array(cap * L);
  }

  /** Index of a new label (its fields are whatever was there). */
  add(): number {
    if (this.n === this.cap) {
      this.cap *= 2;
      for (const k of FIELDS) {
        const a = new Float64Array(this.cap);
        a.set(this.f[k]);
        this.f[k] = a;
      }
      const t = new Int32Array(this.cap * this.L);
      t.set(this.types);
      this.types = t;
    }
    return this.n++;
  }

  /** Keeps only the `k` cheapest labels, in their order. */
  keepCheapest(k: number): void {
    if (this.n <= k) return;
    const cost = this.f.cost;
    const keep = Array.from({ length: this.n }, (_, i) => i)
      .sort((a, b) => cost[a]! - cost[b]!)
      .slice(0, k)
      .sort((a, b) => a - b);
    const L = this.L;
    keep.forEach((from, to) => {
      for (const key of FIELDS) this.f[key][to] = this.f[key][from]!;
      for (let t = 0; t < L; t++) this.types[to * L + t] = this.types[from * L + t]!;
    });
    this.n = k;
  }
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
 * cheaper — so it retries nudging weekends, then for the rules alone; where those limits do not
 * bind and the beam is not full it is exact (checked against enumeration in the tests). A 364-day
 * row with ten shift types takes tens of milliseconds, with 32 types (Curtois 24) about 0.7 s.
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

/**
 * {@link buildRow} as a pricing problem for column generation: one pass, with the weekends worked
 * (and whether the current weekend is already counted), all the minutes worked so far (rather
 * than a band around an even pace) and the counts of the most tightly limited shift types (up to
 * 8 combinations) as state, keeping the `beam` cheapest labels a day. Exact where the beam is not
 * full and no other type limit binds; slower than {@link buildRow}. Curtois 8 (at most 4 nights
 * each): the root LP 1,374 with the night count a resource only, ~1,297 with it as state (its
 * optimum is 1,300). Up to 64 combinations priced Curtois 10 about half as fast again (its dive
 * ~15 s against ~10 s) for a root LP on 8 only ~1 lower.
 */
export function buildRowWide(rules: RowRules, cost: Float64Array, beam: number): Int32Array | null {
  return pass(rules, cost, 0, beam, true);
}

function pass(
  r: RowRules,
  cost: Float64Array,
  weekendNudge: number,
  beam = BEAM,
  wide = false,
): Int32Array | null {
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
  // A run can be no longer than the days (plus, in a window, the runs either side).
  const maxC = Math.min(r.maxConsecutive, D + (r.before?.run ?? 0) + (r.after?.run ?? 0));
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
  let nWk = 0;
  for (let d = 0; d < D; d++) nWk = Math.max(nWk, r.weekendOf[d]! + 1);
  const WE = wide && r.maxWeekends < nWk ? (r.maxWeekends + 1) * 2 : 1;
  // With a weekly contract the week's minutes so far are state too.
  const W = r.weekly && g > 0 ? Math.floor(Math.min(r.weekly.max, 7 * maxLen) / g) + 1 : 1;
  // Wide: the counts of the most tightly limited types are state too, while the table stays small.
  const typeRadix = new Int32Array(L); // 0: the type's count is not state
  let TY = 1;
  if (wide)
    for (const li of Array.from({ length: L }, (_, i) => i).sort(
      (a, b) => maxType[limited[a]!]! - maxType[limited[b]!]!,
    )) {
      const values = maxType[limited[li]!]! + 1;
      if (values <= 1 || TY * values > TYPE_STATES) continue;
      typeRadix[li] = TY;
      TY *= values;
    }
  const perMinute = (C + 1) * (capRun + 1) * 2 * W * WE * TY;
  // Wide: every minute count from 0 to the most reachable, unless that makes the table too large.
  const allMinutes =
    wide && track && perMinute * (Math.min(r.maxMinutes, reachAfter[0]!) / g + 1) <= MAX_SLOTS;
  const M = !track
    ? 1
    : allMinutes
      ? Math.floor(Math.min(r.maxMinutes, reachAfter[0]!) / g) + 1
      : Math.floor((2 * band) / g) + 1;
  /** Lowest minutes of the band after day d (the band is [lo, lo + 2·band]). */
  const bandLo = (d: number) =>
    allMinutes ? 0 : Math.floor((target * (1 - paceDays[d + 1]! / totalPace) - band) / g) * g;

  // Shifts allowed per day, as a flat list: day d's are choice[choiceStart[d] .. choiceStart[d+1]).
  const choiceStart = new Int32Array(D + 1);
  const choiceList: number[] = [];
  for (let d = 0; d < D; d++) {
    choiceStart[d] = choiceList.length;
    for (let s = 0; s < S; s++) if (allowed[d * S + s]) choiceList.push(s);
  }
  choiceStart[D] = choiceList.length;
  const choice = Int32Array.from(choiceList);

  const slots = perMinute * M;
  const slotLabel = new Int32Array(slots).fill(-1);

  // The labels of the day before (at first, one: days off before the horizon, a run exempt from
  // the minimum lengths) and of the day; per day, each label's parent and choice, to read the row.
  let cur = new Labels(1, L);
  cur.add();
  const before = r.before;
  cur.f.cls[0] = before && before.shift >= 0 ? classOf[before.shift]! : C;
  cur.f.run[0] = before ? Math.min(before.run, before.shift >= 0 ? capWork : capRun) : 0;
  cur.f.start0[0] = !before || before.exempt ? 1 : 0;
  cur.f.lastWk[0] = -1;
  cur.f.cost[0] = 0;
  let next = new Labels(64, L);
  const parents: Float64Array[] = [];
  const choices: Float64Array[] = [];

  for (let d = 0; d < D; d++) {
    next.n = 0;
    const lo = track ? bandLo(d) : 0;
    const weekEnd = r.weekly !== null && d % 7 === 6;
    const wk = r.weekendOf[d]!;
    const at = cur.f;
    for (let i = 0; i < cur.n; i++) {
      const cls = at.cls[i]!;
      const run = at.run[i]!;
      const start0 = at.start0[i]!;
      const lastWk = at.lastWk[i]!;
      for (let q = choiceStart[d]! - 1; q < choiceStart[d + 1]!; q++) {
        const x = q < choiceStart[d]! ? -1 : choice[q]!;
        if (x < 0 && r.mustWork?.[d]) continue;
        let ncls = C;
        let nrun = 1;
        let nstart0 = 0;
        let nmin = at.minutes[i]!;
        let nweek = at.week[i]!;
        let nwe = at.weekends[i]!;
        let nlastWk = lastWk;
        let c = at.cost[i]!;
        const li = x >= 0 ? limIdx[x]! : -1;
        if (x < 0) {
          c += cost[d * S1 + S]!;
          if (cls === C) {
            nrun = Math.min(run + 1, capRun);
            nstart0 = start0;
          } else if (!start0 && run < minC) continue;
        } else {
          if (li >= 0 && cur.types[i * L + li]! + 1 > maxType[x]!) continue;
          c += cost[d * S1 + x]!;
          if (cls === C) {
            if (!start0 && run < minO) continue;
            nstart0 = d === 0 && !before ? 1 : 0;
          } else {
            if (classRows[cls]![x] || run + 1 > maxC) continue;
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
        let slot = (((ncls * (capRun + 1) + nrun) * 2 + nstart0) * M + m) * W + (W > 1 ? nweek / g : 0);
        if (WE > 1) slot = slot * WE + nwe * 2 + (wk >= 0 && nlastWk === wk ? 1 : 0);
        if (TY > 1) {
          let t = 0;
          for (let k = 0; k < L; k++)
            if (typeRadix[k]) t += typeRadix[k]! * (cur.types[i * L + k]! + (k === li ? 1 : 0));
          slot = slot * TY + t;
        }
        let j = slotLabel[slot]!;
        if (j >= 0 && next.f.cost[j]! <= c) continue;
        if (j < 0) {
          j = next.add();
          slotLabel[slot] = j;
        }
        const to = next.f;
        to.slot[j] = slot;
        to.cls[j] = ncls;
        to.run[j] = nrun;
        to.start0[j] = nstart0;
        to.minutes[j] = nmin;
        to.week[j] = nweek;
        to.weekends[j] = nwe;
        to.lastWk[j] = nlastWk;
        to.cost[j] = c;
        to.parent[j] = i;
        to.choice[j] = x;
        for (let k = 0; k < L; k++) next.types[j * L + k] = cur.types[i * L + k]!;
        if (li >= 0) next.types[j * L + li]!++;
      }
    }
    for (let j = 0; j < next.n; j++) slotLabel[next.f.slot[j]!] = -1;
    if (next.n === 0) return null;
    next.keepCheapest(beam);
    parents.push(next.f.parent.slice(0, next.n));
    choices.push(next.f.choice.slice(0, next.n));
    [cur, next] = [next, cur];
  }
  // The last runs touch the horizon's end (or meet the run after a window), so only the minutes'
  // minimum (and that meeting) is left to check.
  const after = r.after;
  const fitsAfter = (i: number): boolean => {
    if (!after) return true;
    const cls = cur.f.cls[i]!;
    const run = cur.f.run[i]!;
    const exempt = cur.f.start0[i] === 1;
    if (after.shift >= 0) {
      if (cls !== C)
        return (
          !classRows[cls]![after.shift] &&
          run + after.run <= maxC &&
          (exempt || after.exempt || run + after.run >= minC)
        );
      return (exempt || run >= minO) && (after.exempt || after.run >= minC);
    }
    if (cls !== C) return (exempt || run >= minC) && (after.exempt || after.run >= minO);
    return exempt || after.exempt || run + after.run >= minO;
  };
  let best = -1;
  for (let i = 0; i < cur.n; i++) {
    if (cur.f.minutes[i]! < r.minMinutes || !fitsAfter(i)) continue;
    if (best < 0 || cur.f.cost[i]! < cur.f.cost[best]!) best = i;
  }
  if (best < 0) return null;
  const row = new Int32Array(D);
  for (let d = D - 1, i = best; d >= 0; d--) {
    row[d] = choices[d]![i]!;
    i = parents[d]![i]!;
  }
  return row;
}
