import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SkillsModule } from '../skills/skills.module';
import { HiringTeamRepository } from './hiring-team.repository';
import { HiringTeamResolver } from './hiring-team.resolver';
import { HiringTeamService } from './hiring-team.service';
import { RequisitionListeners } from './requisition-listeners';
import { RequisitionMemberEntity } from './requisition-member.entity';
import { RequisitionSkillEntity } from './requisition-skill.entity';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionLoaders } from './requisition.loaders';
import { RequisitionsRepository } from './requisitions.repository';
import { RequisitionsResolver } from './requisitions.resolver';
import { RequisitionsService } from './requisitions.service';

export const REQUISITION_ENTITIES = [RequisitionEntity, RequisitionSkillEntity, RequisitionMemberEntity];

@Module({
  imports: [TypeOrmModule.forFeature(REQUISITION_ENTITIES), SkillsModule],
  providers: [
    RequisitionsRepository,
    RequisitionsService,
    RequisitionLoaders,
    RequisitionsResolver,
    RequisitionListeners,
    HiringTeamRepository,
    HiringTeamService,
    HiringTeamResolver,
  ],
  exports: [RequisitionsService, RequisitionLoaders, RequisitionListeners, HiringTeamService],
})
export class RequisitionsModule {}
