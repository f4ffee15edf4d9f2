import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { GraphQLContext } from '../common/graphql/request-context';
import { viewerOf } from '../identity/auth.guards';
import { UserModel } from '../identity/user.model';
import { ApplicationModel } from '../pipeline/application.model';
import { PipelineLoaders } from '../pipeline/pipeline.loaders';
import { SkillLoaders } from '../skills/skill.loaders';
import { SkillModel } from '../skills/skill.model';
import { SaveScorecardPayload } from './dto/evaluation.payloads';
import { SaveScorecardInput } from './dto/scorecard.inputs';
import { EvaluationLoaders, evaluationReachOf } from './evaluation.loaders';
import { InterviewModel } from './interview.model';
import { ScorecardModel, SkillRatingModel } from './scorecard.model';
import { ScorecardsService } from './scorecards.service';

@Resolver(() => ScorecardModel)
export class ScorecardsResolver {
  constructor(
    private readonly scorecards: ScorecardsService,
    private readonly loaders: EvaluationLoaders,
    private readonly pipelineLoaders: PipelineLoaders,
    private readonly skillLoaders: SkillLoaders,
  ) {}

  @ResolveField(() => InterviewModel)
  async interview(
    @Parent() scorecard: ScorecardModel,
    @Context() context: GraphQLContext,
  ): Promise<InterviewModel> {
    const row = await this.loaders.interviewOfScorecard(context).load(scorecard.row.interviewId);
    if (!row) throw new NotFoundException('The interview is gone.');
    return InterviewModel.from(row);
  }

  @ResolveField(() => ApplicationModel)
  async application(
    @Parent() scorecard: ScorecardModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationModel> {
    const row = await this.pipelineLoaders.applicationById(context).load(scorecard.row.applicationId);
    if (!row) throw new ForbiddenException('Reading the application needs the "candidates:read" permission.');
    return ApplicationModel.from(row);
  }

  @ResolveField(() => UserModel)
  async author(@Parent() scorecard: ScorecardModel, @Context() context: GraphQLContext): Promise<UserModel> {
    const row = await this.loaders.userById(context).load(scorecard.row.authorId);
    if (!row) throw new NotFoundException('The author is gone.');
    return UserModel.from(row);
  }

  @ResolveField(() => [SkillRatingModel], { description: 'In the order the author gave them.' })
  async ratings(
    @Parent() scorecard: ScorecardModel,
    @Context() context: GraphQLContext,
  ): Promise<SkillRatingModel[]> {
    const [ratings, interview] = await Promise.all([
      this.loaders.ratingsByScorecard(context).load(scorecard.row.id),
      this.loaders.interviewOfScorecard(context).load(scorecard.row.interviewId),
    ]);
    const rubric = new Set(
      interview ? (await this.loaders.rubricOf(context, interview)).map((s) => s.skillId) : [],
    );
    const skills = await this.skillLoaders.byId(context).loadMany(ratings.map((r) => r.skillId));
    return ratings.map((r, i) =>
      Object.assign(new SkillRatingModel(), {
        skill: SkillModel.from(skills[i] as Parameters<typeof SkillModel.from>[0]),
        rating: r.rating,
        note: r.note,
        onRubric: rubric.has(r.skillId),
      }),
    );
  }

  @Requires('scorecards:write')
  @Mutation(() => SaveScorecardPayload, {
    description:
      "Writes the caller's own scorecard for an interview they are on: a draft, or with `submit: true` (needs `overallRecommendation`) submitted. A submitted scorecard can be amended while the application is ACTIVE; every amendment is audited.",
  })
  async saveScorecard(
    @Args('input') input: SaveScorecardInput,
    @Context() context: GraphQLContext,
  ): Promise<SaveScorecardPayload> {
    const viewer = viewerOf(context);
    if (viewer.kind !== 'user') throw new ForbiddenException('Only interviewers write scorecards.');
    const { scorecard } = await this.scorecards.save(
      {
        ...input,
        interviewId: databaseIdOf(input.interviewId, 'Interview'),
        authorId: viewer.id,
        ratings: input.ratings.map((r) => ({ ...r, skillId: databaseIdOf(r.skillId, 'Skill') })),
      },
      evaluationReachOf(context, 'interviews:read'),
    );
    return { scorecard: ScorecardModel.from(scorecard), userErrors: [] };
  }
}
