import { ForbiddenException } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLContext } from '../common/graphql/request-context';
import { ApplicationModel } from './application.model';
import { PipelineStageModel } from './pipeline-stage.model';
import { PipelineLoaders, stageBeyondReach } from './pipeline.loaders';
import { StageTransitionModel } from './stage-transition.model';

@Resolver(() => StageTransitionModel)
export class StageTransitionResolver {
  constructor(private readonly loaders: PipelineLoaders) {}

  @ResolveField(() => ApplicationModel)
  async application(
    @Parent() transition: StageTransitionModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel> {
    const row = await this.loaders.applicationById(context).load(transition.row.applicationId);
    if (!row) throw new ForbiddenException('Reading the application needs the "candidates:read" permission.');
    return ApplicationModel.from(row);
  }

  @ResolveField(() => PipelineStageModel, {
    nullable: true,
    description: 'Null for the entry that created the application.',
  })
  async fromStage(
    @Parent() transition: StageTransitionModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel | null> {
    if (!transition.row.fromStageId) return null;
    const row = await this.loaders.stageById(context).load(transition.row.fromStageId);
    // Null means "the entry that created the application": a stage beyond reach must not pass for that.
    if (!row) throw stageBeyondReach();
    return PipelineStageModel.from(row);
  }

  @ResolveField(() => PipelineStageModel)
  async toStage(
    @Parent() transition: StageTransitionModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel> {
    const row = await this.loaders.stageById(context).load(transition.row.toStageId);
    if (!row) throw stageBeyondReach();
    return PipelineStageModel.from(row);
  }
}
