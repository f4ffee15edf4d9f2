import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { InboundSource } from './inbound-delivery.entity';
import type { InboundDeliverySummary } from './job-boards.repository';
import { JobBoardEntity } from './job-board.entity';
import { JobBoardKind, JobPostingStatus } from './job-board.enums';
import { JobPostingEntity } from './job-posting.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(JobBoardKind, { name: 'JobBoardKind' });
registerEnumType(JobPostingStatus, {
  name: 'JobPostingStatus',
  description:
    'PUBLISHED: listed. UNPUBLISHED: taken down by hand or because the requisition is on hold; can be published again. CLOSED: the requisition was closed or filled.',
});

@ObjectType('JobBoard', {
  implements: () => [Node],
  description:
    'Where requisitions are advertised (Indeed, LinkedIn, the career page) and applications come from.',
})
export class JobBoardModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;

  @Field(() => JobBoardKind)
  kind!: JobBoardKind;

  @Field({ description: 'Deactivated boards serve no public endpoint and take no new postings.' })
  active!: boolean;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the board last read its feed (GET /v1/boards/{slug}/feed.xml).',
  })
  lastFeedFetchAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The User-Agent of that last feed fetch.' })
  lastFeedUserAgent!: string | null;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  /** Storage row, for field resolvers; not part of the schema. */
  row!: JobBoardEntity;

  static from(this: void, row: JobBoardEntity): JobBoardModel {
    return Object.assign(new JobBoardModel(), {
      id: toGlobalId('JobBoard', row.id),
      name: row.name,
      slug: row.slug,
      kind: row.kind,
      active: row.active,
      lastFeedFetchAt: row.lastFeedFetchAt,
      lastFeedUserAgent: row.lastFeedUserAgent,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      row,
    });
  }
}

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
export class JobBoardConnection extends Connection(JobBoardModel, 'JobBoard') {}

@ObjectType()
export class JobPostingConnection extends Connection(JobPostingModel, 'JobPosting') {}

registerEnumType(InboundSource, { name: 'InboundSource' });

@ObjectType('InboundDelivery', {
  description: 'An application a board pushed to us, as received, with the answer we gave.',
})
export class InboundDeliveryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => InboundSource)
  source!: InboundSource;

  @Field(() => String, {
    nullable: true,
    description:
      "Indeed's application id, the career page's Idempotency-Key or the `webhook-id`; null when refused unread.",
  })
  externalId!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Null where nothing is signed (the career page).' })
  signatureValid!: boolean | null;

  @Field(() => String, { nullable: true })
  contentType!: string | null;

  @Field(() => Int, { description: 'Size of the body as received.' })
  byteSize!: number;

  @Field(() => Int, { nullable: true, description: 'The HTTP status we answered.' })
  responseStatus!: number | null;

  @Field(() => ID, { nullable: true, description: 'The application it created.' })
  applicationId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was refused or failed.' })
  error!: string | null;

  @Field(() => GraphQLDateTime)
  receivedAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  processedAt!: Date | null;

  static from(this: void, row: InboundDeliverySummary): InboundDeliveryModel {
    return Object.assign(new InboundDeliveryModel(), {
      id: toGlobalId('InboundDelivery', row.id),
      source: row.source,
      externalId: row.externalId,
      signatureValid: row.signatureValid,
      contentType: row.contentType,
      byteSize: row.byteSize,
      responseStatus: row.responseStatus,
      applicationId: row.applicationId ? toGlobalId('Application', row.applicationId) : null,
      error: row.error,
      receivedAt: row.receivedAt,
      processedAt: row.processedAt,
    });
  }
}

@ObjectType()
export class InboundDeliveryConnection extends Connection(InboundDeliveryModel, 'InboundDelivery') {}
