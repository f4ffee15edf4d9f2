import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { SkillImportance } from '../requisitions/requisition.enums';
import { SkillModel } from '../skills/skill.model';
import { InterviewKind, InterviewStatus } from './evaluation.enums';
import { InterviewEntity } from './interview.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(InterviewKind, { name: 'InterviewKind' });
registerEnumType(InterviewStatus, {
  name: 'InterviewStatus',
  valuesMap: {
    SCHEDULED: { description: 'Planned, or held and still waiting for scorecards.' },
    COMPLETED: { description: 'Ended, and every interviewer submitted a scorecard.' },
    CANCELLED: { description: 'Called off; it stays in calendar feeds with STATUS:CANCELLED.' },
    NO_SHOW: { description: 'The candidate did not come.' },
  },
});

@ObjectType('RubricItem', {
  description: 'A skill an interviewer is asked to rate, as the requisition asks for it.',
})
export class RubricItemModel {
  @Field(() => SkillModel)
  skill!: SkillModel;

  @Field(() => SkillImportance)
  importance!: SkillImportance;

  @Field(() => Float, { nullable: true })
  minYears!: number | null;
}

@ObjectType('Interview', { implements: () => [Node], description: 'An interview of an application.' })
export class InterviewModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => InterviewKind)
  kind!: InterviewKind;

  @Field(() => GraphQLDateTime)
  startsAt!: Date;

  @Field(() => GraphQLDateTime)
  endsAt!: Date;

  @Field({ description: 'The IANA zone it was planned in; times are instants (UTC).' })
  timeZone!: string;

  @Field(() => String, { nullable: true, description: 'A room or an address.' })
  location!: string | null;

  @Field(() => String, { nullable: true })
  videoUrl!: string | null;

  @Field(() => InterviewStatus)
  status!: InterviewStatus;

  @Field(() => String, { nullable: true })
  cancelReason!: string | null;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  row!: InterviewEntity;

  static from(this: void, row: InterviewEntity): InterviewModel {
    return Object.assign(new InterviewModel(), {
      id: toGlobalId('Interview', row.id),
      kind: row.kind,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      timeZone: row.timeZone,
      location: row.location,
      videoUrl: row.videoUrl,
      status: row.status,
      cancelReason: row.cancelReason,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}

@ObjectType()
export class InterviewConnection extends Connection(InterviewModel, 'Interview') {}
