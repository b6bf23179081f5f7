import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Browser sign-in sessions (cookie secret stored as a SHA-256 digest). */
export class Sessions1795700000000 implements MigrationInterface {
  name = 'Sessions1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "userId" uuid NOT NULL,
                "tokenHash" text NOT NULL,
                "csrfToken" text NOT NULL,
                "method" text NOT NULL,
                "apiTokenId" uuid,
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "lastSeenAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revokedAt" TIMESTAMP WITH TIME ZONE,
                "userAgent" text,
                "ip" text,
                CONSTRAINT "PK_sessions" PRIMARY KEY ("id"),
                CONSTRAINT "CHK_sessions_method" CHECK ("method" IN ('password', 'token'))
            )
        `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_sessions_tokenHash" ON "sessions" ("tokenHash")`);
    await queryRunner.query(`CREATE INDEX "IDX_sessions_userId" ON "sessions" ("userId")`);
    // Deleting a user deletes their sessions; deleting an API token only forgets where a session came from.
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_sessions_userId" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_sessions_apiTokenId" FOREIGN KEY ("apiTokenId") REFERENCES "api_tokens"("id") ON DELETE SET NULL`,
    );
    // Deactivating a user or changing their password ends their sessions, whatever makes the change
    // (PATCH /users, PUT /users/:id/password, a script): in the database, so no path can forget it.
    // The function keeps the migration's search_path, so it finds this schema's "sessions".
    await queryRunner.query(`
            CREATE FUNCTION "rota_end_user_sessions"() RETURNS trigger
            LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                UPDATE "sessions" SET "revokedAt" = now() WHERE "userId" = NEW."id" AND "revokedAt" IS NULL;
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "TRG_users_end_sessions"
            AFTER UPDATE OF "active", "passwordHash" ON "users"
            FOR EACH ROW
            WHEN ((OLD."active" AND NOT NEW."active") OR OLD."passwordHash" IS DISTINCT FROM NEW."passwordHash")
            EXECUTE FUNCTION "rota_end_user_sessions"()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS "TRG_users_end_sessions" ON "users"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS "rota_end_user_sessions"()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "sessions"`);
  }
}
