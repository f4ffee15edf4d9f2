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
import { DeliveryToAttempt, WebhooksRepository } from './webhooks.repository';
import { EventOutbox } from '../events/event-outbox';
import { FAN_OUT_PRIORITY } from './webhook-jobs';

/**
 * A subscription answers slowly when its recent attempts took longer than this on average, or one of its attempts
 * in flight has run longer. Its first attempts are then queued jobs rather than made by the fan-out job itself, so
 * a slow endpoint holds no fan-out job (and with it the other subscriptions' first attempts) for long.
 */
const SLOW_MS = 1_000;
/**
 * A first attempt made by the fan-out job also has a queued job, due after the attempt's timeout and this margin,
 * which runs only if the process dies before recording the attempt (it is removed when the attempt succeeds).
 */
const SAFETY_NET_MARGIN_MS = 10_000;

const attemptJobKey = (deliveryId: string) => `webhook-delivery:${deliveryId}`;

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
  /** When each attempt this process has in flight started, per subscription (lanes' attempts not counted). */
  private readonly inFlight = new Map<string, number[]>();
  /** A moving average of each subscription's recent attempt durations in this process, in ms. */
  private readonly recentDurationMs = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: WebhooksRepository,
    private readonly jobs: JobRunner,
    private readonly outbox: EventOutbox,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    // Every batch of events written is fanned out to the subscriptions, by a job enqueued with it.
    this.outbox.registerFollowUp('webhooks.fan_out', { priority: FAN_OUT_PRIORITY });
    this.jobs.register('webhooks.fan_out', (payload, helpers) =>
      // attempts > 1: this job ran before and did not finish (its worker died, or recording failed).
      this.fanOut(payload.eventIds, helpers.abortSignal, helpers.job.attempts > 1),
    );
    this.jobs.register('webhooks.deliver', (payload, helpers) =>
      this.deliver(payload.deliveryId, helpers.abortSignal, payload.lane ?? false),
    );
  }

  get targetPolicy(): TargetPolicy {
    return {
      allowHttp: this.env.WEBHOOK_ALLOW_HTTP,
      allowedCidrs: this.env.webhookAllowedCidrs(),
    };
  }

  /**
   * One delivery per matching subscription, and a job for each, in one transaction; then the first attempts of
   * the subscriptions this process has room for and that answer promptly, made here rather than through the
   * queue (a fetch, a load and a completion fewer per delivery). Run again (`rerun`: its worker died) it creates
   * nothing twice — deliveries are unique per (subscription, event) — and attempts again those that were never
   * attempted, with the same webhook-id.
   */
  async fanOut(eventIds: string[], abortSignal?: AbortSignal, rerun = false): Promise<void> {
    const firstAttemptAt = this.firstAttemptAt();
    const sendsAtOnce = firstAttemptAt.getTime() <= Date.now();
    const inline: { id: string; subscriptionId: string; slot: number }[] = [];
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const created = await this.repository.createDeliveriesForEvents(manager, eventIds);
        const toAttempt = rerun
          ? await this.repository.findUnattemptedDeliveries(manager, eventIds)
          : created;
        const queued: typeof toAttempt = [];
        for (const d of toAttempt) {
          const slot = sendsAtOnce ? this.takeSlot(d.subscriptionId, true) : null;
          if (slot === null) queued.push(d);
          else inline.push({ ...d, slot });
        }
        const safetyNet = new Date(Date.now() + this.env.WEBHOOK_TIMEOUT_MS + SAFETY_NET_MARGIN_MS);
        await this.schedule(manager, [
          ...queued.map((d) => ({ ...d, runAt: firstAttemptAt })),
          ...inline.map((d) => ({ ...d, runAt: safetyNet })),
        ]);
      });
    } catch (error) {
      inline.forEach((d) => this.releaseSlot(d.subscriptionId, d.slot));
      throw error;
    }
    await this.attemptInline(inline, abortSignal);
  }

  private async attemptInline(
    deliveries: readonly { id: string; subscriptionId: string; slot: number }[],
    abortSignal?: AbortSignal,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      const loaded = await this.repository.findDeliveriesToAttempt(deliveries.map((d) => d.id));
      const outcomes = await Promise.allSettled(
        loaded.map((l) =>
          l.delivery.status === WebhookDeliveryStatus.PENDING
            ? this.attempt(l, abortSignal)
            : Promise.resolve(false),
        ),
      );
      await this.repository.removeAttemptJobs(
        loaded
          .filter((_, i) => outcomes[i].status === 'fulfilled' && outcomes[i].value)
          .map((l) => attemptJobKey(l.delivery.id)),
      );
      // An attempt that could not be recorded keeps its job, which tries again after the safety net's delay.
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      deliveries.forEach((d) => this.releaseSlot(d.subscriptionId, d.slot));
    }
  }

  /**
   * Enqueues the next attempt of each delivery (replacing a pending one: the job key is the delivery). Attempts
   * run in parallel; `lane` puts them in their subscription's WEBHOOK_SUBSCRIPTION_CONCURRENCY serial queues
   * instead, where a slow endpoint's backlog waits without holding the worker's slots.
   */
  async schedule(
    manager: EntityManager,
    deliveries: readonly { id: string; subscriptionId: string; runAt: Date }[],
    lane = false,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    const concurrency = this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY;
    await manager.query(
      `SELECT count(graphile_worker.add_job('webhooks.deliver',
                json_build_object('deliveryId', d.id, 'lane', d.queue IS NOT NULL),
                queue_name => d.queue, run_at => d.run_at, max_attempts => $5, job_key => d.key))
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[]) AS d(id, queue, run_at, key)`,
      [
        deliveries.map((d) => d.id),
        deliveries.map((d) => (lane ? deliveryQueueName(d.subscriptionId, d.id, concurrency) : null)),
        deliveries.map((d) => d.runAt),
        deliveries.map((d) => attemptJobKey(d.id)),
        DEFAULT_MAX_ATTEMPTS,
      ],
    );
  }

  /**
   * Takes one of the subscription's slots in this process, returning when it was taken (the token to give back),
   * or null when its WEBHOOK_SUBSCRIPTION_CONCURRENCY slots are taken. `onlyIfPrompt` also refuses a subscription
   * that answers slowly.
   */
  private takeSlot(subscriptionId: string, onlyIfPrompt = false): number | null {
    const now = Date.now();
    const started = this.inFlight.get(subscriptionId) ?? [];
    const slow = this.answersSlowly(subscriptionId, now);
    if (slow && onlyIfPrompt) return null;
    if (started.length >= this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY) return null;
    this.inFlight.set(subscriptionId, [...started, now]);
    return now;
  }

  private answersSlowly(subscriptionId: string, now = Date.now()): boolean {
    return (
      (this.recentDurationMs.get(subscriptionId) ?? 0) > SLOW_MS ||
      (this.inFlight.get(subscriptionId) ?? []).some((at) => now - at > SLOW_MS)
    );
  }

  private releaseSlot(subscriptionId: string, token: number): void {
    const started = this.inFlight.get(subscriptionId) ?? [];
    const i = started.indexOf(token);
    const left = i < 0 ? started : [...started.slice(0, i), ...started.slice(i + 1)];
    if (left.length > 0) this.inFlight.set(subscriptionId, left);
    else this.inFlight.delete(subscriptionId);
  }

  private noteDuration(subscriptionId: string, durationMs: number): void {
    const previous = this.recentDurationMs.get(subscriptionId);
    this.recentDurationMs.set(
      subscriptionId,
      previous === undefined ? durationMs : previous * 0.8 + durationMs * 0.2,
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
    // The per-subscription cap of a slow or hanging endpoint: beyond it, attempts move to the subscription's lane
    // rather than take more of the worker's slots. Counted per worker process; the lane's queues are global.
    if (inLane) {
      await this.attempt(loaded, abortSignal);
      return;
    }
    const slot = this.takeSlot(subscription.id);
    if (slot === null) {
      await this.schedule(this.dataSource.manager, [{ ...delivery, runAt: new Date() }], true);
      return;
    }
    try {
      await this.attempt(loaded, abortSignal);
    } finally {
      this.releaseSlot(subscription.id, slot);
    }
  }

  /** One attempt and its outcome recorded; true when the endpoint accepted it. */
  private async attempt(loaded: DeliveryToAttempt, abortSignal?: AbortSignal): Promise<boolean> {
    const { delivery, subscription, event } = loaded;
    if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) {
      await inTransaction(this.dataSource, (manager) =>
        this.repository.updateDelivery(manager, delivery.id, {
          status: WebhookDeliveryStatus.FAILED,
          nextAttemptAt: null,
        }),
      );
      return false;
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
    if (!interrupted) this.noteDuration(subscription.id, response.durationMs);
    if (!interrupted && outcomeOf(response.status) === 'succeeded') {
      // The common case in one statement, without a transaction of its own.
      await this.repository.recordSuccess(
        attemptOf(delivery.id, attemptedAt, response),
        subscription.failingSince !== null,
      );
      return true;
    }
    await inTransaction(this.dataSource, (manager) =>
      this.recordOutcome(manager, delivery, attemptedAt, response, abortSignal?.aborted ?? false),
    );
    return false;
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
        throw DomainError.notFound('Webhook subscription', ['id']); // deleted during the ping
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
  private async load(deliveryId: string): Promise<DeliveryToAttempt | null> {
    const [loaded] = await this.repository.findDeliveriesToAttempt([deliveryId]);
    return loaded ?? null;
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
      await this.schedule(manager, [{ ...delivery, runAt: now }]);
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
    if (nextAttemptAt) await this.schedule(manager, [{ ...delivery, runAt: nextAttemptAt }]);
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
