import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { AuditLog, diff } from '../audit/audit-log';
import { EventOutbox } from '../events/event-outbox';
import { EventType } from '../events/event-types';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { RequisitionListeners } from '../requisitions/requisition-listeners';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { ApplicationHistory } from './application-history';
import { ApplicationsRepository } from './applications.repository';
import {
  AddPipelineStageCommand,
  RemovePipelineStageCommand,
  ReorderPipelineStagesCommand,
  UpdatePipelineStageCommand,
} from './pipeline-stage.commands';
import { PipelineStagesRepository } from './pipeline-stages.repository';
import { StageKind } from './pipeline.enums';
import {
  checkReorder,
  checkStageRemoval,
  DEFAULT_STAGE_TEMPLATE,
  defaultInsertPosition,
} from './pipeline-stage.rules';
import { Refusal } from './pipeline.rules';
import { PipelineStageEntity } from './pipeline-stage.entity';

/** The mutation behind each pipeline event, as the audit log names it. */
const AUDIT_ACTIONS: Partial<Record<EventType, string>> = {
  [EventType.PIPELINE_STAGE_ADDED]: 'addPipelineStage',
  [EventType.PIPELINE_STAGE_UPDATED]: 'updatePipelineStage',
  [EventType.PIPELINE_STAGES_REORDERED]: 'reorderPipelineStages',
  [EventType.PIPELINE_STAGE_REMOVED]: 'removePipelineStage',
};

const refusalError = (refusal: Refusal) => DomainError.of(refusal.code, refusal.message, refusal.field);

