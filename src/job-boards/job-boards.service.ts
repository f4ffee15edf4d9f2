import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { versionedUpdate } from '../common/database/versioned-update';
import { DomainError } from '../common/errors/domain-error';
import { PG_UNIQUE_VIOLATION, violatedConstraint } from '../common/errors/postgres-errors';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { InboundDeliveriesRepository, InboundDeliverySummary } from './inbound-deliveries.repository';
import { CreateJobBoardCommand, UpdateJobBoardCommand } from './job-board.commands';
import { JobBoardEntity } from './job-board.entity';
import { generateBoardSecret } from './job-board.secret';
import { JobBoardsRepository } from './job-boards.repository';
import { JobPostingEntity } from './job-posting.entity';

/** Job boards: their use cases, and the reads of boards, postings and deliveries for the transports. */
@Injectable()
export class JobBoardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly boards: JobBoardsRepository,
    private readonly deliveries: InboundDeliveriesRepository,
    private readonly audit: AuditLog,
  ) {}

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
