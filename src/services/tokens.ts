import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { ApiTokenEntity, UserEntity } from '../db/entities';
import type { Actor } from '../domain/actor';
import { NotFoundError } from '../domain/errors';
import { hashToken, newToken, sameDigest } from '../domain/secrets';
import { audit } from './audit';

export interface IssuedToken {
  id: string;
  userId: string;
  label: string;
  token: string;
  createdAt: Date;
}

/** API tokens: random, stored hashed, revocable. The secret is shown once, at creation. */
export class TokenService {
  constructor(private readonly db: DataSource) {}

  async issue(actor: Actor | null, userId: string, label: string): Promise<IssuedToken> {
    return this.db.transaction(async (m) => {
      const user = await m.findOne(UserEntity, { where: { id: userId } });
      if (!user) throw new NotFoundError(`user ${userId} does not exist`);
      const token = newToken('rota');
      const row = await m.save(m.create(ApiTokenEntity, { userId, label, tokenHash: hashToken(token) }));
      await audit(m, actor, 'token.create', 'api_token', row.id, { userId, label });
      return { id: row.id, userId, label, token, createdAt: row.createdAt };
    });
  }

  /** Resolves a bearer token to its user; unknown, revoked or inactive → null. */
  async authenticate(token: string): Promise<Actor | null> {
    if (!/^rota_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const digest = hashToken(token);
    const row = await this.db
      .getRepository(ApiTokenEntity)
      .findOne({ where: { tokenHash: digest, revokedAt: IsNull() } });
    // The lookup is by digest; compare again in constant time so the match itself leaks no timing.
    if (!row || !sameDigest(row.tokenHash, digest)) return null;
    const user = await this.db.getRepository(UserEntity).findOne({ where: { id: row.userId, active: true } });
    if (!user) return null;
    void this.db
      .getRepository(ApiTokenEntity)
      .update(row.id, { lastUsedAt: new Date() })
      .catch(() => undefined);
    return {
      userId: user.id,
      name: user.name,
      role: user.role,
      engineerId: user.engineerId,
      agentId: user.agentId,
    };
  }

  async list(actor: Actor, userId?: string) {
    const where = actor.role === 'admin' ? (userId ? { userId } : {}) : { userId: actor.userId };
    const rows = await this.db.getRepository(ApiTokenEntity).find({ where, order: { createdAt: 'DESC' } });
    return rows.map(({ tokenHash: _hash, ...rest }) => rest);
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const row = await m.findOne(ApiTokenEntity, { where: { id } });
      if (!row || (actor.role !== 'admin' && row.userId !== actor.userId))
        throw new NotFoundError(`token ${id} does not exist`);
      if (!row.revokedAt) await m.update(ApiTokenEntity, id, { revokedAt: new Date() });
      await audit(m, actor, 'token.revoke', 'api_token', id, { userId: row.userId });
    });
  }
}
