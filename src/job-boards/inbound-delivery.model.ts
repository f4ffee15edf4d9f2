import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { InboundDeliverySummary } from './inbound-deliveries.repository';
import { InboundSource } from './inbound-delivery.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(InboundSource, { name: 'InboundSource' });

@ObjectType('InboundDelivery', {
  implements: () => [Node],
  description: 'An application a board pushed to us, as received, with the answer we gave.',
})
export class InboundDeliveryModel implements Node {
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
