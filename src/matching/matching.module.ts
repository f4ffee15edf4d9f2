import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SkillsModule } from '../skills/skills.module';
import { ApplicationMatchEntity } from './application-match.entity';
import { CandidateSkillSetEntity } from './candidate-skill-set.entity';
import { MatchEvidenceSources } from './match-evidence';
import { MatchRefreshJob } from './match-refresh.job';
import { MatchingLoaders } from './matching.loaders';
import {
  ApplicationMatchResolver,
  SkillMatchItemResolver,
  SkillMatchResolver,
  SuggestedCandidatesResolver,
} from './matching.resolver';
import { MatchingRepository } from './matching.repository';
import { MatchingService } from './matching.service';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const MATCHING_ENTITIES = [ApplicationMatchEntity, CandidateSkillSetEntity];

/** The explainable skill match: stored per application, ranked, and suggested across candidates (docs/matching.md). */
@Module({
  imports: [TypeOrmModule.forFeature(MATCHING_ENTITIES), SkillsModule, PipelineModule],
  providers: [
    MatchingRepository,
    MatchEvidenceSources,
    MatchingService,
    MatchRefreshJob,
    MatchingLoaders,
    ApplicationMatchResolver,
    SkillMatchItemResolver,
    SkillMatchResolver,
    SuggestedCandidatesResolver,
  ],
  exports: [MatchEvidenceSources, MatchingService, MatchingRepository],
})
export class MatchingModule {}
