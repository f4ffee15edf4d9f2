import { MigrationInterface, QueryRunner } from 'typeorm';

// Voluntary self-identification, apart from the candidate (docs/privacy.md): one row per application, answers as
// checked varchars (null: no answer; DECLINE_TO_ANSWER: an answer), gone with the application or the candidate.
// The candidate index is erasure's (deleteForCandidate).
export class EeoSelfIdentification1796291071018 implements MigrationInterface {
  name = 'EeoSelfIdentification1796291071018';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "eeo_self_identification" ("application_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "gender" character varying(20), "race_ethnicity" character varying(50), "veteran_status" character varying(30), "disability_status" character varying(20), "source" character varying(20) NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "eeo_self_identification_answers_something" CHECK (num_nonnulls("gender", "race_ethnicity", "veteran_status", "disability_status") > 0), CONSTRAINT "eeo_self_identification_source_valid" CHECK ("source" IN (\'CAREER_PAGE\', \'JOB_BOARD\')), CONSTRAINT "eeo_self_identification_disability_status_valid" CHECK ("disability_status" IS NULL OR "disability_status" IN (\'YES\', \'NO\', \'DECLINE_TO_ANSWER\')), CONSTRAINT "eeo_self_identification_veteran_status_valid" CHECK ("veteran_status" IS NULL OR "veteran_status" IN (\'PROTECTED_VETERAN\', \'NOT_A_PROTECTED_VETERAN\', \'DECLINE_TO_ANSWER\')), CONSTRAINT "eeo_self_identification_race_ethnicity_valid" CHECK ("race_ethnicity" IS NULL OR "race_ethnicity" IN (\'HISPANIC_OR_LATINO\', \'WHITE\', \'BLACK_OR_AFRICAN_AMERICAN\', \'NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER\', \'ASIAN\', \'AMERICAN_INDIAN_OR_ALASKA_NATIVE\', \'TWO_OR_MORE_RACES\', \'DECLINE_TO_ANSWER\')), CONSTRAINT "eeo_self_identification_gender_valid" CHECK ("gender" IS NULL OR "gender" IN (\'MALE\', \'FEMALE\', \'DECLINE_TO_ANSWER\')), CONSTRAINT "PK_c4d5ba0ec658f99e7ba225e7643" PRIMARY KEY ("application_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "eeo_self_identification_candidate" ON "eeo_self_identification"  ("candidate_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "eeo_self_identification" ADD CONSTRAINT "eeo_self_identification_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "eeo_self_identification" ADD CONSTRAINT "eeo_self_identification_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "eeo_self_identification" DROP CONSTRAINT "eeo_self_identification_candidate_fk"',
    );
    await queryRunner.query(
      'ALTER TABLE "eeo_self_identification" DROP CONSTRAINT "eeo_self_identification_application_fk"',
    );
    await queryRunner.query('DROP INDEX "public"."eeo_self_identification_candidate"');
    await queryRunner.query('DROP TABLE "eeo_self_identification"');
  }
}
