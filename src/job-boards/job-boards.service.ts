import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { versionedUpdate } from '../common/database/versioned-update';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { toGlobalId } from '../common/graphql/global-id';
import { PageRequest } from '../common/graphql/keyset';
import { EventOutbox } from '../events/event-outbox';
import { EventType, NewEvent } from '../events/event-types';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { RequisitionStatus } from '../requisitions/requisition.enums';
import { RequisitionListener, RequisitionListeners } from '../requisitions/requisition-listeners';
import { RequisitionsService } from '../requisitions/requisitions.service';
import {
  CreateJobBoardCommand,
  PublishRequisitionCommand,
  UnpublishRequisitionCommand,
  UpdateJobBoardCommand,
} from './job-board.commands';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingStatus } from './job-board.enums';
import { generateBoardSecret } from './job-board.secret';
import { InboundDeliveriesRepository, InboundDeliverySummary } from './inbound-deliveries.repository';
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

/** Job boards and the requisitions advertised on them. */
@Injectable()
export class JobBoardsService implements OnModuleInit, RequisitionListener {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly boards: JobBoardsRepository,
    private readonly deliveries: InboundDeliveriesRepository,
    private readonly requisitions: RequisitionsService,
    private readonly statusListeners: RequisitionListeners,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.statusListeners.register(this);
  }

  findBoardsByIds(ids: readonly string[]): Promise<JobBoardEntity[]> {
    return this.boards.findBoardsByIds(ids);
  }

  findBoardPage(page: PageRequest): Promise<JobBoardEntity[]> {
    return this.boards.findBoardPage(page);
  }

  countBoards(): Promise<number> {
    return this.boards.countBoards();
  }

  findPostingPages(boardIds: readonly string[], page: PageRequest): Promise<JobPostingEntity[]> {
    return this.boards.findPostingPages(boardIds, page);
  }

  findDeliveriesByIds(ids: readonly string[]): Promise<InboundDeliverySummary[]> {
    return this.deliveries.findSummariesByIds(ids);
  }

  findDeliveryPages(boardIds: readonly string[], page: PageRequest): Promise<InboundDeliverySummary[]> {
    return this.deliveries.findPagesByBoards(boardIds, page);
  }

  countDeliveriesByBoards(boardIds: readonly string[]): Promise<Map<string, number>> {
    return this.deliveries.countByBoards(boardIds);
  }

  countPostingsByBoards(boardIds: readonly string[]): Promise<Map<string, number>> {
    return this.boards.countPostingsByBoards(boardIds);
  }

  findPostingsByIds(ids: readonly string[]): Promise<JobPostingEntity[]> {
    return this.boards.findPostingsByIds(ids);
  }

  findPostingsByRequisitionIds(ids: readonly string[]): Promise<JobPostingEntity[]> {
    return this.boards.findPostingsByRequisitionIds(ids);
  }

  async createBoard(input: CreateJobBoardCommand): Promise<{ board: JobBoardEntity; secret: string }> {
    const secret = generateBoardSecret();
    return this.uniqueSlug(input.slug, ['slug'], () =>
      inTransaction(this.dataSource, async (manager) => {
        const board = await this.boards.insertBoard(manager, {
          name: input.name.trim(),
          slug: input.slug,
          kind: input.kind,
          signingSecret: secret,
        });
        await this.audit.record(manager, {
          action: 'createJobBoard',
          subjectType: 'job_board',
          subjectIds: [board.id],
          // Never the secret.
          changes: diff({}, { name: board.name, slug: board.slug, kind: board.kind }),
        });
        return { board, secret };
      }),
    );
  }

  async updateBoard(input: UpdateJobBoardCommand): Promise<JobBoardEntity> {
    return this.uniqueSlug(input.slug ?? '', ['slug'], () =>
      inTransaction(this.dataSource, async (manager) => {
        const current = await this.lockBoard(manager, input.id);
        const set: Partial<JobBoardEntity> = {};
        if (input.name != null) set.name = input.name.trim();
        if (input.slug != null) set.slug = input.slug;
        if (input.kind != null) set.kind = input.kind;
        if (input.active != null) set.active = input.active;
        const changes = diff(current, set);
        if (Object.keys(changes).length === 0) return current;
        const row = await this.writeBoard(manager, current, set);
        await this.audit.record(manager, {
          action: 'updateJobBoard',
          subjectType: 'job_board',
          subjectIds: [current.id],
          changes,
        });
        return row;
      }),
    );
  }

  async deactivateBoard(id: string): Promise<JobBoardEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockBoard(manager, id);
      if (!current.active) return current;
      const row = await this.writeBoard(manager, current, { active: false });
      await this.audit.record(manager, {
        action: 'deactivateJobBoard',
        subjectType: 'job_board',
        subjectIds: [current.id],
        changes: diff({ active: true }, { active: false }),
      });
      return row;
    });
  }

  /** A new signing secret; the old one stops verifying at once. */
  async rotateSecret(id: string): Promise<{ board: JobBoardEntity; secret: string }> {
    const secret = generateBoardSecret();
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.lockBoard(manager, id);
      const board = await this.writeBoard(manager, current, { signingSecret: secret });
      // That it happened, not what it is: diff() marks secret fields as redacted.
      await this.audit.record(manager, {
        action: 'rotateJobBoardSecret',
        subjectType: 'job_board',
        subjectIds: [current.id],
        changes: { signingSecret: { before: '[redacted]', after: '[redacted]' } },
      });
      return { board, secret };
    });
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

  private async writeBoard(
    manager: EntityManager,
    current: JobBoardEntity,
    set: Partial<JobBoardEntity>,
  ): Promise<JobBoardEntity> {
    const row = await versionedUpdate(manager, JobBoardEntity, current.id, current.version, set);
    if (!row) throw DomainError.staleVersion('The job board', current.version);
    return row;
  }

  private async lockBoard(manager: EntityManager, id: string): Promise<JobBoardEntity> {
    const board = await this.boards.lockBoard(manager, id);
    if (!board) throw DomainError.notFound('Job board', ['id']);
    return board;
  }

  /** The boards named, in order and without repeats; any unknown id is NOT_FOUND. */
  private async resolveBoards(manager: EntityManager, ids: string[]): Promise<JobBoardEntity[]> {
    const found = new Map((await this.boards.findBoardsByIds(ids, manager)).map((b) => [b.id, b]));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw DomainError.notFound('Job board', ['boardIds', String(missing)]);
    return [...new Set(ids)].map((id) => found.get(id) as JobBoardEntity);
  }

  /** Turns the slug's unique violation (a race past no check, or a plain duplicate) into a user error. */
  private async uniqueSlug<T>(slug: string, field: string[], work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const violation = violatedConstraint(error);
      if (violation?.code === PG_UNIQUE_VIOLATION && violation.constraint === 'job_board_slug_unique') {
        const other = await this.boards.findBoardBySlug(slug);
        throw DomainError.of(
          UserErrorCode.DUPLICATE_JOB_BOARD,
          `Another job board already has the slug "${slug}".`,
          field,
          other ? { type: 'JobBoard', id: other.id } : undefined,
        );
      }
      throw error;
    }
  }
}
