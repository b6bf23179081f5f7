import type { DataSource } from 'typeorm';
import * as E from '../db/entities';
import { hashPassword } from '../domain/secrets';
import * as S from '../http/schemas';
import { CrudService, type ResourceDef } from './crud';
import { roadmapRankHooks } from './roadmap';

/** Every plainly editable resource of the domain, declared once. */
export const RESOURCES = {
  publicHolidays: {
    name: 'public-holidays',
    entity: E.PublicHolidayEntity,
    schema: S.publicHolidaySchema,
    filters: {
      calendar: { column: 'calendar', op: '=' },
      from: { column: 'date', op: 'gte' },
      to: { column: 'date', op: 'lte' },
    },
    order: { date: 'ASC' },
  },
  customers: {
    name: 'customers',
    entity: E.CustomerEntity,
    schema: S.customerSchema,
    moneyFields: ['feePerFortnight', 'hourlyRate'],
    filters: { active: { column: 'active', op: '=' } },
    order: { name: 'ASC' },
  },
  engineers: {
    name: 'engineers',
    entity: E.EngineerEntity,
    schema: S.engineerSchema,
    ownerColumn: { engineer: 'id' },
    moneyFields: ['costRate'],
    filters: {
      active: { column: 'active', op: '=' },
      skill: { column: 'skills', op: 'any' },
      customerId: { column: 'knownCustomerIds', op: 'any' },
    },
    order: { name: 'ASC' },
  },
  availabilityExceptions: {
    name: 'availability-exceptions',
    entity: E.AvailabilityExceptionEntity,
    schema: S.availabilityExceptionSchema,
    ownerColumn: { engineer: 'engineerId', agent: 'agentId' },
    filters: {
      engineerId: { column: 'engineerId', op: '=' },
      agentId: { column: 'agentId', op: '=' },
      kind: { column: 'kind', op: '=' },
      from: { column: 'endDate', op: 'gte' },
      to: { column: 'startDate', op: 'lte' },
    },
    order: { startDate: 'ASC' },
  },
  roadmapItems: {
    name: 'roadmap-items',
    entity: E.RoadmapItemEntity,
    schema: S.roadmapItemSchema,
    filters: {
      customerId: { column: 'customerId', op: '=' },
      status: { column: 'status', op: '=' },
      kind: { column: 'kind', op: '=' },
      engineerId: { column: 'pinEngineerId', op: '=' },
      dueFrom: { column: 'dueDate', op: 'gte' },
      dueTo: { column: 'dueDate', op: 'lte' },
    },
    order: { customerId: 'ASC', rank: 'ASC' },
    hooks: roadmapRankHooks,
  },
  actualHours: {
    name: 'actual-hours',
    entity: E.ActualHoursEntity,
    schema: S.actualHoursSchema,
    ownerColumn: { engineer: 'engineerId' },
    filters: {
      engineerId: { column: 'engineerId', op: '=' },
      itemId: { column: 'itemId', op: '=' },
      from: { column: 'date', op: 'gte' },
      to: { column: 'date', op: 'lte' },
    },
    order: { date: 'ASC' },
  },
  agents: {
    name: 'agents',
    entity: E.AgentEntity,
    schema: S.agentSchema,
    ownerColumn: { agent: 'id' },
    filters: { active: { column: 'active', op: '=' }, channel: { column: 'channels', op: 'any' } },
    order: { name: 'ASC' },
  },
  shiftTemplates: {
    name: 'shift-templates',
    entity: E.ShiftTemplateEntity,
    schema: S.shiftTemplateSchema,
    order: { start: 'ASC' },
  },
  demandForecasts: {
    name: 'demand-forecasts',
    entity: E.DemandForecastEntity,
    schema: S.demandForecastSchema,
    filters: {
      channel: { column: 'channel', op: '=' },
      from: { column: 'date', op: 'gte' },
      to: { column: 'date', op: 'lte' },
    },
    order: { date: 'ASC', intervalStart: 'ASC', channel: 'ASC' },
  },
  serviceTargets: {
    name: 'service-targets',
    entity: E.ServiceTargetEntity,
    schema: S.serviceTargetSchema,
    order: { channel: 'ASC' },
  },
  users: {
    name: 'users',
    entity: E.UserEntity,
    schema: S.userSchema,
    filters: { role: { column: 'role', op: '=' } },
    order: { name: 'ASC' },
    hooks: {
      async beforeWrite(_m, next) {
        // The password is never stored or echoed: only its scrypt hash.
        if (typeof next.password === 'string') next.passwordHash = hashPassword(next.password);
        delete next.password;
      },
    },
  },
} satisfies Record<string, ResourceDef>;

export type ResourceKey = keyof typeof RESOURCES;

export function createResourceServices(
  db: DataSource,
): Record<ResourceKey, CrudService<Record<string, unknown>>> {
  const out = {} as Record<ResourceKey, CrudService<Record<string, unknown>>>;
  for (const [key, def] of Object.entries(RESOURCES)) {
    out[key as ResourceKey] = new CrudService(db, def as ResourceDef<Record<string, unknown>>);
  }
  return out;
}
