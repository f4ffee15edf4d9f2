import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { SkillsModule } from '../skills/skills.module';
import { CandidateResumeUploadsController, ResumesController } from './resumes.controller';
import { ResumeExtractionJob } from './resume-extraction.job';
import { ApplicationResumeResolver, CandidateResumesResolver, ResumeResolver } from './resumes.resolver';
import { ResumeLoaders } from './resume.loaders';
import { ResumesRepository } from './resumes.repository';
import { ResumesService } from './resumes.service';
import { ResumeEntity } from './resume.entity';
import { ResumeSkillEntity } from './resume-skill.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const RESUME_ENTITIES = [ResumeEntity, ResumeSkillEntity];

/**
 * Resumes: sent with applications (stored by inbound processing) or uploaded over REST; their text and skills read by
 * the `resumes.extract` job; read through GraphQL, downloaded over REST.
 */
@Module({
  imports: [TypeOrmModule.forFeature(RESUME_ENTITIES), CandidatesModule, SkillsModule],
  controllers: [ResumesController, CandidateResumeUploadsController],
  providers: [
    ResumesRepository,
    ResumesService,
    ResumeExtractionJob,
    ResumeLoaders,
    ResumeResolver,
    CandidateResumesResolver,
    ApplicationResumeResolver,
  ],
  exports: [ResumesService, ResumesRepository],
})
export class ResumesModule {}
