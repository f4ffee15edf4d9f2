import { ForbiddenException } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CandidateLoaders } from '../candidates/candidate.loaders';
import { CandidateModel } from '../candidates/candidate.model';
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs } from '../common/graphql/connection';
import { databaseIdOf, fromGlobalId } from '../common/graphql/global-id';
import { toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { RequisitionLoaders } from '../requisitions/requisition.loaders';
import { RequisitionModel } from '../requisitions/requisition.model';
import { ApplicationModel } from './application.model';
import { ApplicationChange, ApplicationsService } from './applications.service';
import {
  CreateApplicationInput,
  MoveApplicationInput,
  RejectApplicationInput,
  ReopenApplicationInput,
  WithdrawApplicationInput,
} from './dto/application.inputs';
import {
  ApplicationPayload,
  CreateApplicationPayload,
  MoveApplicationPayload,
} from './dto/application.payloads';
import { PipelineStageModel } from './pipeline-stage.model';
import { PipelineLoaders, stageBeyondReach } from './pipeline.loaders';
import { StageTransitionConnection, StageTransitionModel } from './stage-transition.model';

function toApplicationPayload(change: ApplicationChange): ApplicationPayload {
  return {
    application: ApplicationModel.from(change.application),
    transition: change.transition ? StageTransitionModel.from(change.transition) : null,
    userErrors: [],
  };
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
    const { application } = await this.applications.create({
      ...input,
      candidateId: databaseIdOf(input.candidateId, 'Candidate'),
      requisitionId: databaseIdOf(input.requisitionId, 'Requisition'),
      stageId: input.stageId == null ? input.stageId : databaseIdOf(input.stageId, 'PipelineStage'),
    });
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
    return toApplicationPayload(
      await this.applications.move(
        {
          ...input,
          id: databaseIdOf(input.id, 'Application'),
          stageId: databaseIdOf(input.stageId, 'PipelineStage'),
        },
        reachOf(context, 'applications:write'),
      ),
    );
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload)
  async rejectApplication(
    @Args('input') input: RejectApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus(
        'reject',
        {
          ...input,
          id: databaseIdOf(input.id, 'Application'),
          reasonId: input.reasonId == null ? null : databaseIdOf(input.reasonId, 'RejectionReason'),
        },
        reachOf(context, 'applications:write'),
      ),
    );
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload, { description: 'Back to ACTIVE, in the stage it was in.' })
  async reopenApplication(
    @Args('input') input: ReopenApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus(
        'reopen',
        { ...input, id: databaseIdOf(input.id, 'Application') },
        reachOf(context, 'applications:write'),
      ),
    );
  }

  @Requires('applications:write')
  @Mutation(() => ApplicationPayload, { description: 'The candidate withdrew.' })
  async withdrawApplication(
    @Args('input') input: WithdrawApplicationInput,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationPayload> {
    return toApplicationPayload(
      await this.applications.changeStatus(
        'withdraw',
        {
          ...input,
          id: databaseIdOf(input.id, 'Application'),
          reasonId: input.reasonId == null ? null : databaseIdOf(input.reasonId, 'RejectionReason'),
        },
        reachOf(context, 'applications:write'),
      ),
    );
  }
}
