import { z } from 'zod';
import type { Role } from '../db/entities/access';
import type { CrudService } from '../services/crud';
import { type Api } from './routes';
import { idParam, pageQuery } from './schemas';

export interface ResourceAccess {
  read: readonly Role[];
  write: readonly Role[];
  /** Roles that may also write rows they own (e.g. an engineer logging their own hours). */
  ownWrite?: readonly Role[];
}

const recordOut = z.looseObject({ id: z.uuid(), version: z.number().int() });

/** Mounts list / get / create / patch / delete for one declared resource. */
export function mountResource(
  api: Api,
  service: CrudService<Record<string, unknown>>,
  access: ResourceAccess,
  tag: string,
): void {
  const { name, filters = {}, schema } = service.def;
  const base = `/${name}`;
  const write = [...new Set([...access.write, ...(access.ownWrite ?? [])])];
  const filterShape: Record<string, z.ZodType> = {};
  for (const key of Object.keys(filters)) filterShape[key] = z.string().max(200).optional();
  // Typed filters: ids, dates and booleans are checked before they reach SQL.
  for (const [key, f] of Object.entries(filters)) {
    if (/Id$/.test(key)) filterShape[key] = z.uuid().optional();
    else if (['from', 'to', 'dueFrom', 'dueTo'].includes(key) || /date/i.test(f.column))
      filterShape[key] = z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
        .optional();
    else if (key === 'active')
      filterShape[key] = z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional();
  }
  const listQuery = pageQuery.extend(filterShape).strict();

  api.route(
    {
      method: 'get',
      path: base,
      summary: `List ${name}`,
      tag,
      access: access.read,
      query: listQuery,
      response: z.object({
        items: z.array(recordOut),
        total: z.number(),
        limit: z.number(),
        offset: z.number(),
      }),
    },
    ({ actor, query }) => {
      const { limit, offset, ...rest } = query as { limit: number; offset: number } & Record<string, unknown>;
      return service.list(actor!, rest, limit, offset);
    },
  );
  api.route(
    {
      method: 'get',
      path: `${base}/:id`,
      summary: `Read one of ${name}`,
      tag,
      access: access.read,
      params: idParam,
      response: recordOut,
    },
    ({ actor, params }) => service.get(actor!, params.id),
  );
  api.route(
    {
      method: 'post',
      path: base,
      summary: `Create one of ${name}`,
      tag,
      access: write,
      body: schema,
      response: recordOut,
    },
    ({ actor, req }) => {
      return service.create(actor!, req.body);
    },
  );
  api.route(
    {
      method: 'patch',
      path: `${base}/:id`,
      summary: `Change one of ${name} (send the version you read; a stale version gets 409)`,
      tag,
      access: write,
      params: idParam,
      body: z.looseObject({ version: z.number().int().min(1) }),
      response: recordOut,
    },
    ({ actor, params, body }) => {
      const { version, ...patch } = body as { version: number } & Record<string, unknown>;
      return service.update(actor!, params.id, patch, version);
    },
  );
  api.route(
    {
      method: 'delete',
      path: `${base}/:id`,
      summary: `Delete one of ${name} (optionally ?version= for a guarded delete)`,
      tag,
      access: write,
      params: idParam,
      query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
    },
    async ({ actor, params, query }) => {
      await service.remove(actor!, params.id, query.version);
    },
  );
}
