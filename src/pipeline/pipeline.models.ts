import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { ApplicationEntity } from './application.entity';
import { ApplicationSourceKind, ApplicationStatus, StageKind } from './pipeline.enums';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { StageTransitionEntity } from './stage-transition.entity';

registerEnumType(StageKind, { name: 'StageKind' });
registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
registerEnumType(ApplicationSourceKind, { name: 'ApplicationSourceKind' });

@ObjectType('PipelineStage', { implements: () => [Node] })
export class PipelineStageModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => StageKind)
  kind!: StageKind;

  @Field(() => Int, { nullable: true, description: 'Order in the pipeline, from 0; null once removed.' })
  position!: number | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Set when the stage was removed; history still points at it.',
  })
  removedAt!: Date | null;

  row!: PipelineStageEntity;

  static from(this: void, row: PipelineStageEntity): PipelineStageModel {
    return Object.assign(new PipelineStageModel(), {
      id: toGlobalId('PipelineStage', row.id),
      name: row.name,
      kind: row.kind,
      position: row.position,
      removedAt: row.removedAt,
      row,
    });
  }
}

@ObjectType('ApplicationSource')
export class ApplicationSourceModel {
  @Field(() => ApplicationSourceKind)
  kind!: ApplicationSourceKind;

  @Field(() => String, { nullable: true, description: 'The board, referrer, agency or event.' })
  detail!: string | null;
}

@ObjectType('Application', { implements: () => [Node], description: 'A candidate on a requisition.' })
export class ApplicationModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => ApplicationStatus)
  status!: ApplicationStatus;

  @Field(() => ApplicationSourceModel)
  source!: ApplicationSourceModel;

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => GraphQLISODateTime)
  appliedAt!: Date;

  @Field(() => GraphQLISODateTime)
  lastActivityAt!: Date;

  @Field(() => Int)
  version!: number;

  row!: ApplicationEntity;

  static from(this: void, row: ApplicationEntity): ApplicationModel {
    return Object.assign(new ApplicationModel(), {
      id: toGlobalId('Application', row.id),
      status: row.status,
      source: Object.assign(new ApplicationSourceModel(), { kind: row.sourceKind, detail: row.sourceDetail }),
      rejectionReason: row.rejectionReason,
      appliedAt: row.appliedAt,
      lastActivityAt: row.lastActivityAt,
      version: row.version,
      row,
    });
  }
}

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

  @Field(() => GraphQLISODateTime)
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
export class ApplicationConnection extends Connection(ApplicationModel, 'Application') {}

@ObjectType()
export class StageTransitionConnection extends Connection(StageTransitionModel, 'StageTransition') {}
