import { Field, Int, ObjectType } from '@nestjs/graphql';
import { UserErrorModel } from '../../common/graphql/user-error.model';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookSubscriptionModel } from '../webhook.model';

@ObjectType()
export class WebhookSubscriptionPayload {
  @Field(() => WebhookSubscriptionModel, { nullable: true })
  webhookSubscription?: WebhookSubscriptionModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class WebhookSecretPayload {
  @Field(() => WebhookSubscriptionModel, { nullable: true })
  webhookSubscription?: WebhookSubscriptionModel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The signing secret ("whsec_" + base64 of 32 random bytes), shown this once. Verify deliveries with any Standard Webhooks library.',
  })
  secret?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class DeleteWebhookSubscriptionPayload {
  @Field(() => String, { nullable: true })
  deletedId?: string | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class PingWebhookSubscriptionPayload {
  @Field(() => WebhookDeliveryModel, { nullable: true })
  delivery?: WebhookDeliveryModel | null;

  @Field(() => WebhookAttemptModel, { nullable: true, description: 'What the endpoint answered.' })
  attempt?: WebhookAttemptModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class WebhookDeliveryPayload {
  @Field(() => WebhookDeliveryModel, { nullable: true })
  delivery?: WebhookDeliveryModel | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}

@ObjectType()
export class ReplayWebhookEventsPayload {
  @Field(() => Int, {
    nullable: true,
    description: 'Deliveries queued (new ones, and earlier ones sent again).',
  })
  queuedCount?: number | null;

  @Field(() => [UserErrorModel])
  userErrors!: UserErrorModel[];
}
