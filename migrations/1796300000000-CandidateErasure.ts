import { MigrationInterface, QueryRunner } from 'typeorm';

/** The marker an erasure writes in place of each audit value (the key stays, so the entry still says what changed). */
const ERASED_CHANGE = `'{"before": "[erased]", "after": "[erased]"}'::jsonb`;

/**
 * Candidate erasure (docs/privacy.md): when a candidate was erased, and the one narrow way to redact the audit log.
 * The append-only trigger still refuses DELETE and TRUNCATE, and every UPDATE, unless the transaction set
 * `requisite.audit_redaction` to 'on' (SET LOCAL: it ends with the transaction) and the UPDATE changes nothing but
 * the values of `changes` (each to the erased marker, every key kept) and clears `ip`.
 */
export class CandidateErasure1796300000000 implements MigrationInterface {
  name = 'CandidateErasure1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "candidate" ADD "erased_at" TIMESTAMP(3) WITH TIME ZONE');
    // The retention job's predicate walks this index in (retain_until, id) order: only candidates not erased yet.
    await queryRunner.query(
      `CREATE INDEX "candidate_retain_until_due" ON "candidate" ("retain_until", "id")
       WHERE "erased_at" IS NULL AND "retain_until" IS NOT NULL`,
    );
    // An erased candidate is hidden from every read: "not erased" is the common case, so this one is tiny.
    await queryRunner.query(
      `CREATE INDEX "candidate_erased" ON "candidate" ("id") WHERE "erased_at" IS NOT NULL`,
    );
    // An erasure finds the entries about any id of the person (subject_ids && ids) through the GIN index of
    // migration AuditSubjectIndex.
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "refuse_change_of_audit_log"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND coalesce(current_setting('requisite.audit_redaction', true), '') = 'on' THEN
          IF NEW.id = OLD.id AND NEW.actor = OLD.actor AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
             AND NEW.action = OLD.action AND NEW.subject_type IS NOT DISTINCT FROM OLD.subject_type
             AND NEW.subject_ids = OLD.subject_ids AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
             AND NEW.occurred_at = OLD.occurred_at
             AND (NEW.ip IS NULL OR NEW.ip = OLD.ip)
             AND jsonb_typeof(NEW.changes) = 'object' AND jsonb_typeof(OLD.changes) = 'object'
             AND ARRAY(SELECT jsonb_object_keys(NEW.changes) ORDER BY 1)
                 = ARRAY(SELECT jsonb_object_keys(OLD.changes) ORDER BY 1)
             AND NOT EXISTS (
               SELECT 1 FROM jsonb_each(NEW.changes) AS n(key, value)
               WHERE n.value IS DISTINCT FROM OLD.changes -> n.key AND n.value <> ${ERASED_CHANGE})
          THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'audit redaction may only replace change values and clear the IP'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION "refuse_change_of_audit_log"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`,
    );
    await queryRunner.query('DROP INDEX "public"."candidate_erased"');
    await queryRunner.query('DROP INDEX "public"."candidate_retain_until_due"');
    await queryRunner.query('ALTER TABLE "candidate" DROP COLUMN "erased_at"');
  }
}
