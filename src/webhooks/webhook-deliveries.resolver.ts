import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Requires } from '../common/auth/permissions';
import { databaseIdOf } from '../common/graphql/global-id';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { EventFeed } from '../events/event-feed';
import { EventModel } from '../events/event.model';
import {
  RedeliverWebhookDeliveryInput,
  ReplayWebhookEventsInput,
  WebhookSubscriptionIdInput,
} from './dto/webhook.inputs';
import {
  PingWebhookSubscriptionPayload,
  ReplayWebhookEventsPayload,
  WebhookDeliveryPayload,
} from './dto/webhook.payloads';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookLoaders } from './webhook.loaders';
import { WebhookAttemptModel, WebhookDeliveryModel } from './webhook.model';

@Resolver(() => WebhookDeliveryModel)
export class WebhookDeliveriesResolver {
  constructor(
    private readonly service: WebhookDeliveriesService,
    private readonly loaders: WebhookLoaders,
    private readonly events: EventFeed,
  ) {}

  @ResolveField(() => EventModel, { nullable: true, description: 'The event delivered; null for pings.' })
  async event(
    @Parent() delivery: WebhookDeliveryModel,
    @Context() context: GraphQLContext,
  ): Promise<EventModel | null> {
    const eventId = delivery.row.eventId;
    if (!eventId) return null;
    const loader = context.loaders.get(
      'event.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.events.findByIds(ids), (e) => e.id),
        ),
    );
    const row = await loader.load(eventId);
    return row ? EventModel.from(row) : null;
  }

  @ResolveField(() => [WebhookAttemptModel], { description: 'Every attempt, oldest first.' })
  async attempts(
    @Parent() delivery: WebhookDeliveryModel,
    @Context() context: GraphQLContext,
  ): Promise<WebhookAttemptModel[]> {
    const rows = await this.loaders.attemptsByDelivery(context).load(delivery.row.id);
    return rows.map(WebhookAttemptModel.from);
  }

  @Mutation(() => PingWebhookSubscriptionPayload, {
    description: 'Sends a signed `webhook.ping` now and reports what the endpoint answered (no retries).',
  })
  @Requires('webhooks:manage')
  async pingWebhookSubscription(
    @Args('input') input: WebhookSubscriptionIdInput,
  ): Promise<PingWebhookSubscriptionPayload> {
    const { delivery, attempt } = await this.service.ping(databaseIdOf(input.id, 'WebhookSubscription'));
    return {
      delivery: WebhookDeliveryModel.from(delivery),
      attempt: WebhookAttemptModel.from(attempt),
      userErrors: [],
    };
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'Sends a delivery again now, with the same `webhook-id` and a fresh retry schedule.',
  })
  @Requires('webhooks:manage')
  async redeliverWebhookDelivery(
    @Args('input') input: RedeliverWebhookDeliveryInput,
  ): Promise<WebhookDeliveryPayload> {
    const delivery = await this.service.redeliver(databaseIdOf(input.deliveryId, 'WebhookDelivery'));
    return { delivery: WebhookDeliveryModel.from(delivery), userErrors: [] };
  }

  @Mutation(() => ReplayWebhookEventsPayload, {
    description:
      'Sends the events of [since, until) to the subscription again, oldest first (at most 10,000 per call).',
  })
  @Requires('webhooks:manage')
  async replayWebhookEvents(
    @Args('input') input: ReplayWebhookEventsInput,
  ): Promise<ReplayWebhookEventsPayload> {
    const queuedCount = await this.service.replay({
      ...input,
      subscriptionId: databaseIdOf(input.subscriptionId, 'WebhookSubscription'),
    });
    return { queuedCount, userErrors: [] };
  }
}
