import { DataSourceOptions } from 'typeorm';
import { AUDIT_ENTITIES } from './audit/audit.module';
import { CANDIDATE_ENTITIES } from './candidates/candidates.module';
import { DatabaseConnectionOptions, migrationsOnlyOptions } from './common/database/data-source-options';
import { EEO_ENTITIES } from './eeo/eeo.module';
import { EVALUATION_ENTITIES } from './evaluation/evaluation.module';
import { EVENT_ENTITIES } from './events/events.module';
import { IDENTITY_ENTITIES } from './identity/identity.module';
import { JOB_BOARD_ENTITIES } from './job-boards/job-boards.module';
import { JOB_ENTITIES } from './jobs/jobs.module';
import { NOTE_ENTITIES } from './notes/notes.module';
import { OFFER_ENTITIES } from './offers/offers.module';
import { MATCHING_ENTITIES } from './matching/matching.module';
import { PIPELINE_ENTITIES } from './pipeline/pipeline.module';
import { REQUISITION_ENTITIES } from './requisitions/requisitions.module';
import { RESUME_ENTITIES } from './resumes/resumes.module';
import { SKILL_ENTITIES } from './skills/skills.module';
import { WEBHOOK_ENTITIES } from './webhooks/webhooks.module';

/**
 * Every table of the service, as the modules register them. The application loads each module's own
 * (`TypeOrmModule.forFeature`); tooling that works on the whole database (migrations, the schema-drift check, test
 * and bench provisioning) takes them from here. A contract test checks the two agree.
 */
export const ENTITIES = [
  ...JOB_ENTITIES,
  ...AUDIT_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...EVENT_ENTITIES,
  ...SKILL_ENTITIES,
  ...REQUISITION_ENTITIES,
  ...CANDIDATE_ENTITIES,
  ...PIPELINE_ENTITIES,
  ...RESUME_ENTITIES,
  ...NOTE_ENTITIES,
  ...EVALUATION_ENTITIES,
  ...OFFER_ENTITIES,
  ...EEO_ENTITIES,
  ...MATCHING_ENTITIES,
  ...JOB_BOARD_ENTITIES,
  ...WEBHOOK_ENTITIES,
];

/** Data-source options for the whole database: every entity and every migration. */
export function databaseOptions(connection: DatabaseConnectionOptions): DataSourceOptions {
  return { ...migrationsOnlyOptions(connection), entities: ENTITIES };
}
