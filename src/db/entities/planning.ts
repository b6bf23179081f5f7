import { Column, Entity, Index } from 'typeorm';
import { Editable, numeric } from './base';

export interface Contact {
  role: 'budget_holder' | 'day_to_day';
  name: string;
  email: string;
  phone?: string;
}

@Entity('customers')
export class CustomerEntity extends Editable {
  @Index({ unique: true })
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: numeric })
  subscriptionHoursPerFortnight: number;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numeric })
  feePerFortnight: number | null;

  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric })
  hourlyRate: number | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, default: 0, transformer: numeric })
  topUpHoursAllowed: number;

  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.2, transformer: numeric })
  techDebtShare: number;

  @Column({ type: 'int' })
  reviewWeekday: number;

  @Column({ type: 'text', default: '10:00' })
  reviewTime: string;

  @Column({ type: 'text', nullable: true })
  colour: string | null;

  @Column({ type: 'jsonb', default: [] })
  contacts: Contact[];

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

export interface PatternDay {
  weekday: number;
  start: string;
  end: string;
  breakMinutes: number;
}

@Entity('engineers')
export class EngineerEntity extends Editable {
  @Column({ type: 'text' })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'jsonb' })
  pattern: PatternDay[];

  @Column({ type: 'text', array: true, default: '{}' })
  skills: string[];

  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric })
  costRate: number;

  @Column({ type: 'uuid', array: true, default: '{}' })
  knownCustomerIds: string[];

  @Column({ type: 'text', nullable: true })
  googleCalendarId: string | null;

  @Column({ type: 'boolean', default: true })
  p1Eligible: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

@Entity('availability_exceptions')
@Index(['engineerId', 'startDate'])
@Index(['agentId', 'startDate'])
export class AvailabilityExceptionEntity extends Editable {
  @Column({ type: 'uuid', nullable: true })
  engineerId: string | null;

  @Column({ type: 'uuid', nullable: true })
  agentId: string | null;

  @Column({ type: 'text' })
  kind: 'leave' | 'training' | 'sick' | 'public_holiday' | 'part_day';

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'text', nullable: true })
  startTime: string | null;

  @Column({ type: 'text', nullable: true })
  endTime: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

@Entity('roadmap_items')
@Index(['customerId', 'rank'])
export class RoadmapItemEntity extends Editable {
  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  kind: 'feature' | 'improvement' | 'bugfix' | 'techdebt';

  @Column({ type: 'int' })
  rank: number;

  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: numeric })
  estimateLowHours: number;

  @Column({ type: 'numeric', precision: 8, scale: 2, nullable: true, transformer: numeric })
  estimateLikelyHours: number | null;

  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: numeric })
  estimateHighHours: number;

  @Column({ type: 'text', array: true, default: '{}' })
  skills: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  dependsOn: string[];

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'boolean', default: true })
  billable: boolean;

  @Column({ type: 'text', default: 'backlog' })
  status: 'backlog' | 'planned' | 'in_progress' | 'done';

  @Column({ type: 'uuid', nullable: true })
  pinEngineerId: string | null;

  @Column({ type: 'date', nullable: true })
  pinDate: string | null;
}

@Entity('actual_hours')
@Index(['engineerId', 'date'])
export class ActualHoursEntity extends Editable {
  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'uuid' })
  engineerId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric })
  hours: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
