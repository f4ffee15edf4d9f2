import { MigrationInterface, QueryRunner } from 'typeorm';

// Offers and their ordered approval chains. Reviewed: the partial unique index keeps one offer that is not final per
// application whatever races past the service; the partial index on SENT offers' expiry serves the daily job.
export class Offers1796290100000 implements MigrationInterface {
  name = 'Offers1796290100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "offer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "requisition_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'DRAFT\', "base_salary_amount" numeric(12,2) NOT NULL, "base_salary_currency" character(3) NOT NULL, "base_salary_period" character varying(10) NOT NULL, "sign_on_bonus_amount" numeric(12,2), "sign_on_bonus_currency" character(3), "equity" character varying(200), "start_date" date NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "outside_pay_band" boolean NOT NULL, "pay_band_min" numeric(12,2), "pay_band_max" numeric(12,2), "pay_band_currency" character(3), "pay_band_period" character varying(10), "decline_reason_id" uuid, "created_by_id" uuid, "created_by" character varying(200) NOT NULL, "sent_at" TIMESTAMP(3) WITH TIME ZONE, "responded_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "offer_decline_reason_only_when_declined" CHECK ("decline_reason_id" IS NULL OR "status" = \'DECLINED\'), CONSTRAINT "offer_sign_on_bonus_complete" CHECK (("sign_on_bonus_amount" IS NULL) = ("sign_on_bonus_currency" IS NULL) AND ("sign_on_bonus_amount" IS NULL OR "sign_on_bonus_amount" >= 0)), CONSTRAINT "offer_base_salary_positive" CHECK ("base_salary_amount" > 0), CONSTRAINT "offer_base_salary_period_valid" CHECK ("base_salary_period" IN (\'HOUR\', \'MONTH\', \'YEAR\')), CONSTRAINT "offer_status_valid" CHECK ("status" IN (\'DRAFT\', \'PENDING_APPROVAL\', \'APPROVED\', \'SENT\', \'ACCEPTED\', \'DECLINED\', \'RESCINDED\', \'EXPIRED\')), CONSTRAINT "PK_57c6ae1abe49201919ef68de900" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "offer_sent_expires_at" ON "offer"  ("expires_at") WHERE "status" = \'SENT\'',
    );
    await queryRunner.query('CREATE INDEX "offer_application" ON "offer"  ("application_id") ');
    await queryRunner.query('CREATE INDEX "offer_created_at_id" ON "offer"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE INDEX "offer_requisition_created_at" ON "offer"  ("requisition_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "offer_one_open_per_application" ON "offer"  ("application_id") WHERE "status" IN (\'DRAFT\', \'PENDING_APPROVAL\', \'APPROVED\', \'SENT\')',
    );
    await queryRunner.query(
      'CREATE TABLE "offer_approval" ("offer_id" uuid NOT NULL, "position" integer NOT NULL, "approver_id" uuid, "pay_band_step" boolean NOT NULL DEFAULT false, "decision" character varying(10) NOT NULL DEFAULT \'PENDING\', "decided_by_id" uuid, "decided_at" TIMESTAMP(3) WITH TIME ZONE, "comment" character varying(1000), CONSTRAINT "offer_approval_approver_or_admin_step" CHECK (("approver_id" IS NULL) = "pay_band_step"), CONSTRAINT "offer_approval_decided_iff_not_pending" CHECK (("decision" = \'PENDING\') = ("decided_at" IS NULL)), CONSTRAINT "offer_approval_decision_valid" CHECK ("decision" IN (\'PENDING\', \'APPROVED\', \'REJECTED\')), CONSTRAINT "PK_a1b130aee1743b884c65fe2390f" PRIMARY KEY ("offer_id", "position"))',
    );
    await queryRunner.query(
      'ALTER TABLE "offer" ADD CONSTRAINT "offer_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer" ADD CONSTRAINT "offer_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer" ADD CONSTRAINT "offer_decline_reason_fk" FOREIGN KEY ("decline_reason_id") REFERENCES "rejection_reason"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer" ADD CONSTRAINT "offer_created_by_fk" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer_approval" ADD CONSTRAINT "offer_approval_offer_fk" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer_approval" ADD CONSTRAINT "offer_approval_approver_fk" FOREIGN KEY ("approver_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offer_approval" ADD CONSTRAINT "offer_approval_decided_by_fk" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "offer_approval" DROP CONSTRAINT "offer_approval_decided_by_fk"');
    await queryRunner.query('ALTER TABLE "offer_approval" DROP CONSTRAINT "offer_approval_approver_fk"');
    await queryRunner.query('ALTER TABLE "offer_approval" DROP CONSTRAINT "offer_approval_offer_fk"');
    await queryRunner.query('ALTER TABLE "offer" DROP CONSTRAINT "offer_created_by_fk"');
    await queryRunner.query('ALTER TABLE "offer" DROP CONSTRAINT "offer_decline_reason_fk"');
    await queryRunner.query('ALTER TABLE "offer" DROP CONSTRAINT "offer_requisition_fk"');
    await queryRunner.query('ALTER TABLE "offer" DROP CONSTRAINT "offer_application_fk"');
    await queryRunner.query('DROP TABLE "offer_approval"');
    await queryRunner.query('DROP INDEX "public"."offer_one_open_per_application"');
    await queryRunner.query('DROP INDEX "public"."offer_requisition_created_at"');
    await queryRunner.query('DROP INDEX "public"."offer_created_at_id"');
    await queryRunner.query('DROP INDEX "public"."offer_application"');
    await queryRunner.query('DROP INDEX "public"."offer_sent_expires_at"');
    await queryRunner.query('DROP TABLE "offer"');
  }
}
