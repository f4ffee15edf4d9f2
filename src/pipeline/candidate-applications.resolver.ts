import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { CandidateModel } from '../candidates/candidate.model';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { ApplicationConnection } from './application.model';
import { ApplicationsArgs } from './dto/application.inputs';
import { PipelineLoaders } from './pipeline.loaders';

/** A candidate's applications, whatever requisitions they are on. */
@Resolver(() => CandidateModel)
export class CandidateApplicationsResolver {
  constructor(private readonly loaders: PipelineLoaders) {}

  @ResolveField(() => ApplicationConnection, { description: 'Newest first.' })
  async applications(
    @Parent() candidate: CandidateModel,
    @Args() args: ApplicationsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApplicationConnection> {
    return this.loaders.applicationConnection(
      context,
      'candidate_id',
      candidate.row.id,
      toPageRequest(args),
      args.status ?? null,
      info,
    );
  }
}
