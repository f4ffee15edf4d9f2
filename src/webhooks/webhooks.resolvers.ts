import {
  Args,
  ArgsType,
  Context,
  Field,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import DataLoader from 'dataloader';
import { ConnectionArgs, ConnectionShape } from '../common/graphql/connection';
import { fromGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { EventFeed } from '../events/event-feed';
import { EventModel } from '../events/event.model';
import { Requires } from '../common/auth/permissions';
import {
  CreateWebhookSubscriptionInput,
  RedeliverWebhookDeliveryInput,
  ReplayWebhookEventsInput,
  UpdateWebhookSubscriptionInput,
  WebhookSubscriptionIdInput,
} from './dto/webhook.inputs';
import {
  DeleteWebhookSubscriptionPayload,
  PingWebhookSubscriptionPayload,
  ReplayWebhookEventsPayload,
  WebhookDeliveryPayload,
  WebhookSecretPayload,
  WebhookSubscriptionPayload,
} from './dto/webhook.payloads';
import { WebhookDeliveryStatus } from './webhook.enums';
import {
  WebhookAttemptModel,
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookSubscriptionConnection,
  WebhookSubscriptionModel,
} from './webhook.models';
import { WebhooksService } from './webhooks.service';

@ArgsType()
class DeliveriesArgs extends ConnectionArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries with this status.' })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}

@Resolver(() => WebhookSubscriptionModel)
export class WebhookSubscriptionsResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => WebhookSubscriptionConnection, {
    description: 'Newest first. Admins and `webhooks:manage` keys.',
  })
  @Requires('webhooks:manage')
  async webhookSubscriptions(@Args() args: ConnectionArgs): Promise<WebhookSubscriptionConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.service.findSubscriptionPage(page),
      page,
      (s) => ({ key: s.createdAt.getTime(), id: s.id }),
      WebhookSubscriptionModel.from,
      () => this.service.countSubscriptions(),
    );
  }

  @Query(() => WebhookSubscriptionModel, { nullable: true })
  @Requires('webhooks:manage')
  async webhookSubscription(
    @Args('id', { type: () => ID }) id: string,
  ): Promise<WebhookSubscriptionModel | null> {
    const dbId = fromGlobalId(id, 'WebhookSubscription');
    const [row] = dbId ? await this.service.findSubscriptionsByIds([dbId]) : [];
    return row ? WebhookSubscriptionModel.from(row) : null;
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Newest first.' })
  async deliveries(
    @Parent() subscription: WebhookSubscriptionModel,
    @Args() args: DeliveriesArgs,
    @Context() context: GraphQLContext,
  ): Promise<ConnectionShape<WebhookDeliveryModel>> {
    const page = toPageRequest(args);
    const status = args.status ?? null;
    const pages = context.loaders.get(
      `webhookDelivery.pages:${JSON.stringify([page, status])}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.service.findDeliveryPages(ids, page, status), (d) => d.subscriptionId),
        ),
    );
    const counts = context.loaders.get(
      `webhookDelivery.counts:${status}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = await this.service.countDeliveries(ids, status);
          return ids.map((id) => found.get(id) ?? 0);
        }),
    );
    return toConnection(
      await pages.load(subscription.row.id),
      page,
      (d) => ({ key: d.createdAt.getTime(), id: d.id }),
      WebhookDeliveryModel.from,
      () => counts.load(subscription.row.id),
    );
  }

  @Mutation(() => WebhookSecretPayload, {
    description: 'Subscribes an endpoint; the payload carries its signing secret, shown this once.',
  })
  @Requires('webhooks:manage')
  async createWebhookSubscription(
    @Args('input') input: CreateWebhookSubscriptionInput,
  ): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.create(input);
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), secret, userErrors: [] };
  }

  @Mutation(() => WebhookSubscriptionPayload)
  @Requires('webhooks:manage')
  async updateWebhookSubscription(
    @Args('input') input: UpdateWebhookSubscriptionInput,
  ): Promise<WebhookSubscriptionPayload> {
    return {
      webhookSubscription: WebhookSubscriptionModel.from(await this.service.update(input)),
      userErrors: [],
    };
  }

  @Mutation(() => DeleteWebhookSubscriptionPayload, { description: 'Deletes it with its delivery log.' })
  @Requires('webhooks:manage')
  async deleteWebhookSubscription(
    @Args('input') input: WebhookSubscriptionIdInput,
  ): Promise<DeleteWebhookSubscriptionPayload> {
    await this.service.delete(input);
    return { deletedId: input.id, userErrors: [] };
  }

  @Mutation(() => WebhookSubscriptionPayload, {
    description:
      'Resumes a disabled subscription (events from now on; `replayWebhookEvents` for what it missed).',
  })
  @Requires('webhooks:manage')
  async enableWebhookSubscription(
    @Args('input') input: WebhookSubscriptionIdInput,
  ): Promise<WebhookSubscriptionPayload> {
    return {
      webhookSubscription: WebhookSubscriptionModel.from(await this.service.enable(input)),
      userErrors: [],
    };
  }

  @Mutation(() => PingWebhookSubscriptionPayload, {
    description: 'Sends a signed `webhook.ping` now and reports what the endpoint answered (no retries).',
  })
  @Requires('webhooks:manage')
  async pingWebhookSubscription(
    @Args('input') input: WebhookSubscriptionIdInput,
  ): Promise<PingWebhookSubscriptionPayload> {
    const { delivery, attempt } = await this.service.ping(input);
    return {
      delivery: WebhookDeliveryModel.from(delivery),
      attempt: WebhookAttemptModel.from(attempt),
      userErrors: [],
    };
  }

  @Mutation(() => WebhookSecretPayload, {
    description:
      'A new signing secret, shown this once. For WEBHOOK_SECRET_OVERLAP_SECONDS (24 h by default) deliveries are signed with both the new and the old secret.',
  })
  @Requires('webhooks:manage')
  async rotateWebhookSecret(@Args('input') input: WebhookSubscriptionIdInput): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.rotateSecret(input);
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), secret, userErrors: [] };
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: 'Sends a delivery again now, with the same `webhook-id` and a fresh retry schedule.',
  })
  @Requires('webhooks:manage')
  async redeliverWebhookDelivery(
    @Args('input') input: RedeliverWebhookDeliveryInput,
  ): Promise<WebhookDeliveryPayload> {
    return { delivery: WebhookDeliveryModel.from(await this.service.redeliver(input)), userErrors: [] };
  }

  @Mutation(() => ReplayWebhookEventsPayload, {
    description:
      'Sends the events of [since, until) to the subscription again, oldest first (at most 10,000 per call).',
  })
  @Requires('webhooks:manage')
  async replayWebhookEvents(
    @Args('input') input: ReplayWebhookEventsInput,
  ): Promise<ReplayWebhookEventsPayload> {
    return { queuedCount: await this.service.replay(input), userErrors: [] };
  }
}

@Resolver(() => WebhookDeliveryModel)
export class WebhookDeliveriesResolver {
  constructor(
    private readonly service: WebhooksService,
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
    const loader = context.loaders.get(
      'webhookAttempt.byDelivery',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.service.findAttemptsByDeliveryIds(ids), (a) => a.deliveryId),
        ),
    );
    return (await loader.load(delivery.row.id)).map(WebhookAttemptModel.from);
  }
}
