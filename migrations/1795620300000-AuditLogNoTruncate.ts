import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only trigger is per row, and TRUNCATE fires no row triggers: refuse it with a statement trigger. */
export class AuditLogNoTruncate1795620300000 implements MigrationInterface {
  name = 'AuditLogNoTruncate1795620300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_audit_log"()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "audit_entry_no_truncate" ON "audit_entry"');
  }
}
