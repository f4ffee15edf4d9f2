import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CurrentRequest } from '../common/current-request';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { AuditLog, diff } from '../audit/audit-log';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { CandidatesService } from '../candidates/candidates.service';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { acceptsApplications } from '../requisitions/requisition.rules';
import {
  ChangeApplicationStatusCommand,
  CreateApplicationCommand,
  MoveApplicationCommand,
} from './application.commands';
import { ApplicationEntity } from './application.entity';
import { ApplicationHistory } from './application-history';
import { ApplicationListeners } from './application-listeners';
import { ApplicationRetention } from './application-retention';
import { ApplicationExport, ApplicationsRepository } from './applications.repository';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { PipelineStagesRepository } from './pipeline-stages.repository';
import { ApplicationSourceKind, ApplicationStatus, RejectionCategory, StageKind } from './pipeline.enums';
import { RejectionReasonsService } from './rejection-reasons.service';
import { isRefusal, planMove, planStatusChange, Refusal, StatusAction } from './pipeline.rules';
import { StageTransitionEntity } from './stage-transition.entity';

export interface ApplicationChange {
  application: ApplicationEntity;
  /** Null when nothing changed (a move to the stage the application is already in). */
  transition: StageTransitionEntity | null;
}

/** The category of structured reason each status change takes (none for reopening). */
const REASON_CATEGORY: Record<StatusAction, RejectionCategory | null> = {
  reject: RejectionCategory.WE_REJECTED,
  withdraw: RejectionCategory.THEY_WITHDREW,
  reopen: null,
};

