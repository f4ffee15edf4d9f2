import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily retention job finds finished deliveries by when they finished. Partial: pending deliveries (the ones
 * the worker reads) never enter it, and the index stays as small as the log the job leaves.
 */
export class WebhookDeliveryRetention1795646640255 implements MigrationInterface {
  name = 'WebhookDeliveryRetention1795646640255';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_finished_at" ON "webhook_delivery" ("updated_at")
       WHERE "status" IN ('SUCCEEDED', 'FAILED')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."webhook_delivery_finished_at"`);
  }
}
