import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditResolver } from './audit.resolver';
import { AuditEntryEntity } from './audit-entry.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const AUDIT_ENTITIES = [AuditEntryEntity];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUDIT_ENTITIES)],
  providers: [AuditLog, AuditResolver],
  exports: [AuditLog],
})
export class AuditModule {}
