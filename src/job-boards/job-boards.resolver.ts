import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs } from '../common/graphql/connection';
import { databaseIdOf } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { RequisitionModel } from '../requisitions/requisition.model';
import {
  CreateJobBoardInput,
  JobBoardIdInput,
  PublishRequisitionInput,
  UnpublishRequisitionInput,
  UpdateJobBoardInput,
} from './dto/job-board.inputs';
import { JobBoardPayload, JobBoardSecretPayload, PublishRequisitionPayload } from './dto/job-board.payloads';
import { InboundDeliveryConnection } from './inbound-delivery.model';
import { JobBoardLoaders } from './job-board.loaders';
import { JobBoardConnection, JobBoardModel } from './job-board.model';
import { JobBoardsService } from './job-boards.service';
import { JobPostingsService } from './job-postings.service';
import { JobPostingConnection, JobPostingModel } from './job-posting.model';
import { indeedApplyUrl } from './job-posting.view';

@Resolver(() => JobBoardModel)
export class JobBoardsResolver {
  constructor(
    private readonly service: JobBoardsService,
    private readonly publishing: JobPostingsService,
    private readonly loaders: JobBoardLoaders,
    private readonly env: Environment,
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
    const row = await this.loaders.boardById(context).load(databaseIdOf(id, 'JobBoard'));
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
    const { board, secret } = await this.service.createBoard({
      name: input.name,
      slug: input.slug,
      kind: input.kind,
    });
    return { jobBoard: JobBoardModel.from(board), secret, userErrors: [] };
  }

  @Mutation(() => JobBoardPayload)
  @Requires('job_boards:manage')
  async updateJobBoard(@Args('input') input: UpdateJobBoardInput): Promise<JobBoardPayload> {
    const row = await this.service.updateBoard({
      id: databaseIdOf(input.id, 'JobBoard'),
      name: input.name,
      slug: input.slug,
      kind: input.kind,
      active: input.active,
    });
    return { jobBoard: JobBoardModel.from(row), userErrors: [] };
  }

  @Mutation(() => JobBoardPayload, {
    description:
      'Its public endpoints answer 404 and nothing more can be published on it; postings are kept.',
  })
  @Requires('job_boards:manage')
  async deactivateJobBoard(@Args('input') input: JobBoardIdInput): Promise<JobBoardPayload> {
    const row = await this.service.deactivateBoard(databaseIdOf(input.id, 'JobBoard'));
    return { jobBoard: JobBoardModel.from(row), userErrors: [] };
  }

  @Mutation(() => JobBoardSecretPayload, {
    description: 'A new signing secret, shown this once; the old one stops working at once.',
  })
  @Requires('job_boards:manage')
  async rotateJobBoardSecret(@Args('input') input: JobBoardIdInput): Promise<JobBoardSecretPayload> {
    const { board, secret } = await this.service.rotateSecret(databaseIdOf(input.id, 'JobBoard'));
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
    const { requisition, postings } = await this.publishing.publish({
      requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
      boardIds: input.boardIds.map((id) => databaseIdOf(id, 'JobBoard')),
    });
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
    const { requisition, postings } = await this.publishing.unpublish({
      requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
      boardIds: input.boardIds?.map((id) => databaseIdOf(id, 'JobBoard')) ?? null,
    });
    return {
      requisition: RequisitionModel.from(requisition),
      postings: postings.map(JobPostingModel.from),
      userErrors: [],
    };
  }
}
