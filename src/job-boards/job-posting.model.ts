import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { JobPostingStatus } from './job-board.enums';
import { JobPostingEntity } from './job-posting.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(JobPostingStatus, {
  name: 'JobPostingStatus',
  description:
    'PUBLISHED: listed. UNPUBLISHED: taken down by hand or because the requisition is on hold; can be published again. CLOSED: the requisition was closed or filled.',
});

@ObjectType('JobPosting', {
  implements: () => [Node],
  description: 'A requisition advertised on one job board.',
})
export class JobPostingModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => JobPostingStatus)
  status!: JobPostingStatus;

  @Field({ description: 'Issued at the first publication ("JP-000042") and never changed.' })
  referenceNumber!: string;

  @Field(() => GraphQLDateTime, { description: 'When it was last published.' })
  publishedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was last taken down.' })
  unpublishedAt!: Date | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  /** Storage row, for field resolvers; not part of the schema. */
  row!: JobPostingEntity;

  static from(this: void, row: JobPostingEntity): JobPostingModel {
    return Object.assign(new JobPostingModel(), {
      id: toGlobalId('JobPosting', row.id),
      status: row.status,
      referenceNumber: row.referenceNumber,
      publishedAt: row.publishedAt,
      unpublishedAt: row.unpublishedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}

@ObjectType()
export class JobPostingConnection extends Connection(JobPostingModel, 'JobPosting') {}
