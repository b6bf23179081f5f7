import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '../domain/actor';
import { seesMoney } from '../domain/actor';
import { ConflictError, DomainValidationError, ForbiddenError, NotFoundError } from '../domain/errors';
import { audit } from './audit';
import { zodIssues } from './validation';

export interface Filter {
  column: string;
  /** '=' compares one value; 'any' matches a value inside an array column; 'gte'/'lte' bound a range. */
  op: '=' | 'any' | 'gte' | 'lte';
}

/** Declares one editable resource: its table, its input schema and who may see which rows and fields. */
export interface ResourceDef<E extends ObjectLiteral = ObjectLiteral> {
  name: string;
  entity: EntityTarget<E>;
  schema: z.ZodType<Record<string, unknown>>;
  /** Column that links a row to the engineer or agent who owns it ('id' for the person record itself). */
  ownerColumn?: { engineer?: string; agent?: string };
  /** Fields only directors and admins may see (money). */
  moneyFields?: string[];
  filters?: Record<string, Filter>;
  order: Record<string, 'ASC' | 'DESC'>;
  hooks?: ResourceHooks;
}

export interface ResourceHooks {
  /** Runs first in an update or delete transaction, before the row is locked: takes wider locks in a fixed order. */
  lockFirst?(manager: EntityManager, id: string): Promise<void>;
  /** Runs inside the write transaction, after validation, before the row is written. */
  beforeWrite?(
    manager: EntityManager,
    next: Record<string, unknown>,
    previous: Record<string, unknown> | null,
  ): Promise<void>;
  afterDelete?(manager: EntityManager, previous: Record<string, unknown>): Promise<void>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const SYSTEM_FIELDS = ['id', 'version', 'createdAt', 'updatedAt'];

/** Generic create / read / list / update / delete with optimistic locking and ownership rules. */
export class CrudService<E extends ObjectLiteral> {
  constructor(
    private readonly db: DataSource,
    readonly def: ResourceDef<E>,
  ) {}

  private ownerScope(actor: Actor): { column: string; value: string | null } | null {
    const own = this.def.ownerColumn;
    if (actor.role === 'engineer') {
      if (!own?.engineer) return null;
      return { column: own.engineer, value: actor.engineerId };
    }
    if (actor.role === 'agent') {
      if (!own?.agent) return null;
      return { column: own.agent, value: actor.agentId };
    }
    return null;
  }

  /** Engineers and agents see only rows they own, where the resource has owners. */
  private restrict(qb: SelectQueryBuilder<E>, actor: Actor): void {
    const scope = this.ownerScope(actor);
    if (!scope) return;
    qb.andWhere(`r.${q(scope.column)} = :owner`, {
      owner: scope.value ?? '00000000-0000-0000-0000-000000000000',
    });
  }

  present(row: E, actor: Actor): Record<string, unknown> {
    const out: Record<string, unknown> = { ...row };
    // Columns declared `select: false` (password hashes) never leave the service, even after a save.
    for (const c of this.db.getMetadata(this.def.entity).columns) if (!c.isSelect) delete out[c.propertyName];
    if (!seesMoney(actor)) for (const f of this.def.moneyFields ?? []) delete out[f];
    return out;
  }

  async list(
    actor: Actor,
    query: Record<string, unknown>,
    limit: number,
    offset: number,
  ): Promise<Page<Record<string, unknown>>> {
    const qb = this.db.getRepository(this.def.entity).createQueryBuilder('r');
    this.restrict(qb, actor);
    for (const [key, filter] of Object.entries(this.def.filters ?? {})) {
      const value = query[key];
      if (value === undefined) continue;
      const p = `f_${key}`;
      const col = `r.${q(filter.column)}`;
      if (filter.op === '=') qb.andWhere(`${col} = :${p}`, { [p]: value });
      else if (filter.op === 'any') qb.andWhere(`:${p} = ANY(${col})`, { [p]: value });
      else if (filter.op === 'gte') qb.andWhere(`${col} >= :${p}`, { [p]: value });
      else qb.andWhere(`${col} <= :${p}`, { [p]: value });
    }
    for (const [col, dir] of Object.entries(this.def.order)) qb.addOrderBy(`r.${q(col)}`, dir);
    qb.addOrderBy('r.id', 'ASC').take(limit).skip(offset);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map((r) => this.present(r, actor)), total, limit, offset };
  }

