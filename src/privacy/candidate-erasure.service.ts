import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { AuditRepository } from '../audit/audit.repository';
import { ERASED_TEXT } from '../candidates/candidate-erasure.rules';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { EeoRepository } from '../eeo/eeo.repository';
import { EvaluationRepository } from '../evaluation/evaluation.repository';
import { EventOutbox } from '../events/event-outbox';
import { EventType } from '../events/event-types';
import { InboundDeliveriesRepository } from '../job-boards/inbound-deliveries.repository';
import { MatchingRepository } from '../matching/matching.repository';
import { NotesRepository } from '../notes/notes.repository';
import { OffersRepository } from '../offers/offers.repository';
import { ApplicationsRepository } from '../pipeline/applications.repository';
import { ApplicationStatus } from '../pipeline/pipeline.enums';
import { StageTransitionsRepository } from '../pipeline/stage-transitions.repository';
import { ResumesRepository } from '../resumes/resumes.repository';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository';
import { erasureReason, erasureRefusal } from './candidate-erasure.rules';
import { PrivacyRepository } from './privacy.repository';

export interface EraseCandidateCommand {
  id: string;
  /** The operator's reference (a ticket number): stored in the erasure's audit entry, so never personal data. */
  reason: string;
}

/** The audit actor of the retention job's erasures. */
export const RETENTION_ACTOR = 'retention';

/** Candidates the retention job looks up at a time, and the most it erases in one run (the rest: the next day). */
export const RETENTION_BATCH = 100;
export const RETENTION_MAX_PER_RUN = 5000;

/**
 * Erasure of a candidate's personal data (docs/privacy.md), in one transaction: each feature's repository deletes or
 * anonymises what it stores about the person; the audit log is redacted through its one narrow path; the erasure
 * writes its own audit entry (ids only) and a `candidate.erased` event. Any failure rolls all of it back.
 */
