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
import { ApplicationOrderings, DEFAULT_APPLICATION_ORDER, OrderDirection } from './application-orderings';
import { DomainError } from '../common/errors/domain-error';

/** A requisition's pipeline: its stages and the applications on it. */
@Resolver(() => RequisitionModel)
export class RequisitionPipelineResolver {
  constructor(
    private readonly loaders: PipelineLoaders,
    private readonly orderings: ApplicationOrderings,
  ) {}

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
    description:
      'Newest first unless `orderBy` says otherwise (MATCH_SCORE: best skill match first); optionally one stage or status only.',
  })
  async applications(
    @Parent() requisition: RequisitionModel,
    @Args() args: RequisitionApplicationsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApplicationConnection> {
    const page = toPageRequest(args);
    const order = args.orderBy
      ? { field: args.orderBy.field, descending: args.orderBy.direction === OrderDirection.DESC }
      : DEFAULT_APPLICATION_ORDER;
    if (!this.orderings.has(order.field)) {
      throw DomainError.invalid(['orderBy', 'field'], `Ordering by ${order.field} is not available.`);
    }
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
        order,
      );
    }
    return this.loaders.applicationConnection(
      context,
      'requisition_id',
      requisition.row.id,
      page,
      args.status ?? null,
      info,
      order,
    );
  }
}
