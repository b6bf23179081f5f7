import type { DataSource, EntityManager } from 'typeorm';
import { IsNull, LessThan } from 'typeorm';
import { ApiTokenEntity, SessionEntity, UserEntity } from '../db/entities';
import type { Actor } from '../domain/actor';
import {
  DomainValidationError,
  ForbiddenError,
  NotFoundError,
  RotaError,
  UnauthorizedError,
} from '../domain/errors';
import {
  hashPasswordAsync,
  hashToken,
  newSecret,
  newToken,
  sameDigest,
  verifyPasswordAsync,
} from '../domain/secrets';
import { audit } from './audit';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** …and this long after sign-in, however active it is. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `lastSeenAt` is written at most this often per session, so reads do not each cost a write. */
export const SESSION_SEEN_RESOLUTION_MS = 60 * 1000;
/** Ended sessions are kept this long for the audit trail, then deleted at the user's next sign-in. */
const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 200;

/** Characters as people count them (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** What the HTTP layer knows about the client, kept with the session and in the audit log. */
export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface SignedIn {
  /** The cookie secret; only its digest is stored. */
  sessionToken: string;
  csrfToken: string;
  sessionId: string;
  actor: Actor;
  /** When the session ends if it is not used again (idle timeout, capped by the absolute end). */
  expiresAt: Date;
  /** When the session ends however active it is. */
  absoluteExpiresAt: Date;
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

/**
 * Counts sign-in attempts per key (client address, email). `begin` reserves an attempt and
 * answers the seconds to wait (0 = go ahead); `succeeded` gives the reservation back.
 * `AttemptLimiter` in `src/http/rate-limit.ts` is the in-memory implementation.
 */
export interface SignInThrottle {
  begin(keys: readonly string[]): number;
  succeeded(keys: readonly string[]): void;
}

/** Too many failed sign-ins from this address or for this email: try again after `retryAfterSeconds`. */
export class SignInThrottledError extends RotaError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super('too many failed sign-in attempts; try again later');
  }
}

export interface SessionServiceOptions {
  now?: () => Date;
  idleMs?: number;
  absoluteMs?: number;
  throttle?: SignInThrottle | null;
}

const SESSION_TOKEN = /^sess_[A-Za-z0-9_-]{43}$/;
const API_TOKEN = /^rota_[A-Za-z0-9_-]{20,100}$/;
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Deliberately the same words for an unknown email, a wrong password, no password and a
// deactivated account: the answer must not tell a guesser which emails exist.
const BAD_PASSWORD = 'the email or password is not right';
const BAD_TOKEN = 'the token is unknown or revoked';

type FailureReason = 'unknown_email' | 'no_password' | 'wrong_password' | 'inactive' | 'unknown_token';

function toActor(user: UserEntity): Actor {
  return {
    userId: user.id,
    name: user.name,
    role: user.role,
    engineerId: user.engineerId,
    agentId: user.agentId,
  };
}

function clip(value: string | null | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}

/**
 * Browser sign-in: password or API token in, an opaque session cookie secret and a CSRF token
 * out. Sessions are stored hashed, slide with use up to an absolute end, and end when revoked,
 * when the user is deactivated or when the user's password changes.
 */
export class SessionService {
  private readonly now: () => Date;
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly throttle: SignInThrottle | null;
  /** Verified against when the email is unknown, so both failures take as long. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: DataSource,
    options: SessionServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.idleMs = options.idleMs ?? SESSION_IDLE_MS;
    this.absoluteMs = options.absoluteMs ?? SESSION_ABSOLUTE_MS;
    this.throttle = options.throttle ?? null;
  }

  /** The absolute lifetime, e.g. for the cookie's Max-Age. */
  get absoluteLifetimeMs(): number {
    return this.absoluteMs;
  }

  async signInWithPassword(email: string, password: string, meta: SessionMeta = {}): Promise<SignedIn> {
    const normalised = email.trim().toLowerCase();
    const keys = [`ip:${meta.ip ?? 'unknown'}`, `email:${normalised}`];
    this.checkThrottle(keys);
    const user = await this.findByEmail(email.trim());
    const stored = user?.passwordHash ?? null;
    const matches = await verifyPasswordAsync(password, stored ?? (await this.dummy()));
    const reason: FailureReason | null = !user
      ? 'unknown_email'
      : !stored
        ? 'no_password'
        : !matches
          ? 'wrong_password'
          : !user.active
            ? 'inactive'
            : null;
    if (!user || reason) {
      // People type their password into the email field: keep what was typed only if it is an
      // account's email or at least looks like an email address.
      const typed = email.trim();
      await this.recordFailure('password', reason ?? 'unknown_email', user?.id ?? null, meta, {
        email: user ? user.email : LOOKS_LIKE_EMAIL.test(typed) ? clip(typed, 254) : null,
      });
      throw new UnauthorizedError(BAD_PASSWORD);
    }
    this.throttle?.succeeded(keys);
    return this.start(user, 'password', null, meta);
  }

