import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { InboundDeliverySummary } from './inbound-deliveries.repository';
import { InboundDeliveryModel } from './inbound-delivery.model';
import { JobBoardModel } from './job-board.model';
import { JobPostingModel } from './job-posting.model';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardsService } from './job-boards.service';
import { JobPostingEntity } from './job-posting.entity';
import { NodeRegistry } from '../common/graphql/node-registry';
import { reachOf } from '../identity/auth.guards';

/** The request's batched lookups for boards and postings. */
@Injectable()
export class JobBoardLoaders implements OnModuleInit {
  constructor(
    private readonly service: JobBoardsService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // Boards and postings exist only for those who manage job boards.
    this.nodes.register('JobBoard', async (id, context) => {
      if (reachOf(context, 'job_boards:manage').kind === 'none') return null;
      const row = await this.boardById(context).load(id);
      return row && JobBoardModel.from(row);
    });
    this.nodes.register('JobPosting', async (id, context) => {
      if (reachOf(context, 'job_boards:manage').kind === 'none') return null;
      const row = await this.postingById(context).load(id);
      return row && JobPostingModel.from(row);
    });
    // Deliveries are listed on their board, for those who manage boards: they refetch them the same way.
    this.nodes.register('InboundDelivery', async (id, context) => {
      if (reachOf(context, 'job_boards:manage').kind === 'none') return null;
      const row = await this.deliveryById(context).load(id);
      return row && InboundDeliveryModel.from(row);
    });
  }

  deliveryById(context: GraphQLContext): DataLoader<string, InboundDeliverySummary | null> {
    return context.loaders.get(
      'inboundDelivery.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.service.findDeliveriesByIds(ids), (d) => d.id),
        ),
    );
  }

  boardById(context: GraphQLContext): DataLoader<string, JobBoardEntity | null> {
    return context.loaders.get(
      'jobBoard.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.service.findBoardsByIds(ids), (b) => b.id),
        ),
    );
  }

  postingById(context: GraphQLContext): DataLoader<string, JobPostingEntity | null> {
    return context.loaders.get(
      'jobPosting.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.service.findPostingsByIds(ids), (p) => p.id),
        ),
    );
  }

  /** A page of one board's postings as a connection, batched with its siblings'. */
  async postingConnection(
    context: GraphQLContext,
    boardId: string,
    page: PageRequest,
  ): Promise<ConnectionShape<JobPostingModel>> {
    return this.connection(
      context,
      'job_posting',
      boardId,
      page,
      (ids) => this.service.findPostingPages(ids, page),
      (p) => p.boardId,
      JobPostingModel.from,
      (p) => p.createdAt,
      (ids) => this.service.countPostingsByBoards(ids),
    );
  }

  /** A page of one board's inbound deliveries as a connection, batched with its siblings'. */
  async deliveryConnection(
    context: GraphQLContext,
    boardId: string,
    page: PageRequest,
  ): Promise<ConnectionShape<InboundDeliveryModel>> {
    return this.connection(
      context,
      'inbound_delivery',
      boardId,
      page,
      (ids) => this.service.findDeliveryPages(ids, page),
      (d) => d.boardId,
      InboundDeliveryModel.from,
      (d) => d.receivedAt,
      (ids) => this.service.countDeliveriesByBoards(ids),
    );
  }

  private async connection<Row extends { id: string }, Model>(
    context: GraphQLContext,
    table: 'job_posting' | 'inbound_delivery',
    boardId: string,
    page: PageRequest,
    fetch: (boardIds: readonly string[]) => Promise<Row[]>,
    boardOf: (row: Row) => string,
    toModel: (row: Row) => Model,
    keyOf: (row: Row) => Date,
    count: (boardIds: readonly string[]) => Promise<Map<string, number>>,
  ): Promise<ConnectionShape<Model>> {
    const pages = context.loaders.get(
      `${table}.pages:${JSON.stringify(page)}`,
      () => new DataLoader(async (ids: readonly string[]) => groupBy(ids, await fetch(ids), boardOf)),
    );
    const counts = context.loaders.get(
      `${table}.counts`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = await count(ids);
          return ids.map((id) => found.get(id) ?? 0);
        }),
    );
    return toConnection(
      await pages.load(boardId),
      page,
      (row) => ({ key: keyOf(row).getTime(), id: row.id }),
      toModel,
      () => counts.load(boardId),
    );
  }

  postingsByRequisition(context: GraphQLContext): DataLoader<string, JobPostingEntity[]> {
    return context.loaders.get(
      'jobPosting.byRequisition',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.service.findPostingsByRequisitionIds(ids), (p) => p.requisitionId),
        ),
    );
  }
}
