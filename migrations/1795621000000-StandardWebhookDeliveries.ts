import { MigrationInterface, QueryRunner } from 'typeorm';

/** Deliveries from other boards, signed with Standard Webhooks (TypeORM does not diff CHECK expressions). */
export class StandardWebhookDeliveries1795621000000 implements MigrationInterface {
  name = 'StandardWebhookDeliveries1795621000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "inbound_delivery" DROP CONSTRAINT "inbound_delivery_source_valid"');
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_source_valid" CHECK ("source" IN (\'CAREER_PAGE\', \'INDEED\', \'STANDARD_WEBHOOKS\'))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM "inbound_delivery" WHERE "source" = \'STANDARD_WEBHOOKS\'');
    await queryRunner.query('ALTER TABLE "inbound_delivery" DROP CONSTRAINT "inbound_delivery_source_valid"');
    await queryRunner.query(
      'ALTER TABLE "inbound_delivery" ADD CONSTRAINT "inbound_delivery_source_valid" CHECK ("source" IN (\'CAREER_PAGE\', \'INDEED\'))',
    );
  }
}
