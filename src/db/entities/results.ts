import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Editable } from './base';

export type SolveStatus =
  'draft' | 'solving' | 'solved' | 'infeasible' | 'failed' | 'published' | 'superseded';

/** What a plan and a roster share: a solve run as a job, with its progress, result and publication. */
export abstract class SolveRun extends Editable {
  @Column({ type: 'text', default: 'draft' })
  status: SolveStatus;

  @Column({ type: 'jsonb', default: {} })
  options: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  progress: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  jobId: string | null;
}

@Entity('plans')
@Index(['fortnightStart', 'status'])
export class PlanEntity extends SolveRun {
  @Column({ type: 'date' })
  fortnightStart: string;

  @Column({ type: 'uuid', nullable: true })
  basedOnPlanId: string | null;
}

@Entity('scheduled_blocks')
@Index(['planId'])
@Index(['engineerId', 'date'])
export class ScheduledBlockEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @Column({ type: 'uuid' })
  engineerId: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  localStart: string;

  @Column({ type: 'text' })
  localEnd: string;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'text', default: 'development' })
  kind: 'development' | 'p1_responder';
}

@Entity('rosters')
@Index(['periodStart', 'status'])
export class RosterEntity extends SolveRun {
  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;
}

@Entity('roster_shifts')
@Index(['rosterId'])
@Index(['agentId', 'date'])
export class RosterShiftEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  rosterId: string;

  @Column({ type: 'uuid' })
  agentId: string;

  @Column({ type: 'uuid' })
  templateId: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'jsonb', default: [] })
  breaks: { start: string; end: string }[];
}

@Entity('calendar_feed_tokens')
export class CalendarFeedTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'text' })
  scope: 'engineer' | 'agent' | 'customer' | 'team';

  @Column({ type: 'uuid', nullable: true })
  scopeId: string | null;

  @Column({ type: 'text', default: '' })
  label: string;

  @Column({ type: 'uuid' })
  ownerUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

@Entity('calendar_published_events')
@Index(['feedKey', 'eventId'], { unique: true })
export class PublishedEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Which calendar this copy belongs to, e.g. `engineer:<id>` or `google:<calendarId>`. */
  @Column({ type: 'text' })
  feedKey: string;

  @Column({ type: 'text' })
  eventId: string;

  @Column({ type: 'jsonb' })
  event: Record<string, unknown>;
}
