import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLContext } from '../common/graphql/request-context';
import { Environment } from '../config/environment';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { JobBoardLoaders } from './job-board.loaders';
import { JobBoardModel } from './job-board.model';
import { JobPostingModel } from './job-posting.model';
import { jobPageUrl } from './job-posting.view';

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
