import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { Environment } from '../config/environment';
import { violatedConstraint } from '../common/errors/postgres-errors';
import { afterFailedAttempt, outcomeOf } from './webhook-delivery.rules';
import {
  DeliveryRef,
  NewAttempt,
  SuccessfulAttempt,
  WebhookDeliveriesRepository,
} from './webhook-deliveries.repository';
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

interface PendingSuccess {
  attempt: SuccessfulAttempt;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Records what came of a delivery attempt: the attempt in the log, the delivery's new state and its next attempt's
 * job, and what it means for the subscription (`afterFailedAttempt` decides; this writes). Successes are written
 * together: one multi-row statement for every success that came in while the previous one was being written (group
 * commit: no added wait when idle, one statement for many under load). Anything else is one transaction.
 */
@Injectable()
export class WebhookOutcomeRecorder {
  private readonly logger = new Logger('Webhooks');
  private waiting: PendingSuccess[] = [];
  private writing = false;

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
    hasBackupJob = false,
  ): Promise<boolean> {
    if (!interrupted && outcomeOf(response.status) === 'succeeded') {
      await this.recordSuccess({
        ...attemptOf(delivery.id, attemptedAt, response),
        endFailureStreak: failingSince !== null,
        hasBackupJob,
      });
      return true;
    }
    await this.recordFailure(delivery, attemptedAt, response, interrupted);
    return false;
  }

  /** Resolves once the success is written, with the others that came in meanwhile. */
  private recordSuccess(attempt: SuccessfulAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ attempt, settle: { resolve, reject } });
      if (!this.writing) void this.writeSuccesses();
    });
  }

  private async writeSuccesses(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          await this.deliveries.recordSuccesses(batch.map((s) => s.attempt));
          batch.forEach((s) => s.settle.resolve());
        } catch (error) {
          if (violatedConstraint(error)?.constraint !== 'webhook_attempt_delivery_fk') {
            batch.forEach((s) => s.settle.reject(error));
            continue;
          }
          // A subscription was being deleted when the statement began: its deliveries' EXISTS still saw them, and
          // the attempts' foreign key then found them gone. One by one, the others are written; the deleted
          // ones have nothing to log, as when the deletion came first.
          for (const s of batch) {
            await this.deliveries.recordSuccesses([s.attempt]).then(
              () => s.settle.resolve(),
              (one: unknown) =>
                violatedConstraint(one)?.constraint === 'webhook_attempt_delivery_fk'
                  ? s.settle.resolve()
                  : s.settle.reject(one),
            );
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** A delivery whose subscription is no longer active fails without an attempt (nothing is sent while disabled). */
  async recordUndeliverable(deliveryId: string): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      this.deliveries.update(manager, deliveryId, {
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
        leaseExpiresAt: null,
        leaseHolder: null,
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
        leaseExpiresAt: null,
        leaseHolder: null,
        incrementAttempts: next.delivery.counts,
      });
      // The queue has it from now on; this job wakes a claimer when the retry is due (retries hours away included).
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
