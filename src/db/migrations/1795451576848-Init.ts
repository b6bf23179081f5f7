import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795451576848 implements MigrationInterface {
  name = 'Init1795451576848';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`);
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL,
                "email" text NOT NULL,
                "role" text NOT NULL,
                "engineerId" uuid,
                "agentId" uuid,
                "passwordHash" text,
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "api_tokens" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "userId" uuid NOT NULL,
                "tokenHash" text NOT NULL,
                "label" text NOT NULL DEFAULT '',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "lastUsedAt" TIMESTAMP WITH TIME ZONE,
                "revokedAt" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cdac8e064e6e9c2e0835d1c1b8" ON "api_tokens" ("tokenHash")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actorUserId" uuid,
                "action" text NOT NULL,
                "entity" text NOT NULL,
                "entityId" text,
                "detail" jsonb NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e3a9d2038eafa6c7cfe9e40853" ON "audit_log" ("entity", "entityId")
        `);
    await queryRunner.query(`
            CREATE TABLE "organisation_settings" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL DEFAULT 'Rota',
                "timeZone" text NOT NULL,
                "weekStart" integer NOT NULL DEFAULT '1',
                "fortnightAnchor" date NOT NULL,
                "billableTargetMinutesPerWeek" integer NOT NULL DEFAULT '1680',
                "defaultWorkingDay" jsonb NOT NULL,
                "p1BufferMinutes" integer NOT NULL DEFAULT '120',
                "holidayCalendar" text NOT NULL DEFAULT 'england-and-wales',
                CONSTRAINT "PK_8c8280758b0103dc11669918ead" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "public_holidays" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "calendar" text NOT NULL DEFAULT 'england-and-wales',
                "date" date NOT NULL,
                "name" text NOT NULL,
                CONSTRAINT "PK_e959831bb7c79c39cc58207c122" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_efdfc7aa21fbaccfe3413b055c" ON "public_holidays" ("calendar", "date")
        `);
    await queryRunner.query(`
            CREATE TABLE "customers" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL,
                "subscriptionHoursPerFortnight" numeric(8, 2) NOT NULL,
                "feePerFortnight" numeric(12, 2),
                "hourlyRate" numeric(10, 2),
                "topUpHoursAllowed" numeric(8, 2) NOT NULL DEFAULT '0',
                "techDebtShare" numeric(4, 3) NOT NULL DEFAULT '0.2',
                "reviewWeekday" integer NOT NULL,
                "reviewTime" text NOT NULL DEFAULT '10:00',
                "colour" text,
                "contacts" jsonb NOT NULL DEFAULT '[]',
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b942d55b92ededa770041db9de" ON "customers" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "engineers" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL,
                "email" text NOT NULL,
                "timeZone" text NOT NULL,
                "pattern" jsonb NOT NULL,
                "skills" text array NOT NULL DEFAULT '{}',
                "costRate" numeric(10, 2) NOT NULL,
                "knownCustomerIds" uuid array NOT NULL DEFAULT '{}',
                "googleCalendarId" text,
                "p1Eligible" boolean NOT NULL DEFAULT true,
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "PK_e058ee32d1395a16bd3b6fc0f66" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_65e617a14fd1900d1a9706244f" ON "engineers" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "availability_exceptions" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "engineerId" uuid,
                "agentId" uuid,
                "kind" text NOT NULL,
                "startDate" date NOT NULL,
                "endDate" date NOT NULL,
                "startTime" text,
                "endTime" text,
                "note" text,
                CONSTRAINT "PK_f5a89a7a6221bc93b517a13351f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_aa470acfdd46f5b01033ef572a" ON "availability_exceptions" ("agentId", "startDate")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_187573e0b5d37987e40a2de95f" ON "availability_exceptions" ("engineerId", "startDate")
        `);
    await queryRunner.query(`
            CREATE TABLE "roadmap_items" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "customerId" uuid NOT NULL,
                "title" text NOT NULL,
                "description" text,
                "kind" text NOT NULL,
                "rank" integer NOT NULL,
                "estimateLowHours" numeric(8, 2) NOT NULL,
                "estimateLikelyHours" numeric(8, 2),
                "estimateHighHours" numeric(8, 2) NOT NULL,
                "skills" text array NOT NULL DEFAULT '{}',
                "dependsOn" uuid array NOT NULL DEFAULT '{}',
                "dueDate" date,
                "billable" boolean NOT NULL DEFAULT true,
                "status" text NOT NULL DEFAULT 'backlog',
                "pinEngineerId" uuid,
                "pinDate" date,
                CONSTRAINT "PK_e5d959c8ec2deabd242d10e640e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8af153c4b0263dafda1ed35e92" ON "roadmap_items" ("customerId", "rank")
        `);
    await queryRunner.query(`
            CREATE TABLE "actual_hours" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "itemId" uuid NOT NULL,
                "engineerId" uuid NOT NULL,
                "date" date NOT NULL,
                "hours" numeric(6, 2) NOT NULL,
                "note" text,
                CONSTRAINT "PK_02006e4389b1fda7dd9dbb8f42d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_789d7a2f1571218a122dc84a6d" ON "actual_hours" ("engineerId", "date")
        `);
    await queryRunner.query(`
            CREATE TABLE "plans" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "fortnightStart" date NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "options" jsonb NOT NULL DEFAULT '{}',
                "progress" jsonb,
                "result" jsonb,
                "basedOnPlanId" uuid,
                "createdBy" uuid,
                "publishedAt" TIMESTAMP WITH TIME ZONE,
                "jobId" text,
                CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_ca8c613d5ab0a8ea1d01d270b6" ON "plans" ("fortnightStart", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "scheduled_blocks" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "planId" uuid NOT NULL,
                "itemId" uuid NOT NULL,
                "engineerId" uuid NOT NULL,
                "customerId" uuid NOT NULL,
                "date" date NOT NULL,
                "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "localStart" text NOT NULL,
                "localEnd" text NOT NULL,
                "timeZone" text NOT NULL,
                "kind" text NOT NULL DEFAULT 'development',
                CONSTRAINT "PK_57776a5797077da5c941dce1e2b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b61f33686d31da2424c36c3b6a" ON "scheduled_blocks" ("engineerId", "date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4ca2b1aa265d0573d6e6226f67" ON "scheduled_blocks" ("planId")
        `);
    await queryRunner.query(`
            CREATE TABLE "rosters" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "periodStart" date NOT NULL,
                "periodEnd" date NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "options" jsonb NOT NULL DEFAULT '{}',
                "progress" jsonb,
                "result" jsonb,
                "createdBy" uuid,
                "publishedAt" TIMESTAMP WITH TIME ZONE,
                "jobId" text,
                CONSTRAINT "PK_e1a50137614e6fe5a030145dadf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_87cbadbd43fdb9b2df44bcb866" ON "rosters" ("periodStart", "status")
        `);
    await queryRunner.query(`
            CREATE TABLE "roster_shifts" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "rosterId" uuid NOT NULL,
                "agentId" uuid NOT NULL,
                "templateId" uuid NOT NULL,
                "date" date NOT NULL,
                "startsAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "endsAt" TIMESTAMP WITH TIME ZONE NOT NULL,
                "timeZone" text NOT NULL,
                "breaks" jsonb NOT NULL DEFAULT '[]',
                CONSTRAINT "PK_8ae9fd67fa9165b7509b03e082d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3c79cfedf642e3639375383cbe" ON "roster_shifts" ("agentId", "date")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c4ae437e0bc6671692351b035b" ON "roster_shifts" ("rosterId")
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_feed_tokens" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "tokenHash" text NOT NULL,
                "scope" text NOT NULL,
                "scopeId" uuid,
                "label" text NOT NULL DEFAULT '',
                "ownerUserId" uuid NOT NULL,
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revokedAt" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_19357e4b3fb7d99faaa618f4616" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a779607585bcdf06f449a31574" ON "calendar_feed_tokens" ("tokenHash")
        `);
    await queryRunner.query(`
            CREATE TABLE "calendar_published_events" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "feedKey" text NOT NULL,
                "eventId" text NOT NULL,
                "event" jsonb NOT NULL,
                CONSTRAINT "PK_83a5a588059014103ad387403a4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_28c7a7ab27c8b2bb4e40072c39" ON "calendar_published_events" ("feedKey", "eventId")
        `);
    await queryRunner.query(`
            CREATE TABLE "agents" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL,
                "email" text NOT NULL,
                "timeZone" text NOT NULL,
                "minHoursPerWeek" numeric(5, 2) NOT NULL,
                "maxHoursPerWeek" numeric(5, 2) NOT NULL,
                "channels" text array NOT NULL DEFAULT '{}',
                "allowedTemplateIds" uuid array NOT NULL DEFAULT '{}',
                "daysAvailable" integer array NOT NULL DEFAULT '{1,2,3,4,5,6,7}',
                "maxConsecutiveDays" integer NOT NULL DEFAULT '5',
                "minConsecutiveDaysOff" integer NOT NULL DEFAULT '2',
                "googleCalendarId" text,
                "active" boolean NOT NULL DEFAULT true,
                CONSTRAINT "PK_9c653f28ae19c5884d5baf6a1d9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_5fdef501c63984b1b98abb1e68" ON "agents" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "shift_templates" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" text NOT NULL,
                "start" text NOT NULL,
                "end" text NOT NULL,
                "weekdays" integer array NOT NULL DEFAULT '{1,2,3,4,5}',
                "breakMinutes" integer NOT NULL DEFAULT '30',
                "breakWindowStart" text,
                "breakWindowEnd" text,
                "early" boolean NOT NULL DEFAULT false,
                CONSTRAINT "PK_5afc978e7951d5bb48dcddc7a33" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_31c9b40c9467ddc79dae2fcfd6" ON "shift_templates" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "demand_forecasts" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "channel" text NOT NULL,
                "date" date NOT NULL,
                "intervalStart" text NOT NULL,
                "intervalMinutes" integer NOT NULL DEFAULT '30',
                "volume" numeric(10, 2) NOT NULL,
                "ahtSeconds" numeric(8, 2) NOT NULL,
                CONSTRAINT "PK_6410fe07a31f79cb3a44dcada7f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1259cd407d54b51d66368e1bef" ON "demand_forecasts" ("channel", "date", "intervalStart")
        `);
    await queryRunner.query(`
            CREATE TABLE "service_targets" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "version" integer NOT NULL DEFAULT '1',
                "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "channel" text NOT NULL,
                "serviceLevel" numeric(4, 3) NOT NULL,
                "targetSeconds" integer NOT NULL,
                "maxOccupancy" numeric(4, 3),
                "concurrency" integer NOT NULL DEFAULT '1',
                "shrinkage" numeric(4, 3) NOT NULL DEFAULT '0.3',
                CONSTRAINT "PK_dd9c873bd7b11ac3ad4282df6a4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_51c42a9f45bf18fd581826d993" ON "service_targets" ("channel")
        `);
    await queryRunner.query(
      `ALTER TABLE "roadmap_items" ADD CONSTRAINT "FK_roadmap_items_customerId" FOREIGN KEY ("customerId") REFERENCES "customers"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "availability_exceptions" ADD CONSTRAINT "FK_availability_exceptions_engineerId" FOREIGN KEY ("engineerId") REFERENCES "engineers"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "availability_exceptions" ADD CONSTRAINT "FK_availability_exceptions_agentId" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "actual_hours" ADD CONSTRAINT "FK_actual_hours_itemId" FOREIGN KEY ("itemId") REFERENCES "roadmap_items"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "actual_hours" ADD CONSTRAINT "FK_actual_hours_engineerId" FOREIGN KEY ("engineerId") REFERENCES "engineers"("id") ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "scheduled_blocks" ADD CONSTRAINT "FK_scheduled_blocks_planId" FOREIGN KEY ("planId") REFERENCES "plans"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "roster_shifts" ADD CONSTRAINT "FK_roster_shifts_rosterId" FOREIGN KEY ("rosterId") REFERENCES "rosters"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_api_tokens_userId" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "FK_calendar_feed_tokens_ownerUserId" FOREIGN KEY ("ownerUserId") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_engineerId" FOREIGN KEY ("engineerId") REFERENCES "engineers"("id") ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_agentId" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE SET NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "roadmap_items" DROP CONSTRAINT "FK_roadmap_items_customerId"`);
    await queryRunner.query(
      `ALTER TABLE "availability_exceptions" DROP CONSTRAINT "FK_availability_exceptions_engineerId"`,
    );
    await queryRunner.query(
      `ALTER TABLE "availability_exceptions" DROP CONSTRAINT "FK_availability_exceptions_agentId"`,
    );
    await queryRunner.query(`ALTER TABLE "actual_hours" DROP CONSTRAINT "FK_actual_hours_itemId"`);
    await queryRunner.query(`ALTER TABLE "actual_hours" DROP CONSTRAINT "FK_actual_hours_engineerId"`);
    await queryRunner.query(`ALTER TABLE "scheduled_blocks" DROP CONSTRAINT "FK_scheduled_blocks_planId"`);
    await queryRunner.query(`ALTER TABLE "roster_shifts" DROP CONSTRAINT "FK_roster_shifts_rosterId"`);
    await queryRunner.query(`ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_api_tokens_userId"`);
    await queryRunner.query(
      `ALTER TABLE "calendar_feed_tokens" DROP CONSTRAINT "FK_calendar_feed_tokens_ownerUserId"`,
    );
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_engineerId"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_agentId"`);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_51c42a9f45bf18fd581826d993"
        `);
    await queryRunner.query(`
            DROP TABLE "service_targets"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1259cd407d54b51d66368e1bef"
        `);
    await queryRunner.query(`
            DROP TABLE "demand_forecasts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_31c9b40c9467ddc79dae2fcfd6"
        `);
    await queryRunner.query(`
            DROP TABLE "shift_templates"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5fdef501c63984b1b98abb1e68"
        `);
    await queryRunner.query(`
            DROP TABLE "agents"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_28c7a7ab27c8b2bb4e40072c39"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_published_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a779607585bcdf06f449a31574"
        `);
    await queryRunner.query(`
            DROP TABLE "calendar_feed_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c4ae437e0bc6671692351b035b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3c79cfedf642e3639375383cbe"
        `);
    await queryRunner.query(`
            DROP TABLE "roster_shifts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_87cbadbd43fdb9b2df44bcb866"
        `);
    await queryRunner.query(`
            DROP TABLE "rosters"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4ca2b1aa265d0573d6e6226f67"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b61f33686d31da2424c36c3b6a"
        `);
    await queryRunner.query(`
            DROP TABLE "scheduled_blocks"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ca8c613d5ab0a8ea1d01d270b6"
        `);
    await queryRunner.query(`
            DROP TABLE "plans"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_789d7a2f1571218a122dc84a6d"
        `);
    await queryRunner.query(`
            DROP TABLE "actual_hours"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8af153c4b0263dafda1ed35e92"
        `);
    await queryRunner.query(`
            DROP TABLE "roadmap_items"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_187573e0b5d37987e40a2de95f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_aa470acfdd46f5b01033ef572a"
        `);
    await queryRunner.query(`
            DROP TABLE "availability_exceptions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_65e617a14fd1900d1a9706244f"
        `);
    await queryRunner.query(`
            DROP TABLE "engineers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b942d55b92ededa770041db9de"
        `);
    await queryRunner.query(`
            DROP TABLE "customers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_efdfc7aa21fbaccfe3413b055c"
        `);
    await queryRunner.query(`
            DROP TABLE "public_holidays"
        `);
    await queryRunner.query(`
            DROP TABLE "organisation_settings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e3a9d2038eafa6c7cfe9e40853"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cdac8e064e6e9c2e0835d1c1b8"
        `);
    await queryRunner.query(`
            DROP TABLE "api_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
  }
}
