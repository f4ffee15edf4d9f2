import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { DomainError } from '../common/errors/domain-error';
import { EeoReportFilter, RecordSelfIdentificationCommand } from './eeo.commands';
import { showReport, ShownEeoReport } from './eeo-report.rules';
import { EeoRepository } from './eeo.repository';

/**
 * Voluntary self-identification: stored with the application that brought it (on the intake's transaction),
 * counted only in aggregate and suppressed (eeoReport), deleted with the candidate. No use case here returns a
 * person's answers, and none writes them anywhere else: no event, and an audit entry that says only that they
 * were submitted.
 */
@Injectable()
export class EeoService {
  constructor(
    private readonly eeo: EeoRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Stores the answers on the caller's transaction; answers that answer nothing store nothing. */
  async recordWithin(manager: EntityManager, command: RecordSelfIdentificationCommand): Promise<void> {
    if (Object.values(command.answers).every((answer) => answer == null)) return;
    await this.eeo.upsert(manager, command);
    await this.audit.record(manager, {
      action: 'submitSelfIdentification',
      subjectType: 'application',
      subjectIds: [command.applicationId],
      // That it was submitted, never what: the audit log is readable and kept for ever.
      changes: {},
    });
  }

  /** Erasure's part: the candidate's self-identification, on the erasure's transaction. */
  deleteForCandidate(manager: EntityManager, candidateId: string): Promise<number> {
    return this.eeo.deleteForCandidate(manager, candidateId);
  }

  /**
   * Suppressed counts for one requisition (and stage). A requisition that does not exist has no applications, like
   * hiringReport's unknown ids (administrators see every requisition: there is nothing to hide).
   */
  async report(filter: EeoReportFilter): Promise<ShownEeoReport> {
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw DomainError.invalid(['filter', 'to'], 'to must be later than from.');
    }
    if (filter.stageId && !(await this.eeo.stageOfRequisition(filter.stageId, filter.requisitionId))) {
      throw DomainError.invalid(['filter', 'stageId'], 'stageId is not a stage of this requisition.');
    }
    return showReport(await this.eeo.counts(filter));
  }
}
