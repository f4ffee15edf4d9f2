import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog, diff } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { UserErrorCode } from '../common/errors/user-error-code';
import { PageRequest } from '../common/graphql/keyset';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { outcomeOf } from './webhook-delivery.rules';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { scheduleAttempts } from './webhook-jobs';
import { pingBody, webhookIdOf } from './webhook-message';
import { attemptOf } from './webhook-outcome-recorder';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { PING_EVENT_TYPE, WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';
import { ReplayWebhookEventsCommand } from './webhook.commands';

/** The most events one replay queues; replay later windows for more. */
export const MAX_REPLAY_EVENTS = 10_000;

/** The delivery log and what an administrator does with it: ping, redeliver, replay. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly sender: WebhookSender,
    private readonly audit: AuditLog,
  ) {}

  findPages(
    subscriptionIds: readonly string[],
    page: PageRequest,
    status: WebhookDeliveryStatus | null,
  ): Promise<WebhookDeliveryEntity[]> {
    return this.deliveries.findPages(subscriptionIds, page, status);
  }

  countBySubscriptions(
    subscriptionIds: readonly string[],
    status: WebhookDeliveryStatus | null,
  ): Promise<Map<string, number>> {
    return this.deliveries.countBySubscriptions(subscriptionIds, status);
  }

  findByIds(ids: readonly string[]): Promise<WebhookDeliveryEntity[]> {
    return this.deliveries.findByIds(ids);
  }

  findAttempts(deliveryIds: readonly string[]): Promise<WebhookAttemptEntity[]> {
    return this.deliveries.findAttemptsByDeliveryIds(deliveryIds);
  }

  /**
   * A ping: one attempt now, no retries, reported to the caller. Its delivery is in the log like any other (it
   * has no job: nothing attempts it again).
   */
  async ping(
    subscriptionId: string,
  ): Promise<{ delivery: WebhookDeliveryEntity; attempt: WebhookAttemptEntity }> {
    const [subscription] = await this.subscriptions.findByIds([subscriptionId]);
    if (!subscription) throw DomainError.notFound('Webhook subscription', ['id']);
    const delivery = await inTransaction(this.dataSource, (manager) =>
      this.deliveries.insert(manager, {
        subscriptionId: subscription.id,
        eventId: null,
        eventType: PING_EVENT_TYPE,
        nextAttemptAt: new Date(),
      }),
    );
    const attemptedAt = new Date();
    const response = await this.sender.send(
      subscription,
      webhookIdOf(delivery.id),
      pingBody(subscription.id, delivery.createdAt),
      attemptedAt,
    );
    return inTransaction(this.dataSource, async (manager) => {
      if (!(await this.deliveries.lock(manager, delivery.id))) {
        throw DomainError.notFound('Webhook subscription', ['id']); // deleted during the ping
      }
      const attempt = await this.deliveries.recordAttempt(
        manager,
        attemptOf(delivery.id, attemptedAt, response),
      );
      const status =
        outcomeOf(response.status) === 'succeeded'
          ? WebhookDeliveryStatus.SUCCEEDED
          : WebhookDeliveryStatus.FAILED;
      await this.deliveries.update(manager, delivery.id, {
        status,
        nextAttemptAt: null,
        lastAttemptedAt: attemptedAt,
        incrementAttempts: true,
      });
      return { delivery: { ...delivery, status, attemptCount: 1, nextAttemptAt: null }, attempt };
    });
  }

  /** Sends a delivery again (a fresh retry schedule), with the same webhook-id. */
  async redeliver(deliveryId: string): Promise<WebhookDeliveryEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const delivery = await this.deliveries.lock(manager, deliveryId);
      if (!delivery) throw DomainError.notFound('Webhook delivery', ['deliveryId']);
      if (delivery.eventId === null) {
        throw DomainError.invalid(['deliveryId'], 'Pings are not redelivered: ping again instead.');
      }
      const subscription = await this.subscriptions.lock(manager, delivery.subscriptionId);
      if (subscription?.status !== WebhookSubscriptionStatus.ACTIVE) throw disabled(['deliveryId']);
      const runAt = new Date();
      await this.deliveries.requeueForRedelivery(manager, delivery.id, runAt);
      await scheduleAttempts(manager, [{ ...delivery, runAt }]);
      await this.audit.record(manager, {
        action: 'redeliverWebhookDelivery',
        subjectType: 'webhook_delivery',
        subjectIds: [delivery.id],
        changes: diff({ status: delivery.status }, { status: WebhookDeliveryStatus.PENDING }),
      });
      return { ...delivery, status: WebhookDeliveryStatus.PENDING, attemptCount: 0, nextAttemptAt: runAt };
    });
  }

  /**
   * Sends the subscription's events of [since, until) again, oldest first: those never delivered to it (they
   * predate it, or came while it was disabled) get a delivery; those already delivered are sent again with their
   * original webhook-id, so receivers that keep ids recognise them. Returns how many deliveries were queued.
   */
  async replay(command: ReplayWebhookEventsCommand): Promise<number> {
    const until = command.until ?? new Date();
    if (until.getTime() <= command.since.getTime()) {
      throw DomainError.invalid(['until'], '"until" must be after "since".');
    }
    return inTransaction(this.dataSource, async (manager) => {
      const subscription = await this.subscriptions.lock(manager, command.subscriptionId);
      if (!subscription) throw DomainError.notFound('Webhook subscription', ['subscriptionId']);
      if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) throw disabled(['subscriptionId']);
      const ids = await this.deliveries.queueReplay(
        manager,
        subscription,
        command.since,
        until,
        MAX_REPLAY_EVENTS,
      );
      const runAt = new Date();
      await scheduleAttempts(
        manager,
        ids.map((id) => ({ id, subscriptionId: subscription.id, runAt })),
      );
      await this.audit.record(manager, {
        action: 'replayWebhookEvents',
        subjectType: 'webhook_subscription',
        subjectIds: [subscription.id],
        changes: diff(
          {},
          { since: command.since.toISOString(), until: until.toISOString(), queued: ids.length },
        ),
      });
      return ids.length;
    });
  }
}

function disabled(field: string[]): DomainError {
  return DomainError.of(
    UserErrorCode.WEBHOOK_SUBSCRIPTION_DISABLED,
    'The subscription is disabled; enable it first.',
    field,
  );
}
