import { z } from 'zod';
import { DateTime } from 'luxon';

/** zod schemas for every API input: the single source of truth for validation and OpenAPI. */

export const uuid = z.uuid();
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  // PostgreSQL has no year 0 (luxon reads it as 1 BC), so 0000-… would fail in the database.
  .refine((s) => DateTime.fromISO(s).isValid && !s.startsWith('0000'), 'must be a real calendar date');
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:mm');
export const timeZone = z
  .string()
  .refine((tz) => DateTime.local().setZone(tz).isValid, 'must be an IANA time zone');
export const weekday = z.number().int().min(1).max(7).describe('ISO weekday, 1 = Monday');
export const hours = z.number().min(0).max(10000);
export const money = z.number().min(0).max(1e9);
export const shortText = z.string().trim().min(1).max(200);
export const skill = z.string().trim().min(1).max(50);
export const CHANNELS = ['phone', 'chat', 'email', 'social'] as const;
export const channel = z.enum(CHANNELS);
export const ITEM_KINDS = ['feature', 'improvement', 'bugfix', 'techdebt'] as const;
export const ITEM_STATUSES = ['backlog', 'planned', 'in_progress', 'done'] as const;
export const ROLE_NAMES = ['admin', 'rep', 'director', 'engineer', 'agent'] as const;

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const settingsSchema = z.strictObject({
  name: shortText,
  timeZone,
  weekStart: weekday,
  fortnightAnchor: isoDate.refine((d) => DateTime.fromISO(d).weekday === 1, 'must be a Monday'),
  billableTargetMinutesPerWeek: z
    .number()
    .int()
    .min(0)
    .max(60 * 80),
  defaultWorkingDay: z.strictObject({
    start: localTime,
    end: localTime,
    lunchStart: localTime,
    lunchMinutes: z.number().int().min(0).max(180),
  }),
  p1BufferMinutes: z.number().int().min(0).max(600),
  holidayCalendar: shortText,
});

export const publicHolidaySchema = z.strictObject({
  calendar: shortText.default('england-and-wales'),
  date: isoDate,
  name: shortText,
});

export const contactSchema = z.strictObject({
  role: z.enum(['budget_holder', 'day_to_day']),
  name: shortText,
  email: z.email(),
  phone: z.string().max(40).optional(),
});

export const customerSchema = z
  .strictObject({
    name: shortText,
    subscriptionHoursPerFortnight: hours,
    feePerFortnight: money.nullable().default(null),
    hourlyRate: money.nullable().default(null),
    topUpHoursAllowed: hours.default(0),
    techDebtShare: z.number().min(0).max(1).default(0.2),
    reviewWeekday: weekday,
    reviewTime: localTime.default('10:00'),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f77b4')
      .nullable()
      .default(null),
    contacts: z.array(contactSchema).max(20).default([]),
    active: z.boolean().default(true),
  })
  .refine((c) => c.feePerFortnight !== null || c.hourlyRate !== null, {
    message: 'a customer needs a fee per fortnight or an hourly rate',
    path: ['feePerFortnight'],
  });

export const patternDaySchema = z
  .strictObject({ weekday, start: localTime, end: localTime, breakMinutes: z.number().int().min(0).max(180) })
  .refine((d) => minutesOf(d.end) > minutesOf(d.start), {
    message: 'end must be after start',
    path: ['end'],
  });

export const engineerSchema = z.strictObject({
  name: shortText,
  email: z.email(),
  timeZone,
  pattern: z
    .array(patternDaySchema)
    .max(7)
    .refine((days) => new Set(days.map((d) => d.weekday)).size === days.length, 'one entry per weekday'),
  skills: z.array(skill).max(50).default([]),
  costRate: money,
  knownCustomerIds: z.array(uuid).max(500).default([]),
  googleCalendarId: z.string().max(300).nullable().default(null),
  p1Eligible: z.boolean().default(true),
  active: z.boolean().default(true),
});

export const availabilityExceptionSchema = z
  .strictObject({
    engineerId: uuid.nullable().default(null),
    agentId: uuid.nullable().default(null),
    kind: z.enum(['leave', 'training', 'sick', 'public_holiday', 'part_day']),
    startDate: isoDate,
    endDate: isoDate,
    startTime: localTime.nullable().default(null),
    endTime: localTime.nullable().default(null),
    note: z.string().max(500).nullable().default(null),
  })
  .refine((e) => (e.engineerId === null) !== (e.agentId === null), {
    message: 'give exactly one of engineerId or agentId',
    path: ['engineerId'],
  })
  .refine((e) => e.endDate >= e.startDate, {
    message: 'endDate must not be before startDate',
    path: ['endDate'],
  })
  .refine((e) => (e.startTime === null) === (e.endTime === null), {
    message: 'a part day needs both startTime and endTime',
    path: ['endTime'],
  });

