import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { JobBoardsModule } from '../job-boards/job-boards.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { SkillsModule } from '../skills/skills.module';
import { NodeResolver } from './node.resolver';

@Module({
  imports: [RequisitionsModule, CandidatesModule, PipelineModule, SkillsModule, JobBoardsModule],
  providers: [NodeResolver],
})
export class NodeModule {}
