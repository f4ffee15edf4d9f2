import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ApplicationStatus } from './pipeline.enums';
import { StageTransitionEntity } from './stage-transition.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

@ObjectType('StageTransition', {
  implements: () => [Node],
  description: 'One entry of an application’s append-only history: a move, a status change, or both.',
})
export class StageTransitionModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => ApplicationStatus, {
    nullable: true,
    description: 'Null for the entry that created the application.',
  })
  fromStatus!: ApplicationStatus | null;

  @Field(() => ApplicationStatus)
  toStatus!: ApplicationStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: 'Who made the change.' })
  actor!: string | null;

  @Field(() => Int, { description: "Position in the application's history, from 1." })
  sequence!: number;

  @Field(() => GraphQLDateTime)
  occurredAt!: Date;

  row!: StageTransitionEntity;

  static from(this: void, row: StageTransitionEntity): StageTransitionModel {
    return Object.assign(new StageTransitionModel(), {
      id: toGlobalId('StageTransition', row.id),
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      reason: row.reason,
      actor: row.actor,
      sequence: row.sequence,
      occurredAt: row.occurredAt,
      row,
    });
  }
}

@ObjectType()
export class StageTransitionConnection extends Connection(StageTransitionModel, 'StageTransition') {}
