import { ForbiddenException } from '@nestjs/common';
import {
  Args,
  Context,
  ID,
  Info,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { fromGlobalId } from '../common/graphql/global-id';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { CandidateLoaders } from '../candidates/candidate.loaders';
import { CandidateModel } from '../candidates/candidate.model';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { ConnectionArgs } from '../common/graphql/connection';
import { ApplicationsService } from './applications.service';
import {
  AddPipelineStageInput,
  ApplicationsArgs,
  CreateApplicationInput,
  MoveApplicationInput,
  RejectApplicationInput,
  RemovePipelineStageInput,
  ReopenApplicationInput,
  ReorderPipelineStagesInput,
  RequisitionApplicationsArgs,
  UpdatePipelineStageInput,
  WithdrawApplicationInput,
} from './dto/pipeline.inputs';
import {
  ApplicationPayload,
  CreateApplicationPayload,
  MoveApplicationPayload,
  PipelineStagePayload,
  RemovePipelineStagePayload,
  ReorderPipelineStagesPayload,
} from './dto/pipeline.payloads';
import { PipelineLoaders } from './pipeline.loaders';
import {
  ApplicationConnection,
  ApplicationModel,
  PipelineStageModel,
  StageTransitionConnection,
  StageTransitionModel,
} from './pipeline.models';
import { PipelineStagesService } from './pipeline-stages.service';
import { ApplicationChange } from './applications.service';
import { toGlobalId } from '../common/graphql/global-id';
import { reachOf } from '../identity/auth.guards';
import { Requires } from '../common/auth/permissions';

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Stages are never deleted, so a related stage that does not load is beyond the caller's reach: a write-only API
 * key reading its own mutation's payload. Refused like the payload's candidate and requisition, not a crash.
 */
const stageBeyondReach = () =>
  new ForbiddenException('Reading the stage needs the "requisitions:read" or "candidates:read" permission.');

function toApplicationPayload(change: ApplicationChange): ApplicationPayload {
  return {
    application: ApplicationModel.from(change.application),
    transition: change.transition ? StageTransitionModel.from(change.transition) : null,
    userErrors: [],
  };
}

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
      const ownStage = stage && stage.requisitionId === requisition.row.id ? stage.id : NO_SUCH_ID;
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

@Resolver(() => CandidateModel)
export class CandidatePipelineResolver {
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
    const { stage, requisition } = await this.stages.add(input, reachOf(context, 'requisitions:write'));
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
    const { stage, requisition } = await this.stages.update(input, reachOf(context, 'requisitions:write'));
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
    const { stages, requisition } = await this.stages.reorder(input, reachOf(context, 'requisitions:write'));
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
    const { stage, requisition } = await this.stages.remove(input, reachOf(context, 'requisitions:write'));
    return {
      removedStageId: toGlobalId('PipelineStage', stage.id),
      requisition: RequisitionModel.from(requisition),
      userErrors: [],
    };
  }
}

@Resolver(() => ApplicationModel)
export class ApplicationsResolver {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly loaders: PipelineLoaders,
    private readonly requisitionLoaders: RequisitionLoaders,
    private readonly candidateLoaders: CandidateLoaders,
  ) {}

  @Query(() => ApplicationModel, { nullable: true })
  async application(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel | null> {
    const dbId = fromGlobalId(id, 'Application');
    const row = dbId ? await this.loaders.applicationById(context).load(dbId) : null;
    return row ? ApplicationModel.from(row) : null;
  }

  @ResolveField(() => CandidateModel)
  async candidate(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<CandidateModel> {
    const row = await this.candidateLoaders.byId(context).load(application.row.candidateId);
    if (!row) throw new ForbiddenException('Reading the candidate needs the "candidates:read" permission.');
    return CandidateModel.from(row);
  }

  @ResolveField(() => RequisitionModel)
  async requisition(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<RequisitionModel> {
    const row = await this.requisitionLoaders.byId(context).load(application.row.requisitionId);
    if (!row)
      throw new ForbiddenException('Reading the requisition needs the "requisitions:read" permission.');
    return RequisitionModel.from(row);
  }

  @ResolveField(() => PipelineStageModel)
  async stage(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel> {
    const row = await this.loaders.stageById(context).load(application.row.stageId);
    if (!row) throw stageBeyondReach();
    return PipelineStageModel.from(row);
  }

  @ResolveField(() => StageTransitionConnection, { description: 'History, newest first.' })
  transitions(
    @Parent() application: ApplicationModel,
    @Args() args: ConnectionArgs,
    @Context() context: GraphQLContext,
  ): Promise<StageTransitionConnection> {
    return this.loaders.transitionConnection(context, application.row.id, toPageRequest(args));
  }

  @Requires('applications:create')
  @Mutation(() => CreateApplicationPayload, {
    description: 'Puts a candidate on an OPEN requisition, in its first stage.',
  })
  async createApplication(@Args('input') input: CreateApplicationInput): Promise<CreateApplicationPayload> {
    const { application } = await this.applications.create(input);
    return { application: ApplicationModel.from(application), userErrors: [] };
  }

  @Requires('applications:write')
  @Mutation(() => MoveApplicationPayload, {
    description: 'Moves an ACTIVE application; into the HIRED stage hires.',
  })
  async moveApplication(
    @Args('input') input: MoveApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<MoveApplicationPayload> {
    return toApplicationPayload(await this.applications.move(input, reachOf(context, 'applications:write')));
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload)
  async rejectApplication(
    @Args('input') input: RejectApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus('reject', input, reachOf(context, 'applications:write')),
    );
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload, { description: 'Back to ACTIVE, in the stage it was in.' })
  async reopenApplication(
    @Args('input') input: ReopenApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus('reopen', input, reachOf(context, 'applications:write')),
    );
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload, { description: 'The candidate withdrew.' })
  async withdrawApplication(
    @Args('input') input: WithdrawApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus('withdraw', input, reachOf(context, 'applications:write')),
    );
  }
}

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
