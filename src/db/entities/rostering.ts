import { Column, Entity, Index } from 'typeorm';
import { Editable, numeric } from './base';

export type Channel = 'phone' | 'chat' | 'email' | 'social';

@Entity('agents')
export class AgentEntity extends Editable {
  @Column({ type: 'text' })
  name: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numeric })
  minHoursPerWeek: number;

  @Column({ type: 'numeric', precision: 5, scale: 2, transformer: numeric })
  maxHoursPerWeek: number;

  @Column({ type: 'text', array: true, default: '{}' })
  channels: Channel[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  allowedTemplateIds: string[];

  @Column({ type: 'int', array: true, default: '{1,2,3,4,5,6,7}' })
  daysAvailable: number[];

  @Column({ type: 'int', default: 5 })
  maxConsecutiveDays: number;

  @Column({ type: 'int', default: 2 })
  minConsecutiveDaysOff: number;

  @Column({ type: 'text', nullable: true })
  googleCalendarId: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}

@Entity('shift_templates')
export class ShiftTemplateEntity extends Editable {
  @Index({ unique: true })
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  start: string;

  @Column({ type: 'text' })
  end: string;

  @Column({ type: 'int', array: true, default: '{1,2,3,4,5}' })
  weekdays: number[];

  @Column({ type: 'int', default: 30 })
  breakMinutes: number;

  @Column({ type: 'text', nullable: true })
  breakWindowStart: string | null;

  @Column({ type: 'text', nullable: true })
  breakWindowEnd: string | null;

  @Column({ type: 'boolean', default: false })
  early: boolean;
}

@Entity('demand_forecasts')
@Index(['channel', 'date', 'intervalStart'], { unique: true })
export class DemandForecastEntity extends Editable {
  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'date' })
  date: string;

  /** Local start time of the interval in the organisation's zone, HH:mm. */
  @Column({ type: 'text' })
  intervalStart: string;

  @Column({ type: 'int', default: 30 })
  intervalMinutes: number;

  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric })
  volume: number;

  @Column({ type: 'numeric', precision: 8, scale: 2, transformer: numeric })
  ahtSeconds: number;
}

@Entity('service_targets')
export class ServiceTargetEntity extends Editable {
  @Index({ unique: true })
  @Column({ type: 'text' })
  channel: Channel;

  @Column({ type: 'numeric', precision: 4, scale: 3, transformer: numeric })
  serviceLevel: number;

  @Column({ type: 'int' })
  targetSeconds: number;

  @Column({ type: 'numeric', precision: 4, scale: 3, nullable: true, transformer: numeric })
  maxOccupancy: number | null;

  @Column({ type: 'int', default: 1 })
  concurrency: number;

  @Column({ type: 'numeric', precision: 4, scale: 3, default: 0.3, transformer: numeric })
  shrinkage: number;
}
