import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { ConnectionShape } from '../common/graphql/connection';
import { PageRequest, toConnection } from '../common/graphql/keyset';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, groupBy, indexBy } from '../common/graphql/request-context';
import { reachOf } from '../identity/auth.guards';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookDeliveryStatus } from './webhook.enums';
import { WebhookDeliveryModel, WebhookSubscriptionModel } from './webhook.model';

/** The request's batched lookups for subscriptions, deliveries and attempts. */
@Injectable()
export class WebhookLoaders implements OnModuleInit {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // Subscriptions and their deliveries exist only for those who manage webhooks.
    this.nodes.register('WebhookSubscription', async (id, context) => {
      if (reachOf(context, 'webhooks:manage').kind === 'none') return null;
      const row = await this.subscriptionById(context).load(id);
      return row && WebhookSubscriptionModel.from(row);
    });
    this.nodes.register('WebhookDelivery', async (id, context) => {
      if (reachOf(context, 'webhooks:manage').kind === 'none') return null;
      const row = await this.deliveryById(context).load(id);
      return row && WebhookDeliveryModel.from(row);
    });
  }

  subscriptionById(context: GraphQLContext): DataLoader<string, WebhookSubscriptionEntity | null> {
    return context.loaders.get(
      'webhookSubscription.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.subscriptions.findByIds(ids), (s) => s.id),
        ),
    );
  }

  deliveryById(context: GraphQLContext): DataLoader<string, WebhookDeliveryEntity | null> {
    return context.loaders.get(
      'webhookDelivery.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.deliveries.findByIds(ids), (d) => d.id),
        ),
    );
  }

  attemptsByDelivery(context: GraphQLContext): DataLoader<string, WebhookAttemptEntity[]> {
    return context.loaders.get(
      'webhookAttempt.byDelivery',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.deliveries.findAttempts(ids), (a) => a.deliveryId),
        ),
    );
  }

  /** A page of one subscription's deliveries as a connection, batched with its siblings' (same page and status). */
  async deliveryConnection(
    context: GraphQLContext,
    subscriptionId: string,
    page: PageRequest,
    status: WebhookDeliveryStatus | null,
  ): Promise<ConnectionShape<WebhookDeliveryModel>> {
    const pages = context.loaders.get(
      `webhookDelivery.pages:${JSON.stringify([page, status])}`,
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          groupBy(ids, await this.deliveries.findPages(ids, page, status), (d) => d.subscriptionId),
        ),
    );
    const counts = context.loaders.get(
      `webhookDelivery.counts:${status}`,
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = await this.deliveries.countBySubscriptions(ids, status);
          return ids.map((id) => found.get(id) ?? 0);
        }),
    );
    return toConnection(
      await pages.load(subscriptionId),
      page,
      (d) => ({ key: d.createdAt.getTime(), id: d.id }),
      WebhookDeliveryModel.from,
      () => counts.load(subscriptionId),
    );
  }
}
