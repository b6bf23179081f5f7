import {
  And,
  LessThan,
  MoreThanOrEqual,
  type DataSource,
  type EntityManager,
  type FindOperator,
} from 'typeorm';
import { AuditLogEntity } from '../db/entities';
import type { Actor } from '../domain/actor';

/**
 * Appends one audit record inside the caller's transaction, so it commits with the change.
 * `actor` is whoever asked for the change: for work done later by a job (a solve), the user
 * who requested it; null only for the system itself (seeding, the token CLI).
 */
export async function audit(
  manager: EntityManager,
  actor: Pick<Actor, 'userId'> | null,
  action: string,
  entity: string,
  entityId: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await manager.getRepository(AuditLogEntity).save({
    actorUserId: actor?.userId ?? null,
    action,
    entity,
    entityId,
    detail,
  });
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  actorUserId?: string | undefined;
  /** Inclusive lower bound on `at`. */
  from?: Date | undefined;
  /** Exclusive upper bound on `at`. */
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** The audit log, newest first, filtered by what was touched, what was done, by whom and when. */
export async function listAudit(db: DataSource, f: AuditFilter) {
  const where: Record<string, string | FindOperator<Date>> = {};
  if (f.entity) where.entity = f.entity;
  if (f.entityId) where.entityId = f.entityId;
  if (f.action) where.action = f.action;
  if (f.actorUserId) where.actorUserId = f.actorUserId;
  const bounds = [...(f.from ? [MoreThanOrEqual(f.from)] : []), ...(f.to ? [LessThan(f.to)] : [])];
  if (bounds.length === 1) where.at = bounds[0]!;
  if (bounds.length === 2) where.at = And(...bounds);
  const [items, total] = await db
    .getRepository(AuditLogEntity)
    .findAndCount({ where, order: { at: 'DESC' }, take: f.limit, skip: f.offset });
  return { items, total, limit: f.limit, offset: f.offset };
}
