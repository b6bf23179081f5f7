import type { EntityManager } from 'typeorm';
import { CustomerEntity, RoadmapItemEntity } from '../db/entities';
import { DomainValidationError } from '../domain/errors';
import type { ResourceHooks } from './crud';

/**
 * Keeps each customer's roadmap ranked 1..n without gaps. Inserting at rank r or moving an item
 * renumbers the others in the same transaction; the customer row is locked first so two
 * concurrent moves on one roadmap serialise instead of interleaving.
 */
export const roadmapRankHooks: ResourceHooks = {
  /** Customer before item, in every transaction: concurrent moves queue instead of deadlocking. */
  async lockFirst(m, id) {
    await m.query(
      'SELECT c.id FROM customers c JOIN roadmap_items i ON i."customerId" = c.id WHERE i.id = $1 FOR UPDATE OF c',
      [id],
    );
  },
  async beforeWrite(m, next, previous) {
    const customerId = next.customerId as string;
    const customer = await m
      .getRepository(CustomerEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :customerId', { customerId })
      .getOne();
    if (!customer) {
      throw new DomainValidationError('unknown customer', [
        { path: 'body.customerId', message: 'no such customer' },
      ]);
    }
    await checkDependencies(m, next, previous);
    const prevCustomer = previous?.customerId as string | undefined;
    const prevRank = previous?.rank as number | undefined;
    if (previous && prevCustomer !== customerId && prevRank !== undefined && prevCustomer) {
      await lockRoadmap(m, prevCustomer);
      await shift(m, prevCustomer, prevRank + 1, null, -1);
    }
    const sameRoadmap = previous !== null && prevCustomer === customerId;
    const others = await m
      .getRepository(RoadmapItemEntity)
      .createQueryBuilder('i')
      .where('i."customerId" = :customerId', { customerId })
      .andWhere(previous ? 'i.id <> :id' : 'TRUE', { id: previous?.id })
      .getCount();
    const wanted = (next.rank as number | undefined) ?? (sameRoadmap ? prevRank : undefined) ?? others + 1;
    const rank = Math.min(Math.max(1, wanted), others + 1);
    next.rank = rank;
    if (sameRoadmap && prevRank !== undefined) {
      if (rank < prevRank) await shift(m, customerId, rank, prevRank - 1, +1);
      else if (rank > prevRank) await shift(m, customerId, prevRank + 1, rank, -1);
    } else {
      await shift(m, customerId, rank, null, +1);
    }
  },
  async afterDelete(m, previous) {
    // Take the roadmap lock like inserts and moves do, or a concurrent insert counts the deleted
    // row, appends after it and leaves a gap once this delete commits.
    await lockRoadmap(m, previous.customerId as string);
    await shift(m, previous.customerId as string, (previous.rank as number) + 1, null, -1);
  },
};

/** Locks a customer's row: every change to that customer's ranks serialises on it. */
async function lockRoadmap(m: EntityManager, customerId: string): Promise<void> {
  await m.query('SELECT id FROM customers WHERE id = $1 FOR UPDATE', [customerId]);
}

/** Moves ranks in [from, to] (to = null: to the end) by `delta`, bumping their versions. */
async function shift(
  m: EntityManager,
  customerId: string,
  from: number,
  to: number | null,
  delta: number,
): Promise<void> {
  const params: unknown[] = [delta, customerId, from];
  let sql = `UPDATE roadmap_items SET rank = rank + $1, version = version + 1, "updatedAt" = now()
             WHERE "customerId" = $2 AND rank >= $3`;
  if (to !== null) {
    sql += ' AND rank <= $4';
    params.push(to);
  }
  await m.query(sql, params);
}

async function checkDependencies(
  m: EntityManager,
  next: Record<string, unknown>,
  previous: Record<string, unknown> | null,
): Promise<void> {
  const deps = (next.dependsOn as string[] | undefined) ?? [];
  if (deps.length === 0) return;
  const selfId = previous?.id as string | undefined;
  const issues = deps.flatMap((d, i) =>
    d === selfId ? [{ path: `body.dependsOn[${i}]`, message: 'an item cannot depend on itself' }] : [],
  );
  const rows: { id: string }[] = await m.query('SELECT id FROM roadmap_items WHERE id = ANY($1::uuid[])', [
    deps,
  ]);
  const found = new Set(rows.map((r) => r.id));
  deps.forEach((d, i) => {
    if (!found.has(d)) issues.push({ path: `body.dependsOn[${i}]`, message: 'no such roadmap item' });
  });
  if (selfId && issues.length === 0) {
    // Walk the dependency graph from the new dependencies: reaching this item again is a cycle.
    const seen = new Set<string>();
    let frontier = deps;
    while (frontier.length > 0) {
      if (frontier.includes(selfId)) {
        issues.push({ path: 'body.dependsOn', message: 'the dependencies would form a cycle' });
        break;
      }
      frontier.forEach((f) => seen.add(f));
      const more: { dependsOn: string[] }[] = await m.query(
        'SELECT "dependsOn" FROM roadmap_items WHERE id = ANY($1::uuid[])',
        [frontier],
      );
      frontier = [...new Set(more.flatMap((r) => r.dependsOn))].filter((x) => !seen.has(x));
    }
  }
  if (issues.length > 0) throw new DomainValidationError('invalid dependencies', issues);
}
