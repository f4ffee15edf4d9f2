import { Module } from '@nestjs/common';
import { CandidatesModule } from '../../candidates/candidates.module';
import { EeoModule } from '../../eeo/eeo.module';
import { EvaluationModule } from '../../evaluation/evaluation.module';
import { MatchingModule } from '../../matching/matching.module';
import { NotesModule } from '../../notes/notes.module';
import { OffersModule } from '../../offers/offers.module';
import { PipelineModule } from '../../pipeline/pipeline.module';
import { ResumesModule } from '../../resumes/resumes.module';
import { CandidateExportController } from './candidate-export.controller';
import { CandidateExportResolver } from './candidate-export.resolver';
import { CandidateExportService } from './candidate-export.service';

/** A candidate's data export: no tables of its own, each feature's part read through that feature. */
@Module({
  imports: [
    CandidatesModule,
    PipelineModule,
    EvaluationModule,
    NotesModule,
    OffersModule,
    ResumesModule,
    MatchingModule,
    EeoModule,
  ],
  controllers: [CandidateExportController],
  providers: [CandidateExportService, CandidateExportResolver],
})
export class CandidateExportModule {}
