import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795619069634 implements MigrationInterface {
  name = 'Identity1795619069634';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor" character varying(80) NOT NULL, "actor_id" uuid, "action" character varying(80) NOT NULL, "subject_type" character varying(40), "subject_ids" uuid array NOT NULL DEFAULT \'{}\', "changes" jsonb NOT NULL DEFAULT \'{}\', "request_id" character varying(128), "ip" character varying(64), "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_entry_actor" ON "audit_entry"  ("actor_id", "occurred_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_entry_occurred_at_id" ON "audit_entry"  ("occurred_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(20) NOT NULL, "active" boolean NOT NULL DEFAULT true, "password_hash" character varying(300), "version" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "app_user_role_valid" CHECK ("role" IN (\'ADMIN\', \'RECRUITER\', \'HIRING_MANAGER\', \'INTERVIEWER\')), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character varying(64) NOT NULL, "scopes" text array NOT NULL DEFAULT \'{}\', "created_by_id" uuid, "last_used_at" TIMESTAMP(3) WITH TIME ZONE, "expires_at" TIMESTAMP(3) WITH TIME ZONE, "revoked_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c4f6ccad30c0862eb54af9fb0ac" UNIQUE ("prefix"), CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "requisition_member" ("requisition_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(20) NOT NULL, "added_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "requisition_member_role_valid" CHECK ("role" IN (\'RECRUITER\', \'HIRING_MANAGER\', \'INTERVIEWER\')), CONSTRAINT "PK_8748f6202b1b8c57bf24ef9d97d" PRIMARY KEY ("requisition_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "requisition_member_user" ON "requisition_member"  ("user_id", "requisition_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "sign_in_throttle" ("key" character varying(400) NOT NULL, "window_started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "failures" integer NOT NULL, CONSTRAINT "PK_f838c82d37e24773fc7984a7649" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'ALTER TABLE "api_key" ADD CONSTRAINT "api_key_created_by_fk" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requisition_member" ADD CONSTRAINT "requisition_member_requisition_fk" FOREIGN KEY ("requisition_id") REFERENCES "requisition"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "requisition_member" ADD CONSTRAINT "requisition_member_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );

    // Hand-written: one account per e-mail, whatever its case.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "app_user_email_lower_unique" ON "app_user" (lower("email"))',
    );
    // The audit log is append-only, whatever the code does.
    await queryRunner.query(`CREATE FUNCTION "refuse_change_of_audit_log"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_audit_log"()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "audit_entry_append_only" ON "audit_entry"');
    await queryRunner.query('DROP FUNCTION "refuse_change_of_audit_log"()');
    await queryRunner.query('DROP INDEX "public"."app_user_email_lower_unique"');
    await queryRunner.query('ALTER TABLE "requisition_member" DROP CONSTRAINT "requisition_member_user_fk"');
    await queryRunner.query(
      'ALTER TABLE "requisition_member" DROP CONSTRAINT "requisition_member_requisition_fk"',
    );
    await queryRunner.query('ALTER TABLE "api_key" DROP CONSTRAINT "api_key_created_by_fk"');
    await queryRunner.query('DROP TABLE "sign_in_throttle"');
    await queryRunner.query('DROP INDEX "public"."requisition_member_user"');
    await queryRunner.query('DROP TABLE "requisition_member"');
    await queryRunner.query('DROP TABLE "api_key"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."audit_entry_occurred_at_id"');
    await queryRunner.query('DROP INDEX "public"."audit_entry_actor"');
    await queryRunner.query('DROP TABLE "audit_entry"');
  }
}
