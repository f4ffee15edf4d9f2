import { MigrationInterface, QueryRunner } from 'typeorm';

// The audit entries about a person (`subject_ids && $ids`), for their data export (docs/privacy.md), without reading
// the whole append-only log.
export class AuditSubjectIndex1796290900000 implements MigrationInterface {
  name = 'AuditSubjectIndex1796290900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "audit_entry_subject_ids_gin" ON "audit_entry" USING gin ("subject_ids")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "audit_entry_subject_ids_gin"`);
  }
}
