import { Module } from '@nestjs/common';
import { SkillLoaders } from './skill.loaders';
import { SkillsRepository } from './skills.repository';
import { SkillsResolver } from './skills.resolver';
import { SkillsService } from './skills.service';
import { SkillEntity } from './skill.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const SKILL_ENTITIES = [SkillEntity];

@Module({
  imports: [TypeOrmModule.forFeature(SKILL_ENTITIES)],
  providers: [SkillsRepository, SkillsService, SkillLoaders, SkillsResolver],
  exports: [SkillsService, SkillLoaders],
})
export class SkillsModule {}
