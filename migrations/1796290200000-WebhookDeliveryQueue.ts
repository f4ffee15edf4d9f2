import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `webhook_delivery` becomes the delivery queue (issue 19): a worker claims due deliveries by setting their lease,
 * which another worker may take over once it has passed. Reviewed: the partial index holds only pending deliveries
 * (the queue), per subscription in the order they come due, so a claim reads each lane's head and a finished
 * delivery leaves it.
 */
export class WebhookDeliveryQueue1796290200000 implements MigrationInterface {
  name = 'WebhookDeliveryQueue1796290200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "webhook_delivery" ADD "lease_expires_at" TIMESTAMP(3) WITH TIME ZONE',
    );
    await queryRunner.query('ALTER TABLE "webhook_delivery" ADD "lease_holder" character varying(100)');
    await queryRunner.query(
      `CREATE INDEX "webhook_delivery_due" ON "webhook_delivery" ("subscription_id", "next_attempt_at", "id")
       WHERE "status" = 'PENDING'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."webhook_delivery_due"');
    await queryRunner.query('ALTER TABLE "webhook_delivery" DROP COLUMN "lease_holder"');
    await queryRunner.query('ALTER TABLE "webhook_delivery" DROP COLUMN "lease_expires_at"');
  }
}