  async signInWithToken(apiToken: string, meta: SessionMeta = {}): Promise<SignedIn> {
    const keys = [`ip:${meta.ip ?? 'unknown'}`];
    this.checkThrottle(keys);
    const found = API_TOKEN.test(apiToken) ? await this.findByApiToken(apiToken) : null;
    if (!found || !found.user.active) {
      await this.recordFailure('token', found ? 'inactive' : 'unknown_token', found?.user.id ?? null, meta, {
        apiTokenId: found?.token.id ?? null,
      });
      throw new UnauthorizedError(BAD_TOKEN);
    }
    this.throttle?.succeeded(keys);
    await this.db
      .getRepository(ApiTokenEntity)
      .update(found.token.id, { lastUsedAt: this.now() })
      .catch(() => undefined);
    return this.start(found.user, 'token', found.token.id, meta);
  }

  /**
   * The live session for a cookie secret, or null when it is unknown, revoked (also by the
   * deactivation or new password of its user), idle too long, or past its absolute end.
   */
  async resolve(sessionToken: string): Promise<ResolvedSession | null> {
    if (!SESSION_TOKEN.test(sessionToken)) return null;
    const digest = hashToken(sessionToken);
    const session = await this.db.getRepository(SessionEntity).findOne({ where: { tokenHash: digest } });
    // The lookup is by digest; compare again in constant time so the match itself leaks no timing.
    if (!session || !sameDigest(session.tokenHash, digest) || session.revokedAt) return null;
    const now = this.now();
    const idleEnd = session.lastSeenAt.getTime() + this.idleMs;
    if (now.getTime() >= session.expiresAt.getTime() || now.getTime() >= idleEnd) return null;
    // The users trigger revokes sessions on deactivation; checking `active` too costs nothing.
    const user = await this.db
      .getRepository(UserEntity)
      .findOne({ where: { id: session.userId, active: true } });
    if (!user) return null;
    let lastSeen = session.lastSeenAt;
    if (now.getTime() - lastSeen.getTime() >= SESSION_SEEN_RESOLUTION_MS) {
      // Conditional, so concurrent requests of one session write it once.
      await this.db
        .getRepository(SessionEntity)
        .createQueryBuilder()
        .update()
        .set({ lastSeenAt: now })
        .where('id = :id AND "lastSeenAt" <= :before', {
          id: session.id,
          before: new Date(now.getTime() - SESSION_SEEN_RESOLUTION_MS),
        })
        .execute();
      lastSeen = now;
    }
    return {
      actor: toActor(user),
      csrfToken: session.csrfToken,
      sessionId: session.id,
      expiresAt: this.slidingEnd(lastSeen, session.expiresAt),
      absoluteExpiresAt: session.expiresAt,
    };
  }

  /** Ends the session of a cookie secret; false when there was no live session to end. */
  async signOut(sessionToken: string, reason: 'sign_out' | 'replaced' = 'sign_out'): Promise<boolean> {
    if (!SESSION_TOKEN.test(sessionToken)) return false;
    return this.db.transaction(async (m) => {
      const session = await m.findOne(SessionEntity, { where: { tokenHash: hashToken(sessionToken) } });
      if (!session || session.revokedAt) return false;
      const user = await m.findOne(UserEntity, { where: { id: session.userId } });
      await m.update(SessionEntity, session.id, { revokedAt: this.now() });
      await audit(m, user ? toActor(user) : null, 'session.sign_out', 'session', session.id, {
        userId: session.userId,
        reason,
      });
      return true;
    });
  }

