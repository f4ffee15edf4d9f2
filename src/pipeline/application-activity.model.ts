import { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { ActivityItem } from './application-activity';
import { transitionEventType } from './pipeline.rules';
import { StageTransitionEntity } from './stage-transition.entity';
import { StageTransitionModel } from './stage-transition.model';

@ObjectType('StageTransitionActivity', {
  implements: () => [ActivityItem],
  description:
    'The application was created, moved, or changed status (`application.created`, `application.stage_changed`, `application.status_changed`).',
})
export class StageTransitionActivityModel implements ActivityItem {
  occurredAt!: Date;
  kind!: string;
  actorRef!: string | null;

  @Field(() => StageTransitionModel)
  transition!: StageTransitionModel;

  static from(this: void, row: StageTransitionEntity): StageTransitionActivityModel {
    return Object.assign(new StageTransitionActivityModel(), {
      occurredAt: row.occurredAt,
      kind: transitionEventType(row.fromStatus, row.toStatus),
      actorRef: row.actor,
      transition: StageTransitionModel.from(row),
    });
  }
}

@ObjectType()
export class ActivityConnection extends Connection(ActivityItem as Type<ActivityItem>, 'Activity') {}
