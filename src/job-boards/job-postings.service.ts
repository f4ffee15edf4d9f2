import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { versionedUpdate } from '../common/database/versioned-update';
import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { toGlobalId } from '../common/graphql/global-id';
import { EventOutbox } from '../events/event-outbox';
import { EventType, NewEvent } from '../events/event-types';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { RequisitionListener, RequisitionListeners } from '../requisitions/requisition-listeners';
import { RequisitionsService } from '../requisitions/requisitions.service';
import { PublishRequisitionCommand, UnpublishRequisitionCommand } from './job-board.commands';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingStatus } from './job-board.enums';
import { JobBoardsRepository } from './job-boards.repository';
import { JobPostingEntity } from './job-posting.entity';
import { postingStatusAfterRequisition, publishRefusal } from './job-posting.rules';

const POSTING_EVENT: Record<JobPostingStatus, EventType> = {
  [JobPostingStatus.PUBLISHED]: EventType.JOB_POSTING_PUBLISHED,
  [JobPostingStatus.UNPUBLISHED]: EventType.JOB_POSTING_UNPUBLISHED,
  [JobPostingStatus.CLOSED]: EventType.JOB_POSTING_CLOSED,
};

function postingEvent(posting: JobPostingEntity): NewEvent {
  return {
    type: POSTING_EVENT[posting.status],
    aggregateType: 'job_posting',
    aggregateId: posting.id,
    sequence: posting.eventSequence,
    data: {
      postingId: posting.id,
      requisitionId: posting.requisitionId,
      boardId: posting.boardId,
      referenceNumber: posting.referenceNumber,
      status: posting.status,
    },
  };
}

