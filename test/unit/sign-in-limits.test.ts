import { AttemptLimiter, FixedWindowCounter } from '../../src/http/rate-limit';
import { readCookies } from '../../src/http/session-auth';
import {
  hashPassword,
  hashPasswordAsync,
  sameSecret,
  verifyPassword,
  verifyPasswordAsync,
} from '../../src/domain/secrets';

describe('AttemptLimiter', () => {
  it('allows `limit` attempts per key, then answers the seconds left in the window', () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.begin(['ip:a', 'email:x'])).toBe(0);
    now = 15_000;
    expect(limiter.begin(['ip:a', 'email:y'])).toBe(45);
    expect(limiter.begin(['ip:b', 'email:x'])).toBe(45);
    // Refused attempts are not counted: other keys keep their budget.
    expect(limiter.begin(['ip:b', 'email:y'])).toBe(0);
    now = 60_000;
    expect(limiter.begin(['ip:a', 'email:x'])).toBe(0);
  });

  it('counts an attempt before it is checked, so parallel guesses cannot overrun the limit', () => {
    const limiter = new AttemptLimiter(2, 60_000, () => 0);
    // Three guesses begin before any of them has failed: the third is already refused.
    expect([limiter.begin(['ip:a']), limiter.begin(['ip:a']), limiter.begin(['ip:a'])]).toEqual([0, 0, 60]);
  });

  it('gives back successful attempts but keeps the failures', () => {
    const limiter = new AttemptLimiter(2, 60_000, () => 0);
    for (let i = 0; i < 10; i++) {
      expect(limiter.begin(['ip:a'])).toBe(0);
      limiter.succeeded(['ip:a']);
    }
    expect(limiter.begin(['ip:a'])).toBe(0); // a failure
    expect(limiter.begin(['ip:a'])).toBe(0);
    limiter.succeeded(['ip:a']);
    limiter.succeeded(['ip:a']); // never below zero, never more than was reserved
    expect(limiter.begin(['ip:a'])).toBe(0);
    expect(limiter.begin(['ip:a'])).toBe(0);
    expect(limiter.begin(['ip:a'])).toBe(60);
  });

  it('takes the longest wait of the exhausted keys', () => {
    let now = 0;
    const limiter = new AttemptLimiter(1, 100_000, () => now);
    limiter.begin(['ip:a']);
    now = 50_000;
    limiter.begin(['email:x']);
    expect(limiter.begin(['ip:a', 'email:x'])).toBe(100);
  });
});

describe('FixedWindowCounter', () => {
  it('forgets the oldest keys beyond its bound', () => {
    const counter = new FixedWindowCounter(60_000, () => 0, 10_500);
    for (let i = 0; i < 12_000; i++) counter.hit(`k${i}`);
    expect(counter.count('k0')).toBe(0);
    expect(counter.count('k11999')).toBe(1);
  });
});

describe('readCookies', () => {
  it('reads every value of a name and skips what it cannot read', () => {
    expect(readCookies('a=1; rota_session=x; b=2; rota_session="y"', 'rota_session')).toEqual(['x', 'y']);
    expect(readCookies('rota_session=%E0%A4%A; rota_session=ok', 'rota_session')).toEqual(['ok']);
    expect(readCookies('my_rota_session=x; rota_session', 'rota_session')).toEqual([]);
    expect(readCookies('rota_session=a=b', 'rota_session')).toEqual(['a=b']);
    expect(readCookies(undefined, 'rota_session')).toEqual([]);
    expect(readCookies('', 'rota_session')).toEqual([]);
  });
});

describe('password hashes', () => {
  it('verifies across the blocking and thread-pool variants and normalises to NFC', async () => {
    const composed = 'caf\u00e9 au lait, s’il vous plaît';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const stored = await hashPasswordAsync(composed);
    expect(verifyPassword(decomposed, stored)).toBe(true);
    expect(await verifyPasswordAsync(composed, hashPassword(decomposed))).toBe(true);
    expect(await verifyPasswordAsync('cafe au lait, s’il vous plaît', stored)).toBe(false);
  });

  it('never matches a malformed or extravagant hash, and never throws on one', async () => {
    const good = hashPassword('a long passphrase');
    const [, , , , salt, hash] = good.split('$');
    for (const stored of [
      '',
      'plain',
      `bcrypt$16384$8$1$${salt}$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$8$1$${salt}$${hash}$extra`,
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 30}$8$1$${salt}$${hash}`, // gigabytes of memory
      `scrypt$16384$8$1$${salt}$AAAA`, // too short a key
      `scrypt$NaN$8$1$${salt}$${hash}`,
    ]) {
      expect(verifyPassword('a long passphrase', stored)).toBe(false);
      expect(await verifyPasswordAsync('a long passphrase', stored)).toBe(false);
    }
    expect(verifyPassword('a long passphrase', good)).toBe(true);
  });

  it('compares secrets of any length in constant time', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('', 'abc')).toBe(false);
    expect(sameSecret('abc'.repeat(100), 'abc')).toBe(false);
  });
});
