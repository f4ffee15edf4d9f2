import { Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookRetention } from './webhook-retention';
import { WebhooksController } from './webhooks.controller';
import { WebhookDeliveriesResolver, WebhookSubscriptionsResolver } from './webhooks.resolvers';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
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
