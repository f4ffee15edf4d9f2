import { Module } from '@nestjs/common';
import { SkillsModule } from '../skills/skills.module';
import { CandidateLoaders } from './candidate.loaders';
import { CandidateRetention } from './candidate-retention';
import { CandidatesRepository } from './candidates.repository';
import { CandidatesResolver } from './candidates.resolver';
import { CandidatesService } from './candidates.service';
import { CandidateEntity } from './candidate.entity';
import { CandidateSkillEntity } from './candidate-skill.entity';
import { CandidateSearchEntity } from './candidate-search.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const CANDIDATE_ENTITIES = [CandidateEntity, CandidateSkillEntity, CandidateSearchEntity];

@Module({
  imports: [TypeOrmModule.forFeature(CANDIDATE_ENTITIES), SkillsModule],
  providers: [
    CandidatesRepository,
    CandidatesService,
    CandidateLoaders,
    CandidatesResolver,
    CandidateRetention,
  ],
  exports: [CandidatesService, CandidateLoaders, CandidateRetention, CandidatesRepository],
})
export class CandidatesModule {}
