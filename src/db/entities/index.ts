import { AuditLogEntity, ApiTokenEntity, SessionEntity, UserEntity } from './access';
import { CalendarSourceEntity, GooglePushStateEntity } from './calendars';
import { OrganisationSettingsEntity, PublicHolidayEntity } from './organisation';
import {
  ActualHoursEntity,
  AvailabilityExceptionEntity,
  CustomerEntity,
  EngineerEntity,
  RoadmapItemEntity,
} from './planning';
import {
  CalendarFeedTokenEntity,
  PlanEntity,
  PublishedEventEntity,
  RosterEntity,
  RosterShiftEntity,
  ScheduledBlockEntity,
} from './results';
import { AgentEntity, DemandForecastEntity, ServiceTargetEntity, ShiftTemplateEntity } from './rostering';

export * from './access';
export * from './calendars';
export * from './organisation';
export * from './planning';
export * from './results';
export * from './rostering';

export const ENTITIES = [
  OrganisationSettingsEntity,
  PublicHolidayEntity,
  CustomerEntity,
  EngineerEntity,
  AvailabilityExceptionEntity,
  RoadmapItemEntity,
  ActualHoursEntity,
  AgentEntity,
  ShiftTemplateEntity,
  DemandForecastEntity,
  ServiceTargetEntity,
  PlanEntity,
  ScheduledBlockEntity,
  RosterEntity,
  RosterShiftEntity,
  CalendarFeedTokenEntity,
  PublishedEventEntity,
  GooglePushStateEntity,
  CalendarSourceEntity,
  UserEntity,
  ApiTokenEntity,
  SessionEntity,
  AuditLogEntity,
];
