import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the Google publisher last pushed for one event of one calendar (the `PushStateStore`). A row
 * is written as soon as Google accepts a call, so a publish that stopped halfway resumes cleanly.
 */
@Entity('google_push_state')
@Index('IDX_google_push_state_rotaId', ['calendarId', 'rotaId'])
export class GooglePushStateEntity {
  @PrimaryColumn({ type: 'text' })
  calendarId: string;

  /** Google's event id (deterministic, see `googleEventId`). */
  @PrimaryColumn({ type: 'text' })
  eventId: string;

  /** Our stable event id. */
  @Column({ type: 'text' })
  rotaId: string;

  /** Hash of the request body Google last accepted. */
  @Column({ type: 'text' })
  hash: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * Which published plan or roster the stored calendar events of one source (`plan:<fortnightStart>`,
 * `roster:<periodStart>`) were last built from; a feed read rebuilds a source whose ref is stale.
 */
@Entity('calendar_sources')
export class CalendarSourceEntity {
  @PrimaryColumn({ type: 'text' })
  source: string;

  /** Id of the plan or roster the events were built from. */
  @Column({ type: 'uuid' })
  refId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  refreshedAt: Date;
}
