import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResumesAndCareerPagePostings1795625758722 implements MigrationInterface {
  name = 'ResumesAndCareerPagePostings1795625758722';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Resumes sent with applications (career-page uploads, Indeed Apply): bytes, size, checksum, plain text.
    await queryRunner.query(
      'CREATE TABLE "resume" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "candidate_id" uuid NOT NULL, "application_id" uuid, "inbound_delivery_id" uuid, "file_name" character varying(255), "content_type" character varying(100) NOT NULL, "byte_size" integer NOT NULL, "sha256" character varying(64) NOT NULL, "content" bytea NOT NULL, "text" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "resume_text_only_plain" CHECK ("text" IS NULL OR "content_type" LIKE \'text/plain%\'), CONSTRAINT "resume_sha256_hex" CHECK ("sha256" ~ \'^[0-9a-f]{64}$\'), CONSTRAINT "resume_content_size" CHECK (octet_length("content") = "byte_size"), CONSTRAINT "resume_byte_size_range" CHECK ("byte_size" > 0 AND "byte_size" <= 5242880), CONSTRAINT "resume_content_type_valid" CHECK ("content_type" IN (\'application/pdf\', \'application/msword\', \'application/vnd.openxmlformats-officedocument.wordprocessingml.document\', \'application/rtf\', \'text/plain; charset=utf-8\')), CONSTRAINT "PK_7ff05ea7599e13fac01ac812e48" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "resume_application_created_at" ON "resume"  ("application_id", "created_at", "id") WHERE "application_id" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "resume_candidate_created_at" ON "resume"  ("candidate_id", "created_at", "id") ',
    );
    await queryRunner.query('ALTER TABLE "inbound_delivery" ADD "posting_id" uuid');
    // The posting is in a career page's URL, not its body: kept so the delivery can be reprocessed. No foreign key:
    // a delivery naming an unknown posting is stored with its 404 all the same.
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_posting_only_career_page" CHECK ("posting_id" IS NULL OR "source" = \'CAREER_PAGE\')',
    );
    await queryRunner.query(
      'ALTER TABLE "resume" ADD CONSTRAINT "resume_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "resume" ADD CONSTRAINT "resume_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "resume" ADD CONSTRAINT "resume_inbound_delivery_fk" FOREIGN KEY ("inbound_delivery_id") REFERENCES "inbound_delivery"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "resume" DROP CONSTRAINT "resume_inbound_delivery_fk"');
    await queryRunner.query('ALTER TABLE "resume" DROP CONSTRAINT "resume_application_fk"');
    await queryRunner.query('ALTER TABLE "resume" DROP CONSTRAINT "resume_candidate_fk"');
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" DROP CONSTRAINT "inbound_delivery_posting_only_career_page"',
    );
    await queryRunner.query('ALTER TABLE "inbound_delivery" DROP COLUMN "posting_id"');
    await queryRunner.query('DROP INDEX "public"."resume_candidate_created_at"');
    await queryRunner.query('DROP INDEX "public"."resume_application_created_at"');
    await queryRunner.query('DROP TABLE "resume"');
  }
}