  private async load(manager: EntityManager, id: string, lock: boolean): Promise<E> {
    const qb = manager.getRepository(this.def.entity).createQueryBuilder('r').where('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    const row = await qb.getOne();
    if (!row) throw new NotFoundError(`${this.def.name} ${id} does not exist`);
    return row;
  }

  private assertOwner(actor: Actor, row: Record<string, unknown>): void {
    const scope = this.ownerScope(actor);
    // A refused read of someone else's record looks like a missing one: it leaks nothing.
    if (scope && row[scope.column] !== scope.value)
      throw new NotFoundError(`${this.def.name} ${String(row.id)} does not exist`);
  }

  async get(actor: Actor, id: string): Promise<Record<string, unknown>> {
    const row = await this.load(this.db.manager, id, false);
    this.assertOwner(actor, row);
    return this.present(row, actor);
  }

  private validate(input: unknown): Record<string, unknown> {
    const parsed = this.def.schema.safeParse(input);
    if (!parsed.success)
      throw new DomainValidationError(`invalid ${this.def.name}`, zodIssues(parsed.error, 'body'));
    return parsed.data;
  }

  /** An owner (engineer/agent) may only write rows that stay theirs. */
  private assertOwnWrite(actor: Actor, next: Record<string, unknown>): void {
    const scope = this.ownerScope(actor);
    if (scope && next[scope.column] !== scope.value) {
      throw new ForbiddenError(`you may only write your own ${this.def.name}`, [
        { path: `body.${scope.column}`, message: 'must be your own' },
      ]);
    }
  }

  async create(actor: Actor, input: unknown): Promise<Record<string, unknown>> {
    const data = this.validate(input);
    this.assertOwnWrite(actor, data);
    return this.db.transaction(async (m) => {
      await this.def.hooks?.beforeWrite?.(m, data, null);
      const saved = await m
        .getRepository(this.def.entity)
        .save(m.getRepository(this.def.entity).create(data as E));
      await audit(m, actor, 'create', this.def.name, saved.id as string);
      return this.present(saved, actor);
    });
  }

  /** PATCH semantics: the patch is merged into the current record and the result validated whole. */
  async update(
    actor: Actor,
    id: string,
    patch: Record<string, unknown>,
    version: number,
  ): Promise<Record<string, unknown>> {
    return this.db.transaction(async (m) => {
      await this.def.hooks?.lockFirst?.(m, id);
      const row = await this.load(m, id, true);
      this.assertOwner(actor, row);
      if (row.version !== version) {
        throw new ConflictError(
          `${this.def.name} ${id} was changed by someone else (version ${row.version as number}, you sent ${version})`,
          'stale_version',
          [{ path: 'body.version', message: `current version is ${row.version as number}` }],
        );
      }
      const current: Record<string, unknown> = { ...row };
      for (const f of SYSTEM_FIELDS) delete current[f];
      // Unselected columns (passwordHash) hydrate as undefined keys; the strict schema would refuse them.
      for (const [k, v] of Object.entries(current)) if (v === undefined) delete current[k];
      const data = this.validate({ ...current, ...patch });
      this.assertOwnWrite(actor, data);
      await this.def.hooks?.beforeWrite?.(m, data, { ...row });
      const repo = m.getRepository(this.def.entity);
      const saved = await repo.save(repo.merge(row, data as E));
      await audit(m, actor, 'update', this.def.name, id, { fields: Object.keys(patch) });
      return this.present(saved, actor);
    });
  }

  async remove(actor: Actor, id: string, version: number | undefined): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.def.hooks?.lockFirst?.(m, id);
      const row = await this.load(m, id, true);
      this.assertOwner(actor, row);
      if (version !== undefined && row.version !== version) {
        throw new ConflictError(`${this.def.name} ${id} was changed by someone else`, 'stale_version', [
          { path: 'query.version', message: `current version is ${row.version as number}` },
        ]);
      }
      await m.getRepository(this.def.entity).delete(id);
      await this.def.hooks?.afterDelete?.(m, { ...row });
      await audit(m, actor, 'delete', this.def.name, id);
    });
  }
}

/** Quotes a camelCase column for raw SQL fragments (names come from resource definitions, never input). */
function q(column: string): string {
  return `"${column}"`;
}
