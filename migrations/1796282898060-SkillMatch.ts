import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The explainable skill match (docs/matching.md): `application_match` stores each application's score, level and
 * explained result with the digest of the inputs it came from; the (requisition, score, application) index makes
 * ranking a requisition's applicants one keyset page. `candidate.do_not_contact` keeps people who asked out of
 * suggestions. Applications made before this migration get their match on their next change (until then
 * `Application.match` computes it on read and ranking puts them last).
 */
export class SkillMatch1796282898060 implements MigrationInterface {
  name = 'SkillMatch1796282898060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "application_match" ("application_id" uuid NOT NULL, "requisition_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "score" smallint NOT NULL, "level" character varying(10) NOT NULL, "result" jsonb NOT NULL, "inputs_hash" character varying(64) NOT NULL, "computed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "application_match_level_valid" CHECK ("level" IN (\'STRONG\', \'GOOD\', \'PARTIAL\', \'WEAK\')), CONSTRAINT "application_match_score_range" CHECK ("score" >= 0 AND "score" <= 100), CONSTRAINT "PK_fd827320aebcc2ef12897d62a06" PRIMARY KEY ("application_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "application_match_requisition_score" ON "application_match"  ("requisition_id", "score", "application_id") ',
    );
    await queryRunner.query('ALTER TABLE "candidate" ADD "do_not_contact" boolean NOT NULL DEFAULT false');
    await queryRunner.query(
      'ALTER TABLE "application_match" ADD CONSTRAINT "application_match_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "application_match" DROP CONSTRAINT "application_match_application_fk"',
    );
    await queryRunner.query('ALTER TABLE "candidate" DROP COLUMN "do_not_contact"');
    await queryRunner.query('DROP INDEX "public"."application_match_requisition_score"');
    await queryRunner.query('DROP TABLE "application_match"');
  }
}