/** Hiring teams shape a requisition's pipeline; each change bumps the requisition's version and emits an event. */
@Injectable()
export class PipelineStagesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stages: PipelineStagesRepository,
    private readonly applications: ApplicationsRepository,
    private readonly history: ApplicationHistory,
    private readonly requisitions: RequisitionsService,
    private readonly requisitionListeners: RequisitionListeners,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    // Every new requisition starts with the default pipeline, in the transaction that creates it.
    this.requisitionListeners.register({
      requisitionCreated: (manager, requisition) =>
        this.stages.insertInOrder(manager, requisition.id, DEFAULT_STAGE_TEMPLATE),
    });
  }

  findByIds(ids: readonly string[]): Promise<PipelineStageEntity[]> {
    return this.stages.findByIds(ids);
  }

  findLiveByRequisitionIds(ids: readonly string[]): Promise<PipelineStageEntity[]> {
    return this.stages.findLiveByRequisitionIds(ids);
  }

  countActiveByStageIds(ids: readonly string[]): Promise<Map<string, number>> {
    return this.applications.countActiveByStageIds(ids);
  }

  async add(
    input: AddPipelineStageCommand,
    reach: Reach = ALL_REACH,
  ): Promise<{ stage: PipelineStageEntity; requisition: RequisitionEntity }> {
    return this.refuseDuplicateName(['name'], () =>
      inTransaction(this.dataSource, async (manager) => {
        const current = await this.requisitions.lockForChange(
          manager,
          input.requisitionId,
          input.expectedVersion,
          ['requisitionId'],
          reach,
        );
        const stages = await this.stages.findLiveByRequisitionIds([current.id], manager);
        if (input.kind === StageKind.HIRED && stages.some((s) => s.kind === StageKind.HIRED)) {
          throw DomainError.invalid(['kind'], 'The requisition already has a HIRED stage.');
        }
        const live = stages.map((s) => ({ id: s.id, kind: s.kind, position: s.position ?? 0 }));
        const position = Math.min(input.position ?? defaultInsertPosition(live), stages.length);
        const stage = await this.stages.insert(manager, {
          requisitionId: current.id,
          name: input.name.trim(),
          kind: input.kind,
          position: stages.length,
        });
        const order = stages.map((s) => s.id);
        order.splice(position, 0, stage.id);
        await this.stages.setPositions(manager, order);
        const requisition = await this.requisitions.touchForPipelineChange(manager, current);
        await this.emit(
          manager,
          requisition,
          EventType.PIPELINE_STAGE_ADDED,
          { stageId: stage.id, name: stage.name, kind: stage.kind, position },
          diff({}, { name: stage.name, kind: stage.kind, position }),
        );
        return { stage: { ...stage, position }, requisition };
      }),
    );
  }

  async update(
    input: UpdatePipelineStageCommand,
    reach: Reach = ALL_REACH,
  ): Promise<{ stage: PipelineStageEntity; requisition: RequisitionEntity }> {
    return this.refuseDuplicateName(['name'], () =>
      inTransaction(this.dataSource, async (manager) => {
        const { stage, current } = await this.lockStage(manager, input.id, input.expectedVersion, reach);
        if (
          input.kind !== undefined &&
          input.kind !== stage.kind &&
          (input.kind === StageKind.HIRED || stage.kind === StageKind.HIRED)
        ) {
          throw DomainError.invalid(['kind'], 'A stage cannot be turned into, or out of, the HIRED stage.');
        }
        const set: Partial<PipelineStageEntity> = {};
        if (input.name !== undefined) set.name = input.name.trim();
        if (input.kind !== undefined) set.kind = input.kind;
        // Nothing to change: nothing is written, no event, and the stage is answered as it is.
        if (Object.keys(set).length === 0) return { stage, requisition: current };
        await this.stages.update(manager, stage.id, set);
        const requisition = await this.requisitions.touchForPipelineChange(manager, current);
        await this.emit(
          manager,
          requisition,
          EventType.PIPELINE_STAGE_UPDATED,
          { stageId: stage.id, ...set },
          diff(stage, set),
        );
        return { stage: { ...stage, ...set }, requisition };
      }),
    );
  }

  async reorder(
    input: ReorderPipelineStagesCommand,
    reach: Reach = ALL_REACH,
  ): Promise<{ stages: PipelineStageEntity[]; requisition: RequisitionEntity }> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.requisitions.lockForChange(
        manager,
        input.requisitionId,
        input.expectedVersion,
        ['requisitionId'],
        reach,
      );
      const stages = await this.stages.findLiveByRequisitionIds([current.id], manager);
      const requested = input.stageIds;
      const refusal = checkReorder(
        stages.map((s) => s.id),
        requested,
      );
      if (refusal) throw refusalError(refusal);
      await this.stages.setPositions(manager, requested);
      const requisition = await this.requisitions.touchForPipelineChange(manager, current);
      await this.emit(
        manager,
        requisition,
        EventType.PIPELINE_STAGES_REORDERED,
        { stageIds: requested },
        diff({ stageIds: stages.map((s) => s.id) }, { stageIds: requested }),
      );
      const byId = new Map(stages.map((s) => [s.id, s]));
      return { stages: requested.map((id, position) => ({ ...byId.get(id)!, position })), requisition };
    });
  }

  async remove(
    input: RemovePipelineStageCommand,
    reach: Reach = ALL_REACH,
  ): Promise<{ stage: PipelineStageEntity; requisition: RequisitionEntity }> {
    return inTransaction(this.dataSource, async (manager) => {
      const { stage, current } = await this.lockStage(manager, input.id, input.expectedVersion, reach);
      const stages = await this.stages.findLiveByRequisitionIds([current.id], manager);
      // Undefined: no target named; null: one named that does not exist (or is beyond the caller's reach).
      const target =
        input.moveApplicationsToStageId == null
          ? undefined
          : ((await this.stages.findByIds([input.moveApplicationsToStageId], manager, reach))[0] ?? null);
      const refusal = checkStageRemoval({
        stage,
        liveStageCount: stages.length,
        applicationsInStage: await this.applications.countInStage(manager, stage.id),
        target,
      });
      if (refusal) throw refusalError(refusal);
      if (target) await this.moveApplications(manager, stage.id, target.id);
      await this.stages.markRemoved(manager, stage.id);
      await this.stages.setPositions(
        manager,
        stages.filter((s) => s.id !== stage.id).map((s) => s.id),
      );
      const requisition = await this.requisitions.touchForPipelineChange(manager, current);
      await this.emit(
        manager,
        requisition,
        EventType.PIPELINE_STAGE_REMOVED,
        { stageId: stage.id, movedApplicationsToStageId: target?.id ?? null },
        diff(
          { removed: false },
          { removed: true, ...(target ? { movedApplicationsToStageId: target.id } : {}) },
        ),
      );
      return { stage, requisition };
    });
  }

  /** Each moved application gets its own history entry and event, as if moved one by one. */
  private async moveApplications(
    manager: EntityManager,
    fromStageId: string,
    toStageId: string,
  ): Promise<void> {
    const moved = await this.applications.moveAllInStage(manager, fromStageId, toStageId);
    await this.history.record(
      manager,
      moved.map((application) => ({
        application,
        fromStageId,
        toStageId,
        fromStatus: application.status,
        toStatus: application.status,
        reason: 'Stage removed',
      })),
    );
  }

  /**
   * Every change to a pipeline locks its requisition first. The stage is read again under that lock, so two
   * concurrent removals (or a rename and a removal) of one stage cannot both act on it.
   */
  private async lockStage(
    manager: EntityManager,
    id: string,
    expectedVersion: number | null | undefined,
    reach: Reach,
  ) {
    const unlocked = await this.liveStage(manager, id, ['id']);
    // A stage of a requisition beyond the caller's reach is one they cannot know exists.
    if (!(await this.requisitions.reaches(manager, unlocked.requisitionId, reach))) {
      throw DomainError.notFound('Stage', ['id']);
    }
    const current = await this.requisitions.lockForChange(manager, unlocked.requisitionId, expectedVersion);
    const stage = await this.liveStage(manager, id, ['id']);
    return { stage, current };
  }

  private async liveStage(manager: EntityManager, id: string, field: string[]): Promise<PipelineStageEntity> {
    const [stage] = await this.stages.findByIds([id], manager);
    if (!stage || stage.removedAt) throw DomainError.notFound('Stage', field);
    return stage;
  }

  private async emit(
    manager: EntityManager,
    requisition: RequisitionEntity,
    type: EventType,
    data: Record<string, unknown>,
    changes: Record<string, { before: unknown; after: unknown }>,
  ): Promise<void> {
    await this.outbox.append(manager, [
      {
        type,
        aggregateType: 'requisition',
        aggregateId: requisition.id,
        sequence: requisition.eventSequence,
        data: { requisitionId: requisition.id, ...data },
      },
    ]);
    await this.audit.record(manager, {
      action: AUDIT_ACTIONS[type] ?? type,
      subjectType: 'requisition',
      subjectIds: [requisition.id, ...(typeof data.stageId === 'string' ? [data.stageId] : [])],
      changes,
    });
  }

  private async refuseDuplicateName<T>(field: string[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const violation = violatedConstraint(error);
      if (
        violation?.code === PG_UNIQUE_VIOLATION &&
        violation.constraint === 'pipeline_stage_name_unique_per_requisition'
      ) {
        throw DomainError.of(
          UserErrorCode.DUPLICATE_STAGE_NAME,
          'Another stage of this requisition has that name.',
          field,
        );
      }
      throw error;
    }
  }
}
