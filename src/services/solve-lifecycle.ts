import type { DataSource } from 'typeorm';
import type { PlanEntity, RosterEntity, SolveRun } from '../db/entities';
import type { Actor } from '../domain/actor';
import { ConflictError, DomainValidationError, NotFoundError } from '../domain/errors';
import { audit } from './audit';

/** Statuses after which a solve job has nothing left to do. */
export const FINISHED = new Set(['solved', 'infeasible', 'failed', 'published', 'superseded']);

type Solvable = typeof PlanEntity | typeof RosterEntity;

export interface Lifecycle<E extends SolveRun> {
  entity: Solvable;
  /** Word used in messages and audit actions: 'plan' or 'roster'. */
  noun: 'plan' | 'roster';
  /** Column that identifies "the same period": a newly published record supersedes others with its value. */
  periodColumn: 'fortnightStart' | 'periodStart';
  periodOf(record: E): string;
  /** The stored result of a solve refused before it started, with the reasons in words. */
  rejected(messages: string[]): Record<string, unknown>;
}

/**
 * The shared life of a solved record (`draft → solving → solved | infeasible → published →
 * superseded`): asking a running solve to stop, and publishing one that superseded its
 * predecessor for the same period. Each runs in one transaction with the record locked.
 */
export function lifecycleOps<E extends SolveRun>(db: DataSource, l: Lifecycle<E>) {
  const load = async (m: import('typeorm').EntityManager, id: string): Promise<E> => {
    const row = (await m.findOne(l.entity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    })) as E | null;
    if (!row) throw new NotFoundError(`${l.noun} ${id} does not exist`);
    return row;
  };
  const repo = () => db.getRepository(l.entity);
  return {
    async get(id: string): Promise<E> {
      const row = (await repo().findOne({ where: { id } })) as E | null;
      if (!row) throw new NotFoundError(`${l.noun} ${id} does not exist`);
      return row;
    },
    /** Newest first, filtered by period and status, without the (large) result column. */
    async list(filter: { period?: string; status?: string }, limit: number, offset: number) {
      const where: Record<string, string> = {};
      if (filter.period) where[l.periodColumn] = filter.period;
      if (filter.status) where.status = filter.status;
      const [items, total] = await repo().findAndCount({
        where,
        order: { createdAt: 'DESC' },
        take: limit,
        skip: offset,
        select: {
          id: true,
          version: true,
          status: true,
          options: true,
          progress: true,
          createdAt: true,
          updatedAt: true,
          publishedAt: true,
          createdBy: true,
          jobId: true,
          [l.periodColumn]: true,
        },
      });
      return { items: items as unknown as E[], total, limit, offset };
    },
    /** Asks a running solve to stop; it keeps the best solution found so far. */
    stop(actor: Actor, id: string): Promise<E> {
      return db.transaction(async (m) => {
        const row = await load(m, id);
        if (FINISHED.has(row.status)) {
          throw new ConflictError(`${l.noun} ${id} is not solving (it is ${row.status})`, 'not_solving');
        }
        row.progress = { ...(row.progress ?? {}), stopRequested: true };
        await m.save(row);
        await audit(m, actor, `${l.noun}.stop`, l.noun, id);
        return row;
      });
    },
    /**
     * Builds a job's problem. When the data no longer makes one (a validation error, e.g. the
     * period left the grid since it was submitted) the record fails with the reasons, audited as
     * the requester's solve, and the answer is null: a retry would not help. Any other error hands
     * the record back as a draft for the queue's retry.
     */
    async buildOrFail<T>(
      id: string,
      requester: Pick<Actor, 'userId'> | null,
      build: () => Promise<T>,
    ): Promise<T | null> {
      try {
        return await build();
      } catch (err) {
        if (!(err instanceof DomainValidationError)) {
          await repo().update(id, { status: 'draft' });
          throw err;
        }
        const messages = err.issues.map((i) => i.message);
        await db.transaction(async (m) => {
          await m.update(l.entity, id, { status: 'failed', result: l.rejected(messages) as never });
          await audit(m, requester, `${l.noun}.solve`, l.noun, id, { status: 'rejected', messages });
        });
        return null;
      }
    },
    /** Publishes a solved record; the previously published one of the same period is superseded. */
    publish(actor: Actor, id: string): Promise<E> {
      return db.transaction(async (m) => {
        const row = await load(m, id);
        if (row.status !== 'solved') {
          throw new ConflictError(
            `only a solved ${l.noun} can be published (this one is ${row.status})`,
            'not_publishable',
          );
        }
        const period = l.periodOf(row);
        // Publishes of one period take turns: two running side by side would each see no other
        // published record to supersede and leave both published. Held until commit.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${l.noun}.publish:${period}`]);
        await m
          .createQueryBuilder()
          .update(l.entity)
          .set({ status: 'superseded' })
          .where(`"${l.periodColumn}" = :p AND status = 'published' AND id <> :id`, { p: period, id })
          .execute();
        row.status = 'published';
        row.publishedAt = new Date();
        const saved = await m.save(row);
        await audit(m, actor, `${l.noun}.publish`, l.noun, id, { [l.periodColumn]: period });
        return saved;
      });
    },
  };
}
