import { ForbiddenException } from '@nestjs/common';
import { Args, Context, Info, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf, toGlobalId } from '../common/graphql/global-id';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { ApplicationConnection } from './application.model';
import { ApplicationsArgs } from './dto/application.inputs';
import {
  AddPipelineStageInput,
  RemovePipelineStageInput,
  ReorderPipelineStagesInput,
  UpdatePipelineStageInput,
} from './dto/pipeline-stage.inputs';
import {
  PipelineStagePayload,
  RemovePipelineStagePayload,
  ReorderPipelineStagesPayload,
} from './dto/pipeline-stage.payloads';
import { PipelineStageModel } from './pipeline-stage.model';
import { PipelineStagesService } from './pipeline-stages.service';
import { PipelineLoaders } from './pipeline.loaders';

@Resolver(() => PipelineStageModel)
export class PipelineStageResolver {
  constructor(
    private readonly stages: PipelineStagesService,
    private readonly loaders: PipelineLoaders,
    private readonly requisitionLoaders: RequisitionLoaders,
  ) {}

  @ResolveField(() => RequisitionModel)
  async requisition(
    @Parent() stage: PipelineStageModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionModel> {
    const row = await this.requisitionLoaders.byId(context).load(stage.row.requisitionId);
    if (!row)
      throw new ForbiddenException('Reading the requisition needs the "requisitions:read" permission.');
    return RequisitionModel.from(row);
  }

  @ResolveField(() => Int, { description: 'ACTIVE applications in the stage.' })
  applicationCount(@Parent() stage: PipelineStageModel, @Context() context: GraphQLContext): Promise<number> {
    return this.loaders.activeCountByStage(context).load(stage.row.id);
  }

  @ResolveField(() => ApplicationConnection, {
    description: 'Applications in the stage (any status unless filtered), newest first.',
  })
  applications(
    @Parent() stage: PipelineStageModel,
    @Args() args: ApplicationsArgs,
    @Context() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ApplicationConnection> {
    return this.loaders.applicationConnection(
      context,
      'stage_id',
      stage.row.id,
      toPageRequest(args),
      args.status ?? null,
      info,
    );
  }

  @Requires('requisitions:write')
  @Mutation(() => PipelineStagePayload)
  async addPipelineStage(
    @Args('input') input: AddPipelineStageInput,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStagePayload> {
    const { stage, requisition } = await this.stages.add(
      { ...input, requisitionId: databaseIdOf(input.requisitionId, 'Requisition') },
      reachOf(context, 'requisitions:write'),
    );
    return {
      stage: PipelineStageModel.from(stage),
      requisition: RequisitionModel.from(requisition),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => PipelineStagePayload, { description: 'Rename a stage or change its kind.' })
  async updatePipelineStage(
    @Args('input') input: UpdatePipelineStageInput,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStagePayload> {
    const { stage, requisition } = await this.stages.update(
      { ...input, id: databaseIdOf(input.id, 'PipelineStage') },
      reachOf(context, 'requisitions:write'),
    );
    return {
      stage: PipelineStageModel.from(stage),
      requisition: RequisitionModel.from(requisition),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => ReorderPipelineStagesPayload)
  async reorderPipelineStages(
    @Args('input') input: ReorderPipelineStagesInput,
    @Context() context: GraphQLContext,
  ): Promise<ReorderPipelineStagesPayload> {
    const { stages, requisition } = await this.stages.reorder(
      {
        ...input,
        requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
        stageIds: input.stageIds.map((id) => databaseIdOf(id, 'PipelineStage')),
      },
      reachOf(context, 'requisitions:write'),
    );
    return {
      stages: stages.map(PipelineStageModel.from),
      requisition: RequisitionModel.from(requisition),
      userErrors: [],
    };
  }

  @Requires('requisitions:write')
  @Mutation(() => RemovePipelineStagePayload, {
    description: 'Removes a stage; one holding applications needs `moveApplicationsToStageId`.',
  })
  async removePipelineStage(
    @Args('input') input: RemovePipelineStageInput,
    @Context() context: GraphQLContext,
  ): Promise<RemovePipelineStagePayload> {
    const { stage, requisition } = await this.stages.remove(
      {
        ...input,
        id: databaseIdOf(input.id, 'PipelineStage'),
        moveApplicationsToStageId:
          input.moveApplicationsToStageId == null
            ? input.moveApplicationsToStageId
            : databaseIdOf(input.moveApplicationsToStageId, 'PipelineStage'),
      },
      reachOf(context, 'requisitions:write'),
    );
    return {
      removedStageId: toGlobalId('PipelineStage', stage.id),
      requisition: RequisitionModel.from(requisition),
      userErrors: [],
    };
  }
}
