import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { EeoModule } from '../eeo/eeo.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { RequisitionsModule } from '../requisitions/requisitions.module';
import { ResumesModule } from '../resumes/resumes.module';
import { SkillsModule } from '../skills/skills.module';
import { InboundApplicationsController } from './inbound-applications.controller';
import { InboundDeliveriesRepository } from './inbound-deliveries.repository';
import { InboundDeliveriesResolver } from './inbound-deliveries.resolver';
import { InboundIntakeService } from './inbound-intake.service';
import { InboundPlacementService } from './inbound-placement.service';
import { JobBoardLoaders } from './job-board.loaders';
import { JobBoardPublishingService } from './job-board-publishing.service';
import { JobBoardsController } from './job-boards.controller';
import { JobBoardsRepository } from './job-boards.repository';
import { JobBoardsResolver } from './job-boards.resolver';
import { JobPostingResolver, RequisitionPostingsResolver } from './job-posting.resolver';
import { JobBoardsService } from './job-boards.service';
import { JobPostingsService } from './job-postings.service';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingEntity } from './job-posting.entity';
import { InboundDeliveryEntity } from './inbound-delivery.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const JOB_BOARD_ENTITIES = [JobBoardEntity, JobPostingEntity, InboundDeliveryEntity];

@Module({
  imports: [
    TypeOrmModule.forFeature(JOB_BOARD_ENTITIES),
    RequisitionsModule,
    CandidatesModule,
    PipelineModule,
    SkillsModule,
    ResumesModule,
    EeoModule,
  ],
  controllers: [JobBoardsController, InboundApplicationsController],
  providers: [
    JobBoardsRepository,
    InboundDeliveriesRepository,
    JobBoardsService,
    JobPostingsService,
    JobBoardPublishingService,
    InboundIntakeService,
    InboundPlacementService,
    InboundDeliveriesResolver,
    JobBoardLoaders,
    JobBoardsResolver,
    JobPostingResolver,
    RequisitionPostingsResolver,
  ],
  exports: [JobBoardsService, JobBoardLoaders, InboundDeliveriesRepository],
})
export class JobBoardsModule {}
