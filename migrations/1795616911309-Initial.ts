import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795616911309 implements MigrationInterface {
  name = 'Initial1795616911309';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "skill" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(80) NOT NULL, "normalized_name" character varying(80) NOT NULL, "category" character varying(20) NOT NULL, "aliases" text array NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c8138930cfd50479d890a73feef" UNIQUE ("normalized_name"), CONSTRAINT "skill_normalized_name_lower" CHECK ("normalized_name" = lower("normalized_name")), CONSTRAINT "skill_category_valid" CHECK ("category" IN (\'LANGUAGE\', \'ML\', \'DEEP_LEARNING\', \'DATA\', \'CLOUD\', \'BIG_DATA\', \'MLOPS\', \'OTHER\')), CONSTRAINT "PK_a0d33334424e64fb78dc3ce7196" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "candidate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "full_name" character varying(200) NOT NULL, "email" character varying(320) NOT NULL, "phone" character varying(40), "location" jsonb, "headline" character varying(300), "years_of_experience" numeric(4,1), "education" jsonb NOT NULL DEFAULT \'[]\', "certifications" jsonb NOT NULL DEFAULT \'[]\', "links" jsonb NOT NULL DEFAULT \'[]\', "tags" text array NOT NULL DEFAULT \'{}\', "consent_given_at" TIMESTAMP(3) WITH TIME ZONE, "retain_until" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "candidate_years_of_experience_range" CHECK ("years_of_experience" IS NULL OR ("years_of_experience" >= 0 AND "years_of_experience" <= 80)), CONSTRAINT "PK_b0ddec158a9a60fbc785281581b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "candidate_created_at_id" ON "candidate"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "candidate_skill" ("candidate_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "years" numeric(4,1), "position" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "candidate_skill_years_range" CHECK ("years" IS NULL OR ("years" >= 0 AND "years" <= 80)), CONSTRAINT "PK_78fb80501ae6d382b97e8a32229" PRIMARY KEY ("candidate_id", "skill_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "candidate_skill_skill_id" ON "candidate_skill"  ("skill_id", "candidate_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "position" BIGSERIAL NOT NULL, "type" character varying(80) NOT NULL, "aggregate_type" character varying(40) NOT NULL, "aggregate_id" uuid NOT NULL, "sequence" integer NOT NULL, "data" jsonb NOT NULL, "actor" character varying(200), "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "event_aggregate_sequence" UNIQUE ("aggregate_type", "aggregate_id", "sequence"), CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "event_type_position" ON "event"  ("type", "position") ');
    await queryRunner.query('CREATE UNIQUE INDEX "event_position" ON "event"  ("position") ');
    await queryRunner.query(
      'CREATE TABLE "requisition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "title" character varying(200) NOT NULL, "description" text, "status" character varying(20) NOT NULL DEFAULT \'DRAFT\', "level" character varying(20) NOT NULL, "employment_type" character varying(20) NOT NULL, "headcount" integer NOT NULL DEFAULT \'1\', "hired_count" integer NOT NULL DEFAULT \'0\', "department" character varying(120), "workplace_type" character varying(20) NOT NULL, "locations" jsonb NOT NULL DEFAULT \'[]\', "salary_min" numeric(12,2), "salary_max" numeric(12,2), "salary_currency" character(3), "salary_period" character varying(10), "responsibilities" text array NOT NULL DEFAULT \'{}\', "education_requirement" character varying(500), "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_71dc6a929b162731fff49d78989" UNIQUE ("code"), CONSTRAINT "requisition_salary_period_valid" CHECK ("salary_period" IS NULL OR "salary_period" IN (\'HOUR\', \'MONTH\', \'YEAR\')), CONSTRAINT "requisition_salary_complete" CHECK (("salary_min" IS NULL AND "salary_max" IS NULL AND "salary_currency" IS NULL AND "salary_period" IS NULL) OR ("salary_min" IS NOT NULL AND "salary_max" IS NOT NULL AND "salary_currency" IS NOT NULL AND "salary_period" IS NOT NULL AND "salary_min" >= 0 AND "salary_min" <= "salary_max")), CONSTRAINT "requisition_hired_within_headcount" CHECK ("hired_count" >= 0 AND "hired_count" <= "headcount"), CONSTRAINT "requisition_headcount_positive" CHECK ("headcount" > 0), CONSTRAINT "requisition_workplace_type_valid" CHECK ("workplace_type" IN (\'ON_SITE\', \'HYBRID\', \'REMOTE\')), CONSTRAINT "requisition_employment_type_valid" CHECK ("employment_type" IN (\'FULL_TIME\', \'PART_TIME\', \'CONTRACT\', \'TEMPORARY\', \'INTERNSHIP\')), CONSTRAINT "requisition_level_valid" CHECK ("level" IN (\'INTERN\', \'JUNIOR\', \'MID\', \'SENIOR\', \'STAFF\', \'PRINCIPAL\')), CONSTRAINT "requisition_status_valid" CHECK ("status" IN (\'DRAFT\', \'OPEN\', \'ON_HOLD\', \'CLOSED\', \'FILLED\')), CONSTRAINT "PK_53f9ab966e1c2d2d96cc5ac944a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "requisition_created_at_id" ON "requisition"  ("created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "pipeline_stage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requisition_id" uuid NOT NULL, "name" character varying(80) NOT NULL, "kind" character varying(20) NOT NULL, "position" integer, "removed_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pipeline_stage_id_requisition" UNIQUE ("id", "requisition_id"), CONSTRAINT "pipeline_stage_requisition_position" UNIQUE ("requisition_id", "position") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "pipeline_stage_position_nonnegative" CHECK ("position" >= 0), CONSTRAINT "pipeline_stage_position_iff_live" CHECK (("removed_at" IS NULL) = ("position" IS NOT NULL)), CONSTRAINT "pipeline_stage_kind_valid" CHECK ("kind" IN (\'APPLIED\', \'SCREEN\', \'TECHNICAL\', \'TAKE_HOME\', \'ONSITE\', \'OFFER\', \'HIRED\', \'CUSTOM\')), CONSTRAINT "PK_1d98a4c60c2cf5e2bc816a3e54d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "pipeline_stage_one_hired_per_requisition" ON "pipeline_stage"  ("requisition_id") WHERE "kind" = \'HIRED\' AND "removed_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "application" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "candidate_id" uuid NOT NULL, "requisition_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'ACTIVE\', "source_kind" character varying(20) NOT NULL, "source_detail" character varying(200), "rejection_reason" character varying(500), "applied_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_activity_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'0\', CONSTRAINT "application_candidate_requisition" UNIQUE ("candidate_id", "requisition_id"), CONSTRAINT "application_rejection_reason_iff_rejected" CHECK (("status" = \'REJECTED\') = ("rejection_reason" IS NOT NULL)), CONSTRAINT "application_source_kind_valid" CHECK ("source_kind" IN (\'JOB_BOARD\', \'CAREER_PAGE\', \'REFERRAL\', \'SOURCED\', \'AGENCY\', \'EVENT\')), CONSTRAINT "application_status_valid" CHECK ("status" IN (\'ACTIVE\', \'REJECTED\', \'HIRED\', \'WITHDRAWN\')), CONSTRAINT "PK_569e0c3e863ebdf5f2408ee1670" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "application_active_by_stage" ON "application"  ("stage_id") WHERE "status" = \'ACTIVE\'',
    );
    await queryRunner.query(
      'CREATE INDEX "application_candidate_applied_at" ON "application"  ("candidate_id", "applied_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "application_requisition_applied_at" ON "application"  ("requisition_id", "applied_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "application_stage_applied_at" ON "application"  ("stage_id", "applied_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "stage_transition" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "sequence" integer NOT NULL, "from_stage_id" uuid, "to_stage_id" uuid NOT NULL, "from_status" character varying(20), "to_status" character varying(20) NOT NULL, "reason" character varying(500), "actor" character varying(200), "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stage_transition_application_sequence" UNIQUE ("application_id", "sequence"), CONSTRAINT "stage_transition_from_status_valid" CHECK ("from_status" IS NULL OR "from_status" IN (\'ACTIVE\', \'REJECTED\', \'HIRED\', \'WITHDRAWN\')), CONSTRAINT "stage_transition_to_status_valid" CHECK ("to_status" IN (\'ACTIVE\', \'REJECTED\', \'HIRED\', \'WITHDRAWN\')), CONSTRAINT "PK_fccd9dab169aa159c2fb9c4824b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "requisition_skill" ("requisition_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "importance" character varying(10) NOT NULL, "min_years" numeric(4,1), "position" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "requisition_skill_min_years_range" CHECK ("min_years" IS NULL OR ("min_years" >= 0 AND "min_years" <= 60)), CONSTRAINT "requisition_skill_importance_valid" CHECK ("importance" IN (\'REQUIRED\', \'PREFERRED\')), CONSTRAINT "PK_5cc0f56285d03f2b406ea1a7b76" PRIMARY KEY ("requisition_id", "skill_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "requisition_skill_skill_id" ON "requisition_skill"  ("skill_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "candidate_skill" ADD CONSTRAINT "candidate_skill_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "candidate_skill" ADD CONSTRAINT "candidate_skill_skill_fk" FOREIGN KEY ("skill_id") REFERENCES "skill"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "pipeline_stage" ADD CONSTRAINT "pipeline_stage_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "application" ADD CONSTRAINT "application_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "application" ADD CONSTRAINT "application_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "application" ADD CONSTRAINT "application_stage_of_requisition_fk" FOREIGN KEY ("stage_id", "requisition_id") REFERENCES "pipeline_stage"("id","requisition_id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "stage_transition" ADD CONSTRAINT "stage_transition_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "stage_transition" ADD CONSTRAINT "stage_transition_from_stage_fk" FOREIGN KEY ("from_stage_id") REFERENCES "pipeline_stage"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "stage_transition" ADD CONSTRAINT "stage_transition_to_stage_fk" FOREIGN KEY ("to_stage_id") REFERENCES "pipeline_stage"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requisition_skill" ADD CONSTRAINT "requisition_skill_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requisition_skill" ADD CONSTRAINT "requisition_skill_skill_fk" FOREIGN KEY ("skill_id") REFERENCES "skill"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );

    // Hand-written: what entity decorators cannot express.
    await queryRunner.query('CREATE SEQUENCE "requisition_code_seq" AS integer START 1');
    // One candidate per primary e-mail, whatever its case.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "candidate_email_lower_unique" ON "candidate" (lower("email"))',
    );
    await queryRunner.query('CREATE INDEX "candidate_tags_gin" ON "candidate" USING gin ("tags")');
    await queryRunner.query('CREATE INDEX "skill_aliases_gin" ON "skill" USING gin ("aliases")');
    // Live stages of a requisition have distinct names, case-insensitively; removed ones keep theirs.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "pipeline_stage_name_unique_per_requisition" ON "pipeline_stage" ("requisition_id", lower("name")) WHERE "removed_at" IS NULL',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."pipeline_stage_name_unique_per_requisition"');
    await queryRunner.query('DROP INDEX "public"."skill_aliases_gin"');
    await queryRunner.query('DROP INDEX "public"."candidate_tags_gin"');
    await queryRunner.query('DROP INDEX "public"."candidate_email_lower_unique"');
    await queryRunner.query('DROP SEQUENCE "requisition_code_seq"');
    await queryRunner.query('ALTER TABLE "requisition_skill" DROP CONSTRAINT "requisition_skill_skill_fk"');
    await queryRunner.query(
      'ALTER TABLE "requisition_skill" DROP CONSTRAINT "requisition_skill_requisition_fk"',
    );
    await queryRunner.query('ALTER TABLE "stage_transition" DROP CONSTRAINT "stage_transition_to_stage_fk"');
    await queryRunner.query(
      'ALTER TABLE "stage_transition" DROP CONSTRAINT "stage_transition_from_stage_fk"',
    );
    await queryRunner.query(
      'ALTER TABLE "stage_transition" DROP CONSTRAINT "stage_transition_application_fk"',
    );
    await queryRunner.query(
      'ALTER TABLE "application" DROP CONSTRAINT "application_stage_of_requisition_fk"',
    );
    await queryRunner.query('ALTER TABLE "application" DROP CONSTRAINT "application_requisition_fk"');
    await queryRunner.query('ALTER TABLE "application" DROP CONSTRAINT "application_candidate_fk"');
    await queryRunner.query('ALTER TABLE "pipeline_stage" DROP CONSTRAINT "pipeline_stage_requisition_fk"');
    await queryRunner.query('ALTER TABLE "candidate_skill" DROP CONSTRAINT "candidate_skill_skill_fk"');
    await queryRunner.query('ALTER TABLE "candidate_skill" DROP CONSTRAINT "candidate_skill_candidate_fk"');
    await queryRunner.query('DROP INDEX "public"."requisition_skill_skill_id"');
    await queryRunner.query('DROP TABLE "requisition_skill"');
    await queryRunner.query('DROP TABLE "stage_transition"');
    await queryRunner.query('DROP INDEX "public"."application_stage_applied_at"');
    await queryRunner.query('DROP INDEX "public"."application_requisition_applied_at"');
    await queryRunner.query('DROP INDEX "public"."application_candidate_applied_at"');
    await queryRunner.query('DROP INDEX "public"."application_active_by_stage"');
    await queryRunner.query('DROP TABLE "application"');
    await queryRunner.query('DROP INDEX "public"."pipeline_stage_one_hired_per_requisition"');
    await queryRunner.query('DROP TABLE "pipeline_stage"');
    await queryRunner.query('DROP INDEX "public"."requisition_created_at_id"');
    await queryRunner.query('DROP TABLE "requisition"');
    await queryRunner.query('DROP INDEX "public"."event_position"');
    await queryRunner.query('DROP INDEX "public"."event_type_position"');
    await queryRunner.query('DROP TABLE "event"');
    await queryRunner.query('DROP INDEX "public"."candidate_skill_skill_id"');
    await queryRunner.query('DROP TABLE "candidate_skill"');
    await queryRunner.query('DROP INDEX "public"."candidate_created_at_id"');
    await queryRunner.query('DROP TABLE "candidate"');
    await queryRunner.query('DROP TABLE "skill"');
  }
}
