import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interviews, their interviewers, scorecards with per-skill ratings, and calendar feeds. `btree_gist` lets the
 * exclusion constraint on interview_interviewer combine `user_id WITH =` and a time range `WITH &&` in one GiST
 * index: two SCHEDULED interviews of one interviewer can never overlap, whatever races past the service's check.
 */
export class Evaluation1796280398300 implements MigrationInterface {
  name = 'Evaluation1796280398300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query(
      'CREATE TABLE "calendar_feed" ("user_id" uuid NOT NULL, "nonce" character varying(64) NOT NULL, "token_hash" character varying(64) NOT NULL, "rotated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_29b8f216ae4f5fdd5bcc8de8112" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "calendar_feed_token_hash" ON "calendar_feed"  ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE TABLE "interview" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "requisition_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "time_zone" character varying(64) NOT NULL, "location" character varying(500), "video_url" character varying(2000), "status" character varying(20) NOT NULL, "focus_skill_ids" uuid array NOT NULL DEFAULT \'{}\', "cancel_reason" character varying(1000), "ics_sequence" integer NOT NULL DEFAULT \'0\', "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "interview_video_url_https" CHECK ("video_url" IS NULL OR "video_url" LIKE \'https://%\'), CONSTRAINT "interview_at_most_8_hours" CHECK ("ends_at" - "starts_at" <= interval \'8 hours\'), CONSTRAINT "interview_ends_after_start" CHECK ("ends_at" > "starts_at"), CONSTRAINT "interview_status_valid" CHECK ("status" IN (\'SCHEDULED\', \'COMPLETED\', \'CANCELLED\', \'NO_SHOW\')), CONSTRAINT "interview_kind_valid" CHECK ("kind" IN (\'PHONE_SCREEN\', \'CODING\', \'ML_SYSTEM_DESIGN\', \'ML_FUNDAMENTALS\', \'PAPER_DISCUSSION\', \'TAKE_HOME_REVIEW\', \'BEHAVIORAL\', \'HIRING_MANAGER\', \'OTHER\')), CONSTRAINT "PK_44c49a4feadefa5c6fa78bfb7d1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "interview_requisition" ON "interview"  ("requisition_id") ');
    await queryRunner.query(
      'CREATE INDEX "interview_application" ON "interview"  ("application_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "interview_interviewer" ("interview_id" uuid NOT NULL, "user_id" uuid NOT NULL, "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" character varying(20) NOT NULL, "position" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "interview_interviewer_status_valid" CHECK ("status" IN (\'SCHEDULED\', \'COMPLETED\', \'CANCELLED\', \'NO_SHOW\')), CONSTRAINT "interview_interviewer_no_double_booking" EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ((status)::text = \'SCHEDULED\'::text), CONSTRAINT "PK_4a4c4c87607ad09398a27697dd7" PRIMARY KEY ("interview_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "interview_interviewer_user" ON "interview_interviewer"  ("user_id", "starts_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "scorecard" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "interview_id" uuid NOT NULL, "application_id" uuid NOT NULL, "requisition_id" uuid NOT NULL, "author_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "overall_recommendation" character varying(20), "notes" text, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "scorecard_one_per_interviewer" UNIQUE ("interview_id", "author_id"), CONSTRAINT "scorecard_submitted_has_recommendation" CHECK ("status" <> \'SUBMITTED\' OR ("overall_recommendation" IS NOT NULL AND "submitted_at" IS NOT NULL)), CONSTRAINT "scorecard_recommendation_valid" CHECK ("overall_recommendation" IS NULL OR "overall_recommendation" IN (\'STRONG_NO\', \'NO\', \'YES\', \'STRONG_YES\')), CONSTRAINT "scorecard_status_valid" CHECK ("status" IN (\'DRAFT\', \'SUBMITTED\')), CONSTRAINT "PK_bcadf4539dab46678db1748dcd1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "scorecard_author" ON "scorecard"  ("author_id") ');
    await queryRunner.query(
      'CREATE INDEX "scorecard_application" ON "scorecard"  ("application_id", "author_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "scorecard_rating" ("scorecard_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "rating" smallint NOT NULL, "note" character varying(2000), "position" smallint NOT NULL DEFAULT \'0\', CONSTRAINT "scorecard_rating_range" CHECK ("rating" BETWEEN 1 AND 4), CONSTRAINT "PK_cdf7178af69766672a6b2e39055" PRIMARY KEY ("scorecard_id", "skill_id"))',
    );
    await queryRunner.query('CREATE INDEX "scorecard_rating_skill" ON "scorecard_rating"  ("skill_id") ');
    await queryRunner.query(
      'ALTER TABLE "calendar_feed" ADD CONSTRAINT "calendar_feed_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interview" ADD CONSTRAINT "interview_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interview" ADD CONSTRAINT "interview_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interview" ADD CONSTRAINT "interview_stage_fk" FOREIGN KEY ("stage_id") REFERENCES "pipeline_stage"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interview_interviewer" ADD CONSTRAINT "interview_interviewer_interview_fk" FOREIGN KEY ("interview_id") REFERENCES "interview"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interview_interviewer" ADD CONSTRAINT "interview_interviewer_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard" ADD CONSTRAINT "scorecard_interview_fk" FOREIGN KEY ("interview_id") REFERENCES "interview"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard" ADD CONSTRAINT "scorecard_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard" ADD CONSTRAINT "scorecard_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard" ADD CONSTRAINT "scorecard_author_fk" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard_rating" ADD CONSTRAINT "scorecard_rating_scorecard_fk" FOREIGN KEY ("scorecard_id") REFERENCES "scorecard"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "scorecard_rating" ADD CONSTRAINT "scorecard_rating_skill_fk" FOREIGN KEY ("skill_id") REFERENCES "skill"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "scorecard_rating" DROP CONSTRAINT "scorecard_rating_skill_fk"');
    await queryRunner.query('ALTER TABLE "scorecard_rating" DROP CONSTRAINT "scorecard_rating_scorecard_fk"');
    await queryRunner.query('ALTER TABLE "scorecard" DROP CONSTRAINT "scorecard_author_fk"');
    await queryRunner.query('ALTER TABLE "scorecard" DROP CONSTRAINT "scorecard_requisition_fk"');
    await queryRunner.query('ALTER TABLE "scorecard" DROP CONSTRAINT "scorecard_application_fk"');
    await queryRunner.query('ALTER TABLE "scorecard" DROP CONSTRAINT "scorecard_interview_fk"');
    await queryRunner.query(
      'ALTER TABLE "interview_interviewer" DROP CONSTRAINT "interview_interviewer_user_fk"',
    );
    await queryRunner.query(
      'ALTER TABLE "interview_interviewer" DROP CONSTRAINT "interview_interviewer_interview_fk"',
    );
    await queryRunner.query('ALTER TABLE "interview" DROP CONSTRAINT "interview_stage_fk"');
    await queryRunner.query('ALTER TABLE "interview" DROP CONSTRAINT "interview_requisition_fk"');
    await queryRunner.query('ALTER TABLE "interview" DROP CONSTRAINT "interview_application_fk"');
    await queryRunner.query('ALTER TABLE "calendar_feed" DROP CONSTRAINT "calendar_feed_user_fk"');
    await queryRunner.query('DROP INDEX "public"."scorecard_rating_skill"');
    await queryRunner.query('DROP TABLE "scorecard_rating"');
    await queryRunner.query('DROP INDEX "public"."scorecard_application"');
    await queryRunner.query('DROP INDEX "public"."scorecard_author"');
    await queryRunner.query('DROP TABLE "scorecard"');
    await queryRunner.query('DROP INDEX "public"."interview_interviewer_user"');
    await queryRunner.query('DROP TABLE "interview_interviewer"');
    await queryRunner.query('DROP INDEX "public"."interview_application"');
    await queryRunner.query('DROP INDEX "public"."interview_requisition"');
    await queryRunner.query('DROP TABLE "interview"');
    await queryRunner.query('DROP INDEX "public"."calendar_feed_token_hash"');
    await queryRunner.query('DROP TABLE "calendar_feed"');
  }
}
