import { Module } from '@nestjs/common';
import { SkillsModule } from '../skills/skills.module';
import { CandidateLoaders } from './candidate.loaders';
import { CandidatesRepository } from './candidates.repository';
import { CandidatesResolver } from './candidates.resolver';
import { CandidatesService } from './candidates.service';

@Module({
  imports: [SkillsModule],
  providers: [CandidatesRepository, CandidatesService, CandidateLoaders, CandidatesResolver],
  exports: [CandidatesService, CandidateLoaders],
})
export class CandidatesModule {}
