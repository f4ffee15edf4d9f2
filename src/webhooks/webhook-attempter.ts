import { Injectable } from '@nestjs/common';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { DeliveryToAttempt } from './webhook-deliveries.repository';
import { eventBody, pingBody, webhookIdOf } from './webhook-message';
import { WebhookOutcomeRecorder } from './webhook-outcome-recorder';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionStatus } from './webhook.enums';

/**
 * One attempt of a pending delivery, wherever it is made (a queued job, a lane, or the fan-out job itself): the
 * HTTP request outside any transaction, then its outcome recorded. Every attempt of a delivery carries the same
 * webhook-id and the same body.
 */
@Injectable()
export class WebhookAttempter {
  constructor(
    private readonly sender: WebhookSender,
    private readonly recorder: WebhookOutcomeRecorder,
    private readonly gate: WebhookConcurrencyGate,
  ) {}

  /** True when the endpoint accepted it. */
  async attempt(loaded: DeliveryToAttempt, abortSignal?: AbortSignal): Promise<boolean> {
    const { delivery, subscription, event } = loaded;
    if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) {
      await this.recorder.recordUndeliverable(delivery.id);
      return false;
    }
    const body = event ? eventBody(event) : pingBody(subscription.id, delivery.createdAt);
    const attemptedAt = new Date();
    const response = await this.sender.send(
      subscription,
      webhookIdOf(delivery.id),
      body,
      attemptedAt,
      abortSignal,
    );
    const interrupted = abortSignal?.aborted ?? false;
    if (!interrupted) this.gate.noteDuration(subscription.id, response.durationMs);
    return this.recorder.record(delivery, subscription.failingSince, attemptedAt, response, interrupted);
  }
}