@Injectable()
export class CandidateErasureService {
  private readonly logger = new Logger('Privacy');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly applications: ApplicationsRepository,
    private readonly transitions: StageTransitionsRepository,
    private readonly resumes: ResumesRepository,
    private readonly notes: NotesRepository,
    private readonly evaluation: EvaluationRepository,
    private readonly selfIdentification: EeoRepository,
    private readonly offers: OffersRepository,
    private readonly matching: MatchingRepository,
    private readonly inbound: InboundDeliveriesRepository,
    private readonly webhooks: WebhookDeliveriesRepository,
    private readonly auditEntries: AuditRepository,
    private readonly audit: AuditLog,
    private readonly outbox: EventOutbox,
    private readonly privacy: PrivacyRepository,
  ) {}

  /** `eraseCandidate`: refused (nothing written) for an unknown or erased id, or an ACTIVE application. */
  async erase(command: EraseCandidateCommand): Promise<{ candidateId: string }> {
    const checked = erasureReason(command.reason);
    if ('error' in checked) throw DomainError.invalid(['reason'], checked.error);
    await inTransaction(this.dataSource, (manager) =>
      this.eraseWithin(manager, command.id, { reason: checked.reason }),
    );
    return { candidateId: command.id };
  }

  /**
   * The retention job's run: erases the candidates due (`PrivacyRepository`'s predicate), oldest `retain_until`
   * first, one transaction each, at most `maxPerRun`. Returns how many were erased.
   */
  async eraseDue(batch = RETENTION_BATCH, maxPerRun = RETENTION_MAX_PER_RUN): Promise<number> {
    let erased = 0;
    const failed = new Set<string>();
    while (erased < maxPerRun) {
      const ids = (await this.privacy.findDueIds(Math.min(batch, maxPerRun - erased) + failed.size)).filter(
        (id) => !failed.has(id),
      );
      if (ids.length === 0) break;
      for (const id of ids) {
        if (erased >= maxPerRun) break;
        try {
          const done = await inTransaction(this.dataSource, (manager) =>
            this.eraseWithin(manager, id, { retention: true }),
          );
          if (done) erased++;
          else failed.add(id);
        } catch (error) {
          // One candidate's failure does not hold up the others; it is tried again on the next run. Logged by code
          // only: a database error's message can quote the values it was about.
          failed.add(id);
          const code = (error as { code?: string }).code ?? (error as Error).name;
          this.logger.error(`retention could not erase candidate ${id} (${code})`);
        }
      }
    }
    return erased;
  }

  /**
   * Erases one candidate on the caller's transaction. For the retention job (`retention`), a candidate no longer due
   * once locked (an application came in meanwhile) is left alone: false.
   */
  private async eraseWithin(
    manager: EntityManager,
    candidateId: string,
    by: { reason: string } | { retention: true },
  ): Promise<boolean> {
    const candidate = await this.candidates.lockById(manager, candidateId);
    if (!candidate) throw DomainError.notFound('Candidate', ['id']);
    const applications = await this.applications.lockAllOfCandidate(manager, candidateId);
    if ('retention' in by) {
      if (!(await this.privacy.isDue(manager, candidateId))) return false;
    } else if (erasureRefusal(applications.map((a) => a.status))) {
      const active = applications.find((a) => a.status === ApplicationStatus.ACTIVE)!;
      throw DomainError.of(
        UserErrorCode.CANDIDATE_HAS_ACTIVE_APPLICATION,
        'The candidate has an ACTIVE application: reject or withdraw it first.',
        ['id'],
        { type: 'Application', id: active.id },
      );
    }
    const applicationIds = applications.map((a) => a.id);

    // What holds the person's own words and documents goes.
    const resumes = await this.resumes.deleteOfCandidate(manager, candidateId);
    const deliveryIds = await this.inbound.eraseBodiesAbout(manager, {
      applicationIds,
      deliveryIds: resumes.flatMap((r) => (r.inbound_delivery_id ? [r.inbound_delivery_id] : [])),
      email: candidate.email,
    });
    const noteIds = await this.notes.deleteAboutCandidate(manager, candidateId);
    await this.selfIdentification.deleteForCandidate(manager, candidateId);
    await this.matching.deleteMatchesOfCandidate(manager, candidateId);
    // What the reports count stays, without its free text.
    const { interviewIds, scorecardIds } = await this.evaluation.eraseTextOfApplications(
      manager,
      applicationIds,
    );
    const offerIds = await this.offers.anonymiseCommentsOfApplications(manager, applicationIds);
    await this.transitions.anonymiseReasonsOf(manager, applicationIds);
    await this.applications.anonymiseRejectionReasonsOf(manager, candidateId);
    await this.outbox.eraseReasonsAbout(manager, applicationIds, ERASED_TEXT);
    const subjectIds = [
      candidateId,
      ...applicationIds,
      ...resumes.map((r) => r.id),
      ...deliveryIds,
      ...noteIds,
      ...interviewIds,
      ...scorecardIds,
      ...offerIds,
    ];
    await this.webhooks.clearResponsesAbout(manager, subjectIds);
    const sequence = await this.candidates.anonymise(manager, candidateId);
    const redacted = await this.auditEntries.redactAbout(manager, subjectIds);

    await this.outbox.append(manager, [
      {
        type: EventType.CANDIDATE_ERASED,
        aggregateType: 'candidate',
        aggregateId: candidateId,
        sequence,
        data: { candidateId },
        ...('retention' in by ? { actor: 'system' } : {}),
      },
    ]);
    // After the redaction, so that this entry stays as written: who erased whom, by id; the operator's reference.
    await this.audit.record(manager, {
      action: 'eraseCandidate',
      subjectType: 'candidate',
      subjectIds: [candidateId],
      changes: {
        reason: { before: null, after: 'retention' in by ? 'retention period ended' : by.reason },
        auditEntriesRedacted: { before: null, after: redacted },
      },
      ...('retention' in by ? { actor: RETENTION_ACTOR, actorId: null } : {}),
    });
    return true;
  }
}
