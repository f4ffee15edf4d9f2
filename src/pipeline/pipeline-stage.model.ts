import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { StageKind } from './pipeline.enums';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(StageKind, { name: 'StageKind' });

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

  @Field(() => GraphQLDateTime, {
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
