import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CandidatesModule } from '../candidates/candidates.module';
import { EeoModule } from '../eeo/eeo.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { JobBoardsModule } from '../job-boards/job-boards.module';
import { MatchingModule } from '../matching/matching.module';
import { NotesModule } from '../notes/notes.module';
import { OffersModule } from '../offers/offers.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ResumesModule } from '../resumes/resumes.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { CandidateErasureService } from './candidate-erasure.service';
import { CandidateRetentionJob } from './candidate-retention.job';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyResolver } from './privacy.resolver';

/**
 * A candidate's privacy (docs/privacy.md): erasure on request and by the retention job. No tables of its own: each
 * feature's repository erases what it stores, this module orchestrates them in one transaction.
 */
@Module({
  imports: [
    AuditModule,
    CandidatesModule,
    PipelineModule,
    ResumesModule,
    NotesModule,
    EvaluationModule,
    EeoModule,
    OffersModule,
    MatchingModule,
    JobBoardsModule,
    WebhooksModule,
  ],
  providers: [PrivacyRepository, CandidateErasureService, CandidateRetentionJob, PrivacyResolver],
  exports: [CandidateErasureService],
})
export class PrivacyModule {}
