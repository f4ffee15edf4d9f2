import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { SkillImportance } from '../requisitions/requisition.enums';
import { SkillModel } from '../skills/skill.model';
import { UserModel } from '../identity/user.model';
import { Recommendation, ScorecardStatus } from './evaluation.enums';
import { InterviewModel } from './interview.model';
import { ScorecardEntity } from './scorecard.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(ScorecardStatus, {
  name: 'ScorecardStatus',
  valuesMap: {
    DRAFT: { description: 'Seen by its author only.' },
    SUBMITTED: {
      description: 'Counts in the evaluation; its author can still amend it while the application is ACTIVE.',
    },
  },
});
registerEnumType(Recommendation, { name: 'Recommendation' });

@ObjectType('SkillRating')
export class SkillRatingModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => Int, { description: '1 to 4.' })
  rating!: number;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field({ description: "Whether the skill is on the interview's rubric; off-rubric ratings are allowed." })
  onRubric!: boolean;
}

@ObjectType('Scorecard', {
  implements: () => [Node],
  description:
    "An interviewer's feedback on an interview. Blind: interviewers read others' submitted scorecards on an application only once theirs is submitted; drafts are their author's alone.",
})
export class ScorecardModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => ScorecardStatus)
  status!: ScorecardStatus;

  @Field(() => Recommendation, { nullable: true })
  overallRecommendation!: Recommendation | null;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  notes!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  @Field(() => Int)
  version!: number;

  row!: ScorecardEntity;

  static from(this: void, row: ScorecardEntity): ScorecardModel {
    return Object.assign(new ScorecardModel(), {
      id: toGlobalId('Scorecard', row.id),
      status: row.status,
      overallRecommendation: row.overallRecommendation,
      notes: row.notes,
      submittedAt: row.submittedAt,
      updatedAt: row.updatedAt,
      version: row.version,
      row,
    });
  }
}

@ObjectType('RecommendationCount')
export class RecommendationCountModel {
  @Field(() => Recommendation)
  recommendation!: Recommendation;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SkillEvaluation', {
  description: "One skill's ratings across the submitted scorecards the caller may read.",
})
export class SkillEvaluationModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => SkillImportance, { nullable: true, description: 'Null for a skill rated outside the rubric.' })
  importance!: SkillImportance | null;

  @Field(() => Float, { nullable: true })
  minYears!: number | null;

  @Field()
  onRubric!: boolean;

  @Field(() => Float, { nullable: true, description: 'Mean rating (1–4), null when nobody rated it.' })
  meanRating!: number | null;

  @Field(() => [Int])
  ratings!: number[];
}

@ObjectType('OwedScorecard', {
  description: 'An interviewer who has not submitted a scorecard for an interview that ended.',
})
export class OwedScorecardModel {
  @Field(() => InterviewModel)
  interview!: InterviewModel;

  @Field(() => UserModel)
  interviewer!: UserModel;
}

@ObjectType('ApplicationEvaluation', {
  description:
    "The application's submitted scorecards summed up, as far as the caller may read them (interviewers: blind until theirs is in).",
})
export class ApplicationEvaluationModel {
  @Field(() => Int)
  scorecardCount!: number;

  @Field(() => [RecommendationCountModel], { description: 'Every recommendation, STRONG_NO to STRONG_YES.' })
  recommendations!: RecommendationCountModel[];

  @Field(() => [SkillEvaluationModel], {
    description: 'The rubric (the requisition skills), then off-rubric skills.',
  })
  skills!: SkillEvaluationModel[];

  @Field(() => [OwedScorecardModel], {
    description: 'Who still owes a scorecard for an interview that has ended.',
  })
  owedScorecards!: OwedScorecardModel[];
}

@ObjectType('PendingScorecard', {
  description: 'A scorecard the caller owes: the interview ended, theirs is not submitted.',
})
export class PendingScorecardModel {
  @Field(() => InterviewModel)
  interview!: InterviewModel;

  @Field(() => ScorecardModel, { nullable: true, description: 'The draft, if one was saved.' })
  draft!: ScorecardModel | null;
}
