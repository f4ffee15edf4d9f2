import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * request_rate: per-caller request counts shared by every API process (RATE_LIMIT_STORE=postgres). UNLOGGED: one
 * upsert per request should not cost a WAL write or be replicated, and losing the counts in a crash only forgives
 * the running minute. Fill factor 70 leaves room on each page for HOT updates, since every request rewrites its row.
 */
export class SharedRequestRates1796280191406 implements MigrationInterface {
  name = 'SharedRequestRates1796280191406';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "request_rate" (
         "key" character varying(400) NOT NULL,
         "window_started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
         "hits" integer NOT NULL,
         CONSTRAINT "PK_d580b35371563ab53c58c70a1f2" PRIMARY KEY ("key"),
         CONSTRAINT "request_rate_hits_positive" CHECK ("hits" > 0)
       ) WITH (fillfactor = 70)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "request_rate"`);
  }
}
