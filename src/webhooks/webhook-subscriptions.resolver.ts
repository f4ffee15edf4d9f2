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
import { Requires } from '../common/auth/permissions';
import { ConnectionArgs, ConnectionShape } from '../common/graphql/connection';
import { databaseIdOf } from '../common/graphql/global-id';
import { toConnection, toPageRequest } from '../common/graphql/keyset';
import { GraphQLContext } from '../common/graphql/request-context';
import {
  CreateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionInput,
  WebhookSubscriptionIdInput,
} from './dto/webhook.inputs';
import {
  DeleteWebhookSubscriptionPayload,
  WebhookSecretPayload,
  WebhookSubscriptionPayload,
} from './dto/webhook.payloads';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';
import { WebhookDeliveryStatus } from './webhook.enums';
import { WebhookLoaders } from './webhook.loaders';
import {
  WebhookDeliveryConnection,
  WebhookDeliveryModel,
  WebhookSubscriptionConnection,
  WebhookSubscriptionModel,
} from './webhook.model';

@ArgsType()
class DeliveriesArgs extends ConnectionArgs {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries with this status.' })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}

@Resolver(() => WebhookSubscriptionModel)
export class WebhookSubscriptionsResolver {
  constructor(
    private readonly service: WebhookSubscriptionsService,
    private readonly loaders: WebhookLoaders,
  ) {}

  @Query(() => WebhookSubscriptionConnection, {
    description: 'Newest first. Admins and `webhooks:manage` keys.',
  })
  @Requires('webhooks:manage')
  async webhookSubscriptions(@Args() args: ConnectionArgs): Promise<WebhookSubscriptionConnection> {
    const page = toPageRequest(args);
    return toConnection(
      await this.service.findPage(page),
      page,
      (s) => ({ key: s.createdAt.getTime(), id: s.id }),
      WebhookSubscriptionModel.from,
      () => this.service.count(),
    );
  }

  @Query(() => WebhookSubscriptionModel, { nullable: true })
  @Requires('webhooks:manage')
  async webhookSubscription(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GraphQLContext,
  ): Promise<WebhookSubscriptionModel | null> {
    const row = await this.loaders.subscriptionById(context).load(databaseIdOf(id, 'WebhookSubscription'));
    return row ? WebhookSubscriptionModel.from(row) : null;
  }

  @ResolveField(() => WebhookDeliveryConnection, { description: 'Newest first.' })
  deliveries(
    @Parent() subscription: WebhookSubscriptionModel,
    @Args() args: DeliveriesArgs,
    @Context() context: GraphQLContext,
  ): Promise<ConnectionShape<WebhookDeliveryModel>> {
    return this.loaders.deliveryConnection(
      context,
      subscription.row.id,
      toPageRequest(args),
      args.status ?? null,
    );
  }

  @Mutation(() => WebhookSecretPayload, {
    description: 'Subscribes an endpoint; the payload carries its signing secret, shown this once.',
  })
  @Requires('webhooks:manage')
  async createWebhookSubscription(
    @Args('input') input: CreateWebhookSubscriptionInput,
  ): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.create({
      ...input,
      requisitionIds: input.requisitionIds?.map((id) => databaseIdOf(id, 'Requisition')),
    });
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), secret, userErrors: [] };
  }

  @Mutation(() => WebhookSubscriptionPayload)
  @Requires('webhooks:manage')
  async updateWebhookSubscription(
    @Args('input') input: UpdateWebhookSubscriptionInput,
  ): Promise<WebhookSubscriptionPayload> {
    const subscription = await this.service.update({
      ...input,
      id: databaseIdOf(input.id, 'WebhookSubscription'),
      requisitionIds: input.requisitionIds?.map((id) => databaseIdOf(id, 'Requisition')),
    });
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), userErrors: [] };
  }

  @Mutation(() => DeleteWebhookSubscriptionPayload, { description: 'Deletes it with its delivery log.' })
  @Requires('webhooks:manage')
  async deleteWebhookSubscription(
    @Args('input') input: WebhookSubscriptionIdInput,
  ): Promise<DeleteWebhookSubscriptionPayload> {
    await this.service.delete(databaseIdOf(input.id, 'WebhookSubscription'));
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
    const subscription = await this.service.enable(databaseIdOf(input.id, 'WebhookSubscription'));
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), userErrors: [] };
  }

  @Mutation(() => WebhookSecretPayload, {
    description:
      'A new signing secret, shown this once. For WEBHOOK_SECRET_OVERLAP_SECONDS (24 h by default) deliveries are signed with both the new and the old secret.',
  })
  @Requires('webhooks:manage')
  async rotateWebhookSecret(@Args('input') input: WebhookSubscriptionIdInput): Promise<WebhookSecretPayload> {
    const { subscription, secret } = await this.service.rotateSecret(
      databaseIdOf(input.id, 'WebhookSubscription'),
    );
    return { webhookSubscription: WebhookSubscriptionModel.from(subscription), secret, userErrors: [] };
  }
}
