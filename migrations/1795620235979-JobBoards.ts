import { MigrationInterface, QueryRunner } from 'typeorm';

export class JobBoards1795620235979 implements MigrationInterface {
  name = 'JobBoards1795620235979';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "job_board" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "slug" character varying(60) NOT NULL, "kind" character varying(20) NOT NULL, "active" boolean NOT NULL DEFAULT true, "signing_secret" character varying(100) NOT NULL, "last_feed_fetch_at" TIMESTAMP(3) WITH TIME ZONE, "last_feed_user_agent" character varying(500), "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "job_board_slug_unique" UNIQUE ("slug"), CONSTRAINT "job_board_slug_format" CHECK ("slug" ~ \'^[a-z0-9]+(-[a-z0-9]+)*$\'), CONSTRAINT "job_board_kind_valid" CHECK ("kind" IN (\'INDEED\', \'LINKEDIN\', \'CAREER_PAGE\', \'GENERIC\')), CONSTRAINT "PK_818b581144f6a632913f120c2ed" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "job_board_created_at_id" ON "job_board"  ("created_at", "id") ');
    await queryRunner.query(
      'CREATE TABLE "job_posting" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requisition_id" uuid NOT NULL, "board_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "reference_number" character varying(20) NOT NULL, "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "unpublished_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "job_posting_reference_number_unique" UNIQUE ("reference_number"), CONSTRAINT "job_posting_requisition_board" UNIQUE ("requisition_id", "board_id"), CONSTRAINT "job_posting_status_valid" CHECK ("status" IN (\'PUBLISHED\', \'UNPUBLISHED\', \'CLOSED\')), CONSTRAINT "PK_d7f4b8ed39caa6897bbdec8ba56" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "job_posting_board_created_at_id" ON "job_posting"  ("board_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "job_posting_board_status_published" ON "job_posting"  ("board_id", "status", "published_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "job_posting" ADD CONSTRAINT "job_posting_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "job_posting" ADD CONSTRAINT "job_posting_board_fk" FOREIGN KEY ("board_id") REFERENCES "job_board"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );

    // Hand-written: reference numbers ("JP-000042") come from their own sequence, like requisition codes.
    await queryRunner.query('CREATE SEQUENCE "job_posting_reference_seq" AS integer START 1');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SEQUENCE "job_posting_reference_seq"');
    await queryRunner.query('ALTER TABLE "job_posting" DROP CONSTRAINT "job_posting_board_fk"');
    await queryRunner.query('ALTER TABLE "job_posting" DROP CONSTRAINT "job_posting_requisition_fk"');
    await queryRunner.query('DROP INDEX "public"."job_posting_board_status_published"');
    await queryRunner.query('DROP INDEX "public"."job_posting_board_created_at_id"');
    await queryRunner.query('DROP TABLE "job_posting"');
    await queryRunner.query('DROP INDEX "public"."job_board_created_at_id"');
    await queryRunner.query('DROP TABLE "job_board"');
  }
}
