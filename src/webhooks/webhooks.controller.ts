import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Requires } from '../common/auth/permissions';
import { DomainError } from '../common/errors/domain-error';
import { databaseIdOf, toGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { PageQuery } from '../common/http/page.query';
import {
  CreateWebhookSubscriptionRequest,
  DeliveriesQuery,
  ReplayWebhookEventsRequest,
  UpdateWebhookSubscriptionRequest,
} from './dto/webhook-subscription.request';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookSubscriptionModel } from './webhook.model';

type Page<T> = { data: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** The REST mirror of the webhook mutations and queries; ids are the GraphQL ids. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1')
export class WebhooksController {
  constructor(
    private readonly subscriptionsService: WebhookSubscriptionsService,
    private readonly deliveriesService: WebhookDeliveriesService,
  ) {}

  @Get('webhook-subscriptions')
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Webhook subscriptions, newest first' })
  @ApiResponse({
    status: 200,
    description: '`{ data: [subscription], pageInfo: { hasNextPage, endCursor } }`',
  })
  async list(@Query() query: PageQuery): Promise<Page<WebhookSubscriptionModel>> {
    const page = toPageRequest({ first: query.first, after: query.after });
    const connection = toConnection(
      await this.subscriptionsService.findPage(page),
      page,
      (s) => ({ key: s.createdAt.getTime(), id: s.id }),
      WebhookSubscriptionModel.from,
      () => this.subscriptionsService.count(),
    );
    return {
      data: connection.edges.map((edge) => edge.node),
      pageInfo: { hasNextPage: connection.pageInfo.hasNextPage, endCursor: connection.pageInfo.endCursor },
    };
  }

  @Post('webhook-subscriptions')
  @HttpCode(201)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Subscribe an endpoint; the answer carries the signing secret, shown this once' })
  @ApiBody({ type: CreateWebhookSubscriptionRequest })
  @ApiResponse({ status: 201, description: '`{ subscription, secret }`' })
  @ApiResponse({ status: 400, description: 'Invalid input (problem details with `errors`)' })
  @ApiResponse({ status: 422, description: 'WEBHOOK_URL_NOT_ALLOWED: not https, or an internal address' })
  async create(
    @Body() body: CreateWebhookSubscriptionRequest,
  ): Promise<{ subscription: WebhookSubscriptionModel; secret: string }> {
    const { subscription, secret } = await this.subscriptionsService.create({
      ...body,
      requisitionIds: requisitionIdsOf(body.requisitionIds),
    });
    return { subscription: WebhookSubscriptionModel.from(subscription), secret };
  }

  @Get('webhook-subscriptions/:id')
  @Requires('webhooks:manage')
  @ApiParam({ name: 'id', description: 'The subscription id' })
  @ApiResponse({ status: 404, description: 'No such subscription' })
  async get(@Param('id') id: string): Promise<WebhookSubscriptionModel> {
    const [row] = await this.subscriptionsService.findByIds([databaseIdOf(id, 'WebhookSubscription')]);
    if (!row) throw DomainError.notFound('Webhook subscription', ['id']);
    return WebhookSubscriptionModel.from(row);
  }

  @Patch('webhook-subscriptions/:id')
  @Requires('webhooks:manage')
  @ApiBody({ type: UpdateWebhookSubscriptionRequest })
  @ApiResponse({ status: 409, description: 'STALE_VERSION: `expectedVersion` is not the current version' })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateWebhookSubscriptionRequest,
  ): Promise<WebhookSubscriptionModel> {
    const subscription = await this.subscriptionsService.update({
      ...body,
      id: databaseIdOf(id, 'WebhookSubscription'),
      requisitionIds: requisitionIdsOf(body.requisitionIds),
    });
    return WebhookSubscriptionModel.from(subscription);
  }

  @Delete('webhook-subscriptions/:id')
  @HttpCode(204)
  @Requires('webhooks:manage')
  @ApiResponse({ status: 204, description: 'Deleted with its delivery log' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.subscriptionsService.delete(databaseIdOf(id, 'WebhookSubscription'));
  }

  @Post('webhook-subscriptions/:id/enable')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Resume a disabled subscription' })
  async enable(@Param('id') id: string): Promise<WebhookSubscriptionModel> {
    const subscription = await this.subscriptionsService.enable(databaseIdOf(id, 'WebhookSubscription'));
    return WebhookSubscriptionModel.from(subscription);
  }

  @Post('webhook-subscriptions/:id/ping')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Send a signed webhook.ping now and report the attempt' })
  @ApiResponse({ status: 200, description: '`{ delivery, attempt }`' })
  async ping(
    @Param('id') id: string,
  ): Promise<{ delivery: WebhookDeliveryModel; attempt: WebhookAttemptModel }> {
    const { delivery, attempt } = await this.deliveriesService.ping(databaseIdOf(id, 'WebhookSubscription'));
    return { delivery: WebhookDeliveryModel.from(delivery), attempt: WebhookAttemptModel.from(attempt) };
  }

  @Post('webhook-subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'A new signing secret (shown once); both sign deliveries during the overlap' })
  @ApiResponse({ status: 200, description: '`{ subscription, secret }`' })
  async rotate(@Param('id') id: string): Promise<{ subscription: WebhookSubscriptionModel; secret: string }> {
    const { subscription, secret } = await this.subscriptionsService.rotateSecret(
      databaseIdOf(id, 'WebhookSubscription'),
    );
    return { subscription: WebhookSubscriptionModel.from(subscription), secret };
  }

  @Post('webhook-subscriptions/:id/replay')
  @HttpCode(202)
  @Requires('webhooks:manage')
  @ApiOperation({
    summary: 'Send the events of [since, until) again, oldest first (at most 10,000 per call)',
  })
  @ApiBody({ type: ReplayWebhookEventsRequest })
  @ApiResponse({ status: 202, description: '`{ queuedCount }`' })
  async replay(
    @Param('id') id: string,
    @Body() body: ReplayWebhookEventsRequest,
  ): Promise<{ queuedCount: number }> {
    const queuedCount = await this.deliveriesService.replay({
      ...body,
      subscriptionId: databaseIdOf(id, 'WebhookSubscription'),
    });
    return { queuedCount };
  }

  @Get('webhook-subscriptions/:id/deliveries')
  @Requires('webhooks:manage')
  @ApiOperation({ summary: "A subscription's deliveries with their attempts, newest first" })
  @ApiResponse({ status: 200, description: '`{ data: [delivery], pageInfo: { hasNextPage, endCursor } }`' })
  async deliveries(
    @Param('id') id: string,
    @Query() query: DeliveriesQuery,
  ): Promise<Page<WebhookDeliveryModel & { attempts: WebhookAttemptModel[] }>> {
    const [subscription] = await this.subscriptionsService.findByIds([
      databaseIdOf(id, 'WebhookSubscription'),
    ]);
    if (!subscription) throw DomainError.notFound('Webhook subscription', ['id']);
    const page = toPageRequest({ first: query.first, after: query.after });
    const rows = await this.deliveriesService.findPages([subscription.id], page, query.status ?? null);
    const connection = toConnection(
      rows,
      page,
      (d) => ({ key: d.createdAt.getTime(), id: d.id }),
      (d) => d,
      () => Promise.resolve(0),
    );
    const shown = connection.edges.map((edge) => edge.node);
    return {
      data: await this.withAttempts(shown),
      pageInfo: { hasNextPage: connection.pageInfo.hasNextPage, endCursor: connection.pageInfo.endCursor },
    };
  }

  @Post('webhook-deliveries/:id/redeliver')
  @HttpCode(202)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Send a delivery again now (same webhook-id, fresh retry schedule)' })
  @ApiResponse({ status: 409, description: 'WEBHOOK_SUBSCRIPTION_DISABLED' })
  async redeliver(@Param('id') id: string): Promise<WebhookDeliveryModel> {
    const delivery = await this.deliveriesService.redeliver(databaseIdOf(id, 'WebhookDelivery'));
    return WebhookDeliveryModel.from(delivery);
  }

  private async withAttempts(
    deliveries: WebhookDeliveryEntity[],
  ): Promise<(WebhookDeliveryModel & { attempts: WebhookAttemptModel[] })[]> {
    const attempts = await this.deliveriesService.findAttempts(deliveries.map((d) => d.id));
    return deliveries.map((delivery) =>
      Object.assign(WebhookDeliveryModel.from(delivery), {
        eventId: delivery.eventId ? toGlobalId('Event', delivery.eventId) : null,
        attempts: attempts.filter((a) => a.deliveryId === delivery.id).map(WebhookAttemptModel.from),
      }),
    );
  }
}

function requisitionIdsOf(globalIds: string[] | null | undefined): string[] | undefined {
  return globalIds?.map((id) => databaseIdOf(id, 'Requisition'));
}
