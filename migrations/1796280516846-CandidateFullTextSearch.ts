import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resumes people actually send, and full-text search:
 * - a resume's text is read by the `resumes.extract` job (PDF, DOCX, plain text): `status` PENDING → PARSED or
 *   FAILED with a reason; the skills recognised in it are kept with the line they were found on (`resume_skill`),
 *   and a candidate's skill entry says where it came from (`candidate_skill.source`, `evidence`);
 * - `candidate_search` holds each candidate's weighted tsvector, kept current by triggers (name and headline A;
 *   skills with their aliases, education, certifications B; the latest parsed resumes' text C), GIN-indexed;
 * - names match with typos through pg_trgm where the server has it (the embedded engine may not: then the
 *   trigram index is not made and search works without typo matching).
 */
export class CandidateFullTextSearch1796280516846 implements MigrationInterface {
  name = 'CandidateFullTextSearch1796280516846';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "resume" DROP CONSTRAINT "resume_text_only_plain"`);
    await queryRunner.query(
      `ALTER TABLE "resume" ADD "status" character varying(10) NOT NULL DEFAULT 'PENDING'`,
    );
    await queryRunner.query(`ALTER TABLE "resume" ADD "failure_reason" character varying(30)`);
    await queryRunner.query(`ALTER TABLE "resume" ADD "failure_detail" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "resume" ADD "page_count" integer`);
    await queryRunner.query(`ALTER TABLE "resume" ADD "processed_at" TIMESTAMP(3) WITH TIME ZONE`);
    // Resumes stored before: plain-text ones were read at upload; Word 97–2003 and RTF are not read; PDF and DOCX
    // wait for the job (enqueued below when the queue is installed already).
    await queryRunner.query(
      `UPDATE "resume" SET "status" = 'PARSED', "processed_at" = "created_at" WHERE "text" IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE "resume" SET "status" = 'FAILED', "failure_reason" = 'UNSUPPORTED_TYPE', "processed_at" = now()
       WHERE "text" IS NULL AND "content_type" IN ('application/msword', 'application/rtf')`,
    );
    await queryRunner.query(
      `DO $$ BEGIN
         IF to_regnamespace('graphile_worker') IS NOT NULL THEN
           PERFORM graphile_worker.add_job('resumes.extract', json_build_object('resumeId', id), max_attempts => 5)
             FROM "resume" WHERE "status" = 'PENDING';
         END IF;
       END $$`,
    );
    await queryRunner.query(
      `ALTER TABLE "resume" ADD CONSTRAINT "resume_status_valid" CHECK ("status" IN ('PENDING', 'PARSED', 'FAILED'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "resume" ADD CONSTRAINT "resume_failure_reason_valid" CHECK ("failure_reason" IN ('TOO_LARGE', 'TOO_MANY_PAGES', 'TIMEOUT', 'OUT_OF_MEMORY', 'ARCHIVE_TOO_LARGE', 'UNREADABLE', 'NO_TEXT', 'UNSUPPORTED_TYPE'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "resume" ADD CONSTRAINT "resume_failed_with_reason" CHECK (("status" = 'FAILED') = ("failure_reason" IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "resume" ADD CONSTRAINT "resume_text_when_parsed" CHECK ("text" IS NULL OR "status" = 'PARSED')`,
    );

    await queryRunner.query(
      `CREATE TABLE "resume_skill" ("resume_id" uuid NOT NULL, "skill_id" uuid NOT NULL, "evidence" character varying(300) NOT NULL, "position" smallint NOT NULL, CONSTRAINT "PK_3480fc0d697ca2e5beda61a900f" PRIMARY KEY ("resume_id", "skill_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "resume_skill_skill_id" ON "resume_skill" ("skill_id")`);
    await queryRunner.query(
      `ALTER TABLE "resume_skill" ADD CONSTRAINT "resume_skill_resume_fk" FOREIGN KEY ("resume_id") REFERENCES "resume"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "resume_skill" ADD CONSTRAINT "resume_skill_skill_fk" FOREIGN KEY ("skill_id") REFERENCES "skill"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `ALTER TABLE "candidate_skill" ADD "source" character varying(10) NOT NULL DEFAULT 'PROFILE'`,
    );
    await queryRunner.query(`ALTER TABLE "candidate_skill" ADD "evidence" character varying(300)`);
    await queryRunner.query(
      `ALTER TABLE "candidate_skill" ADD CONSTRAINT "candidate_skill_source_valid" CHECK ("source" IN ('PROFILE', 'RESUME'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "candidate_skill" ADD CONSTRAINT "candidate_skill_evidence_from_resume" CHECK ("evidence" IS NULL OR "source" = 'RESUME')`,
    );

    await queryRunner.query(
      `CREATE TABLE "candidate_search" ("candidate_id" uuid NOT NULL, "document" tsvector NOT NULL, CONSTRAINT "PK_873c2ac16945ec30297d954c43a" PRIMARY KEY ("candidate_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "candidate_search" ADD CONSTRAINT "candidate_search_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "candidate_search_document_gin" ON "candidate_search" USING gin ("document")`,
    );
    // One definition of the document; the 'english' configuration here and in every query (stems: "engineers"
    // finds "engineer"). Resume text: the three latest parsed resumes, 100,000 characters each (a tsvector holds
    // at most 1 MB).
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_document(candidate_id uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$
         SELECT setweight(to_tsvector('english', concat_ws(' ', c.full_name, c.headline)), 'A')
             || setweight(to_tsvector('english', concat_ws(' ',
                  (SELECT string_agg(concat_ws(' ', s.name, array_to_string(s.aliases, ' ')), ' ')
                     FROM candidate_skill cs JOIN skill s ON s.id = cs.skill_id WHERE cs.candidate_id = c.id),
                  (SELECT string_agg(concat_ws(' ', e->>'institution', e->>'degree', e->>'fieldOfStudy'), ' ')
                     FROM jsonb_array_elements(c.education) e),
                  (SELECT string_agg(concat_ws(' ', x->>'name', x->>'issuer'), ' ')
                     FROM jsonb_array_elements(c.certifications) x))), 'B')
             || setweight(to_tsvector('english', coalesce(
                  (SELECT string_agg(left(r.text, 100000), ' ') FROM (
                     SELECT text FROM resume WHERE resume.candidate_id = c.id AND status = 'PARSED'
                     ORDER BY created_at DESC, id DESC LIMIT 3) r), '')), 'C')
         FROM candidate c WHERE c.id = $1
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
         INSERT INTO candidate_search (candidate_id, document)
         SELECT c.id, candidate_search_document(c.id) FROM candidate c WHERE c.id = ANY(ids)
         ON CONFLICT (candidate_id) DO UPDATE SET document = excluded.document
       $$`,
    );
    // Statement-level where rows come in bulk (new candidates, a candidate's skills replaced); the transition
    // table is named "changed" in every trigger, with a candidate_id or id column.
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_on_candidates() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_search_refresh(ARRAY(SELECT id FROM changed));
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_on_candidate_rows() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_search_refresh(ARRAY[NEW.id]);
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_on_related() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_search_refresh(ARRAY(SELECT DISTINCT candidate_id FROM changed));
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_search_inserted AFTER INSERT ON candidate REFERENCING NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_on_candidates()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_search_updated AFTER UPDATE OF full_name, headline, education, certifications
       ON candidate FOR EACH ROW
       WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.headline IS DISTINCT FROM NEW.headline
             OR OLD.education IS DISTINCT FROM NEW.education OR OLD.certifications IS DISTINCT FROM NEW.certifications)
       EXECUTE FUNCTION candidate_search_on_candidate_rows()`,
    );
    for (const [event, table] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER candidate_search_skills_${event.toLowerCase()} AFTER ${event} ON candidate_skill
         REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_on_related()`,
      );
    }
    // Resumes change one at a time; only a parsed one's text is in the document.
    await queryRunner.query(
      `CREATE FUNCTION candidate_search_on_resume_row() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_search_refresh(ARRAY[NEW.candidate_id]);
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_search_resume_updated AFTER UPDATE OF status, text ON resume FOR EACH ROW
       WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.text IS DISTINCT FROM NEW.text)
       EXECUTE FUNCTION candidate_search_on_resume_row()`,
    );
    // Resumes are stored PENDING and read later; one stored read already (a bulk import) counts at once.
    await queryRunner.query(
      `CREATE TRIGGER candidate_search_resume_inserted AFTER INSERT ON resume
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_on_related()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_search_resume_deleted AFTER DELETE ON resume
       REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_search_on_related()`,
    );
    await queryRunner.query(`SELECT candidate_search_refresh(ARRAY(SELECT id FROM candidate))`);

    // Typo-tolerant names ("Lovlace" finds "Lovelace") where the server has pg_trgm (a trusted extension).
    await queryRunner.query(
      `DO $$ BEGIN
         IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
           CREATE EXTENSION IF NOT EXISTS pg_trgm;
           CREATE INDEX candidate_full_name_trgm ON candidate USING gin (full_name gin_trgm_ops);
           -- 0.5 rather than pg_trgm's 0.6: one letter missing from a surname ("Lovlace") scores 0.55. For new
           -- sessions (where the role may alter its database) and for this one (the embedded engine has only one).
           BEGIN
             EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = 0.5', current_database());
           EXCEPTION WHEN insufficient_privilege THEN
             RAISE NOTICE 'pg_trgm.word_similarity_threshold stays at its default: set it to 0.5 for this database';
           END;
           PERFORM set_config('pg_trgm.word_similarity_threshold', '0.5', false);
         END IF;
       END $$`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "candidate_full_name_trgm"`);
    await queryRunner.query(
      `DO $$ BEGIN
         EXECUTE format('ALTER DATABASE %I RESET pg_trgm.word_similarity_threshold', current_database());
       EXCEPTION WHEN insufficient_privilege THEN NULL;
       END $$`,
    );
    await queryRunner.query(`DROP TRIGGER "candidate_search_resume_deleted" ON "resume"`);
    await queryRunner.query(`DROP TRIGGER "candidate_search_resume_inserted" ON "resume"`);
    await queryRunner.query(`DROP TRIGGER "candidate_search_resume_updated" ON "resume"`);
    for (const event of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER "candidate_search_skills_${event}" ON "candidate_skill"`);
    }
    await queryRunner.query(`DROP TRIGGER "candidate_search_updated" ON "candidate"`);
    await queryRunner.query(`DROP TRIGGER "candidate_search_inserted" ON "candidate"`);
    await queryRunner.query(`DROP FUNCTION candidate_search_on_resume_row()`);
    await queryRunner.query(`DROP FUNCTION candidate_search_on_related()`);
    await queryRunner.query(`DROP FUNCTION candidate_search_on_candidate_rows()`);
    await queryRunner.query(`DROP FUNCTION candidate_search_on_candidates()`);
    await queryRunner.query(`DROP FUNCTION candidate_search_refresh(uuid[])`);
    await queryRunner.query(`DROP FUNCTION candidate_search_document(uuid)`);
    await queryRunner.query(`DROP TABLE "candidate_search"`);
    await queryRunner.query(
      `ALTER TABLE "candidate_skill" DROP CONSTRAINT "candidate_skill_evidence_from_resume"`,
    );
    await queryRunner.query(`ALTER TABLE "candidate_skill" DROP CONSTRAINT "candidate_skill_source_valid"`);
    await queryRunner.query(`ALTER TABLE "candidate_skill" DROP COLUMN "evidence"`);
    await queryRunner.query(`ALTER TABLE "candidate_skill" DROP COLUMN "source"`);
    await queryRunner.query(`DROP TABLE "resume_skill"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP CONSTRAINT "resume_text_when_parsed"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP CONSTRAINT "resume_failed_with_reason"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP CONSTRAINT "resume_failure_reason_valid"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP CONSTRAINT "resume_status_valid"`);
    // Only plain-text resumes kept their text before.
    await queryRunner.query(`UPDATE "resume" SET "text" = NULL WHERE "content_type" NOT LIKE 'text/plain%'`);
    await queryRunner.query(`ALTER TABLE "resume" DROP COLUMN "processed_at"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP COLUMN "page_count"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP COLUMN "failure_detail"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP COLUMN "failure_reason"`);
    await queryRunner.query(`ALTER TABLE "resume" DROP COLUMN "status"`);
    await queryRunner.query(
      `ALTER TABLE "resume" ADD CONSTRAINT "resume_text_only_plain" CHECK ("text" IS NULL OR "content_type" LIKE 'text/plain%')`,
    );
  }
}
