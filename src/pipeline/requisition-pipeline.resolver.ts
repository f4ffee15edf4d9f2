import { Args, Context, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { fromGlobalId, NIL_UUID } from '../common/graphql/global-id';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { RequisitionModel } from '../requisitions/requisition.model';
import { ApplicationConnection } from './application.model';
import { RequisitionApplicationsArgs } from './dto/application.inputs';
import { PipelineStageModel } from './pipeline-stage.model';
import { PipelineLoaders } from './pipeline.loaders';

/** A requisition's pipeline: its stages and the applications on it. */
@Resolver(() => RequisitionModel)
export class RequisitionPipelineResolver {
  constructor(private readonly loaders: PipelineLoaders) {}

  @ResolveField(() => [PipelineStageModel], { description: 'Live stages, ordered by position.' })
  async stages(
    @Parent() requisition: RequisitionModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel[]> {
    return (await this.loaders.liveStagesByRequisition(context).load(requisition.row.id)).map(
      PipelineStageModel.from,
    );
  }

  @ResolveField(() => ApplicationConnection, {
    description: 'Newest first; optionally one stage or status only.',
  })
  async applications(
    @Parent() requisition: RequisitionModel,
    @Args() args: RequisitionApplicationsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApplicationConnection> {
    const page = toPageRequest(args);
    if (args.stageId != null) {
      const stageId = fromGlobalId(args.stageId, 'PipelineStage');
      const stage = stageId ? await this.loaders.stageById(context).load(stageId) : null;
      // A stage of another requisition (or no stage at all) simply has none of this requisition's applications.
      const ownStage = stage && stage.requisitionId === requisition.row.id ? stage.id : NIL_UUID;
      return this.loaders.applicationConnection(
        context,
        'stage_id',
        ownStage,
        page,
        args.status ?? null,
        info,
      );
    }
    return this.loaders.applicationConnection(
      context,
      'requisition_id',
      requisition.row.id,
      page,
      args.status ?? null,
      info,
    );
  }
}
