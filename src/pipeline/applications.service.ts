import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { versionedUpdate } from '../common/database/versioned-update';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { fromGlobalId } from '../common/graphql/global-id';
import { AuditLog, diff } from '../audit/audit-log';
import { EventOutbox } from '../events/event-outbox';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { CandidatesService } from '../candidates/candidates.service';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { acceptsApplications } from '../requisitions/requisition.rules';
import { ApplicationEntity } from './application.entity';
import { PipelineStageEntity } from './pipeline-stage.entity';
import {
  CreateApplicationInput,
  MoveApplicationInput,
  RejectApplicationInput,
  ReopenApplicationInput,
} from './dto/pipeline.inputs';
import { ApplicationSourceKind, ApplicationStatus, StageKind } from './pipeline.enums';
import { PipelineRepository } from './pipeline.repository';
import { isRefusal, planMove, planStatusChange, Refusal, StatusAction } from './pipeline.rules';
import { StageTransitionEntity } from './stage-transition.entity';
import { transitionEvent } from './transition-event';
import { CurrentRequest } from '../common/current-request';

export interface ApplicationChange {
  application: ApplicationEntity;
  /** Null when nothing changed (a move to the stage the application is already in). */
  transition: StageTransitionEntity | null;
}

const refusalError = (refusal: Refusal) => DomainError.of(refusal.code, refusal.message, refusal.field);

