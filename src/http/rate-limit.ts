import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './problem';

interface Window {
  start: number;
  count: number;
}

/**
 * Fixed-window counters per key, in memory. Each API process counts on its own, so with N
 * processes behind a balancer the effective limit is at most N × the limit.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Beyond this many live keys the oldest are forgotten, so a flood of keys cannot exhaust memory. */
    private readonly maxKeys = 100_000,
  ) {}

  /** The count in the key's current window (0 when it has none or it has ended). */
  count(key: string): number {
    return this.current(key, this.now())?.count ?? 0;
  }

  /** Whole seconds until the key's current window ends (at least 1 while it is open). */
  retryAfterSeconds(key: string): number {
    const t = this.now();
    const w = this.current(key, t);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000)) : 0;
  }

  /** Counts one event for the key and returns the new count. */
  hit(key: string): number {
    const t = this.now();
    let w = this.current(key, t);
    if (!w) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      this.prune(t);
    }
    return ++w.count;
  }

  /** Takes back one event (e.g. an attempt that turned out fine). */
  undo(key: string): void {
    const w = this.current(key, this.now());
    if (w && w.count > 0) w.count--;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, t: number): Window | undefined {
    const w = this.windows.get(key);
    return w && t - w.start < this.windowMs ? w : undefined;
  }

  private prune(t: number): void {
    if (this.windows.size <= 10_000) return;
    for (const [k, v] of this.windows) if (t - v.start >= this.windowMs) this.windows.delete(k);
    // Maps iterate in insertion order: the first keys are the oldest windows.
    for (const k of this.windows.keys()) {
      if (this.windows.size <= this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

export interface RateLimitOptions {
  /** Requests allowed per key within one window. */
  limit: number;
  windowMs: number;
  now?: () => number;
}

/** Fixed-window rate limit per client address (see `FixedWindowCounter`). */
export function rateLimit({ limit, windowMs, now = Date.now }: RateLimitOptions) {
  const counter = new FixedWindowCounter(windowMs, now);
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = req.ip ?? 'unknown';
    const count = counter.hit(key);
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    if (count > limit) {
      res.setHeader('Retry-After', String(counter.retryAfterSeconds(key)));
      sendProblem(res, 429, 'rate_limited', 'too many requests; slow down');
      return;
    }
    next();
  };
}

/**
 * Limits attempts at something guessable (sign-in) under several keys at once, e.g. the client
 * address and the email tried. An attempt is counted before it is checked, so parallel guesses
 * cannot slip past the limit; a successful attempt is then taken back, so only failures count.
 */
export class AttemptLimiter {
  private readonly counter: FixedWindowCounter;

  constructor(
    private readonly limit: number,
    windowMs: number,
    now: () => number = Date.now,
  ) {
    this.counter = new FixedWindowCounter(windowMs, now);
  }

  /**
   * Reserves one attempt under every key; returns 0 when it may go ahead, or the seconds to wait
   * when any key has used up its attempts (nothing is counted then).
   */
  begin(keys: readonly string[]): number {
    const wait = Math.max(
      0,
      ...keys
        .filter((k) => this.counter.count(k) >= this.limit)
        .map((k) => this.counter.retryAfterSeconds(k)),
    );
    if (wait > 0) return wait;
    for (const k of keys) this.counter.hit(k);
    return 0;
  }

  /**
   * The attempt succeeded: give its reservation back. Earlier failures still count, so a
   * guesser cannot wipe the slate by signing in to an account of their own.
   */
  succeeded(keys: readonly string[]): void {
    for (const k of keys) this.counter.undo(k);
  }
}
