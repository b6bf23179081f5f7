import type { DataSource } from 'typeorm';
import { OrganisationSettingsEntity } from '../db/entities';
import type { Actor } from '../domain/actor';
import { ConflictError, NotFoundError } from '../domain/errors';
import { settingsSchema } from '../http/schemas';
import { audit } from './audit';
import { parseOrThrow } from './validation';

/** The organisation's settings: one row, created by the seed or on first start. */
export class SettingsService {
  constructor(private readonly db: DataSource) {}

  async get(): Promise<OrganisationSettingsEntity> {
    const row = await this.db
      .getRepository(OrganisationSettingsEntity)
      .findOne({ where: {}, order: { createdAt: 'ASC' } });
    if (!row) throw new NotFoundError('the organisation has no settings yet');
    return row;
  }

  async update(
    actor: Actor,
    patch: Record<string, unknown>,
    version: number,
  ): Promise<OrganisationSettingsEntity> {
    return this.db.transaction(async (m) => {
      const row = await m
        .getRepository(OrganisationSettingsEntity)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .orderBy('s.createdAt', 'ASC')
        .getOne();
      if (!row) throw new NotFoundError('the organisation has no settings yet');
      if (row.version !== version) {
        throw new ConflictError('the settings were changed by someone else', 'stale_version', [
          { path: 'body.version', message: `current version is ${row.version}` },
        ]);
      }
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, ...current } = row;
      const data = parseOrThrow(settingsSchema, { ...current, ...patch }, 'body');
      const saved = await m
        .getRepository(OrganisationSettingsEntity)
        .save(m.merge(OrganisationSettingsEntity, row, data));
      await audit(m, actor, 'update', 'settings', row.id, { fields: Object.keys(patch) });
      return saved;
    });
  }
}