@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineRepository,
    private readonly requisitions: RequisitionsService,
    private readonly candidates: CandidatesService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  async create(input: CreateApplicationInput): Promise<ApplicationChange> {
    const requisitionId = fromGlobalId(input.requisitionId, 'Requisition');
    const candidateId = fromGlobalId(input.candidateId, 'Candidate');
    try {
      return await inTransaction(this.dataSource, (manager) => this.createWithin(manager, input));
    } catch (error) {
      const violation = violatedConstraint(error);
      if (
        violation?.code === PG_UNIQUE_VIOLATION &&
        violation.constraint === 'application_candidate_requisition'
      ) {
        // Two creates raced past the existence check; the unique constraint stopped the second.
        const existing = await this.pipeline.findApplicationId(
          this.dataSource.manager,
          candidateId ?? '',
          requisitionId ?? '',
        );
        throw this.duplicate(existing?.id);
      }
      throw error;
    }
  }

  /**
   * `create` on the caller's transaction (e.g. an inbound board application). The caller must keep two creates
   * for one candidate and requisition from racing (the unique constraint would abort its transaction).
   */
  async createWithin(manager: EntityManager, input: CreateApplicationInput): Promise<ApplicationChange> {
    const requisitionId = fromGlobalId(input.requisitionId, 'Requisition');
    const candidateId = fromGlobalId(input.candidateId, 'Candidate');
    // A share lock: many can apply at once, but nobody closes the requisition under them.
    const requisition = requisitionId
      ? await this.requisitions.lockForApplying(manager, requisitionId)
      : null;
    if (!requisition) throw DomainError.notFound('Requisition', ['requisitionId']);
    const [candidate] = candidateId ? await this.candidates.findByIds([candidateId], manager) : [];
    if (!candidate) throw DomainError.notFound('Candidate', ['candidateId']);
    if (!acceptsApplications(requisition.status)) {
      throw DomainError.of(
        UserErrorCode.REQUISITION_NOT_OPEN,
        `The requisition is ${requisition.status}; only OPEN requisitions accept applications.`,
        ['requisitionId'],
      );
    }
    const existing = await this.pipeline.findApplicationId(manager, candidate.id, requisition.id);
    if (existing) throw this.duplicate(existing.id);
    const stage = await this.startingStage(manager, requisition.id, input.stageId);
    if (stage.kind === StageKind.HIRED) {
      throw DomainError.invalid(['stageId'], 'An application cannot start in the HIRED stage.');
    }
    const application = await this.pipeline.insertApplication(manager, {
      candidateId: candidate.id,
      requisitionId: requisition.id,
      stageId: stage.id,
      sourceKind: input.source?.kind ?? ApplicationSourceKind.SOURCED,
      sourceDetail: input.source?.detail?.trim() || null,
    });
    const transition = await this.record(manager, 'createApplication', application, null, null, null);
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
    const locked = await this.pipeline.lockApplication(manager, applicationId);
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
        appliedAt: () => 'now()',
      },
      reason,
      'reapplyApplication',
    );
  }

  async move(input: MoveApplicationInput, reach: Reach = ALL_REACH): Promise<ApplicationChange> {
    return inTransaction(this.dataSource, async (manager) => {
      // A stage beyond the caller's reach is treated as no stage at all: refusing it otherwise would reveal it.
      const {
        application,
        requisitionStatus,
        targetStage: target,
      } = await this.lockForChange(
        manager,
        input.id,
        input.expectedVersion,
        reach,
        fromGlobalId(input.stageId, 'PipelineStage'),
      );
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
    });
  }

  async changeStatus(
    action: StatusAction,
    input: RejectApplicationInput | ReopenApplicationInput,
    reach: Reach = ALL_REACH,
  ): Promise<ApplicationChange> {
    return inTransaction(this.dataSource, async (manager) => {
      const { application, requisitionStatus } = await this.lockForChange(
        manager,
        input.id,
        input.expectedVersion,
        reach,
      );
      const plan = planStatusChange(action, application, requisitionStatus);
      if (isRefusal(plan)) throw refusalError(plan);
      const reason = input.reason?.trim() || null;
      return this.apply(
        manager,
        application,
        {
          stageId: application.stageId,
          status: plan.toStatus,
          rejectionReason: action === 'reject' ? reason : null,
        },
        reason,
        `${action}Application`,
      );
    });
  }

  /** The stage a new application enters: the one asked for (of this requisition), else the first. */
  private async startingStage(manager: EntityManager, requisitionId: string, globalStageId?: string | null) {
    if (globalStageId == null) {
      const [first] = await this.pipeline.findLiveStagesByRequisitionIds([requisitionId], manager);
      return first;
    }
    const stageId = fromGlobalId(globalStageId, 'PipelineStage');
    const [stage] = stageId ? await this.pipeline.findStagesByIds([stageId], manager) : [];
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

  private async lockForChange(
    manager: EntityManager,
    globalId: string,
    expectedVersion: number | null | undefined,
    reach: Reach,
    targetStageId: string | null = null,
  ) {
    const id = fromGlobalId(globalId, 'Application');
    const locked = id
      ? await this.pipeline.lockApplication(manager, id, { stageId: targetStageId, reach })
      : null;
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
      appliedAt?: () => string;
    },
    reason: string | null,
    action: string,
  ): Promise<ApplicationChange> {
    const application = await versionedUpdate(manager, ApplicationEntity, current.id, current.version, {
      ...next,
      lastActivityAt: () => 'now()',
    });
    if (!application) throw DomainError.staleVersion('The application', current.version);
    if (next.status === ApplicationStatus.HIRED && current.status !== ApplicationStatus.HIRED) {
      await this.requisitions.recordHire(manager, current.requisitionId);
    }
    const transition = await this.record(
      manager,
      action,
      application,
      current.stageId,
      current.status,
      reason,
    );
    return { application, transition };
  }

  /** Writes the history entry, the event and the audit entry of a change the application row already reflects. */
  private async record(
    manager: EntityManager,
    action: string,
    application: ApplicationEntity,
    fromStageId: string | null,
    fromStatus: ApplicationStatus | null,
    reason: string | null,
  ): Promise<StageTransitionEntity> {
    const actor = CurrentRequest.actor();
    const [transition] = await this.pipeline.insertTransitions(manager, [
      {
        applicationId: application.id,
        sequence: application.eventSequence,
        fromStageId,
        toStageId: application.stageId,
        fromStatus,
        toStatus: application.status,
        reason,
        actor,
      },
    ]);
    await this.outbox.append(manager, [
      transitionEvent({
        applicationId: application.id,
        candidateId: application.candidateId,
        requisitionId: application.requisitionId,
        sequence: application.eventSequence,
        fromStageId,
        toStageId: application.stageId,
        fromStatus,
        toStatus: application.status,
        reason,
        transitionId: transition.id,
        actor,
      }),
    ]);
    await this.audit.record(manager, {
      action,
      subjectType: 'application',
      subjectIds: [application.id],
      changes: diff(
        { stageId: fromStageId, status: fromStatus },
        { stageId: application.stageId, status: application.status, ...(reason ? { reason } : {}) },
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
