import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { buildDemoOrganisation } from '../../fixtures/demo';
import * as E from '../db/entities';
import { ENTITIES } from '../db/entities';
import { TokenService } from './tokens';

export interface SeededToken {
  role: string;
  email: string;
  token: string;
}

/** Insert order respects references between tables. */
function plan(demo: ReturnType<typeof buildDemoOrganisation>): [EntityTarget<ObjectLiteral>, object[]][] {
  return [
    [E.OrganisationSettingsEntity, [demo.settings]],
    [E.PublicHolidayEntity, demo.publicHolidays],
    [E.CustomerEntity, demo.customers],
    [E.EngineerEntity, demo.engineers],
    [E.ShiftTemplateEntity, demo.shiftTemplates],
    [E.AgentEntity, demo.agents],
    [E.AvailabilityExceptionEntity, demo.availabilityExceptions],
    [E.RoadmapItemEntity, demo.roadmapItems],
    [E.ServiceTargetEntity, demo.serviceTargets],
    [E.DemandForecastEntity, demo.demandForecasts],
    [E.UserEntity, demo.users],
  ];
}

/**
 * Seeds the deterministic demo organisation when the database has no organisation yet (or
 * always, after wiping, with `reset`). Returns one fresh API token per role, or null if the
 * database already had data.
 */
export async function seedIfEmpty(
  db: DataSource,
  { reset }: { reset: boolean },
): Promise<{ tokens: SeededToken[] } | null> {
  const demo = buildDemoOrganisation();
  const done = await db.transaction(async (m) => {
    if (reset) {
      const tables = ENTITIES.map((e) => `"${db.getMetadata(e).tableName}"`).join(', ');
      await m.query(`TRUNCATE ${tables} CASCADE`);
    } else if ((await m.count(E.OrganisationSettingsEntity)) > 0) {
      return false;
    }
    for (const [entity, rows] of plan(demo)) {
      // Chunked: demand forecasts are a few thousand rows.
      for (let i = 0; i < rows.length; i += 500) await m.getRepository(entity).insert(rows.slice(i, i + 500));
    }
    return true;
  });
  if (!done) return null;
  const tokens = new TokenService(db);
  const users = await db.getRepository(E.UserEntity).find({ order: { email: 'ASC' } });
  const out: SeededToken[] = [];
  for (const role of ['admin', 'rep', 'director', 'engineer', 'agent'] as const) {
    const user = users.find((u) => u.role === role);
    if (!user) continue;
    const issued = await tokens.issue(null, user.id, 'demo');
    out.push({ role, email: user.email, token: issued.token });
  }
  return { tokens: out };
}
