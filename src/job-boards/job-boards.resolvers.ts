import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionArgs } from '../common/graphql/connection';
import { fromGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { reachOf } from '../identity/auth.guards';
import { Requires } from '../common/auth/permissions';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import {
  CreateJobBoardInput,
  JobBoardIdInput,
  PublishRequisitionInput,
  ReprocessInboundDeliveryInput,
  UnpublishRequisitionInput,
  UpdateJobBoardInput,
} from './dto/job-board.inputs';
import {
  JobBoardPayload,
  JobBoardSecretPayload,
  PublishRequisitionPayload,
  ReprocessInboundDeliveryPayload,
} from './dto/job-board.payloads';
import { DomainError } from '../common/errors/domain-error';
import { InboundApplicationsService } from './inbound-applications.service';
import { JobBoardLoaders } from './job-board.loaders';
import {
  InboundDeliveryConnection,
  InboundDeliveryModel,
  JobBoardConnection,
  JobBoardModel,
  JobPostingConnection,
  JobPostingModel,
} from './job-board.models';
import { JobBoardsService } from './job-boards.service';
import { indeedApplyUrl, jobPageUrl } from './job-posting.view';

@Resolver(() => JobBoardModel)
export class JobBoardsResolver {
  constructor(
    private readonly service: JobBoardsService,
    private readonly loaders: JobBoardLoaders,
    private readonly env: Environment,
    private readonly inbound: InboundApplicationsService,
  ) {}

  @Query(() => JobBoardConnection, { description: 'Newest first. Admins and `job_boards:manage` keys.' })
  @Requires('job_boards:manage')
  async jobBoards(@Args() args: ConnectionArgs): Promise<JobBoardConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.service.findBoardPage(page),
      page,
      (b) => ({ key: b.createdAt.getTime(), id: b.id }),
      JobBoardModel.from,
      () => this.service.countBoards(),
    );
  }

  @Query(() => JobBoardModel, { nullable: true })
  @Requires('job_boards:manage')
  async jobBoard(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<JobBoardModel | null> {
    const dbId = fromGlobalId(id, 'JobBoard');
    const row = dbId ? await this.loaders.boardById(context).load(dbId) : null;
    return row ? JobBoardModel.from(row) : null;
  }

  @ResolveField(() => String, { description: 'The Indeed XML feed of the board (every published posting).' })
  feedUrl(@Parent() board: JobBoardModel): string {
    return `${this.env.publicBaseUrl()}/v1/boards/${board.slug}/feed.xml`;
  }

  @ResolveField(() => String, { description: 'The board API listing its published postings.' })
  jobsUrl(@Parent() board: JobBoardModel): string {
    return `${this.env.publicBaseUrl()}/v1/boards/${board.slug}/jobs`;
  }

  @ResolveField(() => String, {
    description: "Where Indeed Apply posts applications (in the feed's indeed-apply-data).",
  })
  indeedApplyUrl(@Parent() board: JobBoardModel): string {
    return indeedApplyUrl(this.env.publicBaseUrl(), board.slug);
  }

  @ResolveField(() => JobPostingConnection, { description: 'Every posting on the board, newest first.' })
  postings(
    @Parent() board: JobBoardModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<JobPostingConnection> {
    return this.loaders.postingConnection(context, board.row.id, toPageRequest(args));
  }

  @ResolveField(() => InboundDeliveryConnection, {
    description: 'Applications the board pushed, as received, most recent first (for operators).',
  })
  inboundDeliveries(
    @Parent() board: JobBoardModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<InboundDeliveryConnection> {
    return this.loaders.deliveryConnection(context, board.row.id, toPageRequest(args));
  }

  @Mutation(() => JobBoardSecretPayload, {
    description: "The payload carries the board's signing secret, this one time.",
  })
  @Requires('job_boards:manage')
  async createJobBoard(@Args('input') input: CreateJobBoardInput): Promise<JobBoardSecretPayload> {
    const { board, secret } = await this.service.createBoard(input);
    return { jobBoard: JobBoardModel.from(board), secret, userErrors: [] };
  }

  @Mutation(() => JobBoardPayload)
  @Requires('job_boards:manage')
  async updateJobBoard(@Args('input') input: UpdateJobBoardInput): Promise<JobBoardPayload> {
    return { jobBoard: JobBoardModel.from(await this.service.updateBoard(input)), userErrors: [] };
  }

  @Mutation(() => JobBoardPayload, {
    description:
      'Its public endpoints answer 404 and nothing more can be published on it; postings are kept.',
  })
  @Requires('job_boards:manage')
  async deactivateJobBoard(@Args('input') input: JobBoardIdInput): Promise<JobBoardPayload> {
    return { jobBoard: JobBoardModel.from(await this.service.deactivateBoard(input)), userErrors: [] };
  }

  @Mutation(() => JobBoardSecretPayload, {
    description: 'A new signing secret, shown this once; the old one stops working at once.',
  })
  @Requires('job_boards:manage')
  async rotateJobBoardSecret(@Args('input') input: JobBoardIdInput): Promise<JobBoardSecretPayload> {
    const { board, secret } = await this.service.rotateSecret(input);
    return { jobBoard: JobBoardModel.from(board), secret, userErrors: [] };
  }

  @Mutation(() => PublishRequisitionPayload, {
    description:
      'Publishes an OPEN requisition on the boards (republishing keeps the reference number). Holding, closing or filling the requisition takes its postings down.',
  })
  @Requires('job_boards:manage')
  async publishRequisition(
    @Args('input') input: PublishRequisitionInput,
  ): Promise<PublishRequisitionPayload> {
    const { requisition, postings } = await this.service.publish(input);
    return {
      requisition: RequisitionModel.from(requisition),
      postings: postings.map(JobPostingModel.from),
      userErrors: [],
    };
  }

  @Mutation(() => PublishRequisitionPayload, {
    description: "Takes the requisition's postings down (UNPUBLISHED).",
  })
  @Requires('job_boards:manage')
  async unpublishRequisition(
    @Args('input') input: UnpublishRequisitionInput,
  ): Promise<PublishRequisitionPayload> {
    const { requisition, postings } = await this.service.unpublish(input);
    return {
      requisition: RequisitionModel.from(requisition),
      postings: postings.map(JobPostingModel.from),
      userErrors: [],
    };
  }

  @Mutation(() => ReprocessInboundDeliveryPayload, {
    description:
      'Runs the processing of a failed Indeed or Standard Webhooks delivery again from its stored body. Not for a delivery refused for its signature; one that already made an application is returned unchanged.',
  })
  @Requires('job_boards:manage')
  async reprocessInboundDelivery(
    @Args('input') input: ReprocessInboundDeliveryInput,
  ): Promise<ReprocessInboundDeliveryPayload> {
    const id = fromGlobalId(input.id, 'InboundDelivery');
    if (!id) throw DomainError.notFound('Inbound delivery', ['id']);
    await this.inbound.reprocess(id);
    const row = await this.service.findDelivery(id);
    return { inboundDelivery: row ? InboundDeliveryModel.from(row) : null, userErrors: [] };
  }
}

@Resolver(() => JobPostingModel)
export class JobPostingResolver {
  constructor(
    private readonly loaders: JobBoardLoaders,
    private readonly requisitions: RequisitionLoaders,
    private readonly env: Environment,
  ) {}

  @ResolveField(() => String, { description: 'The public job page.' })
  url(@Parent() posting: JobPostingModel): string {
    return jobPageUrl(this.env.publicBaseUrl(), posting.row.id);
  }

  @ResolveField(() => JobBoardModel)
  async board(
    @Parent() posting: JobPostingModel,
    @Context() context: GraphQLContext,
  ): Promise<JobBoardModel> {
    const row = await this.loaders.boardById(context).load(posting.row.boardId);
    // A posting's board always exists (foreign key).
    return JobBoardModel.from(row!);
  }

  @ResolveField(() => RequisitionModel, { nullable: true, description: "Null beyond the caller's reach." })
  async requisition(
    @Parent() posting: JobPostingModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionModel | null> {
    const row = await this.requisitions.byId(context).load(posting.row.requisitionId);
    return row ? RequisitionModel.from(row) : null;
  }
}

@Resolver(() => RequisitionModel)
export class RequisitionPostingsResolver {
  constructor(private readonly loaders: JobBoardLoaders) {}

  @ResolveField(() => [JobPostingModel], {
    description: 'Where the requisition is or was advertised (one posting per board).',
  })
  async postings(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): Promise<JobPostingModel[]> {
    return (await this.loaders.postingsByRequisition(context).load(requisition.row.id)).map(
      JobPostingModel.from,
    );
  }
}

/** Whether the GraphQL caller manages job boards (Node lookups of boards and postings need it). */
export const managesJobBoards = (context: GraphQLContext): boolean =>
  reachOf(context, 'job_boards:manage').kind !== 'none';
