import {
  agentsNeeded,
  averageSpeedOfAnswer,
  erlangC,
  erlangMetrics,
  MAX_AGENTS_PER_INTERVAL,
  serviceLevel,
  StaffingInputError,
} from '../../../solver/staffing';

/** log(Σ exp(x_i)), stable. */
function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}

/**
 * Independent reference: Erlang C from its textbook formula, every term in log space,
 *   C = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)],
 * with log k! summed term by term. Slow (O(N) logs per call) but free of the B recursion.
 */
function referenceErlangC(n: number, a: number): number {
  const logTerms: number[] = [];
  let logFact = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) logFact += Math.log(k);
    logTerms.push(k * Math.log(a) - logFact);
  }
  const logTop = n * Math.log(a) - (logFact + Math.log(n)) + Math.log(n / (n - a));
  return Math.exp(logTop - logSumExp([...logTerms, logTop]));
}

function referenceServiceLevel(n: number, a: number, t: number, aht: number): number {
  return 1 - referenceErlangC(n, a) * Math.exp((-(n - a) * t) / aht);
}

const textbook = {
  volume: 100,
  intervalSeconds: 1800,
  ahtSeconds: 180,
  targetServiceLevel: 0.8,
  targetSeconds: 20,
};

describe('Erlang C', () => {
  test('textbook: 100 calls per 30 min, AHT 180 s, 80% in 20 s needs 14 agents', () => {
    const r = agentsNeeded(textbook);
    expect(r.trafficErlangs).toBe(10);
    expect(r.agents).toBe(14);
    expect(Math.abs(r.serviceLevel - 0.888)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(r.asa - 7.8)).toBeLessThanOrEqual(0.1);
    expect(r.occupancy).toBeCloseTo(10 / 14, 12);
    expect(Math.abs(serviceLevel(13, 10, 20, 180) - 0.796)).toBeLessThanOrEqual(0.001);
  });

  test('agrees with a log-space reference at A = 100 (1,000 calls per interval)', () => {
    for (let n = 101; n <= 130; n++) {
      expect(erlangC(n, 100)).toBeCloseTo(referenceErlangC(n, 100), 10);
      expect(serviceLevel(n, 100, 20, 180)).toBeCloseTo(referenceServiceLevel(n, 100, 20, 180), 10);
    }
    let expected = 101;
    while (referenceServiceLevel(expected, 100, 20, 180) < 0.8) expected++;
    const r = agentsNeeded({ ...textbook, volume: 1000 });
    expect(r.trafficErlangs).toBe(100);
    expect(r.agents).toBe(expected);
  });

  test('service level rises and ASA falls with every added agent', () => {
    for (const a of [0.5, 10, 100, 750]) {
      let previousSl = -1;
      let previousAsa = Infinity;
      for (let n = Math.floor(a) + 1; n <= Math.floor(a) + 60; n++) {
        const sl = serviceLevel(n, a, 20, 180);
        const asa = averageSpeedOfAnswer(n, a, 180);
        // Strictly, until both saturate in double precision.
        if (previousSl < 1) expect(sl).toBeGreaterThan(previousSl);
        else expect(sl).toBe(1);
        if (previousAsa > 0) expect(asa).toBeLessThan(previousAsa);
        else expect(asa).toBe(0);
        previousSl = sl;
        previousAsa = asa;
      }
    }
  });

  test('an unstable queue answers nobody in time; no traffic waits for nobody', () => {
    expect(erlangC(10, 10)).toBe(1);
    expect(serviceLevel(9, 10, 20, 180)).toBe(0);
    expect(averageSpeedOfAnswer(10, 10, 180)).toBe(Infinity);
    expect(erlangC(3, 0)).toBe(0);
    expect(agentsNeeded({ ...textbook, volume: 0 })).toMatchObject({ agents: 0, serviceLevel: 1, asa: 0 });
  });

  test('a load no desk could staff is refused by field, at once, instead of searching for hours', () => {
    const refused = (input: Parameters<typeof agentsNeeded>[0]): string[] => {
      try {
        agentsNeeded(input);
      } catch (e) {
        expect(e).toBeInstanceOf(StaffingInputError);
        return (e as StaffingInputError).issues.map((i) => i.path);
      }
      throw new Error('not refused');
    };
    // 1e6 calls of a day each in 30 min: ~4.8e7 Erlangs.
    expect(refused({ ...textbook, volume: 1e6, ahtSeconds: 86_400 })).toEqual(['volume']);
    // 10 Erlangs at an occupancy cap of 1e-9 would need 1e10 agents.
    expect(refused({ ...textbook, maxOccupancy: 1e-9 })).toEqual(['maxOccupancy']);
    expect(agentsNeeded({ ...textbook, volume: 90_000 }).agents).toBeLessThanOrEqual(MAX_AGENTS_PER_INTERVAL);
  });

  describe('large traffic', () => {
    /** Standard normal cdf (Abramowitz–Stegun 7.1.26 for erf, error < 1.5e-7) and pdf. */
    const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    const Phi = (x: number) => {
      const z = Math.abs(x) / Math.SQRT2;
      const t = 1 / (1 + 0.3275911 * z);
      const poly =
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      const erf = 1 - poly * Math.exp(-z * z);
      return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    };
    /** Halfin–Whitt: P(wait) ≈ 1 / (1 + β·Φ(β)/φ(β)) for N = A + β·√A; solve for β by bisection. */
    function halfinWhittBeta(pWait: number): number {
      let lo = 0;
      let hi = 5;
      for (let i = 0; i < 100; i++) {
        const mid = (lo + hi) / 2;
        if (1 / (1 + (mid * Phi(mid)) / phi(mid)) > pWait) lo = mid;
        else hi = mid;
      }
      return lo;
    }

    test.each([500, 2000])('A = %d: finite, and close to square-root staffing A + β·√A', (a) => {
      // targetSeconds 0 makes the target a probability of waiting: 80% answered at once → P(wait) ≤ 0.2.
      const immediate = agentsNeeded({ ...textbook, volume: a * 10, targetSeconds: 0 });
      expect(immediate.trafficErlangs).toBe(a);
      const beta = halfinWhittBeta(0.2);
      expect(Math.abs(immediate.agents - (a + beta * Math.sqrt(a)))).toBeLessThanOrEqual(3);

      const r = agentsNeeded({ ...textbook, volume: a * 10 });
      for (const v of [r.serviceLevel, r.asa, r.occupancy]) expect(Number.isFinite(v)).toBe(true);
      expect(r.agents).toBeGreaterThan(a);
      expect(r.agents).toBeLessThanOrEqual(a + 3 * Math.sqrt(a));
      expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(serviceLevel(r.agents - 1, a, 20, 180)).toBeLessThan(0.8);
      expect(erlangC(r.agents, a)).toBeCloseTo(referenceErlangC(r.agents, a), 8);
    });

    test('A = 1,000 to 20,000 stays finite', () => {
      for (const a of [1000, 5000, 20000]) {
        const m = erlangMetrics(a + 40, a, 20, 180);
        expect(Number.isFinite(m.serviceLevel)).toBe(true);
        expect(Number.isFinite(m.asa)).toBe(true);
        expect(m.serviceLevel).toBeGreaterThan(0);
        expect(m.serviceLevel).toBeLessThanOrEqual(1);
        expect(agentsNeeded({ ...textbook, volume: a * 10 }).agents).toBeGreaterThan(a);
      }
    });
  });

  test('ASA cap: the smallest N with ASA within the cap', () => {
    const r = agentsNeeded({ ...textbook, maxAsaSeconds: 3 });
    expect(r.asa).toBeLessThanOrEqual(3);
    expect(averageSpeedOfAnswer(r.agents - 1, 10, 180)).toBeGreaterThan(3);
    expect(r.agents).toBeGreaterThan(14);
  });

  test('occupancy cap binds above the service-level answer, exactly at the boundary', () => {
    const big = agentsNeeded({ ...textbook, volume: 1000, maxOccupancy: 0.85 });
    expect(big.agents).toBe(Math.ceil(100 / 0.85));
    expect(big.occupancy).toBeLessThanOrEqual(0.85);
    // A = 85 at a cap of 0.85 is exactly 100 agents, not 101 from float noise.
    expect(agentsNeeded({ ...textbook, volume: 850, maxOccupancy: 0.85 }).agents).toBe(100);
    // A loose cap changes nothing.
    expect(agentsNeeded({ ...textbook, maxOccupancy: 0.95 }).agents).toBe(14);
  });

  test('concurrency: an agent with c chats is c servers', () => {
    const chat = {
      volume: 120,
      intervalSeconds: 1800,
      ahtSeconds: 600,
      targetServiceLevel: 0.8,
      targetSeconds: 60,
    };
    const single = agentsNeeded(chat);
    const double = agentsNeeded({ ...chat, concurrency: 2 });
    const triple = agentsNeeded({ ...chat, concurrency: 3 });
    expect(single.trafficErlangs).toBe(40);
    expect(double.agents).toBe(Math.ceil(single.agents / 2));
    expect(triple.agents).toBe(Math.ceil(single.agents / 3));
    expect(double.occupancy).toBeCloseTo(40 / (2 * double.agents), 12);
    expect(double.serviceLevel).toBeCloseTo(serviceLevel(2 * double.agents, 40, 60, 600), 12);
  });

  test('invalid input names the field', () => {
    const issuesOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(StaffingInputError);
        return (e as StaffingInputError).issues.map((i) => i.path);
      }
      throw new Error('expected a StaffingInputError');
    };
    expect(issuesOf(() => agentsNeeded({ ...textbook, volume: -1 }))).toEqual(['volume']);
    expect(issuesOf(() => agentsNeeded({ ...textbook, targetServiceLevel: 1 }))).toEqual([
      'targetServiceLevel',
    ]);
    expect(issuesOf(() => agentsNeeded({ ...textbook, concurrency: 1.5, maxOccupancy: 0 }))).toEqual([
      'maxOccupancy',
      'concurrency',
    ]);
    expect(issuesOf(() => agentsNeeded({ ...textbook, intervalSeconds: 0, maxAsaSeconds: 0 }))).toEqual([
      'intervalSeconds',
      'maxAsaSeconds',
    ]);
  });
});
