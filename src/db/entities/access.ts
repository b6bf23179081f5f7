import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Editable } from './base';

export const ROLES = ['admin', 'rep', 'director', 'engineer', 'agent'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class UserEntity extends Editable {
  @Column({ type: 'text' })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  engineerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'text', default: '' })
  label: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

@Entity('audit_log')
@Index(['entity', 'entityId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entity: string;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', default: {} })
  detail: Record<string, unknown>;
}

/**
 * A browser sign-in. The cookie holds a 256-bit secret; only its SHA-256 digest is stored. A
 * session ends at `expiresAt` (absolute), after the idle timeout since `lastSeenAt`, or when
 * revoked. A trigger on `users` revokes every session of a user who is deactivated or whose
 * password changes, whichever route or script makes the change (migration Sessions1795700000000).
 */
@Entity('sessions')
@Check('CHK_sessions_method', `"method" IN ('password', 'token')`)
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_sessions_userId')
  @Column({ type: 'uuid' })
  userId: string;

  @Index('IDX_sessions_tokenHash', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'text' })
  csrfToken: string;

  /** How the user proved who they are: `password` or `token` (an API token). */
  @Column({ type: 'text' })
  method: 'password' | 'token';

  /** The API token a `token` sign-in used; revoking that token does not end the session. */
  @Column({ type: 'uuid', nullable: true })
  apiTokenId: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  /** The absolute end of the session, however active it is. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'text', nullable: true })
  ip: string | null;
}
