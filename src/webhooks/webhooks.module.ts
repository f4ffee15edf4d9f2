import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookRetention } from './webhook-retention';
import { WebhooksController } from './webhooks.controller';
import { WebhookDeliveriesResolver, WebhookSubscriptionsResolver } from './webhooks.resolvers';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { TypeOrmModule } from '@nestjs/typeorm';

/** The tables this module owns (registered here; src/database.ts lists every module's for the tooling). */
export const WEBHOOK_ENTITIES = [WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity];

@Module({
  imports: [TypeOrmModule.forFeature(WEBHOOK_ENTITIES)],
  providers: [
    WebhooksRepository,
    WebhookDispatcher,
    WebhookRetention,
    WebhooksService,
    WebhookSubscriptionsResolver,
    WebhookDeliveriesResolver,
  ],
  controllers: [WebhooksController],
})
export class WebhooksModule {}
