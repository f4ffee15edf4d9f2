import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotesAndActivity1796280317759 implements MigrationInterface {
  name = 'NotesAndActivity1796280317759';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Notes on a candidate or on one of their applications (candidate_id is then the application's candidate).
    await queryRunner.query(
      'CREATE TABLE "note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "candidate_id" uuid NOT NULL, "application_id" uuid, "author_id" uuid, "actor" character varying(200) NOT NULL, "body" text NOT NULL, "version" integer NOT NULL DEFAULT \'1\', "event_sequence" integer NOT NULL DEFAULT \'1\', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "note_body_length" CHECK (char_length("body") BETWEEN 1 AND 10000), CONSTRAINT "PK_96d0c172a4fba276b1bbed43058" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "note_application_created_at" ON "note"  ("application_id", "created_at", "id") WHERE "application_id" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "note_candidate_created_at" ON "note"  ("candidate_id", "created_at", "id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "note_mention" ("note_id" uuid NOT NULL, "user_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "note_mention_position_positive" CHECK ("position" >= 1), CONSTRAINT "PK_b93918044e01ea16b4bdfa524a7" PRIMARY KEY ("note_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "note_mention_user" ON "note_mention"  ("user_id", "note_id") ');
    // Applications' timelines page through their history by time (application-activity.repository.ts).
    await queryRunner.query(
      'CREATE INDEX "stage_transition_application_occurred" ON "stage_transition"  ("application_id", "occurred_at", "id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "note" ADD CONSTRAINT "note_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "note" ADD CONSTRAINT "note_application_fk" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "note" ADD CONSTRAINT "note_author_fk" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "note_mention" ADD CONSTRAINT "note_mention_note_fk" FOREIGN KEY ("note_id") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "note_mention" ADD CONSTRAINT "note_mention_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION',
    );
    // By hand: a note on an application is about that application's candidate (a candidate's notes are one index
    // range of candidate_id, so the two must never disagree). Applications never change candidate.
    await queryRunner.query(`CREATE FUNCTION note_candidate_matches_application() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.application_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM application a WHERE a.id = NEW.application_id AND a.candidate_id = NEW.candidate_id
        ) THEN
          RAISE EXCEPTION 'note % is on application % of another candidate', NEW.id, NEW.application_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'note_candidate_matches_application';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER note_candidate_matches_application BEFORE INSERT OR UPDATE OF candidate_id, application_id ON note FOR EACH ROW EXECUTE FUNCTION note_candidate_matches_application()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER note_candidate_matches_application ON note');
    await queryRunner.query('DROP FUNCTION note_candidate_matches_application()');
    await queryRunner.query('ALTER TABLE "note_mention" DROP CONSTRAINT "note_mention_user_fk"');
    await queryRunner.query('ALTER TABLE "note_mention" DROP CONSTRAINT "note_mention_note_fk"');
    await queryRunner.query('ALTER TABLE "note" DROP CONSTRAINT "note_author_fk"');
    await queryRunner.query('ALTER TABLE "note" DROP CONSTRAINT "note_application_fk"');
    await queryRunner.query('ALTER TABLE "note" DROP CONSTRAINT "note_candidate_fk"');
    await queryRunner.query('DROP INDEX "public"."stage_transition_application_occurred"');
    await queryRunner.query('DROP INDEX "public"."note_mention_user"');
    await queryRunner.query('DROP TABLE "note_mention"');
    await queryRunner.query('DROP INDEX "public"."note_candidate_created_at"');
    await queryRunner.query('DROP INDEX "public"."note_application_created_at"');
    await queryRunner.query('DROP TABLE "note"');
  }
}