export const roadmapItemSchema = z
  .strictObject({
    customerId: uuid,
    title: shortText,
    description: z.string().max(5000).nullable().default(null),
    kind: z.enum(ITEM_KINDS),
    rank: z.number().int().min(1).max(100000).optional(),
    estimateLowHours: hours,
    estimateLikelyHours: hours.nullable().default(null),
    estimateHighHours: hours,
    skills: z.array(skill).max(20).default([]),
    dependsOn: z.array(uuid).max(50).default([]),
    dueDate: isoDate.nullable().default(null),
    billable: z.boolean().default(true),
    status: z.enum(ITEM_STATUSES).default('backlog'),
    pinEngineerId: uuid.nullable().default(null),
    pinDate: isoDate.nullable().default(null),
  })
  .refine((i) => i.estimateHighHours >= i.estimateLowHours, {
    message: 'estimateHighHours must be at least estimateLowHours',
    path: ['estimateHighHours'],
  })
  .refine(
    (i) =>
      i.estimateLikelyHours === null ||
      (i.estimateLikelyHours >= i.estimateLowHours && i.estimateLikelyHours <= i.estimateHighHours),
    { message: 'estimateLikelyHours must lie within the range', path: ['estimateLikelyHours'] },
  )
  .refine((i) => i.estimateHighHours > 0, {
    message: 'an estimate must be above zero',
    path: ['estimateHighHours'],
  });

export const actualHoursSchema = z.strictObject({
  itemId: uuid,
  engineerId: uuid,
  date: isoDate,
  hours: z.number().gt(0).max(24),
  note: z.string().max(500).nullable().default(null),
});

export const agentSchema = z
  .strictObject({
    name: shortText,
    email: z.email(),
    timeZone,
    minHoursPerWeek: z.number().min(0).max(80),
    maxHoursPerWeek: z.number().min(0).max(80),
    channels: z.array(channel).min(1).max(4),
    allowedTemplateIds: z.array(uuid).max(50).default([]),
    daysAvailable: z.array(weekday).max(7).default([1, 2, 3, 4, 5, 6, 7]),
    maxConsecutiveDays: z.number().int().min(1).max(14).default(5),
    minConsecutiveDaysOff: z.number().int().min(1).max(7).default(2),
    googleCalendarId: z.string().max(300).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((a) => a.maxHoursPerWeek >= a.minHoursPerWeek, {
    message: 'maxHoursPerWeek must be at least minHoursPerWeek',
    path: ['maxHoursPerWeek'],
  });

export const shiftTemplateSchema = z
  .strictObject({
    name: shortText,
    start: localTime,
    end: localTime,
    weekdays: z.array(weekday).min(1).max(7),
    breakMinutes: z.number().int().min(0).max(120).default(30),
    breakWindowStart: localTime.nullable().default(null),
    breakWindowEnd: localTime.nullable().default(null),
    early: z.boolean().default(false),
  })
  .refine((t) => t.start !== t.end, { message: 'a shift must have a length', path: ['end'] });

export const demandForecastSchema = z.strictObject({
  channel,
  date: isoDate,
  intervalStart: localTime,
  intervalMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
  volume: z.number().min(0).max(1e6),
  ahtSeconds: z.number().gt(0).max(86400),
});

export const serviceTargetSchema = z.strictObject({
  channel,
  serviceLevel: z.number().gt(0).max(1),
  targetSeconds: z
    .number()
    .int()
    .min(0)
    .max(86400 * 7),
  maxOccupancy: z.number().gt(0).max(1).nullable().default(null),
  concurrency: z.number().int().min(1).max(10).default(1),
  shrinkage: z.number().min(0).lt(1).default(0.3),
});

export const userSchema = z
  .strictObject({
    name: shortText,
    email: z.email(),
    role: z.enum(ROLE_NAMES),
    engineerId: uuid.nullable().default(null),
    agentId: uuid.nullable().default(null),
    active: z.boolean().default(true),
    password: z.string().min(12).max(200).optional(),
  })
  .refine((u) => u.role !== 'engineer' || u.engineerId !== null, {
    message: 'an engineer user needs engineerId',
    path: ['engineerId'],
  })
  .refine((u) => u.role !== 'agent' || u.agentId !== null, {
    message: 'an agent user needs agentId',
    path: ['agentId'],
  });

/** Common list query: pagination plus resource-specific filters. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const versionOnly = z.strictObject({ version: z.number().int().min(1) });
export const idParam = z.strictObject({ id: uuid });
