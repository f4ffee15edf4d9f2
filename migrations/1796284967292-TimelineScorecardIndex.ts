import { MigrationInterface, QueryRunner } from 'typeorm';

export class TimelineScorecardIndex1796284967292 implements MigrationInterface {
  name = 'TimelineScorecardIndex1796284967292';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Applications' timelines page through their submitted scorecards by time (evaluation.repository.ts,
    // scorecardActivitySelect); drafts never show there, so they stay out of the index. Interviews' changes need
    // none: interview_application finds an application's interviews, event_aggregate_sequence their events.
    await queryRunner.query(
      'CREATE INDEX "scorecard_application_submitted" ON "scorecard"  ("application_id", "submitted_at", "id") WHERE "status" = \'SUBMITTED\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."scorecard_application_submitted"');
  }
}
