import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { ResumesController } from './resumes.controller';
import { ApplicationResumeResolver, CandidateResumesResolver, ResumeResolver } from './resumes.resolver';
import { ResumesService } from './resumes.service';

/** Resumes sent with applications: stored by inbound processing, read through GraphQL, downloaded over REST. */
@Module({
  imports: [CandidatesModule],
  controllers: [ResumesController],
  providers: [ResumesService, ResumeResolver, CandidateResumesResolver, ApplicationResumeResolver],
  exports: [ResumesService],
})
export class ResumesModule {}
