import { Field, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { InterviewModel } from '../interview.model';
import { ScorecardModel } from '../scorecard.model';

@ObjectType()
export class InterviewPayload {
  @Field(() => InterviewModel, { nullable: true })
  interview?: InterviewModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class SaveScorecardPayload {
  @Field(() => ScorecardModel, { nullable: true })
  scorecard?: ScorecardModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class RotateCalendarFeedTokenPayload {
  @Field(() => String, {
    nullable: true,
    description: 'The new feed URL; the old one answers 404 from now on.',
  })
  calendarFeedUrl?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
