import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { Environment } from '../config/environment';
import { afterFailedAttempt, outcomeOf } from './webhook-delivery.rules';
import { DeliveryRef, NewAttempt, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { scheduleAttempts } from './webhook-jobs';
import { WebhookResponse } from './webhook-sender';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';

/** An attempt as the log keeps it. */
export function attemptOf(deliveryId: string, attemptedAt: Date, response: WebhookResponse): NewAttempt {
  return {
    deliveryId,
    attemptedAt,
    responseStatus: response.status,
    durationMs: response.durationMs,
    error: response.error?.slice(0, 1000) ?? null,
  };
}

/**
 * Records what came of a delivery attempt: the attempt in the log, the delivery's new state and its next attempt's
 * job, and what it means for the subscription (`afterFailedAttempt` decides; this writes). A success is one
 * statement; anything else one transaction.
 */
@Injectable()
export class WebhookOutcomeRecorder {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly env: Environment,
  ) {}

  /**
   * Records an attempt; true when it succeeded. `interrupted`: the worker was shutting down while it was made.
   * `failingSince` is the subscription's as loaded before the attempt (a success ends a streak only if there is one).
   */
  async record(
    delivery: DeliveryRef,
    failingSince: Date | null,
    attemptedAt: Date,
    response: WebhookResponse,
    interrupted: boolean,
  ): Promise<boolean> {
    if (!interrupted && outcomeOf(response.status) === 'succeeded') {
      // The common case in one statement, without a transaction of its own.
      await this.deliveries.recordSuccess(
        attemptOf(delivery.id, attemptedAt, response),
        failingSince !== null,
      );
      return true;
    }
    await this.recordFailure(delivery, attemptedAt, response, interrupted);
    return false;
  }

  /** A delivery whose subscription is no longer active fails without an attempt (nothing is sent while disabled). */
  async recordUndeliverable(deliveryId: string): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      this.deliveries.update(manager, deliveryId, {
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
      }),
    );
  }

  /** A failed or interrupted attempt: the retry, the dead letter, or disabling the subscription. */
  private async recordFailure(
    ref: DeliveryRef,
    attemptedAt: Date,
    response: WebhookResponse,
    interrupted: boolean,
  ): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      // Subscription first, then delivery: the order deleting a subscription locks them in. Under the delivery's
      // lock, a redelivery or a concurrent attempt may have settled it meanwhile, and a deleted subscription took
      // it away (then there is nothing left to log).
      const subscription = await this.subscriptions.lock(manager, ref.subscriptionId);
      const delivery = subscription && (await this.deliveries.lock(manager, ref.id));
      if (!delivery) return;
      await this.deliveries.recordAttempt(manager, attemptOf(ref.id, attemptedAt, response));
      if (delivery.status !== WebhookDeliveryStatus.PENDING) return;
      const now = new Date();
      const next = afterFailedAttempt(
        {
          attemptCount: delivery.attemptCount,
          attemptedAt,
          responseStatus: response.status,
          retryAfter: response.retryAfter,
          error: response.error,
          interrupted,
          subscription,
        },
        {
          scheduleMs: this.env.webhookRetryScheduleMs(),
          disableAfterMs: this.env.WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
        },
        now,
      );
      await this.deliveries.update(manager, delivery.id, {
        status: next.delivery.status,
        nextAttemptAt: next.delivery.nextAttemptAt,
        lastAttemptedAt: attemptedAt,
        incrementAttempts: next.delivery.counts,
      });
      if (next.retryAt) await scheduleAttempts(manager, [{ ...delivery, runAt: next.retryAt }]);
      if (next.subscription && 'disable' in next.subscription) {
        const reason = next.subscription.disable;
        await this.subscriptions.update(manager, subscription.id, {
          status: WebhookSubscriptionStatus.DISABLED,
          disabledReason: reason.slice(0, 500),
          disabledAt: new Date(),
        });
        this.logger.warn(`webhook subscription ${subscription.id} disabled: ${reason}`);
      } else if (next.subscription) {
        await this.subscriptions.update(manager, subscription.id, {
          failingSince: next.subscription.failingSince,
        });
      }
    });
  }
}
