import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { webhookIdOf } from './webhook-message';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(WebhookSubscriptionStatus, {
  name: 'WebhookSubscriptionStatus',
  description:
    'ACTIVE: events are delivered. DISABLED: automatically, after a 410 Gone or failing for too long (`disabledReason` says why); nothing is delivered until `enableWebhookSubscription`.',
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: an attempt is due or in flight. SUCCEEDED: the endpoint answered 2xx. FAILED: the retry schedule is exhausted, the endpoint answered 410, or the subscription was disabled (the dead letter: `redeliverWebhookDelivery` sends it again).',
});

@ObjectType('WebhookSubscription', {
  implements: () => [Node],
  description: 'An endpoint that receives signed events (Standard Webhooks). See docs/webhooks.md.',
})
export class WebhookSubscriptionModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [String], { description: 'Event types delivered, or `*` for all.' })
  eventTypes!: string[];

  @Field(() => [ID], { description: 'When not empty, only events about these requisitions are delivered.' })
  requisitionIds!: string[];

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => WebhookSubscriptionStatus)
  status!: WebhookSubscriptionStatus;

  @Field(() => String, { nullable: true, description: 'Why the subscription was disabled.' })
  disabledReason!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  disabledAt!: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'The first failed attempt since the last success; null while deliveries succeed.',
  })
  failingSince!: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'After a rotation: until when deliveries are also signed with the previous secret.',
  })
  previousSecretExpiresAt!: Date | null;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  row!: WebhookSubscriptionEntity;

  static from(this: void, row: WebhookSubscriptionEntity): WebhookSubscriptionModel {
    return Object.assign(new WebhookSubscriptionModel(), {
      id: toGlobalId('WebhookSubscription', row.id),
      url: row.url,
      eventTypes: row.eventTypes,
      requisitionIds: row.requisitionIds.map((id) => toGlobalId('Requisition', id)),
      description: row.description,
      status: row.status,
      disabledReason: row.disabledReason,
      disabledAt: row.disabledAt,
      failingSince: row.failingSince,
      previousSecretExpiresAt:
        row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > Date.now()
          ? row.previousSecretExpiresAt
          : null,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }).withRow(row);
  }

  /** The storage row (with the secret) stays out of any serialisation: REST answers are these models as JSON. */
  private withRow(row: WebhookSubscriptionEntity): this {
    Object.defineProperty(this, 'row', { value: row, enumerable: false });
    return this;
  }
}

@ObjectType('WebhookAttempt', { description: 'One HTTP request of a delivery.' })
export class WebhookAttemptModel {
  @Field(() => GraphQLDateTime)
  attemptedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status answered; null when none came.' })
  responseStatus!: number | null;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Why the attempt failed (timeout, refused address, status…).',
  })
  error!: string | null;

  static from(this: void, row: WebhookAttemptEntity): WebhookAttemptModel {
    return Object.assign(new WebhookAttemptModel(), {
      attemptedAt: row.attemptedAt,
      responseStatus: row.responseStatus,
      durationMs: row.durationMs,
      error: row.error,
    });
  }
}

@ObjectType('WebhookDelivery', {
  implements: () => [Node],
  description:
    'One event for one subscription. Its `webhookId` is the `webhook-id` header of every attempt: the same on retries, redeliveries and replays.',
})
export class WebhookDeliveryModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The `webhook-id` header value.' })
  webhookId!: string;

  @Field({ description: 'The event type, or `webhook.ping`.' })
  eventType!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the next attempt is due.' })
  nextAttemptAt!: Date | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  row!: WebhookDeliveryEntity;

  static from(this: void, row: WebhookDeliveryEntity): WebhookDeliveryModel {
    return Object.assign(new WebhookDeliveryModel(), {
      id: toGlobalId('WebhookDelivery', row.id),
      webhookId: webhookIdOf(row.id),
      eventType: row.eventType,
      status: row.status,
      nextAttemptAt: row.nextAttemptAt,
      createdAt: row.createdAt,
    }).withRow(row);
  }

  private withRow(row: WebhookDeliveryEntity): this {
    Object.defineProperty(this, 'row', { value: row, enumerable: false });
    return this;
  }
}

@ObjectType()
export class WebhookSubscriptionConnection extends Connection(
  WebhookSubscriptionModel,
  'WebhookSubscription',
) {}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDeliveryModel, 'WebhookDelivery') {}