  /**
   * An admin sets a user's password (scrypt, random salt). Every other session of that user
   * ends (the users trigger revokes them all); `keepSessionId` keeps the caller's own session
   * when admins change their own password.
   */
  async setPassword(
    actor: Actor,
    userId: string,
    password: string,
    options: { keepSessionId?: string | null } = {},
  ): Promise<{ endedSessions: number }> {
    if (actor.role !== 'admin') throw new ForbiddenError('only an admin may set a password');
    const length = passwordLength(password);
    if (length < PASSWORD_MIN_CHARS || password.length > PASSWORD_MAX_CHARS) {
      throw new DomainValidationError('invalid password', [
        {
          path: 'password',
          message: `must be ${PASSWORD_MIN_CHARS} to ${PASSWORD_MAX_CHARS} characters long`,
        },
      ]);
    }
    // Hash before the transaction: ~50 ms of scrypt should not hold a connection and row lock.
    const passwordHash = await hashPasswordAsync(password);
    return this.db.transaction(async (m) => {
      const user = await m.findOne(UserEntity, {
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw new NotFoundError(`user ${userId} does not exist`);
      const keep = actor.userId === userId ? (options.keepSessionId ?? null) : null;
      const live = await m.find(SessionEntity, {
        where: { userId, revokedAt: IsNull() },
        select: { id: true },
      });
      const kept = live.some((s) => s.id === keep) ? keep : null;
      await m.update(UserEntity, userId, { passwordHash });
      // The trigger has just revoked every session of the user, this one too; the caller's own
      // session carries on under the new password (same transaction: no one saw it revoked).
      if (kept) await m.update(SessionEntity, { id: kept }, { revokedAt: null });
      const endedSessions = live.length - (kept ? 1 : 0);
      await audit(m, actor, 'user.password_set', 'users', userId, { endedSessions });
      return { endedSessions };
    });
  }

  private checkThrottle(keys: readonly string[]): void {
    const wait = this.throttle?.begin(keys) ?? 0;
    if (wait > 0) throw new SignInThrottledError(wait);
  }

  private dummy(): Promise<string> {
    // Computed once, with the same parameters as real hashes, so it costs the same to check.
    return (this.dummyHash ??= hashPasswordAsync(newSecret()));
  }

  /** Emails match whatever their case; should two users differ only in case, the exact spelling wins. */
  private async findByEmail(email: string): Promise<UserEntity | null> {
    if (!email) return null;
    const users = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('LOWER(u.email) = LOWER(:email)', { email })
      .getMany();
    return users.length === 1 ? users[0]! : (users.find((u) => u.email === email) ?? null);
  }

  private async findByApiToken(token: string): Promise<{ token: ApiTokenEntity; user: UserEntity } | null> {
    const digest = hashToken(token);
    const row = await this.db
      .getRepository(ApiTokenEntity)
      .findOne({ where: { tokenHash: digest, revokedAt: IsNull() } });
    if (!row || !sameDigest(row.tokenHash, digest)) return null;
    const user = await this.db.getRepository(UserEntity).findOne({ where: { id: row.userId } });
    return user ? { token: row, user } : null;
  }

  private async start(
    user: UserEntity,
    method: 'password' | 'token',
    apiTokenId: string | null,
    meta: SessionMeta,
  ): Promise<SignedIn> {
    const sessionToken = newToken('sess');
    const csrfToken = newSecret();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.absoluteMs);
    const actor = toActor(user);
    const sessionId = await this.db.transaction(async (m) => {
      await this.forgetEnded(m, user.id, now);
      const row = await m.save(
        m.create(SessionEntity, {
          userId: user.id,
          tokenHash: hashToken(sessionToken),
          csrfToken,
          method,
          apiTokenId,
          createdAt: now,
          lastSeenAt: now,
          expiresAt,
          revokedAt: null,
          userAgent: clip(meta.userAgent, 512),
          ip: clip(meta.ip, 64),
        }),
      );
      await audit(m, actor, 'session.sign_in', 'session', row.id, {
        userId: user.id,
        method,
        ip: row.ip,
        userAgent: row.userAgent,
      });
      return row.id;
    });
    return {
      sessionToken,
      csrfToken,
      sessionId,
      actor,
      expiresAt: this.slidingEnd(now, expiresAt),
      absoluteExpiresAt: expiresAt,
    };
  }

  /** Keeps the table small without a job: a user's long-ended sessions go when they next sign in. */
  private async forgetEnded(m: EntityManager, userId: string, now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - ENDED_SESSION_RETENTION_MS);
    const idleCutoff = new Date(cutoff.getTime() - this.idleMs);
    await m.delete(SessionEntity, { userId, expiresAt: LessThan(cutoff) });
    await m.delete(SessionEntity, { userId, revokedAt: LessThan(cutoff) });
    await m.delete(SessionEntity, { userId, lastSeenAt: LessThan(idleCutoff) });
  }

  private async recordFailure(
    method: 'password' | 'token',
    reason: FailureReason,
    userId: string | null,
    meta: SessionMeta,
    detail: Record<string, unknown>,
  ): Promise<void> {
    // Never the password or token itself: only what an admin needs to spot an attack.
    await this.db.transaction((m) =>
      audit(m, null, 'session.sign_in_failed', 'users', userId, {
        method,
        reason,
        ...detail,
        ip: clip(meta.ip, 64),
        userAgent: clip(meta.userAgent, 512),
      }),
    );
  }

  private slidingEnd(lastSeen: Date, absoluteEnd: Date): Date {
    return new Date(Math.min(lastSeen.getTime() + this.idleMs, absoluteEnd.getTime()));
  }
}
