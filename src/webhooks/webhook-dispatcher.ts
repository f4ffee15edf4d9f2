import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { toGlobalId } from '../common/graphql/global-id';
import { Environment } from '../config/environment';
import { EventEntity } from '../events/event.entity';
import { DEFAULT_MAX_ATTEMPTS } from '../jobs/job-queue';
import { JobRunner } from '../jobs/job-runner';
import {
  activeSecrets,
  deliveryQueueName,
  failedTooLong,
  nextAttemptDelayMs,
  outcomeOf,
  parseRetryAfter,
  signedHeaders,
  webhookBody,
  webhookIdOf,
} from './webhook-delivery.rules';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { postWebhook, vetTarget, WebhookResponse, WebhookTargetRefused } from './webhook-sender';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus, PING_EVENT_TYPE } from './webhook.enums';
import { TargetPolicy } from './webhook-target.rules';
import { WebhooksRepository } from './webhooks.repository';

/** The message a delivery sends: its type, body and the secrets that sign it. */
interface Message {
  body: string;
}

/**
 * Turns committed events into deliveries and runs delivery attempts: the two background jobs of webhooks. An
 * attempt's HTTP request happens outside any transaction; what came of it is recorded in one.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');
  /** Attempts this process has in flight, per subscription, outside the subscription's lane. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly jobs: JobRunner,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.jobs.register('webhooks.fan_out', (payload) => this.fanOut(payload.eventIds));
    this.jobs.register('webhooks.deliver', (payload, helpers) =>
      this.deliver(payload.deliveryId, helpers.abortSignal, payload.lane ?? false),
    );
  }

  get targetPolicy(): TargetPolicy {
    return {
      allowHttp: this.env.WEBHOOK_ALLOW_HTTP === 'true',
      allowedCidrs: this.env.webhookAllowedCidrs(),
    };
  }

  /**
   * One delivery per matching subscription, and a job for each, in one transaction. Run again (a retry after a
   * crash) it creates nothing twice: deliveries are unique per (subscription, event).
   */
  async fanOut(eventIds: string[]): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const created = await this.repository.createDeliveriesForEvents(manager, eventIds);
      await this.schedule(manager, created, this.firstAttemptAt());
    });
  }

  /**
   * Enqueues the next attempt of each delivery (replacing a pending one: the job key is the delivery). Attempts
   * run in parallel; `lane` puts them in their subscription's WEBHOOK_SUBSCRIPTION_CONCURRENCY serial queues
   * instead, where a slow endpoint's backlog waits without holding the worker's slots.
   */
  async schedule(
    manager: EntityManager,
    deliveries: readonly { id: string; subscriptionId: string }[],
    runAt: Date,
    lane = false,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    const concurrency = this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY;
    await manager.query(
      `SELECT count(graphile_worker.add_job('webhooks.deliver',
                json_build_object('deliveryId', d.id, 'lane', d.queue IS NOT NULL),
                queue_name => d.queue, run_at => $3, max_attempts => $4, job_key => 'webhook-delivery:' || d.id))
         FROM unnest($1::uuid[], $2::text[]) AS d(id, queue)`,
      [
        deliveries.map((d) => d.id),
        deliveries.map((d) => (lane ? deliveryQueueName(d.subscriptionId, d.id, concurrency) : null)),
        runAt,
        DEFAULT_MAX_ATTEMPTS,
      ],
    );
  }

  firstAttemptAt(): Date {
    return new Date(Date.now() + (this.env.webhookRetryScheduleMs()[0] ?? 0));
  }

  /** One attempt of a pending delivery, then its outcome: success, a scheduled retry, or the dead letter. */
  async deliver(deliveryId: string, abortSignal?: AbortSignal, inLane = false): Promise<void> {
    const loaded = await this.load(deliveryId);
    if (!loaded) return;
    const { delivery, subscription } = loaded;
    if (delivery.status !== WebhookDeliveryStatus.PENDING) return;
    // The per-subscription cap: beyond it (a slow or hanging endpoint), attempts move to the subscription's lane
    // rather than take more of the worker's slots. Counted per worker process; the lane's queues are global.
    const running = this.inFlight.get(subscription.id) ?? 0;
    if (!inLane && running >= this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY) {
      await this.schedule(this.dataSource.manager, [delivery], new Date(), true);
      return;
    }
    this.inFlight.set(subscription.id, running + 1);
    try {
      await this.attempt(loaded, abortSignal);
    } finally {
      const left = (this.inFlight.get(subscription.id) ?? 1) - 1;
      if (left > 0) this.inFlight.set(subscription.id, left);
      else this.inFlight.delete(subscription.id);
    }
  }

  private async attempt(
    loaded: NonNullable<Awaited<ReturnType<WebhookDispatcher['load']>>>,
    abortSignal?: AbortSignal,
  ): Promise<void> {
    const { delivery, subscription, event } = loaded;
    if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) {
      await inTransaction(this.dataSource, (manager) =>
        this.repository.updateDelivery(manager, delivery.id, {
          status: WebhookDeliveryStatus.FAILED,
          nextAttemptAt: null,
        }),
      );
      return;
    }
    const message = event ? eventMessage(event) : pingMessage(subscription, delivery.createdAt);
    const attemptedAt = new Date();
    const response = await this.send(
      subscription,
      webhookIdOf(delivery.id),
      message,
      attemptedAt,
      abortSignal,
    );
    const interrupted = abortSignal?.aborted ?? false;
    if (!interrupted && outcomeOf(response.status) === 'succeeded') {
      // The common case in one statement, without a transaction of its own.
      await this.repository.recordSuccess(
        attemptOf(delivery.id, attemptedAt, response),
        subscription.failingSince !== null,
      );
      return;
    }
    await inTransaction(this.dataSource, (manager) =>
      this.recordOutcome(manager, delivery, attemptedAt, response, abortSignal?.aborted ?? false),
    );
  }

  /** A ping: one attempt now, no retries, reported to the caller. */
  async ping(subscription: WebhookSubscriptionEntity): Promise<{
    delivery: WebhookDeliveryEntity;
    attempt: WebhookAttemptEntity;
  }> {
    const delivery = await inTransaction(this.dataSource, (manager) =>
      this.repository.insertDelivery(manager, {
        subscriptionId: subscription.id,
        eventId: null,
        eventType: PING_EVENT_TYPE,
        nextAttemptAt: new Date(),
      }),
    );
    const attemptedAt = new Date();
    const response = await this.send(
      subscription,
      webhookIdOf(delivery.id),
      pingMessage(subscription, delivery.createdAt),
      attemptedAt,
    );
    return inTransaction(this.dataSource, async (manager) => {
      if (!(await this.repository.lockDelivery(manager, delivery.id))) {
        throw DomainError.notFound('Webhook subscription', ['input', 'id']); // deleted during the ping
      }
      const attempt = await this.repository.recordAttempt(
        manager,
        attemptOf(delivery.id, attemptedAt, response),
      );
      const status =
        outcomeOf(response.status) === 'succeeded'
          ? WebhookDeliveryStatus.SUCCEEDED
          : WebhookDeliveryStatus.FAILED;
      await this.repository.updateDelivery(manager, delivery.id, {
        status,
        nextAttemptAt: null,
        lastAttemptedAt: attemptedAt,
        incrementAttempts: true,
      });
      return { delivery: { ...delivery, status, attemptCount: 1, nextAttemptAt: null }, attempt };
    });
  }

  /** The delivery with its subscription and event, in one statement (null once the subscription is deleted). */
  private async load(deliveryId: string): Promise<{
    delivery: WebhookDeliveryEntity;
    subscription: WebhookSubscriptionEntity;
    event: EventEntity | null;
  } | null> {
    return this.repository.findDeliveryToAttempt(deliveryId);
  }

  private async send(
    subscription: WebhookSubscriptionEntity,
    messageId: string,
    message: Message,
    attemptedAt: Date,
    abortSignal?: AbortSignal,
  ): Promise<WebhookResponse> {
    const started = performance.now();
    try {
      // Checked at every attempt, not only at creation: DNS may have changed since.
      const target = await vetTarget(subscription.url, this.targetPolicy);
      const headers = signedHeaders(
        messageId,
        message.body,
        activeSecrets(subscription, attemptedAt),
        attemptedAt,
      );
      return await postWebhook({
        target,
        headers,
        body: message.body,
        timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
        signal: abortSignal,
      });
    } catch (error) {
      const reason = error instanceof WebhookTargetRefused ? `refused: ${error.message}` : String(error);
      return {
        status: null,
        durationMs: Math.round(performance.now() - started),
        error: reason,
        retryAfter: null,
      };
    }
  }

  /** A failed or interrupted attempt: the retry, the dead letter, or disabling the subscription. */
  private async recordOutcome(
    manager: EntityManager,
    loaded: WebhookDeliveryEntity,
    attemptedAt: Date,
    response: WebhookResponse,
    interrupted: boolean,
  ): Promise<void> {
    // Subscription first, then delivery: the order deleting a subscription locks them in. Under the delivery's
    // lock, a redelivery or a concurrent attempt may have settled it meanwhile, and a deleted subscription took
    // it away (then there is nothing left to log).
    const subscription = await this.repository.lockSubscription(manager, loaded.subscriptionId);
    const delivery = subscription && (await this.repository.lockDelivery(manager, loaded.id));
    if (!delivery) return;
    await this.repository.recordAttempt(manager, attemptOf(loaded.id, attemptedAt, response));
    if (delivery.status !== WebhookDeliveryStatus.PENDING) return;
    const now = new Date();
    if (interrupted) {
      // The worker is shutting down: not the endpoint's fault, so it does not count; run again at once.
      await this.repository.updateDelivery(manager, delivery.id, {
        lastAttemptedAt: attemptedAt,
        nextAttemptAt: now,
      });
      await this.schedule(manager, [delivery], now);
      return;
    }
    const outcome = outcomeOf(response.status);
    // Successes are recorded by recordSuccess (one statement); what is left are failures.
    if (outcome === 'succeeded') return;
    if (outcome === 'gone') {
      await this.repository.updateDelivery(manager, delivery.id, {
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
        lastAttemptedAt: attemptedAt,
        incrementAttempts: true,
      });
      await this.disable(manager, subscription, 'The endpoint answered 410 Gone.');
      return;
    }
    const delay = nextAttemptDelayMs(
      delivery.attemptCount + 1,
      this.env.webhookRetryScheduleMs(),
      parseRetryAfter(response.retryAfter, now),
    );
    const nextAttemptAt = delay === null ? null : new Date(now.getTime() + delay);
    await this.repository.updateDelivery(manager, delivery.id, {
      status: nextAttemptAt ? WebhookDeliveryStatus.PENDING : WebhookDeliveryStatus.FAILED,
      nextAttemptAt,
      lastAttemptedAt: attemptedAt,
      incrementAttempts: true,
    });
    if (nextAttemptAt) await this.schedule(manager, [delivery], nextAttemptAt);
    const failingSince = subscription.failingSince ?? attemptedAt;
    if (failedTooLong(failingSince, now, this.env.WEBHOOK_DISABLE_AFTER_SECONDS * 1000)) {
      await this.disable(
        manager,
        subscription,
        `Every delivery attempt has failed since ${failingSince.toISOString()}; last: ${response.error ?? 'failed'}`,
      );
    } else if (subscription.failingSince === null) {
      await this.repository.updateSubscription(manager, subscription.id, { failingSince });
    }
  }

  private async disable(manager: EntityManager, subscription: WebhookSubscriptionEntity, reason: string) {
    if (subscription.status === WebhookSubscriptionStatus.DISABLED) return;
    await this.repository.updateSubscription(manager, subscription.id, {
      status: WebhookSubscriptionStatus.DISABLED,
      disabledReason: reason.slice(0, 500),
      disabledAt: new Date(),
    });
    this.logger.warn(`webhook subscription ${subscription.id} disabled: ${reason}`);
  }
}

function attemptOf(deliveryId: string, attemptedAt: Date, response: WebhookResponse) {
  return {
    deliveryId,
    attemptedAt,
    responseStatus: response.status,
    durationMs: response.durationMs,
    error: response.error?.slice(0, 1000) ?? null,
  };
}

function eventMessage(event: EventEntity): Message {
  return {
    body: webhookBody(event.type, event.occurredAt, {
      eventId: toGlobalId('Event', event.id),
      ...event.data,
    }),
  };
}

function pingMessage(subscription: WebhookSubscriptionEntity, at: Date): Message {
  return {
    body: webhookBody(PING_EVENT_TYPE, at, {
      subscriptionId: toGlobalId('WebhookSubscription', subscription.id),
    }),
  };
}
