import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EeoSelfIdentificationEntity } from './eeo-self-identification.entity';
import { EeoRepository } from './eeo.repository';
import { EeoResolver } from './eeo.resolver';
import { EeoService } from './eeo.service';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const EEO_ENTITIES = [EeoSelfIdentificationEntity];

/** US voluntary self-identification: written by the job-boards intake, read only as eeoReport's counts. */
@Module({
  imports: [TypeOrmModule.forFeature(EEO_ENTITIES)],
  providers: [EeoRepository, EeoService, EeoResolver],
  exports: [EeoService, EeoRepository],
})
export class EeoModule {}
