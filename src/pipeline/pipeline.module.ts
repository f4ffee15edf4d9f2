import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CandidatesModule } from '../candidates/candidates.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { SkillsModule } from '../skills/skills.module';
import { ApplicationActivity } from './application-activity';
import { ApplicationActivityLoaders } from './application-activity.loaders';
import { ApplicationActivityRepository } from './application-activity.repository';
import { ActivityItemResolver, ApplicationActivityResolver } from './application-activity.resolver';
import { ApplicationEntity } from './application.entity';
import { ApplicationHistory } from './application-history';
import { ApplicationListeners } from './application-listeners';
import { ApplicationRetention } from './application-retention';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsResolver } from './applications.resolver';
import { ApplicationsService } from './applications.service';
import { CandidateApplicationsResolver } from './candidate-applications.resolver';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { PipelineStagesRepository } from './pipeline-stages.repository';
import { PipelineStageResolver } from './pipeline-stages.resolver';
import { PipelineStagesService } from './pipeline-stages.service';
import { PipelineLoaders } from './pipeline.loaders';
import { ApplicationOrderings } from './application-orderings';
import { RequisitionPipelineResolver } from './requisition-pipeline.resolver';
import { StageTransitionEntity } from './stage-transition.entity';
import { StageTransitionResolver } from './stage-transition.resolver';
import { StageTransitionsRepository } from './stage-transitions.repository';
import { BulkApplicationsResolver } from './bulk-applications.resolver';
import { BulkApplicationsService } from './bulk-applications.service';
import { RejectionReasonEntity } from './rejection-reason.entity';
import { RejectionReasonsRepository } from './rejection-reasons.repository';
import { ApplicationReasonResolver, RejectionReasonsResolver } from './rejection-reasons.resolver';
import { RejectionReasonsService } from './rejection-reasons.service';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const PIPELINE_ENTITIES = [
  PipelineStageEntity,
  ApplicationEntity,
  StageTransitionEntity,
  RejectionReasonEntity,
];

@Module({
  imports: [TypeOrmModule.forFeature(PIPELINE_ENTITIES), RequisitionsModule, CandidatesModule, SkillsModule],
  providers: [
    PipelineStagesRepository,
    ApplicationsRepository,
    StageTransitionsRepository,
    ApplicationHistory,
    PipelineLoaders,
    ApplicationOrderings,
    ApplicationsService,
    PipelineStagesService,
    RequisitionPipelineResolver,
    CandidateApplicationsResolver,
    PipelineStageResolver,
    ApplicationsResolver,
    StageTransitionResolver,
    ApplicationActivity,
    ApplicationActivityRepository,
    ApplicationActivityLoaders,
    ApplicationActivityResolver,
    ActivityItemResolver,
    RejectionReasonsRepository,
    RejectionReasonsService,
    RejectionReasonsResolver,
    ApplicationReasonResolver,
    BulkApplicationsService,
    BulkApplicationsResolver,
    ApplicationListeners,
    ApplicationRetention,
  ],
  exports: [
    ApplicationsService,
    PipelineStagesService,
    PipelineLoaders,
    ApplicationActivity,
    RejectionReasonsService,
    ApplicationListeners,
    ApplicationOrderings,
    ApplicationsRepository,
    StageTransitionsRepository,
  ],
})
export class PipelineModule {}
