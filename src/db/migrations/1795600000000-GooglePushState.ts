import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Google push state (one row per pushed event) and the source markers of stored calendar events. */
export class GooglePushState1795600000000 implements MigrationInterface {
  name = 'GooglePushState1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE IF NOT EXISTS "google_push_state" (
                "calendarId" text NOT NULL,
                "eventId" text NOT NULL,
                "rotaId" text NOT NULL,
                "hash" text NOT NULL,
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_google_push_state" PRIMARY KEY ("calendarId", "eventId")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX IF NOT EXISTS "IDX_google_push_state_rotaId" ON "google_push_state" ("calendarId", "rotaId")
        `);
    await queryRunner.query(`
            CREATE TABLE IF NOT EXISTS "calendar_sources" (
                "source" text NOT NULL,
                "refId" uuid NOT NULL,
                "refreshedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_calendar_sources" PRIMARY KEY ("source")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "calendar_sources"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_google_push_state_rotaId"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "google_push_state"`);
  }
}
