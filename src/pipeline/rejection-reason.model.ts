import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { RejectionCategory } from './pipeline.enums';
import { RejectionReasonEntity } from './rejection-reason.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(RejectionCategory, {
  name: 'RejectionCategory',
  valuesMap: {
    WE_REJECTED: { description: 'The hiring team decided against the candidate (rejectApplication).' },
    THEY_WITHDREW: {
      description: 'The candidate withdrew or declined (withdrawApplication, a declined offer).',
    },
  },
});

@ObjectType('RejectionReason', {
  implements: () => [Node],
  description: 'A structured reason an application ended, counted in hiring reports.',
})
export class RejectionReasonModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => RejectionCategory)
  category!: RejectionCategory;

  @Field({ description: 'Inactive reasons are kept for the records that name them but cannot be chosen.' })
  active!: boolean;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  static from(this: void, row: RejectionReasonEntity): RejectionReasonModel {
    return Object.assign(new RejectionReasonModel(), {
      id: toGlobalId('RejectionReason', row.id),
      name: row.name,
      category: row.category,
      active: row.active,
      version: row.version,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType()
export class RejectionReasonConnection extends Connection(RejectionReasonModel, 'RejectionReason') {}