const refusalError = (refusal: Refusal) => DomainError.of(refusal.code, refusal.message, refusal.field);

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly stages: PipelineStagesRepository,
    private readonly history: ApplicationHistory,
    private readonly requisitions: RequisitionsService,
    private readonly candidates: CandidatesService,
    private readonly audit: AuditLog,
    private readonly reasons: RejectionReasonsService,
    private readonly listeners: ApplicationListeners,
    private readonly retention: ApplicationRetention,
  ) {}

  async create(input: CreateApplicationCommand): Promise<ApplicationChange> {
    try {
      return await inTransaction(this.dataSource, (manager) => this.createWithin(manager, input));
    } catch (error) {
      const violation = violatedConstraint(error);
      if (
        violation?.code === PG_UNIQUE_VIOLATION &&
        violation.constraint === 'application_candidate_requisition'
      ) {
        // Two creates raced past the existence check; the unique constraint stopped the second.
        const existing = await this.applications.findIdByCandidateAndRequisition(
          this.dataSource.manager,
          input.candidateId,
          input.requisitionId,
        );
        throw this.duplicate(existing?.id);
      }
      throw error;
    }
  }

  /** The candidate's applications with their history, for their data export, on the caller's transaction. */
  findForCandidateExport(manager: EntityManager, candidateId: string): Promise<ApplicationExport[]> {
    return this.applications.findForCandidateExport(manager, candidateId);
  }

  /** The candidate's application to the requisition, if any, with its status, on the caller's transaction. */
  findOfCandidateWithin(
    manager: EntityManager,
    candidateId: string,
    requisitionId: string,
  ): Promise<{ id: string; status: ApplicationStatus } | undefined> {
    return this.applications.findStatusByCandidateAndRequisition(manager, candidateId, requisitionId);
  }

  /**
   * `create` on the caller's transaction (e.g. an inbound board application). The caller must keep two creates
   * for one candidate and requisition from racing (the unique constraint would abort its transaction).
   */
  async createWithin(manager: EntityManager, input: CreateApplicationCommand): Promise<ApplicationChange> {
    // A share lock: many can apply at once, but nobody closes the requisition under them.
    const requisition = await this.requisitions.lockForApplying(manager, input.requisitionId);
    if (!requisition) throw DomainError.notFound('Requisition', ['requisitionId']);
    // Locked for change: an erasure of the candidate cannot run under it (nor this after one), and the retention
    // recompute below writes the row. Applications of one candidate therefore start one at a time.
    const candidate = await this.candidates.lockLiveWithin(manager, input.candidateId);
    if (!candidate) throw DomainError.notFound('Candidate', ['candidateId']);
    if (!acceptsApplications(requisition.status)) {
      throw DomainError.of(
        UserErrorCode.REQUISITION_NOT_OPEN,
        `The requisition is ${requisition.status}; only OPEN requisitions accept applications.`,
        ['requisitionId'],
      );
    }
    const existing = await this.applications.findIdByCandidateAndRequisition(
      manager,
      candidate.id,
      requisition.id,
    );
    if (existing) throw this.duplicate(existing.id);
    const stage = await this.startingStage(manager, requisition.id, input.stageId);
    if (stage.kind === StageKind.HIRED) {
      throw DomainError.invalid(['stageId'], 'An application cannot start in the HIRED stage.');
    }
    const application = await this.applications.insert(manager, {
      candidateId: candidate.id,
      requisitionId: requisition.id,
      stageId: stage.id,
      sourceKind: input.source?.kind ?? ApplicationSourceKind.SOURCED,
      sourceDetail: input.source?.detail?.trim() || null,
    });
    const transition = await this.record(manager, 'createApplication', application, null, null, null);
    // A live application again: nothing of the candidate is due while it runs.
    await this.retention.applicationsChanged(manager, [candidate.id]);
    return { application, transition };
  }

  /**
   * The candidate of a closed (rejected or withdrawn) application applies to the requisition again, on the caller's
   * transaction (a board application): one application per candidate and requisition, so the closed one becomes
   * ACTIVE again in the first stage, applied now, with its history and event like any status change. The caller
   * decides when a new application counts (Indeed's 120 days) and keeps two of them from racing.
   */
  async reapplyWithin(
    manager: EntityManager,
    applicationId: string,
    reason: string,
  ): Promise<ApplicationChange> {
    const locked = await this.applications.lockApplication(manager, applicationId);
    if (!locked) throw DomainError.notFound('Application', ['id']);
    const requisition = await this.requisitions.lockForApplying(manager, locked.application.requisitionId);
    if (!requisition || !acceptsApplications(requisition.status)) {
      throw DomainError.of(
        UserErrorCode.REQUISITION_NOT_OPEN,
        `The requisition is ${requisition?.status ?? 'gone'}; only OPEN requisitions accept applications.`,
        ['requisitionId'],
      );
    }
    const current = locked.application;
    if (current.status !== ApplicationStatus.REJECTED && current.status !== ApplicationStatus.WITHDRAWN) {
      throw this.duplicate(current.id);
    }
    const stage = await this.startingStage(manager, current.requisitionId);
    return this.apply(
      manager,
      current,
      {
        stageId: stage.id,
        status: ApplicationStatus.ACTIVE,
        rejectionReason: null,
        appliedNow: true,
      },
      reason,
      'reapplyApplication',
    );
  }

  async move(input: MoveApplicationCommand, reach: Reach = ALL_REACH): Promise<ApplicationChange> {
    return inTransaction(this.dataSource, (manager) => this.moveWithin(manager, input, reach));
  }

  /**
   * Hires the application on the caller's transaction (an accepted offer): it moves to its requisition's HIRED
   * stage under the rules of any move, so a FILLED requisition refuses and the hire that reaches headcount fills it.
   */
  async hireWithin(
    manager: EntityManager,
    applicationId: string,
    reason: string,
  ): Promise<ApplicationChange> {
    const [application] = await this.applications.findByIds([applicationId], ALL_REACH, manager);
    if (!application) throw DomainError.notFound('Application', ['id']);
    const hired = await this.stages.findLiveHiredStage(manager, application.requisitionId);
    if (!hired) {
      throw DomainError.of(
        UserErrorCode.STAGE_NOT_IN_REQUISITION,
        'The requisition has no HIRED stage to hire into.',
        ['id'],
      );
    }
    return this.moveWithin(manager, { id: applicationId, stageId: hired.id, reason }, ALL_REACH);
  }

  /** `move` on the caller's transaction. */
  async moveWithin(
    manager: EntityManager,
    input: MoveApplicationCommand,
    reach: Reach = ALL_REACH,
  ): Promise<ApplicationChange> {
    {
      // A stage beyond the caller's reach is treated as no stage at all: refusing it otherwise would reveal it.
      const {
        application,
        requisitionStatus,
        targetStage: target,
      } = await this.lockForChange(manager, input.id, input.expectedVersion, reach, input.stageId);
      const plan = planMove(application, target, requisitionStatus);
      if (isRefusal(plan)) throw refusalError(plan);
      // planMove refuses a missing stage, so there is one here.
      const stageId = (target as PipelineStageEntity).id;
      if (stageId === application.stageId) return { application, transition: null };
      return this.apply(
        manager,
        application,
        { stageId, status: plan.toStatus },
        input.reason ?? null,
        'moveApplication',
      );
    }
  }

  async changeStatus(
    action: StatusAction,
    input: ChangeApplicationStatusCommand,
    reach: Reach = ALL_REACH,
  ): Promise<ApplicationChange> {
    return inTransaction(this.dataSource, (manager) =>
      this.changeStatusWithin(manager, action, input, reach),
    );
  }

  /** `changeStatus` on the caller's transaction. */
  async changeStatusWithin(
    manager: EntityManager,
    action: StatusAction,
    input: ChangeApplicationStatusCommand,
    reach: Reach = ALL_REACH,
  ): Promise<ApplicationChange> {
    const category = REASON_CATEGORY[action];
    if (input.reasonId != null && category === null) {
      throw DomainError.invalid(['reasonId'], 'Only a rejection or a withdrawal takes a reason.');
    }
    const structured =
      input.reasonId != null && category !== null
        ? await this.reasons.requireUsable(manager, input.reasonId, category, ['reasonId'])
        : null;
    const reason = input.reason?.trim() || null;
    if (action === 'reject' && !reason && !structured) {
      throw DomainError.invalid(['reason'], 'A rejection needs a reason or a reasonId.');
    }
    const { application, requisitionStatus } = await this.lockForChange(
      manager,
      input.id,
      input.expectedVersion,
      reach,
    );
    // Reopening makes an application ACTIVE again: its candidate must not be erased meanwhile (an erasure refuses
    // ACTIVE applications). The lock waits for an erasure holding the candidate (one of the two may be retried as a
    // deadlock victim, having locked in the other order); it is a lock for change because the retention recompute
    // writes the candidate's row later in this transaction.
    if (action === 'reopen' && !(await this.candidates.lockLiveWithin(manager, application.candidateId))) {
      throw DomainError.notFound('Application', ['id']);
    }
    const plan = planStatusChange(action, application, requisitionStatus);
    if (isRefusal(plan)) throw refusalError(plan);
    return this.apply(
      manager,
      application,
      {
        stageId: application.stageId,
        status: plan.toStatus,
        rejectionReason: action === 'reject' ? (reason ?? structured!.name) : null,
        reasonId: structured?.id ?? null,
      },
      reason,
      `${action}Application`,
      structured?.id ?? null,
    );
  }

  /**
   * Locks an application within `reach` for a change a higher module makes to it on the caller's transaction (an
   * offer), with its requisition's status; NOT_FOUND (on `id`) when it does not exist or is beyond reach.
   */
  async lockWithin(manager: EntityManager, id: string, reach: Reach, field: string[] = ['id']) {
    try {
      return await this.lockForChange(manager, id, null, reach);
    } catch (error) {
      if (error instanceof DomainError) throw new DomainError(error.errors.map((e) => ({ ...e, field })));
      throw error;
    }
  }

  /** The stage a new application enters: the one asked for (of this requisition), else the first. */
  private async startingStage(
    manager: EntityManager,
    requisitionId: string,
    stageId?: string | null,
  ): Promise<PipelineStageEntity> {
    if (stageId == null) {
      const [first] = await this.stages.findLiveByRequisitionIds([requisitionId], manager);
      return first;
    }
    const [stage] = await this.stages.findByIds([stageId], manager);
    if (!stage || stage.removedAt) throw DomainError.notFound('Stage', ['stageId']);
    if (stage.requisitionId !== requisitionId) {
      throw DomainError.of(
        UserErrorCode.STAGE_NOT_IN_REQUISITION,
        "The stage belongs to another requisition; applications start in one of their own requisition's stages.",
        ['stageId'],
      );
    }
    return stage;
  }

  /**
   * Locks the application for a change by the caller (within `reach`) and checks `expectedVersion` against it;
   * with `targetStageId`, also reads the stage it is to move to.
   */
  private async lockForChange(
    manager: EntityManager,
    id: string,
    expectedVersion: number | null | undefined,
    reach: Reach,
    targetStageId: string | null = null,
  ) {
    const locked = await this.applications.lockApplication(manager, id, { stageId: targetStageId, reach });
    // An application of a requisition beyond the caller's reach is one they cannot know exists.
    if (!locked || !(await this.requisitions.reaches(manager, locked.application.requisitionId, reach))) {
      throw DomainError.notFound('Application', ['id']);
    }
    if (expectedVersion != null && expectedVersion !== locked.application.version) {
      throw DomainError.staleVersion('The application', locked.application.version);
    }
    return locked;
  }

  /** The one write path of every change: version-checked update, hire bookkeeping, history entry and event. */
  private async apply(
    manager: EntityManager,
    current: ApplicationEntity,
    next: {
      stageId: string;
      status: ApplicationStatus;
      rejectionReason?: string | null;
      reasonId?: string | null;
      appliedNow?: boolean;
    },
    reason: string | null,
    action: string,
    reasonId: string | null = null,
  ): Promise<ApplicationChange> {
    // The row and its history entry in one statement; the event and the audit entry follow.
    const written = await this.applications.updateAtVersion(
      manager,
      current.id,
      current.version,
      { ...next, reasonId: next.reasonId ?? null },
      {
        fromStageId: current.stageId,
        fromStatus: current.status,
        reason,
        reasonId,
        actor: CurrentRequest.actor(),
      },
    );
    if (!written) throw DomainError.staleVersion('The application', current.version);
    const { application } = written;
    if (next.status === ApplicationStatus.HIRED && current.status !== ApplicationStatus.HIRED) {
      await this.requisitions.recordHire(manager, current.requisitionId);
    }
    if (
      current.status === ApplicationStatus.ACTIVE &&
      (next.status === ApplicationStatus.REJECTED || next.status === ApplicationStatus.WITHDRAWN)
    ) {
      await this.listeners.closed(manager, application);
    }
    const transition = await this.record(
      manager,
      action,
      application,
      current.stageId,
      current.status,
      reason,
      reasonId,
      written.transition,
    );
    // After the history entry: retention reads when the application ended from it.
    if (next.status !== current.status)
      await this.retention.applicationsChanged(manager, [current.candidateId]);
    return { application, transition };
  }

  /**
   * Writes the history entry (unless `written` already is it), the event and the audit entry of a change the
   * application row already reflects.
   */
  private async record(
    manager: EntityManager,
    action: string,
    application: ApplicationEntity,
    fromStageId: string | null,
    fromStatus: ApplicationStatus | null,
    reason: string | null,
    reasonId: string | null = null,
    written: StageTransitionEntity | null = null,
  ): Promise<StageTransitionEntity> {
    const entry = {
      application,
      fromStageId,
      toStageId: application.stageId,
      fromStatus,
      toStatus: application.status,
      reason,
      reasonId,
    };
    let transition: StageTransitionEntity;
    if (written) {
      await this.history.recordEvents(manager, [entry], [written]);
      transition = written;
    } else {
      [transition] = await this.history.record(manager, [entry]);
    }
    await this.audit.record(manager, {
      action,
      subjectType: 'application',
      subjectIds: [application.id],
      changes: diff(
        { stageId: fromStageId, status: fromStatus },
        {
          stageId: application.stageId,
          status: application.status,
          ...(reason ? { reason } : {}),
          ...(reasonId ? { reasonId } : {}),
        },
      ),
    });
    return transition;
  }

  private duplicate(existingId: string | undefined): DomainError {
    return DomainError.of(
      UserErrorCode.DUPLICATE_APPLICATION,
      'The candidate has already applied to this requisition.',
      ['candidateId'],
      existingId ? { type: 'Application', id: existingId } : undefined,
    );
  }
}
