import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { rowsToEntities } from '../common/database/raw-rows';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingStatus } from './job-board.enums';
import { JobPostingEntity } from './job-posting.entity';
import { PostingView } from './job-posting.view';

interface PostingViewRow extends Omit<PostingView, 'salary'> {
  salaryMin: string | null;
  salaryMax: string | null;
  salaryCurrency: string | null;
  salaryPeriod: NonNullable<PostingView['salary']>['period'] | null;
  boardActive: boolean;
}

/** One posting with its board and requisition, as the public surfaces show it. */
const VIEW_SELECT = `
  SELECT p.id AS "postingId", p.status, p.reference_number AS "referenceNumber", p.published_at AS "publishedAt",
         GREATEST(p.updated_at, r.updated_at) AS "updatedAt",
         b.slug AS "boardSlug", b.kind AS "boardKind", b.active AS "boardActive",
         r.code AS "requisitionCode", r.title, r.description, r.level, r.employment_type AS "employmentType",
         r.department, r.workplace_type AS "workplaceType", r.locations,
         r.salary_min AS "salaryMin", r.salary_max AS "salaryMax", r.salary_currency AS "salaryCurrency",
         r.salary_period AS "salaryPeriod", r.responsibilities, r.education_requirement AS "educationRequirement",
         COALESCE((
           SELECT jsonb_agg(jsonb_build_object('name', s.name, 'importance', rs.importance, 'minYears', rs.min_years)
                            ORDER BY rs.position)
           FROM requisition_skill rs JOIN skill s ON s.id = rs.skill_id
           WHERE rs.requisition_id = r.id), '[]'::jsonb) AS skills
  FROM job_posting p
  JOIN job_board b ON b.id = p.board_id
  JOIN requisition r ON r.id = p.requisition_id`;

