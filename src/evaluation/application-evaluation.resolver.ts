import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLContext } from '../common/graphql/request-context';
import { UserModel } from '../identity/user.model';
import { ApplicationModel } from '../pipeline/application.model';
import { SkillLoaders } from '../skills/skill.loaders';
import { SkillModel } from '../skills/skill.model';
import { SkillEntity } from '../skills/skill.entity';
import { Recommendation } from './evaluation.enums';
import { EvaluationLoaders, evaluationReachOf } from './evaluation.loaders';
import { summarize } from './evaluation.rules';
import { InterviewModel } from './interview.model';
import { ApplicationEvaluationModel, OwedScorecardModel, RecommendationCountModel } from './scorecard.model';

const RECOMMENDATIONS = [
  Recommendation.STRONG_NO,
  Recommendation.NO,
  Recommendation.YES,
  Recommendation.STRONG_YES,
];

/** The evaluation side of an application: its interviews and its scorecards summed up. */
@Resolver(() => ApplicationModel)
export class ApplicationEvaluationResolver {
  constructor(
    private readonly loaders: EvaluationLoaders,
    private readonly skillLoaders: SkillLoaders,
  ) {}

  @ResolveField(() => [InterviewModel], {
    description: 'Its interviews the caller may see, soonest first (interviewers: the ones they are on).',
  })
  async interviews(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<InterviewModel[]> {
    if (evaluationReachOf(context, 'interviews:read').kind === 'none') return [];
    const rows = await this.loaders.interviewsByApplication(context).load(application.row.id);
    return rows.map(InterviewModel.from);
  }

  @ResolveField(() => ApplicationEvaluationModel, {
    nullable: true,
    description:
      "Submitted scorecards summed up: counts per recommendation and, per skill of the requisition's rubric, its ratings and their mean, as far as the caller may read them; and who still owes a scorecard. Null without the scorecards:read permission.",
  })
  async evaluation(
    @Parent() application: ApplicationModel,
    @Context() context: GraphQLContext,
  ): Promise<ApplicationEvaluationModel | null> {
    if (evaluationReachOf(context, 'scorecards:read').kind === 'none') return null;
    const seesInterviews = evaluationReachOf(context, 'interviews:read').kind !== 'none';
    const [submitted, requisitionSkills, owed] = await Promise.all([
      this.loaders.submittedByApplication(context).load(application.row.id),
      this.loaders.requisitionSkills(context).load(application.row.requisitionId),
      seesInterviews ? this.loaders.owedByApplication(context).load(application.row.id) : Promise.resolve([]),
    ]);
    const summary = summarize(requisitionSkills, submitted);
    const skills = await this.skillLoaders.byId(context).loadMany(summary.skills.map((s) => s.skillId));
    const [interviews, interviewers] = await Promise.all([
      this.loaders.interviewById(context).loadMany(owed.map((o) => o.interviewId)),
      this.loaders.userById(context).loadMany(owed.map((o) => o.userId)),
    ]);
    return Object.assign(new ApplicationEvaluationModel(), {
      scorecardCount: summary.scorecardCount,
      recommendations: RECOMMENDATIONS.map((recommendation) =>
        Object.assign(new RecommendationCountModel(), {
          recommendation,
          count: summary.recommendations[recommendation],
        }),
      ),
      skills: summary.skills.map((s, i) => ({
        ...s,
        skill: SkillModel.from(skills[i] as SkillEntity),
      })),
      owedScorecards: owed.flatMap((_o, i) => {
        const interview = interviews[i];
        const user = interviewers[i];
        if (!interview || interview instanceof Error || !user || user instanceof Error) return [];
        return [
          Object.assign(new OwedScorecardModel(), {
            interview: InterviewModel.from(interview),
            interviewer: UserModel.from(user),
          }),
        ];
      }),
    });
  }
}
