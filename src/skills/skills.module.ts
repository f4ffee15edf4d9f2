import { Module } from '@nestjs/common';
import { SkillsRepository } from './skills.repository';
import { SkillsResolver } from './skills.resolver';
import { SkillsService } from './skills.service';

@Module({
  providers: [SkillsRepository, SkillsService, SkillsResolver],
  exports: [SkillsService],
})
export class SkillsModule {}