/** Requisitions advertised on boards: publishing, taking down, and following the requisition's status. */
@Injectable()
export class JobPostingsService implements OnModuleInit, RequisitionListener {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly boards: JobBoardsRepository,
    private readonly requisitions: RequisitionsService,
    private readonly statusListeners: RequisitionListeners,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.statusListeners.register(this);
  }

  /**
   * Publishes an OPEN requisition on the named boards: a new posting per board (with a new reference number), or
   * the existing one republished (keeping its reference number). Already published postings stay as they are.
   */
  async publish(
    input: PublishRequisitionCommand,
  ): Promise<{ requisition: RequisitionEntity; postings: JobPostingEntity[] }> {
    return inTransaction(this.dataSource, async (manager) => {
      // Under the requisition's lock, so a concurrent hold or close cannot slip between the check and the write.
      const requisition = await this.requisitions.lockForChange(manager, input.requisitionId, null, [
        'requisitionId',
      ]);
      const refusal = publishRefusal(requisition);
      if (refusal) throw DomainError.of(refusal.code, refusal.message, ['requisitionId']);
      const boards = await this.resolveBoards(manager, input.boardIds);
      const inactive = boards.findIndex((b) => !b.active);
      if (inactive >= 0) {
        throw DomainError.of(
          UserErrorCode.JOB_BOARD_INACTIVE,
          `The job board "${boards[inactive].name}" is deactivated.`,
          ['boardIds', String(inactive)],
        );
      }
      const existing = new Map(
        (await this.boards.lockPostingsOfRequisition(manager, requisition.id)).map((p) => [p.boardId, p]),
      );
      const postings: JobPostingEntity[] = [];
      const events: NewEvent[] = [];
      for (const board of boards) {
        const current = existing.get(board.id);
        if (current?.status === JobPostingStatus.PUBLISHED) {
          postings.push(current);
          continue;
        }
        const posting = current
          ? await this.writePosting(manager, current, {
              status: JobPostingStatus.PUBLISHED,
              publishedAt: () => 'now()',
              unpublishedAt: null,
            })
          : await this.boards.insertPosting(manager, {
              requisitionId: requisition.id,
              boardId: board.id,
              status: JobPostingStatus.PUBLISHED,
              referenceNumber: await this.boards.nextReferenceNumber(manager),
              publishedAt: new Date(),
            });
        postings.push(posting);
        events.push(postingEvent(posting));
      }
      await this.outbox.append(manager, events);
      if (events.length > 0) {
        await this.audit.record(manager, {
          action: 'publishRequisition',
          subjectType: 'requisition',
          subjectIds: [requisition.id],
          changes: {
            publishedOn: {
              before: null,
              after: events.map((e) => toGlobalId('JobBoard', e.data.boardId as string)),
            },
          },
        });
      }
      return { requisition, postings };
    });
  }

  async unpublish(
    input: UnpublishRequisitionCommand,
  ): Promise<{ requisition: RequisitionEntity; postings: JobPostingEntity[] }> {
    return inTransaction(this.dataSource, async (manager) => {
      const requisition = await this.requisitions.lockForChange(manager, input.requisitionId, null, [
        'requisitionId',
      ]);
      const all = await this.boards.lockPostingsOfRequisition(manager, requisition.id);
      let chosen = all;
      if (input.boardIds) {
        const boards = await this.resolveBoards(manager, input.boardIds);
        const byBoard = new Map(all.map((p) => [p.boardId, p]));
        chosen = boards.map((board, i) => {
          const posting = byBoard.get(board.id);
          if (!posting) {
            throw DomainError.notFound(`A posting of the requisition on "${board.name}"`, [
              'boardIds',
              String(i),
            ]);
          }
          return posting;
        });
      }
      const postings = await this.takeDown(manager, chosen, JobPostingStatus.UNPUBLISHED);
      const changed = postings.filter((p, i) => p !== chosen[i]);
      if (changed.length > 0) {
        await this.audit.record(manager, {
          action: 'unpublishRequisition',
          subjectType: 'requisition',
          subjectIds: [requisition.id],
          changes: {
            unpublishedFrom: { before: null, after: changed.map((p) => toGlobalId('JobBoard', p.boardId)) },
          },
        });
      }
      return { requisition, postings };
    });
  }

  /** Holding, closing or filling a requisition takes its postings down, on the status change's transaction. */
  async requisitionStatusChanged(
    manager: EntityManager,
    requisition: RequisitionEntity,
    fromStatus: RequisitionStatus,
  ): Promise<void> {
    const status = postingStatusAfterRequisition(requisition.status);
    if (!status || requisition.status === fromStatus) return;
    const postings = await this.boards.lockPostingsOfRequisition(manager, requisition.id);
    await this.takeDown(manager, postings, status);
  }

  /**
   * Moves postings to UNPUBLISHED or CLOSED, with an event each; returns them in the same order (unchanged
   * ones as they were). A CLOSED posting is not reopened by "unpublish"; an UNPUBLISHED one can still be closed.
   */
  private async takeDown(
    manager: EntityManager,
    postings: JobPostingEntity[],
    status: JobPostingStatus.UNPUBLISHED | JobPostingStatus.CLOSED,
  ): Promise<JobPostingEntity[]> {
    const result: JobPostingEntity[] = [];
    const events: NewEvent[] = [];
    for (const posting of postings) {
      const applies =
        posting.status === JobPostingStatus.PUBLISHED ||
        (status === JobPostingStatus.CLOSED && posting.status === JobPostingStatus.UNPUBLISHED);
      if (!applies) {
        result.push(posting);
        continue;
      }
      const row = await this.writePosting(manager, posting, {
        status,
        ...(posting.status === JobPostingStatus.PUBLISHED ? { unpublishedAt: () => 'now()' } : {}),
      });
      result.push(row);
      events.push(postingEvent(row));
    }
    await this.outbox.append(manager, events);
    return result;
  }

  private async writePosting(
    manager: EntityManager,
    current: JobPostingEntity,
    set: Record<string, unknown>,
  ): Promise<JobPostingEntity> {
    const row = await versionedUpdate(manager, JobPostingEntity, current.id, current.version, set);
    // The row is locked by this transaction, so its version cannot have moved.
    if (!row) throw DomainError.staleVersion('The job posting', current.version);
    return row;
  }

  /** The boards named, in order and without repeats; any unknown id is NOT_FOUND. */
  private async resolveBoards(manager: EntityManager, ids: string[]): Promise<JobBoardEntity[]> {
    const found = new Map((await this.boards.findBoardsByIds(ids, manager)).map((b) => [b.id, b]));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw DomainError.notFound('Job board', ['boardIds', String(missing)]);
    return [...new Set(ids)].map((id) => found.get(id) as JobBoardEntity);
  }
}
