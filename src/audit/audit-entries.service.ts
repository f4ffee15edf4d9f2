import { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/graphql/keyset';
import { AuditEntryListFilter } from './audit.commands';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

/** Reading the audit log (AuditLog writes it). Who may read it is the transport's to check. */
@Injectable()
export class AuditEntriesService {
  constructor(private readonly entries: AuditRepository) {}

  findPage(filter: AuditEntryListFilter | null | undefined, page: PageRequest): Promise<AuditEntryEntity[]> {
    return this.entries.findPage(filter, page);
  }

  count(filter: AuditEntryListFilter | null | undefined): Promise<number> {
    return this.entries.count(filter);
  }

  findByIds(ids: readonly string[]): Promise<AuditEntryEntity[]> {
    return this.entries.findByIds(ids);
  }

  /** The entries about any of the ids (a person's records), for their data export, on the caller's transaction. */
  findAboutSubjectsWithin(
    manager: EntityManager,
    subjectIds: readonly string[],
  ): Promise<AuditEntryEntity[]> {
    return this.entries.findAboutSubjects(manager, subjectIds);
  }
}
