import type { DataSource } from 'typeorm';
import { PlanEntity, RosterEntity } from '../../db/entities';

/** The plan people see for a fortnight: the published one, else the most recent solved one. */
export async function shownPlan(db: DataSource, fortnightStart: string): Promise<PlanEntity | null> {
  const repo = db.getRepository(PlanEntity);
  return (
    (await repo.findOne({ where: { fortnightStart, status: 'published' } })) ??
    (await repo.findOne({ where: { fortnightStart, status: 'solved' }, order: { createdAt: 'DESC' } }))
  );
}

/** The published plan's fortnight nearest to `date` (ties: the later one), or null. */
export async function nearestPublishedFortnight(db: DataSource, date: string): Promise<string | null> {
  const rows: { f: string }[] = await db
    .getRepository(PlanEntity)
    .createQueryBuilder('p')
    .select(`to_char(p."fortnightStart", 'YYYY-MM-DD')`, 'f')
    .where(`p.status = 'published'`)
    .orderBy(`abs(p."fortnightStart" - CAST(:date AS date))`, 'ASC')
    .addOrderBy('p."fortnightStart"', 'DESC')
    .setParameter('date', date)
    .limit(1)
    .getRawMany();
  return rows[0]?.f ?? null;
}

/** `date` if a published roster covers it, else the first day of the nearest published roster. */
export async function nearestRosteredDay(db: DataSource, date: string): Promise<string> {
  const rows: { d: string }[] = await db
    .getRepository(RosterEntity)
    .createQueryBuilder('r')
    .select(
      `CASE WHEN CAST(:date AS date) BETWEEN r."periodStart" AND r."periodEnd" THEN CAST(:date AS text) ELSE to_char(r."periodStart", 'YYYY-MM-DD') END`,
      'd',
    )
    .where(`r.status = 'published'`)
    .orderBy(
      `CASE WHEN CAST(:date AS date) BETWEEN r."periodStart" AND r."periodEnd" THEN 0 ELSE abs(r."periodStart" - CAST(:date AS date)) END`,
      'ASC',
    )
    .setParameter('date', date)
    .limit(1)
    .getRawMany();
  return rows[0]?.d ?? date;
}
