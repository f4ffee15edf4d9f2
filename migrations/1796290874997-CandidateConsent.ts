import { MigrationInterface, QueryRunner } from 'typeorm';

// How a candidate's consent was obtained, the career-page posting that carried it, and the end it named
// (docs/privacy.md). No foreign key to job_posting: postings belong to a higher module, the id is a record only.

export class CandidateConsent1796290874997 implements MigrationInterface {
  name = 'CandidateConsent1796290874997';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "candidate" ADD "consent_source" character varying(20)');
    await queryRunner.query('ALTER TABLE "candidate" ADD "consent_posting_id" uuid');
    await queryRunner.query('ALTER TABLE "candidate" ADD "consent_retain_until" TIMESTAMP(3) WITH TIME ZONE');
    await queryRunner.query(
      "ALTER TABLE \"candidate\" ADD CONSTRAINT \"candidate_consent_source_valid\" CHECK (\"consent_source\" IN ('CAREER_PAGE', 'JOB_BOARD', 'EMAIL', 'PHONE', 'IN_PERSON', 'OTHER'))",
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "candidate" DROP CONSTRAINT "candidate_consent_source_valid"');
    await queryRunner.query('ALTER TABLE "candidate" DROP COLUMN "consent_retain_until"');
    await queryRunner.query('ALTER TABLE "candidate" DROP COLUMN "consent_posting_id"');
    await queryRunner.query('ALTER TABLE "candidate" DROP COLUMN "consent_source"');
  }
}
