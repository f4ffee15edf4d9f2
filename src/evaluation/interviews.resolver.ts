import { ForbiddenException } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf, fromGlobalId } from '../common/graphql/global-id';
import { GraphQLContext } from '../common/graphql/request-context';
import { UserModel } from '../identity/user.model';
import { ApplicationModel } from '../pipeline/application.model';
import { PipelineStageModel } from '../pipeline/pipeline-stage.model';
import { PipelineLoaders, stageBeyondReach } from '../pipeline/pipeline.loaders';
import { SkillModel } from '../skills/skill.model';
import { InterviewPayload } from './dto/evaluation.payloads';
import {
  CancelInterviewInput,
  MarkInterviewNoShowInput,
  RescheduleInterviewInput,
  ScheduleInterviewInput,
} from './dto/interview.inputs';
import { EvaluationLoaders, evaluationReachOf } from './evaluation.loaders';
import { InterviewModel, RubricItemModel } from './interview.model';
import { InterviewChange, InterviewsService } from './interviews.service';
import { ScorecardModel } from './scorecard.model';

const payload = (change: InterviewChange): InterviewPayload => ({
  interview: InterviewModel.from(change.interview),
  userErrors: [],
});

const userIds = (ids: string[]) => ids.map((id) => databaseIdOf(id, 'User'));

@Resolver(() => InterviewModel)
export class InterviewsResolver {
  constructor(
    private readonly interviews: InterviewsService,
    private readonly loaders: EvaluationLoaders,
    private readonly pipelineLoaders: PipelineLoaders,
  ) {}

  @Query(() => InterviewModel, {
    nullable: true,
    description:
      "Null when it does not exist or is beyond the caller's reach (interviewers: the interviews they are on).",
  })
  async interview(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<InterviewModel | null> {
    const dbId = fromGlobalId(id, 'Interview');
    const row = dbId ? await this.loaders.interviewById(context).load(dbId) : null;
    return row ? InterviewModel.from(row) : null;
  }

  @ResolveField(() => ApplicationModel)
  async application(
    @Parent() interview: InterviewModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel> {
    const row = await this.pipelineLoaders.applicationById(context).load(interview.row.applicationId);
    if (!row) throw new ForbiddenException('Reading the application needs the "candidates:read" permission.');
    return ApplicationModel.from(row);
  }

  @ResolveField(() => PipelineStageModel)
  async stage(
    @Parent() interview: InterviewModel,
    @Context() context: GraphQLContext,
  ): Promise<PipelineStageModel> {
    const row = await this.pipelineLoaders.stageById(context).load(interview.row.stageId);
    if (!row) throw stageBeyondReach();
    return PipelineStageModel.from(row);
  }

  @ResolveField(() => [UserModel])
  async interviewers(
    @Parent() interview: InterviewModel,
    @Context() context: GraphQLContext,
  ): Promise<UserModel[]> {
    const users = await this.loaders.interviewersByInterview(context).load(interview.row.id);
    return users.map(UserModel.from);
  }

  @ResolveField(() => [RubricItemModel], {
    description:
      "The skills to rate: the requisition's required and preferred skills, narrowed to the interview's focus skills when it has any.",
  })
  async rubric(
    @Parent() interview: InterviewModel,
    @Context() context: GraphQLContext,
  ): Promise<RubricItemModel[]> {
    const skills = await this.loaders.rubricOf(context, interview.row);
    return skills.map((s) =>
      Object.assign(new RubricItemModel(), {
        skill: SkillModel.from(s.skill),
        importance: s.importance,
        minYears: s.minYears,
      }),
    );
  }

  @ResolveField(() => [ScorecardModel], {
    description:
      "The scorecards the caller may read: their own (draft or not); others' submitted ones for hiring managers, recruiters and admins, and for interviewers once their own scorecard on the application is submitted.",
  })
  async scorecards(
    @Parent() interview: InterviewModel,
    @Context() context: GraphQLContext,
  ): Promise<ScorecardModel[]> {
    if (evaluationReachOf(context, 'scorecards:read').kind === 'none') return [];
    const rows = await this.loaders.scorecardsByInterview(context).load(interview.row.id);
    return rows.map(ScorecardModel.from);
  }

  @Requires('interviews:write')
  @Mutation(() => InterviewPayload, {
    description:
      "Schedules an interview of an ACTIVE application with members of the requisition's hiring team; an interviewer is never double-booked (INTERVIEWER_UNAVAILABLE).",
  })
  async scheduleInterview(
    @Args('input') input: ScheduleInterviewInput,
    @Context() context: GraphQLContext,
  ): Promise<InterviewPayload> {
    return payload(
      await this.interviews.schedule(
        {
          ...input,
          applicationId: databaseIdOf(input.applicationId, 'Application'),
          stageId: input.stageId == null ? null : databaseIdOf(input.stageId, 'PipelineStage'),
          interviewerIds: userIds(input.interviewerIds),
          focusSkillIds: input.focusSkillIds?.map((id) => databaseIdOf(id, 'Skill')) ?? [],
        },
        evaluationReachOf(context, 'interviews:write'),
      ),
    );
  }

  @Requires('interviews:write')
  @Mutation(() => InterviewPayload, {
    description:
      'Moves a SCHEDULED interview (and may change its interviewers); calendar feeds raise its SEQUENCE.',
  })
  async rescheduleInterview(
    @Args('input') input: RescheduleInterviewInput,
    @Context() context: GraphQLContext,
  ): Promise<InterviewPayload> {
    return payload(
      await this.interviews.reschedule(
        {
          ...input,
          id: databaseIdOf(input.id, 'Interview'),
          interviewerIds: input.interviewerIds ? userIds(input.interviewerIds) : null,
        },
        evaluationReachOf(context, 'interviews:write'),
      ),
    );
  }

  @Requires('interviews:write')
  @Mutation(() => InterviewPayload, {
    description: 'Calls off a SCHEDULED interview; it frees the interviewers.',
  })
  async cancelInterview(
    @Args('input') input: CancelInterviewInput,
    @Context() context: GraphQLContext,
  ): Promise<InterviewPayload> {
    return payload(
      await this.interviews.cancel(
        { ...input, id: databaseIdOf(input.id, 'Interview') },
        evaluationReachOf(context, 'interviews:write'),
      ),
    );
  }

  @Requires('interviews:write')
  @Mutation(() => InterviewPayload, {
    description: 'The candidate did not come to a SCHEDULED interview that has begun.',
  })
  async markInterviewNoShow(
    @Args('input') input: MarkInterviewNoShowInput,
    @Context() context: GraphQLContext,
  ): Promise<InterviewPayload> {
    return payload(
      await this.interviews.markNoShow(
        { ...input, id: databaseIdOf(input.id, 'Interview') },
        evaluationReachOf(context, 'interviews:write'),
      ),
    );
  }
}
