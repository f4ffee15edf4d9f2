import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';
import { ActivityItem, ActivityRow } from '../pipeline/application-activity';

/** What the interviews' timeline source selects into `data` (evaluation.repository.ts). */
interface InterviewActivityData {
  interviewId: string;
  kind: string;
  startsAt: string | null;
  endsAt: string | null;
}

@ObjectType('InterviewActivity', {
  implements: () => [ActivityItem],
  description:
    'An interview of the application was scheduled, rescheduled or cancelled (`interview.scheduled`, `interview.rescheduled`, `interview.cancelled`). `interview` is the interview as it is now; `startsAt`/`endsAt` the slot this change set.',
})
export class InterviewActivityModel implements ActivityItem {
  occurredAt!: Date;
  kind!: string;
  actorRef!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'The start this change set.' })
  startsAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'The end this change set.' })
  endsAt!: Date | null;

  /** Resolved by `interview` through evaluation's batched loader. */
  interviewId!: string;

  static from(this: void, row: ActivityRow): InterviewActivityModel {
    const data = row.data as unknown as InterviewActivityData;
    return Object.assign(new InterviewActivityModel(), {
      occurredAt: row.occurredAt,
      kind: data.kind,
      actorRef: row.actor,
      startsAt: data.startsAt ? new Date(data.startsAt) : null,
      endsAt: data.endsAt ? new Date(data.endsAt) : null,
      interviewId: data.interviewId,
    });
  }
}

@ObjectType('ScorecardActivity', {
  implements: () => [ActivityItem],
  description:
    'An interviewer submitted their scorecard (`scorecard.submitted`); shown under the blind-feedback rule, never as a draft. `scorecard` is the scorecard as it is now.',
})
export class ScorecardActivityModel implements ActivityItem {
  occurredAt!: Date;
  kind!: string;
  actorRef!: string | null;

  /** Resolved by `scorecard` through evaluation's batched loader. */
  scorecardId!: string;

  static from(this: void, row: ActivityRow): ScorecardActivityModel {
    return Object.assign(new ScorecardActivityModel(), {
      occurredAt: row.occurredAt,
      kind: 'scorecard.submitted',
      actorRef: row.actor,
      scorecardId: (row.data as { scorecardId: string }).scorecardId,
    });
  }
}
