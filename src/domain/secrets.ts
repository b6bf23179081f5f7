import {
  createHash,
  randomBytes,
  scrypt,
  scryptSync,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

/** A new bearer secret: 256 random bits, URL-safe, with a prefix that makes leaked tokens greppable. */
export function newToken(prefix: 'rota' | 'feed' | 'sess'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** 256 random bits, URL-safe, for secrets that are compared rather than looked up (CSRF tokens). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as SHA-256 digests; the database never holds a usable secret. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Constant-time comparison of two secrets of any length (CSRF tokens): both are digested first,
 * so neither the content nor the length of the expected secret leaks through timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(given, 'utf8').digest(),
    createHash('sha256').update(expected, 'utf8').digest(),
  );
}

/** N = 2^14, r = 8: 16 MiB and ~50 ms per hash; stored in every hash so they can be raised later. */
const SCRYPT = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
// Hashes come from our own database, but bound the parameters anyway: a corrupted row must not
// make one sign-in allocate gigabytes.
const MAX_N = 1 << 20;
const MAX_MEM = 256 * 1024 * 1024;

/**
 * Passwords are hashed in Unicode NFC, so the same passphrase typed on systems that compose
 * accented letters differently (macOS vs Windows keyboards) still matches.
 */
function passwordBytes(password: string): Buffer {
  return Buffer.from(password.normalize('NFC'), 'utf8');
}

function format(salt: Buffer, hash: Buffer): string {
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

interface ParsedHash {
  salt: Buffer;
  expected: Buffer;
  options: ScryptOptions;
}

function parse(stored: string): ParsedHash | null {
  const [kind, n, r, p, salt, hash, extra] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash || extra !== undefined) return null;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (![N, R, P].every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  if (N > MAX_N || (N & (N - 1)) !== 0 || R > 32 || P > 16) return null;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length < 16 || expected.length > 64) return null;
  return { salt: Buffer.from(salt, 'base64url'), expected, options: { N, r: R, p: P, maxmem: MAX_MEM } };
}

/** scrypt password hash as `scrypt$N$r$p$salt$hash` (random 128-bit salt). Blocks the event loop: CLIs and seeds. */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(passwordBytes(password), salt, KEY_BYTES, SCRYPT));
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export function verifyPassword(password: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = scryptSync(passwordBytes(password), parsed.salt, parsed.expected.length, parsed.options);
  return timingSafeEqual(parsed.expected, actual);
}

function scryptAsync(
  password: Buffer,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** As `hashPassword`, on libuv's thread pool so a request never stalls the others. */
export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await scryptAsync(passwordBytes(password), salt, KEY_BYTES, SCRYPT));
}

/** As `verifyPassword`, on libuv's thread pool. */
export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await scryptAsync(
    passwordBytes(password),
    parsed.salt,
    parsed.expected.length,
    parsed.options,
  );
  return timingSafeEqual(parsed.expected, actual);
}
