import { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795625727065 implements MigrationInterface {
  name = 'Webhooks1795625727065';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "worker_heartbeat" ("worker_id" character varying(100) NOT NULL, "process" character varying(200) NOT NULL, "beat_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_57142a5b912c5001ff15f617a54" PRIMARY KEY ("worker_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" character varying(2048) NOT NULL, "event_types" character varying(80) array NOT NULL, "requisition_ids" uuid array NOT NULL DEFAULT \'{}\', "description" character varying(500), "status" character varying(20) NOT NULL DEFAULT \'ACTIVE\', "disabled_reason" character varying(500), "disabled_at" TIMESTAMP(3) WITH TIME ZONE, "secret" character varying(100) NOT NULL, "previous_secret" character varying(100), "previous_secret_expires_at" TIMESTAMP(3) WITH TIME ZONE, "failing_since" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "created_by" character varying(200), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_subscription_disabled_has_reason" CHECK (("status" = \'DISABLED\') = ("disabled_reason" IS NOT NULL AND "disabled_at" IS NOT NULL)), CONSTRAINT "webhook_subscription_event_types_present" CHECK (cardinality("event_types") > 0), CONSTRAINT "webhook_subscription_status_valid" CHECK ("status" IN (\'ACTIVE\', \'DISABLED\')), CONSTRAINT "PK_b52cb4811c5ada4f42896c37ba8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_subscription_created_at" ON "webhook_subscription"  ("created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subscription_id" uuid NOT NULL, "event_id" uuid, "event_type" character varying(80) NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'PENDING\', "attempt_count" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE, "last_attempted_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_delivery_subscription_event" UNIQUE ("subscription_id", "event_id"), CONSTRAINT "webhook_delivery_attempts_non_negative" CHECK ("attempt_count" >= 0), CONSTRAINT "webhook_delivery_status_valid" CHECK ("status" IN (\'PENDING\', \'SUCCEEDED\', \'FAILED\')), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_subscription_status" ON "webhook_delivery"  ("subscription_id", "status", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_delivery_subscription_created_at" ON "webhook_delivery"  ("subscription_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "response_status" integer, "duration_ms" integer NOT NULL, "error" character varying(1000), CONSTRAINT "PK_e4ff77b66cdd20591ba6189a1f9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_attempt_delivery_attempted_at" ON "webhook_attempt"  ("delivery_id", "attempted_at") ',
    );
    // Events written before this migration all committed long ago: transaction 0 orders them first, by position.
    await queryRunner.query('ALTER TABLE "event" ADD "transaction_id" bigint NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE "event" ALTER COLUMN "transaction_id" DROP DEFAULT');
    await queryRunner.query('ALTER TABLE "event" ADD "requisition_id" uuid');
    await queryRunner.query(
      'UPDATE "event" SET "requisition_id" = "aggregate_id" WHERE "aggregate_type" = \'requisition\'',
    );
    await queryRunner.query(
      'UPDATE "event" e SET "requisition_id" = a."requisition_id" FROM "application" a WHERE e."aggregate_type" = \'application\' AND a."id" = e."aggregate_id"',
    );
    await queryRunner.query(
      'UPDATE "event" e SET "requisition_id" = p."requisition_id" FROM "job_posting" p WHERE e."aggregate_type" = \'job_posting\' AND p."id" = e."aggregate_id"',
    );
    await queryRunner.query('CREATE INDEX "event_occurred_at" ON "event"  ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "event_feed_order" ON "event"  ("transaction_id", "position") ');
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_subscription_fk" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_event_fk" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "webhook_attempt" ADD CONSTRAINT "webhook_attempt_delivery_fk" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "webhook_attempt" DROP CONSTRAINT "webhook_attempt_delivery_fk"');
    await queryRunner.query('ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_event_fk"');
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_subscription_fk"',
    );
    await queryRunner.query('DROP INDEX "public"."event_feed_order"');
    await queryRunner.query('DROP INDEX "public"."event_occurred_at"');
    await queryRunner.query('ALTER TABLE "event" DROP COLUMN "requisition_id"');
    await queryRunner.query('ALTER TABLE "event" DROP COLUMN "transaction_id"');
    await queryRunner.query('DROP INDEX "public"."webhook_attempt_delivery_attempted_at"');
    await queryRunner.query('DROP TABLE "webhook_attempt"');
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_subscription_created_at"');
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_subscription_status"');
    await queryRunner.query('DROP TABLE "webhook_delivery"');
    await queryRunner.query('DROP INDEX "public"."webhook_subscription_created_at"');
    await queryRunner.query('DROP TABLE "webhook_subscription"');
    await queryRunner.query('DROP TABLE "worker_heartbeat"');
  }
}
