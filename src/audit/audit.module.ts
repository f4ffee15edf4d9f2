import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntriesService } from './audit-entries.service';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditLog } from './audit-log';
import { AuditReaders } from './audit-readers';
import { AuditLoaders } from './audit.loaders';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const AUDIT_ENTITIES = [AuditEntryEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [AuditRepository, AuditLog, AuditEntriesService, AuditReaders, AuditLoaders, AuditResolver],
  exports: [AuditLog, AuditReaders, AuditEntriesService, AuditRepository],
})
export class AuditModule {}
