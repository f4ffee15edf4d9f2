import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { SkillsModule } from '../skills/skills.module';
import { ApplicationsService } from './applications.service';
import { PipelineLoaders } from './pipeline.loaders';
import { PipelineRepository } from './pipeline.repository';
import {
  ApplicationsResolver,
  CandidatePipelineResolver,
  PipelineStageResolver,
  RequisitionPipelineResolver,
  StageTransitionResolver,
} from './pipeline.resolvers';
import { PipelineStagesService } from './pipeline-stages.service';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { ApplicationEntity } from './application.entity';
import { StageTransitionEntity } from './stage-transition.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const PIPELINE_ENTITIES = [PipelineStageEntity, ApplicationEntity, StageTransitionEntity];

@Module({
  imports: [TypeOrmModule.forFeature(PIPELINE_ENTITIES), RequisitionsModule, CandidatesModule, SkillsModule],
  providers: [
    PipelineRepository,
    PipelineLoaders,
    ApplicationsService,
    PipelineStagesService,
    RequisitionPipelineResolver,
    CandidatePipelineResolver,
    PipelineStageResolver,
    ApplicationsResolver,
    StageTransitionResolver,
  ],
  exports: [ApplicationsService, PipelineStagesService, PipelineLoaders],
})
export class PipelineModule {}
