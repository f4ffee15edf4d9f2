import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { versionedUpdate } from '../common/database/versioned-update';
import { DomainError, UserErrorDetail } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { normalizeLocation } from '../common/location';
import { AuditLog, diff } from '../audit/audit-log';
import { EventOutbox } from '../events/event-outbox';
import { ALL_REACH, Reach } from '../identity/access.rules';
import { EventType } from '../events/event-types';
import { SkillsService } from '../skills/skills.service';
import {
  ChangeRequisitionStatusCommand,
  CreateRequisitionCommand,
  RequisitionListFilter,
  RequisitionSkillRequirement,
  SalaryRange,
  UpdateRequisitionCommand,
} from './requisition.commands';
import { RequisitionStatus } from './requisition.enums';
import { RequisitionEntity } from './requisition.entity';
import { RequisitionListeners } from './requisition-listeners';
import {
  headcountErrors,
  nextStatus,
  pipelineIsLive,
  salaryRangeErrors,
  statusAfterHire,
  StatusAction,
} from './requisition.rules';
import { RequisitionSkillRow, RequisitionsRepository } from './requisitions.repository';

function throwIfAny(errors: UserErrorDetail[]): void {
  if (errors.length > 0) throw new DomainError(errors);
}

@Injectable()
export class RequisitionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requisitions: RequisitionsRepository,
    private readonly skills: SkillsService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly listeners: RequisitionListeners,
  ) {}

  findByIds(ids: readonly string[], reach?: Reach): Promise<RequisitionEntity[]> {
    return this.requisitions.findByIds(ids, reach);
  }

  findSkills(requisitionIds: readonly string[]): Promise<RequisitionSkillRow[]> {
    return this.requisitions.findSkillsByRequisitionIds(requisitionIds);
  }

  findPage(
    filter: RequisitionListFilter | null | undefined,
    page: PageRequest,
    reach: Reach,
  ): Promise<RequisitionEntity[]> {
    return this.requisitions.findPage(filter, page, reach);
  }

  count(filter: RequisitionListFilter | null | undefined, reach: Reach): Promise<number> {
    return this.requisitions.count(filter, reach);
  }

  async create(input: CreateRequisitionCommand): Promise<RequisitionEntity> {
    throwIfAny(salaryRangeErrors(input.salaryRange));
    return inTransaction(this.dataSource, async (manager) => {
      const requisition = await this.requisitions.insert(manager, {
        code: await this.requisitions.nextCode(manager),
        title: input.title.trim(),
        description: input.description ?? null,
        level: input.level,
        employmentType: input.employmentType,
        headcount: input.headcount,
        department: input.department?.trim() || null,
        workplaceType: input.workplaceType,
        locations: input.locations.map(normalizeLocation),
        ...this.salaryColumns(input.salaryRange),
        responsibilities: input.responsibilities.map((r) => r.trim()),
        educationRequirement: input.educationRequirement?.trim() || null,
      });
      await this.writeSkills(manager, requisition.id, input.skills);
      // Its pipeline (the default stages) comes with it, in this transaction.
      await this.listeners.created(manager, requisition);
      await this.outbox.append(manager, [
        {
          type: EventType.REQUISITION_CREATED,
          aggregateType: 'requisition',
          aggregateId: requisition.id,
          sequence: requisition.eventSequence,
          data: {
            requisitionId: requisition.id,
            code: requisition.code,
            title: requisition.title,
            status: requisition.status,
          },
        },
      ]);
      await this.audit.record(manager, {
        action: 'createRequisition',
        subjectType: 'requisition',
        subjectIds: [requisition.id],
        changes: diff(
          {},
          {
            code: requisition.code,
            title: requisition.title,
            level: requisition.level,
            status: requisition.status,
          },
        ),
      });
      return requisition;
    });
  }

  async update(input: UpdateRequisitionCommand, reach: Reach = ALL_REACH): Promise<RequisitionEntity> {
    throwIfAny(salaryRangeErrors(input.salaryRange));
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockForChange(manager, input.id, input.expectedVersion, ['id'], reach);
      if (current.status === RequisitionStatus.CLOSED) {
        throw DomainError.of(UserErrorCode.REQUISITION_CLOSED, 'A closed requisition cannot be edited.', [
          'id',
        ]);
      }
      throwIfAny(headcountErrors(input.headcount, current.hiredCount));
      const set: Partial<RequisitionEntity> = {};
      if (input.title !== undefined) set.title = input.title.trim();
      if (input.description !== undefined) set.description = input.description;
      if (input.level !== undefined) set.level = input.level;
      if (input.employmentType !== undefined) set.employmentType = input.employmentType;
      if (input.headcount !== undefined) set.headcount = input.headcount;
      if (input.department !== undefined) set.department = input.department?.trim() || null;
      if (input.workplaceType !== undefined) set.workplaceType = input.workplaceType;
      if (input.locations !== undefined) set.locations = input.locations.map(normalizeLocation);
      if (input.salaryRange !== undefined) Object.assign(set, this.salaryColumns(input.salaryRange));
      if (input.responsibilities !== undefined)
        set.responsibilities = input.responsibilities.map((r) => r.trim());
      if (input.educationRequirement !== undefined)
        set.educationRequirement = input.educationRequirement?.trim() || null;
      const changes = diff(current, set);
      // Clients know one salaryRange, not its four columns.
      const changed = [
        ...new Set(Object.keys(changes).map((key) => (key.startsWith('salary') ? 'salaryRange' : key))),
      ];
      if (input.skills !== undefined) {
        await this.writeSkills(manager, current.id, input.skills);
        changed.push('skills');
      }
      // Nothing to change: no new version, no event.
      if (changed.length === 0) return current;
      const row = await versionedUpdate(manager, RequisitionEntity, current.id, current.version, set);
      if (!row) throw DomainError.staleVersion('The requisition', current.version);
      await this.outbox.append(manager, [
        {
          type: EventType.REQUISITION_UPDATED,
          aggregateType: 'requisition',
          aggregateId: current.id,
          sequence: row.eventSequence,
          data: { requisitionId: current.id, changedFields: changed },
        },
      ]);
      await this.audit.record(manager, {
        action: 'updateRequisition',
        subjectType: 'requisition',
        subjectIds: [current.id],
        changes: {
          ...changes,
          ...(input.skills !== undefined ? { skills: { before: null, after: input.skills } } : {}),
        },
      });
      // Lowering headcount to the number already hired fills the requisition, as the last hire would have.
      const status = statusAfterHire(row.status, row);
      return status === row.status
        ? row
        : this.writeStatus(manager, row, status, 'Headcount reached', 'fillRequisition');
    });
  }

  async changeStatus(
    action: StatusAction,
    input: ChangeRequisitionStatusCommand,
    reach: Reach = ALL_REACH,
  ): Promise<RequisitionEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockForChange(manager, input.id, input.expectedVersion, ['id'], reach);
      const next = nextStatus(current.status, action, current);
      if ('error' in next) throw DomainError.of(UserErrorCode.INVALID_STATUS_TRANSITION, next.error, ['id']);
      return this.writeStatus(manager, current, next.status, input.reason ?? null, `${action}Requisition`);
    });
  }

  /**
   * Called inside the transaction that hires an application: counts the hire and fills the requisition when
   * hires reach headcount (with its own event).
   */
  async recordHire(manager: EntityManager, requisitionId: string): Promise<RequisitionEntity> {
    const current = await this.requisitions.lockById(manager, requisitionId);
    if (!current) throw DomainError.notFound('Requisition');
    // The move read the requisition's status without this lock: a concurrent hire (or close) may have filled it
    // since. Refuse here, as a rule, rather than let the hired_count <= headcount constraint fail the statement.
    if (!pipelineIsLive(current.status) || current.hiredCount >= current.headcount) {
      throw DomainError.of(
        UserErrorCode.REQUISITION_CLOSED,
        `The requisition is ${current.status} with ${current.hiredCount} of ${current.headcount} hired; no one more can be hired.`,
        ['id'],
      );
    }
    const hiredCount = current.hiredCount + 1;
    const status = statusAfterHire(current.status, { hiredCount, headcount: current.headcount });
    if (status === current.status) {
      // No event of its own: the application's status change announces the hire.
      const row = await versionedUpdate(
        manager,
        RequisitionEntity,
        current.id,
        current.version,
        { hiredCount },
        {
          bumpEventSequence: false,
        },
      );
      if (!row) throw DomainError.staleVersion('The requisition', current.version);
      return row;
    }
    return this.writeStatus(manager, current, status, 'Headcount reached', 'fillRequisition', { hiredCount });
  }

  /** For use cases of other modules that need the requisition locked against status changes. */
  lockForApplying(manager: EntityManager, id: string): Promise<RequisitionEntity | null> {
    return this.requisitions.lockForApplying(manager, id);
  }

  lockById(manager: EntityManager, id: string): Promise<RequisitionEntity | null> {
    return this.requisitions.lockById(manager, id);
  }

  /** Bumps version and event sequence for a change to the requisition's pipeline; returns the new sequence. */
  async touchForPipelineChange(
    manager: EntityManager,
    current: RequisitionEntity,
  ): Promise<RequisitionEntity> {
    // A FILLED requisition may still reshape its pipeline (it can reopen once headcount is raised); CLOSED is final.
    if (current.status === RequisitionStatus.CLOSED) {
      throw DomainError.of(
        UserErrorCode.REQUISITION_CLOSED,
        'The pipeline of a closed requisition cannot change.',
        [],
      );
    }
    const row = await versionedUpdate(manager, RequisitionEntity, current.id, current.version, {});
    if (!row) throw DomainError.staleVersion('The requisition', current.version);
    return row;
  }

  /** Whether the caller's `reach` includes the requisition (use inside the caller's transaction). */
  reaches(manager: EntityManager, requisitionId: string, reach: Reach): Promise<boolean> {
    return this.requisitions.isWithinReach(manager, requisitionId, reach);
  }

  /** Locks the requisition for a change by the caller (within `reach`) and checks `expectedVersion` against it. */
  async lockForChange(
    manager: EntityManager,
    id: string,
    expectedVersion: number | null | undefined,
    field: string[] = ['id'],
    reach: Reach = ALL_REACH,
  ): Promise<RequisitionEntity> {
    const current = await this.requisitions.lockById(manager, id);
    // Beyond the caller's reach is the same as not there at all.
    if (!current || !(await this.requisitions.isWithinReach(manager, current.id, reach))) {
      throw DomainError.notFound('Requisition', field);
    }
    if (expectedVersion != null && expectedVersion !== current.version) {
      throw DomainError.staleVersion('The requisition', current.version);
    }
    return current;
  }

  private async writeStatus(
    manager: EntityManager,
    current: RequisitionEntity,
    status: RequisitionStatus,
    reason: string | null,
    /** The mutation, or "fillRequisition" when hires reached headcount. */
    auditAction: string,
    extraSet: Partial<RequisitionEntity> = {},
  ): Promise<RequisitionEntity> {
    const row = await versionedUpdate(manager, RequisitionEntity, current.id, current.version, {
      status,
      ...extraSet,
    });
    if (!row) throw DomainError.staleVersion('The requisition', current.version);
    await this.outbox.append(manager, [
      {
        type: EventType.REQUISITION_STATUS_CHANGED,
        aggregateType: 'requisition',
        aggregateId: current.id,
        sequence: row.eventSequence,
        data: { requisitionId: current.id, fromStatus: current.status, toStatus: status, reason },
      },
    ]);
    await this.audit.record(manager, {
      action: auditAction,
      subjectType: 'requisition',
      subjectIds: [current.id],
      changes: diff({ status: current.status }, { status }),
    });
    // Holding, closing or filling takes the requisition's job postings down, in this same transaction.
    await this.listeners.statusChanged(manager, row, current.status);
    return row;
  }

  private salaryColumns(range: SalaryRange | null | undefined): Partial<RequisitionEntity> {
    return range
      ? {
          salaryMin: range.min,
          salaryMax: range.max,
          salaryCurrency: range.currency.toUpperCase(),
          salaryPeriod: range.period,
        }
      : { salaryMin: null, salaryMax: null, salaryCurrency: null, salaryPeriod: null };
  }

  private async writeSkills(
    manager: EntityManager,
    requisitionId: string,
    skills: RequisitionSkillRequirement[],
  ): Promise<void> {
    const resolved = await this.skills.resolveDistinctNames(
      manager,
      skills.map((s) => s.name),
      ['skills'],
    );
    await this.requisitions.replaceSkills(
      manager,
      requisitionId,
      skills.map((s, i) => ({
        skillId: resolved[i].id,
        importance: s.importance,
        minYears: s.minYears ?? null,
      })),
    );
  }
}
