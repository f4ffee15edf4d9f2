import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookAttempter } from './webhook-attempter';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesResolver } from './webhook-deliveries.resolver';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFanOutJob } from './webhook-fan-out.job';
import { WebhookOutcomeRecorder } from './webhook-outcome-recorder';
import { WebhookRetentionJob } from './webhook-retention.job';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookSubscriptionsResolver } from './webhook-subscriptions.resolver';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookLoaders } from './webhook.loaders';
import { WebhooksController } from './webhooks.controller';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const WEBHOOK_ENTITIES = [WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity];

@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOK_ENTITIES)],
  providers: [
    // Storage and use cases.
    WebhookSubscriptionsRepository,
    WebhookDeliveriesRepository,
    WebhookSubscriptionsService,
    WebhookDeliveriesService,
    // Delivery: sending, the lanes, recording outcomes, the claimer and the jobs that wake it.
    WebhookSender,
    WebhookConcurrencyGate,
    WebhookOutcomeRecorder,
    WebhookAttempter,
    WebhookDispatcher,
    WebhookFanOutJob,
    WebhookDeliveryJob,
    WebhookRetentionJob,
    // GraphQL.
    WebhookLoaders,
    WebhookSubscriptionsResolver,
    WebhookDeliveriesResolver,
  ],
  controllers: [WebhooksController],
  exports: [WebhookDeliveriesRepository],
})
export class WebhooksModule {}
