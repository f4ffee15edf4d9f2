import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rediscovery at 200,000 candidates (issue 16): `candidate_skill_set` holds, per candidate, every skill id their
 * skill entries and their resumes show — a superset of the PROFILE and RESUME evidence of the match — GIN-indexed,
 * so the suggestions' statement finds the candidates holding all of a requisition's skills (`skill_ids @> …`) without
 * reading everyone's skills, and stops there when they fill the page (docs/matching.md).
 *
 * Kept by the database in the transaction that changes a candidate's skills or resumes (statement-level triggers,
 * as `candidate_search`). A refresh locks the candidates' rows first and reads their skills in a later statement:
 * under READ COMMITTED that statement sees what any transaction that held the lock before committed, so two
 * transactions changing one candidate's evidence at once cannot leave a set missing either's skills.
 */
export class CandidateSkillSet1796291283281 implements MigrationInterface {
  name = 'CandidateSkillSet1796291283281';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "candidate_skill_set" ("candidate_id" uuid NOT NULL, "skill_ids" uuid array NOT NULL, CONSTRAINT "PK_eae19d3bff530ec2cfc7cee7552" PRIMARY KEY ("candidate_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "candidate_skill_set" ADD CONSTRAINT "candidate_skill_set_candidate_fk" FOREIGN KEY ("candidate_id") REFERENCES "candidate"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // RESUME evidence per candidate: the suggestions read it for the candidates they score, not for everyone.
    await queryRunner.query(
      `CREATE INDEX "candidate_skill_from_resume" ON "candidate_skill" ("candidate_id", "skill_id") WHERE "source" = 'RESUME'`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_skill_set_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
         BEGIN
           IF cardinality(ids) = 0 THEN RETURN; END IF;
           INSERT INTO candidate_skill_set (candidate_id, skill_ids)
             SELECT c.id, '{}' FROM candidate c WHERE c.id = ANY(ids) ORDER BY c.id
             ON CONFLICT (candidate_id) DO NOTHING;
           PERFORM 1 FROM candidate_skill_set WHERE candidate_id = ANY(ids) ORDER BY candidate_id FOR UPDATE;
           UPDATE candidate_skill_set s SET skill_ids = ARRAY(
               SELECT cs.skill_id FROM candidate_skill cs WHERE cs.candidate_id = s.candidate_id
               UNION
               SELECT rs.skill_id FROM resume r JOIN resume_skill rs ON rs.resume_id = r.id
               WHERE r.candidate_id = s.candidate_id
               ORDER BY 1)
           WHERE s.candidate_id = ANY(ids);
         END $$`,
    );
    // Transition tables are "changed" (and "previous" for updates), with a candidate_id column or, for
    // resume_skill, a resume_id.
    await queryRunner.query(
      `CREATE FUNCTION candidate_skill_set_on_rows() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_skill_set_refresh(ARRAY(SELECT DISTINCT candidate_id FROM changed));
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_skill_set_on_updated_rows() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_skill_set_refresh(ARRAY(
             SELECT candidate_id FROM changed UNION SELECT candidate_id FROM previous));
           RETURN NULL;
         END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION candidate_skill_set_on_resume_skills() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM candidate_skill_set_refresh(ARRAY(
             SELECT DISTINCT r.candidate_id FROM changed JOIN resume r ON r.id = changed.resume_id));
           RETURN NULL;
         END $$`,
    );
    for (const [event, table] of [
      ['INSERT', 'NEW'],
      ['DELETE', 'OLD'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER candidate_skill_set_skills_${event.toLowerCase()} AFTER ${event} ON candidate_skill
         REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_skill_set_on_rows()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER candidate_skill_set_resume_skills_${event.toLowerCase()} AFTER ${event} ON resume_skill
         REFERENCING ${table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_skill_set_on_resume_skills()`,
      );
    }
    // An entry changed in place (years set, or moved: transition tables allow no column list, so every update).
    await queryRunner.query(
      `CREATE TRIGGER candidate_skill_set_skills_update AFTER UPDATE ON candidate_skill
       REFERENCING OLD TABLE AS previous NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION candidate_skill_set_on_updated_rows()`,
    );
    // A resume deleted takes its skills along through resume_skill's cascade, whose trigger may no longer find the
    // resume to name its candidate: the resume's own delete does. A resume given to another candidate moves them.
    await queryRunner.query(
      `CREATE TRIGGER candidate_skill_set_resume_delete AFTER DELETE ON resume
       REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION candidate_skill_set_on_rows()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER candidate_skill_set_resume_update AFTER UPDATE ON resume
       REFERENCING OLD TABLE AS previous NEW TABLE AS changed
       FOR EACH STATEMENT EXECUTE FUNCTION candidate_skill_set_on_updated_rows()`,
    );
    // Every candidate with a skill or a read resume today (no concurrent writers during a migration).
    await queryRunner.query(
      `INSERT INTO candidate_skill_set (candidate_id, skill_ids)
       SELECT e.candidate_id, array_agg(DISTINCT e.skill_id ORDER BY e.skill_id)
       FROM (SELECT candidate_id, skill_id FROM candidate_skill
             UNION ALL
             SELECT r.candidate_id, rs.skill_id FROM resume r JOIN resume_skill rs ON rs.resume_id = r.id) e
       GROUP BY e.candidate_id`,
    );
    // Written in place rather than through a pending list: a query never has to scan a backlog of inserts.
    await queryRunner.query(
      `CREATE INDEX "candidate_skill_set_skill_ids_gin" ON "candidate_skill_set" USING gin ("skill_ids") WITH (fastupdate = off)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "candidate_skill_set_resume_update" ON "resume"`);
    await queryRunner.query(`DROP TRIGGER "candidate_skill_set_resume_delete" ON "resume"`);
    await queryRunner.query(`DROP TRIGGER "candidate_skill_set_skills_update" ON "candidate_skill"`);
    for (const event of ['insert', 'delete']) {
      await queryRunner.query(`DROP TRIGGER "candidate_skill_set_resume_skills_${event}" ON "resume_skill"`);
      await queryRunner.query(`DROP TRIGGER "candidate_skill_set_skills_${event}" ON "candidate_skill"`);
    }
    await queryRunner.query(`DROP FUNCTION candidate_skill_set_on_resume_skills()`);
    await queryRunner.query(`DROP FUNCTION candidate_skill_set_on_updated_rows()`);
    await queryRunner.query(`DROP FUNCTION candidate_skill_set_on_rows()`);
    await queryRunner.query(`DROP FUNCTION candidate_skill_set_refresh(uuid[])`);
    await queryRunner.query(`DROP INDEX "public"."candidate_skill_from_resume"`);
    await queryRunner.query(`DROP TABLE "candidate_skill_set"`);
  }
}
