import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { OmitType } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageQuery } from '../common/http/page.query';
import { fromGlobalId, toGlobalId } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { DomainError } from '../common/errors/domain-error';
import { Requires } from '../common/auth/permissions';
import { WebhookDeliveryStatus } from './webhook.enums';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookSubscriptionModel } from './webhook.models';
import { WebhooksService } from './webhooks.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import {
  CreateWebhookSubscriptionInput,
  ReplayWebhookEventsInput,
  UpdateWebhookSubscriptionInput,
} from './dto/webhook.inputs';

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WebhookDeliveryStatus })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus, { message: 'status must be PENDING, SUCCEEDED or FAILED' })
  status?: WebhookDeliveryStatus;
}

/** REST bodies take the GraphQL inputs' fields, without the id (it is in the path). */
class CreateBody extends CreateWebhookSubscriptionInput {}
class UpdateBody extends OmitType(UpdateWebhookSubscriptionInput, ['id'] as const) {}
class ReplayBody extends OmitType(ReplayWebhookEventsInput, ['subscriptionId'] as const) {}

type Page<T> = { data: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** The REST mirror of the webhook mutations and queries; ids are the GraphQL ids. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

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
      await this.service.findSubscriptionPage(page),
      page,
      (s) => ({ key: s.createdAt.getTime(), id: s.id }),
      WebhookSubscriptionModel.from,
      () => this.service.countSubscriptions(),
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
  @ApiBody({ type: CreateBody })
  @ApiResponse({ status: 201, description: '`{ subscription, secret }`' })
  @ApiResponse({ status: 400, description: 'Invalid input (problem details with `errors`)' })
  @ApiResponse({ status: 422, description: 'WEBHOOK_URL_NOT_ALLOWED: not https, or an internal address' })
  async create(
    @Body() body: CreateBody,
  ): Promise<{ subscription: WebhookSubscriptionModel; secret: string }> {
    const { subscription, secret } = await this.service.create(body);
    return { subscription: WebhookSubscriptionModel.from(subscription), secret };
  }

  @Get('webhook-subscriptions/:id')
  @Requires('webhooks:manage')
  @ApiParam({ name: 'id', description: 'The subscription id' })
  @ApiResponse({ status: 404, description: 'No such subscription' })
  async get(@Param('id') id: string): Promise<WebhookSubscriptionModel> {
    const dbId = fromGlobalId(id, 'WebhookSubscription');
    const [row] = dbId ? await this.service.findSubscriptionsByIds([dbId]) : [];
    if (!row) throw DomainError.notFound('Webhook subscription', ['id']);
    return WebhookSubscriptionModel.from(row);
  }

  @Patch('webhook-subscriptions/:id')
  @Requires('webhooks:manage')
  @ApiBody({ type: UpdateBody })
  @ApiResponse({ status: 409, description: 'STALE_VERSION: `expectedVersion` is not the current version' })
  async update(@Param('id') id: string, @Body() body: UpdateBody): Promise<WebhookSubscriptionModel> {
    return WebhookSubscriptionModel.from(await this.service.update({ ...body, id }));
  }

  @Delete('webhook-subscriptions/:id')
  @HttpCode(204)
  @Requires('webhooks:manage')
  @ApiResponse({ status: 204, description: 'Deleted with its delivery log' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.service.delete({ id });
  }

  @Post('webhook-subscriptions/:id/enable')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Resume a disabled subscription' })
  async enable(@Param('id') id: string): Promise<WebhookSubscriptionModel> {
    return WebhookSubscriptionModel.from(await this.service.enable({ id }));
  }

  @Post('webhook-subscriptions/:id/ping')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'Send a signed webhook.ping now and report the attempt' })
  @ApiResponse({ status: 200, description: '`{ delivery, attempt }`' })
  async ping(
    @Param('id') id: string,
  ): Promise<{ delivery: WebhookDeliveryModel; attempt: WebhookAttemptModel }> {
    const { delivery, attempt } = await this.service.ping({ id });
    return { delivery: WebhookDeliveryModel.from(delivery), attempt: WebhookAttemptModel.from(attempt) };
  }

  @Post('webhook-subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @Requires('webhooks:manage')
  @ApiOperation({ summary: 'A new signing secret (shown once); both sign deliveries during the overlap' })
  @ApiResponse({ status: 200, description: '`{ subscription, secret }`' })
  async rotate(@Param('id') id: string): Promise<{ subscription: WebhookSubscriptionModel; secret: string }> {
    const { subscription, secret } = await this.service.rotateSecret({ id });
    return { subscription: WebhookSubscriptionModel.from(subscription), secret };
  }

  @Post('webhook-subscriptions/:id/replay')
  @HttpCode(202)
  @Requires('webhooks:manage')
  @ApiOperation({
    summary: 'Send the events of [since, until) again, oldest first (at most 10,000 per call)',
  })
  @ApiBody({ type: ReplayBody })
  @ApiResponse({ status: 202, description: '`{ queuedCount }`' })
  async replay(@Param('id') id: string, @Body() body: ReplayBody): Promise<{ queuedCount: number }> {
    return { queuedCount: await this.service.replay({ ...body, subscriptionId: id }) };
  }

  @Get('webhook-subscriptions/:id/deliveries')
  @Requires('webhooks:manage')
  @ApiOperation({ summary: "A subscription's deliveries with their attempts, newest first" })
  @ApiResponse({ status: 200, description: '`{ data: [delivery], pageInfo: { hasNextPage, endCursor } }`' })
  async deliveries(
    @Param('id') id: string,
    @Query() query: DeliveriesQuery,
  ): Promise<Page<WebhookDeliveryModel & { attempts: WebhookAttemptModel[] }>> {
    const dbId = fromGlobalId(id, 'WebhookSubscription');
    const [subscription] = dbId ? await this.service.findSubscriptionsByIds([dbId]) : [];
    if (!subscription) throw DomainError.notFound('Webhook subscription', ['id']);
    const page = toPageRequest({ first: query.first, after: query.after });
    const rows = await this.service.findDeliveryPages([subscription.id], page, query.status ?? null);
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
    return WebhookDeliveryModel.from(await this.service.redeliver({ deliveryId: id }));
  }

  private async withAttempts(
    deliveries: WebhookDeliveryEntity[],
  ): Promise<(WebhookDeliveryModel & { attempts: WebhookAttemptModel[] })[]> {
    const attempts = await this.service.findAttemptsByDeliveryIds(deliveries.map((d) => d.id));
    return deliveries.map((delivery) =>
      Object.assign(WebhookDeliveryModel.from(delivery), {
        eventId: delivery.eventId ? toGlobalId('Event', delivery.eventId) : null,
        attempts: attempts.filter((a) => a.deliveryId === delivery.id).map(WebhookAttemptModel.from),
      }),
    );
  }
}
