import { Module } from '@nestjs/common';
import { SkillsModule } from '../skills/skills.module';
import { RequisitionLoaders } from './requisition.loaders';
import { RequisitionStatusListeners } from './requisition-status-listeners';
import { RequisitionsRepository } from './requisitions.repository';
import { RequisitionsResolver } from './requisitions.resolver';
import { RequisitionsService } from './requisitions.service';

@Module({
  imports: [SkillsModule],
  providers: [
    RequisitionsRepository,
    RequisitionsService,
    RequisitionLoaders,
    RequisitionsResolver,
    RequisitionStatusListeners,
  ],
  exports: [RequisitionsService, RequisitionLoaders, RequisitionStatusListeners],
})
export class RequisitionsModule {}
