import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { Between, In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import type { Confidence, PlanDay, PlanEngineer, PlanProblem, RoadmapItem, Weights } from '../../solver';
import {
  AvailabilityExceptionEntity,
  CustomerEntity,
  EngineerEntity,
  OrganisationSettingsEntity,
  PublicHolidayEntity,
  RoadmapItemEntity,
} from '../db/entities';
import { dayWindows } from '../domain/availability';
import { DomainValidationError } from '../domain/errors';
import { dates, hhmm, horizon, minutesOfDay, toMinutes, weekdayOf, type Horizon } from '../domain/time';

export interface PlanRequestOptions {
  confidence: Confidence;
  weights?: Partial<Weights>;
  seed?: number;
}

export interface BuiltProblem {
  /** Mutable so a re-plan can add the published plan's blocks. */
  problem: PlanProblem;
  horizon: Horizon;
  /** Day index → local date. */
  dayDates: string[];
  engineerZones: Record<string, string>;
  customerOf: Record<string, string>;
}

const KIND_WORDS: Record<string, string> = {
  leave: 'annual leave',
  training: 'training',
  sick: 'sick leave',
  public_holiday: 'public holiday',
  part_day: 'part-day absence',
};

/** Checks a fortnight start is a Monday on the organisation's fortnight grid. */
export function assertFortnightStart(anchor: string, start: string, path = 'body.fortnightStart'): void {
  const days = DateTime.fromISO(start).diff(DateTime.fromISO(anchor), 'days').days;
  if (!Number.isInteger(days) || days % 14 !== 0) {
    throw new DomainValidationError('not a fortnight start', [
      { path, message: `fortnights start every 14 days from ${anchor} (a Monday)` },
    ]);
  }
  // The database stores dates up to year 9999; the fortnight's last day must be one of them.
  if (DateTime.fromISO(start).plus({ days: 13 }).year > 9999) {
    throw new DomainValidationError('not a fortnight start', [
      { path, message: 'the fortnight must end by 9999-12-31' },
    ]);
  }
}

/**
 * Reads the roadmaps and availability for one fortnight and turns them into the solver's
 * problem: working windows in minutes from the fortnight's start, net of lunch, leave and
 * public holidays, in each engineer's own zone.
 */
export async function buildPlanProblem(
  db: DataSource,
  fortnightStart: string,
  opts: PlanRequestOptions,
): Promise<BuiltProblem> {
  const settings = await db
    .getRepository(OrganisationSettingsEntity)
    .findOneOrFail({ where: {}, order: { createdAt: 'ASC' } });
  assertFortnightStart(settings.fortnightAnchor, fortnightStart);
  const h = horizon(fortnightStart, settings.timeZone);
  const all = dates(fortnightStart, 14);
  const last = all[13]!;
  const [engineers, customers, holidays, exceptions] = await Promise.all([
    db.getRepository(EngineerEntity).find({ where: { active: true }, order: { name: 'ASC' } }),
    db.getRepository(CustomerEntity).find({ where: { active: true }, order: { name: 'ASC' } }),
    db
      .getRepository(PublicHolidayEntity)
      .find({ where: { calendar: settings.holidayCalendar, date: Between(fortnightStart, last) } }),
    db.getRepository(AvailabilityExceptionEntity).find({
      where: {
        engineerId: Not(IsNull()),
        startDate: LessThanOrEqual(last),
        endDate: MoreThanOrEqual(fortnightStart),
      },
    }),
  ]);
  const items = await db.getRepository(RoadmapItemEntity).find({
    where: { customerId: In(customers.map((c) => c.id)) },
    order: { customerId: 'ASC', rank: 'ASC' },
  });
  const holidayByDate = new Map(holidays.map((x) => [x.date, x.name]));
  // Working days: dates on which at least one engineer's pattern has hours.
  const workingWeekdays = new Set(engineers.flatMap((e) => e.pattern.map((p) => p.weekday)));
  // A public holiday is nobody's working day (the shortfall report still names it per engineer).
  const dayDates = all.filter((d) => workingWeekdays.has(weekdayOf(d)) && !holidayByDate.has(d));
  const days: PlanDay[] = dayDates.map((label, index) => ({
    index,
    week: all.indexOf(label) < 7 ? 0 : 1,
    label,
  }));
  const dayOf = new Map(dayDates.map((d, i) => [d, i]));
  const lunchStart = minutesOfDay(settings.defaultWorkingDay.lunchStart);

  const planEngineers: PlanEngineer[] = engineers.map((e) => {
    const windows: { day: number; start: number; end: number }[] = [];
    const reasons: { day: number; minutes: number; reason: string }[] = [];
    const mine = exceptions.filter((x) => x.engineerId === e.id);
    for (const [index, date] of dayDates.entries()) {
      const p = e.pattern.find((x) => x.weekday === weekdayOf(date));
      if (!p) continue;
      const { windows: local, lost } = dayWindows(p, date, mine, lunchStart);
      for (const { absence: x, minutes } of lost)
        if (minutes > 0)
          reasons.push({
            day: index,
            minutes,
            reason: x.note ? `${KIND_WORDS[x.kind]}: ${x.note}` : KIND_WORDS[x.kind]!,
          });
      for (const iv of local) {
        windows.push({
          day: index,
          start: toMinutes(h, date, hhmm(iv.start), e.timeZone),
          end: toMinutes(h, date, hhmm(iv.end), e.timeZone),
        });
      }
    }
    // Holidays are not planning days; their lost hours are reported against a day of the same week.
    for (const [date, name] of holidayByDate) {
      const p = e.pattern.find((x) => x.weekday === weekdayOf(date));
      const week = all.indexOf(date) < 7 ? 0 : 1;
      const sameWeek = days.find((d) => d.week === week);
      if (!p || !sameWeek) continue;
      const minutes = minutesOfDay(p.end) - minutesOfDay(p.start) - p.breakMinutes;
      reasons.push({ day: sameWeek.index, minutes, reason: `public holiday (${name})` });
    }
    return {
      id: e.id,
      name: e.name,
      skills: e.skills,
      knownCustomerIds: e.knownCustomerIds,
      windows,
      weeklyTargetMinutes: settings.billableTargetMinutesPerWeek,
      p1Eligible: e.p1Eligible,
      unavailableReasons: reasons,
    };
  });

  const dueDayOf = (due: string | null): number | undefined => {
    if (!due || due > last) return undefined;
    let best = 0;
    for (const [d, i] of dayOf) if (d <= due) best = Math.max(best, i);
    return best;
  };
  const open = items.filter((i) => i.status !== 'done');
  const planItems: RoadmapItem[] = open.map((i) => ({
    id: i.id,
    customerId: i.customerId,
    title: i.title,
    kind: i.kind,
    rank: i.rank,
    estimate: {
      low: Math.round(i.estimateLowHours * 60),
      ...(i.estimateLikelyHours !== null ? { likely: Math.round(i.estimateLikelyHours * 60) } : {}),
      high: Math.round(i.estimateHighHours * 60),
    },
    skills: i.skills,
    dependsOn: i.dependsOn,
    ...(dueDayOf(i.dueDate) !== undefined ? { dueDay: dueDayOf(i.dueDate)! } : {}),
    billable: i.billable,
    ...(i.pinEngineerId || i.pinDate
      ? {
          pin: {
            ...(i.pinEngineerId ? { engineerId: i.pinEngineerId } : {}),
            ...(i.pinDate && dayOf.has(i.pinDate) ? { day: dayOf.get(i.pinDate)! } : {}),
          },
        }
      : {}),
  }));
  const problem: PlanProblem = {
    days,
    engineers: planEngineers,
    customers: customers.map((c) => ({
      id: c.id,
      name: c.name,
      subscriptionMinutes: Math.round(c.subscriptionHoursPerFortnight * 60),
      topUpMinutes: Math.round(c.topUpHoursAllowed * 60),
      techDebtShare: c.techDebtShare,
    })),
    items: planItems,
    p1: { bufferMinutes: settings.p1BufferMinutes },
    confidence: opts.confidence,
    ...(opts.weights ? { weights: opts.weights } : {}),
    seed: opts.seed ?? 1,
    doneItemIds: items.filter((i) => i.status === 'done').map((i) => i.id),
  };
  return {
    problem,
    horizon: h,
    dayDates,
    engineerZones: Object.fromEntries(engineers.map((e) => [e.id, e.timeZone])),
    customerOf: Object.fromEntries(items.map((i) => [i.id, i.customerId])),
  };
}
