import { Module } from '@nestjs/common';
import { SkillLoaders } from './skill.loaders';
import { SkillsRepository } from './skills.repository';
import { SkillsResolver } from './skills.resolver';
import { SkillsService } from './skills.service';

@Module({
  providers: [SkillsRepository, SkillsService, SkillLoaders, SkillsResolver],
  exports: [SkillsService, SkillLoaders],
})
export class SkillsModule {}
