import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { ResumesController } from './resumes.controller';
import { ApplicationResumeResolver, CandidateResumesResolver, ResumeResolver } from './resumes.resolver';
import { ResumeLoaders } from './resume.loaders';
import { ResumesRepository } from './resumes.repository';
import { ResumesService } from './resumes.service';
import { ResumeEntity } from './resume.entity';
import { ResumeSkillEntity } from './resume-skill.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const RESUME_ENTITIES = [ResumeEntity, ResumeSkillEntity];

/** Resumes sent with applications: stored by inbound processing, read through GraphQL, downloaded over REST. */
@Module({
  imports: [TypeOrmModule.forFeature(RESUME_ENTITIES), CandidatesModule],
  controllers: [ResumesController],
  providers: [
    ResumesRepository,
    ResumesService,
    ResumeLoaders,
    ResumeResolver,
    CandidateResumesResolver,
    ApplicationResumeResolver,
  ],
  exports: [ResumesService],
})
export class ResumesModule {}
