import { MigrationInterface, QueryRunner } from 'typeorm';

// The starting list, as most ATSs split it: decisions by the hiring team and decisions by the candidate. Operators
// rename, add or deactivate reasons through the API; the free-text reason next to it names e.g. the skill missing.
const DEFAULT_REASONS: [name: string, category: 'WE_REJECTED' | 'THEY_WITHDREW'][] = [
  ['Skills gap', 'WE_REJECTED'],
  ['Experience level', 'WE_REJECTED'],
  ['Compensation expectations', 'WE_REJECTED'],
  ['Location or visa', 'WE_REJECTED'],
  ['Position filled', 'WE_REJECTED'],
  ['Failed technical assessment', 'WE_REJECTED'],
  ['Accepted another offer', 'THEY_WITHDREW'],
  ['Not interested', 'THEY_WITHDREW'],
  ['Compensation too low', 'THEY_WITHDREW'],
  ['Relocation or commute', 'THEY_WITHDREW'],
  ['Unresponsive', 'THEY_WITHDREW'],
];

export class RejectionReasons1796290000000 implements MigrationInterface {
  name = 'RejectionReasons1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rejection_reason" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "category" character varying(20) NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rejection_reason_name_not_blank" CHECK (btrim("name") <> ''), CONSTRAINT "rejection_reason_category_valid" CHECK ("category" IN ('WE_REJECTED', 'THEY_WITHDREW')), CONSTRAINT "PK_71de8b715b8e58e4c86486c92f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "rejection_reason_created_at_id" ON "rejection_reason"  ("created_at", "id") `,
    );
    // By hand: one name per category, case-insensitively.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "rejection_reason_name_unique" ON "rejection_reason" ("category", lower("name"))`,
    );
    await queryRunner.query(`ALTER TABLE "application" ADD "reason_id" uuid`);
    await queryRunner.query(`ALTER TABLE "stage_transition" ADD "reason_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "application_reason_id_only_when_closed" CHECK ("reason_id" IS NULL OR "status" IN ('REJECTED', 'WITHDRAWN'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "application" ADD CONSTRAINT "application_reason_fk" FOREIGN KEY ("reason_id") REFERENCES "rejection_reason"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stage_transition" ADD CONSTRAINT "stage_transition_reason_fk" FOREIGN KEY ("reason_id") REFERENCES "rejection_reason"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // Listed newest first, so the first of the list is created last: the API shows them in this order.
    await queryRunner.query(
      `INSERT INTO rejection_reason (name, category, created_at)
       SELECT r.name, r.category, now() - make_interval(secs => r.n)
       FROM unnest($1::varchar[], $2::varchar[]) WITH ORDINALITY AS r(name, category, n)`,
      [DEFAULT_REASONS.map(([name]) => name), DEFAULT_REASONS.map(([, category]) => category)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stage_transition" DROP CONSTRAINT "stage_transition_reason_fk"`);
    await queryRunner.query(`ALTER TABLE "application" DROP CONSTRAINT "application_reason_fk"`);
    await queryRunner.query(
      `ALTER TABLE "application" DROP CONSTRAINT "application_reason_id_only_when_closed"`,
    );
    await queryRunner.query(`ALTER TABLE "stage_transition" DROP COLUMN "reason_id"`);
    await queryRunner.query(`ALTER TABLE "application" DROP COLUMN "reason_id"`);
    await queryRunner.query(`DROP TABLE "rejection_reason"`);
  }
}