function toView(row: PostingViewRow): PostingView & { boardActive: boolean } {
  const { salaryMin, salaryMax, salaryCurrency, salaryPeriod, ...rest } = row;
  return {
    ...rest,
    // pg hands numerics over as text; skill years inside jsonb are already numbers.
    salary:
      salaryMin !== null && salaryMax !== null && salaryCurrency && salaryPeriod
        ? { min: Number(salaryMin), max: Number(salaryMax), currency: salaryCurrency, period: salaryPeriod }
        : null,
    skills: row.skills.map((s) => ({ ...s, minYears: s.minYears === null ? null : Number(s.minYears) })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

@Injectable()
export class JobBoardsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findBoardsByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<JobBoardEntity[]> {
    return manager
      .getRepository(JobBoardEntity)
      .createQueryBuilder('b')
      .where('b.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  findBoardBySlug(slug: string): Promise<JobBoardEntity | null> {
    return this.dataSource.getRepository(JobBoardEntity).findOneBy({ slug });
  }

  findActiveBoardBySlug(slug: string): Promise<JobBoardEntity | null> {
    return this.dataSource.getRepository(JobBoardEntity).findOneBy({ slug, active: true });
  }

  lockBoard(manager: EntityManager, id: string): Promise<JobBoardEntity | null> {
    return manager
      .getRepository(JobBoardEntity)
      .createQueryBuilder('b')
      .setLock('pessimistic_write')
      .where('b.id = :id', { id })
      .getOne();
  }

  async insertBoard(manager: EntityManager, values: Partial<JobBoardEntity>): Promise<JobBoardEntity> {
    const repository = manager.getRepository(JobBoardEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  /** Boards, newest first. */
  async findBoardPage(page: PageRequest): Promise<JobBoardEntity[]> {
    const params: unknown[] = [];
    const keyset = keysetSql(page, 'b.created_at', 'b.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT b.* FROM job_board b WHERE ${keyset.where} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, JobBoardEntity, rows);
  }

  async countBoards(): Promise<number> {
    return this.dataSource.getRepository(JobBoardEntity).count();
  }

  /** A page of each board's postings (whatever their status), newest first: one statement for many boards. */
  async findPostingPages(boardIds: readonly string[], page: PageRequest): Promise<JobPostingEntity[]> {
    const params: unknown[] = [[...boardIds]];
    const keyset = keysetSql(page, 'p.created_at', 'p.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT page.* FROM unnest($1::uuid[]) AS board(id)
       CROSS JOIN LATERAL (
         SELECT p.* FROM job_posting p WHERE p.board_id = board.id AND ${keyset.where}
         ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, JobPostingEntity, rows);
  }

  /** Postings per board, for totalCount. */
  async countPostingsByBoards(boardIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ boardId: string; n: number }[]>(
      `SELECT board_id AS "boardId", count(*)::int AS n FROM job_posting
       WHERE board_id = ANY($1::uuid[]) GROUP BY board_id`,
      [[...boardIds]],
    );
    return new Map(rows.map((r) => [r.boardId, r.n]));
  }

  /** The posting an inbound application names, if it is one of the board's (anything but a uuid names none). */
  async findPostingOfBoard(
    manager: EntityManager,
    boardId: string,
    postingId: string,
  ): Promise<Pick<JobPostingEntity, 'id' | 'status' | 'requisitionId'> | null> {
    if (!isUuid(postingId)) return null;
    const [row] = await manager.query<Pick<JobPostingEntity, 'id' | 'status' | 'requisitionId'>[]>(
      `SELECT id, status, requisition_id AS "requisitionId" FROM job_posting WHERE id = $1 AND board_id = $2`,
      [postingId, boardId],
    );
    return row ?? null;
  }

  findPostingsByIds(ids: readonly string[]): Promise<JobPostingEntity[]> {
    return this.dataSource
      .getRepository(JobPostingEntity)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  findPostingsByRequisitionIds(ids: readonly string[]): Promise<JobPostingEntity[]> {
    return (
      this.dataSource
        .getRepository(JobPostingEntity)
        .createQueryBuilder('p')
        .where('p.requisition_id = ANY(:ids)', { ids: [...ids] })
        .orderBy('p.created_at', 'ASC')
        // Postings made together share created_at; reference numbers are issued in insertion order.
        .addOrderBy('p.reference_number', 'ASC')
        .getMany()
    );
  }

  /** The requisition's postings, locked (the caller holds the requisition's lock too). */
  async lockPostingsOfRequisition(
    manager: EntityManager,
    requisitionId: string,
  ): Promise<JobPostingEntity[]> {
    return (
      manager
        .getRepository(JobPostingEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.requisition_id = :requisitionId', { requisitionId })
        .orderBy('p.created_at', 'ASC')
        // Postings made together share created_at; reference numbers are issued in insertion order.
        .addOrderBy('p.reference_number', 'ASC')
        .getMany()
    );
  }

  async nextReferenceNumber(manager: EntityManager): Promise<string> {
    const [row] = await manager.query<{ n: string }[]>(`SELECT nextval('job_posting_reference_seq') AS n`);
    return `JP-${row.n.padStart(6, '0')}`;
  }

  async insertPosting(manager: EntityManager, values: Partial<JobPostingEntity>): Promise<JobPostingEntity> {
    const repository = manager.getRepository(JobPostingEntity);
    return repository.save(repository.create({ ...values, eventSequence: 1 }), { reload: true });
  }

  /** Published postings of a board in the public order (most recently published first), `limit + 1` rows. */
  async findPublishedViewPage(boardId: string, page: PageRequest): Promise<PostingView[]> {
    const params: unknown[] = [boardId, JobPostingStatus.PUBLISHED];
    const keyset = keysetSql(page, 'p.published_at', 'p.id', positionalBinder(params));
    const rows = await this.dataSource.query<PostingViewRow[]>(
      `${VIEW_SELECT} WHERE p.board_id = $1 AND p.status = $2 AND ${keyset.where}
       ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`,
      params,
    );
    return rows.map(toView);
  }

  /** Every published posting of a board (the Indeed feed must be complete). */
  async findAllPublishedViews(boardId: string): Promise<PostingView[]> {
    const rows = await this.dataSource.query<PostingViewRow[]>(
      `${VIEW_SELECT} WHERE p.board_id = $1 AND p.status = $2 ORDER BY p.published_at DESC, p.id DESC`,
      [boardId, JobPostingStatus.PUBLISHED],
    );
    return rows.map(toView);
  }

  /** One posting, whatever its status (callers answer 410 for those taken down). */
  async findView(postingId: string): Promise<(PostingView & { boardActive: boolean }) | null> {
    if (!isUuid(postingId)) return null;
    const [row] = await this.dataSource.query<PostingViewRow[]>(`${VIEW_SELECT} WHERE p.id = $1`, [
      postingId,
    ]);
    return row ? toView(row) : null;
  }

  async recordFeedFetch(boardId: string, userAgent: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE job_board SET last_feed_fetch_at = now(), last_feed_user_agent = $2 WHERE id = $1`,
      [boardId, userAgent],
    );
  }
}
