import { Column, Entity, Index } from 'typeorm';
import { Editable } from './base';

@Entity('organisation_settings')
export class OrganisationSettingsEntity extends Editable {
  @Column({ type: 'text', default: 'Rota' })
  name: string;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'int', default: 1 })
  weekStart: number;

  @Column({ type: 'date' })
  fortnightAnchor: string;

  @Column({ type: 'int', default: 1680 })
  billableTargetMinutesPerWeek: number;

  @Column({ type: 'jsonb' })
  defaultWorkingDay: { start: string; end: string; lunchStart: string; lunchMinutes: number };

  @Column({ type: 'int', default: 120 })
  p1BufferMinutes: number;

  @Column({ type: 'text', default: 'england-and-wales' })
  holidayCalendar: string;
}

@Entity('public_holidays')
@Index(['calendar', 'date'], { unique: true })
export class PublicHolidayEntity extends Editable {
  @Column({ type: 'text', default: 'england-and-wales' })
  calendar: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  name: string;
}
