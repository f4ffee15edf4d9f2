import { MigrationInterface, QueryRunner } from 'typeorm';

export class InboundDeliveries1795620907532 implements MigrationInterface {
  name = 'InboundDeliveries1795620907532';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "inbound_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "board_id" uuid NOT NULL, "source" character varying(20) NOT NULL, "external_id" character varying(200), "signature_valid" boolean, "content_type" character varying(200), "raw_body" bytea NOT NULL, "body_sha256" character varying(64) NOT NULL, "response_status" integer, "response_body" jsonb, "application_id" uuid, "error" character varying(1000), "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "inbound_delivery_source_valid" CHECK ("source" IN (\'CAREER_PAGE\', \'INDEED\')), CONSTRAINT "PK_a8b0f2149780617bb1803830e43" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "inbound_delivery_board_received_at" ON "inbound_delivery"  ("board_id", "received_at") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "inbound_delivery_board_external" ON "inbound_delivery"  ("board_id", "source", "external_id") WHERE "external_id" IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_board_fk" FOREIGN KEY ("board_id") REFERENCES "job_board"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" DROP CONSTRAINT "inbound_delivery_application_fk"',
    );
    await queryRunner.query('ALTER TABLE "inbound_delivery" DROP CONSTRAINT "inbound_delivery_board_fk"');
    await queryRunner.query('DROP INDEX "public"."inbound_delivery_board_external"');
    await queryRunner.query('DROP INDEX "public"."inbound_delivery_board_received_at"');
    await queryRunner.query('DROP TABLE "inbound_delivery"');
  }
}
