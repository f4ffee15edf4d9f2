import { Injectable } from '@nestjs/common';
import { webhookAttempts } from '../common/diagnostics';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { DeliveryToAttempt } from './webhook-deliveries.repository';
import { eventBody, pingBody, webhookIdOf } from './webhook-message';
import { WebhookOutcomeRecorder } from './webhook-outcome-recorder';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionStatus } from './webhook.enums';

/**
 * One attempt of a pending delivery, wherever it is made (the claimer, or the fan-out job itself): the
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

  /**
   * True when the endpoint accepted it. `hasBackupJob`: a job waits to attempt it should this process die.
   * `answered` is called once the endpoint is done with it (answered, failed or timed out), before the outcome is
   * written: the subscription's lane slot bounds what its endpoint has to handle, not the recording.
   */
  async attempt(
    loaded: DeliveryToAttempt,
    abortSignal?: AbortSignal,
    hasBackupJob = false,
    answered: () => void = () => undefined,
  ): Promise<boolean> {
    const { delivery, subscription, event } = loaded;
    if (subscription.status !== WebhookSubscriptionStatus.ACTIVE) {
      await this.recorder.recordUndeliverable(delivery.id);
      webhookAttempts.report(() => ({
        subscriptionId: subscription.id,
        outcome: 'undeliverable',
        status: null,
        durationMs: 0,
        lagMs: null,
      }));
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
    answered();
    const interrupted = abortSignal?.aborted ?? false;
    if (!interrupted) this.gate.noteDuration(subscription.id, response.durationMs);
    const succeeded = await this.recorder.record(
      delivery,
      subscription.failingSince,
      attemptedAt,
      response,
      interrupted,
      hasBackupJob,
    );
    webhookAttempts.report(() => ({
      subscriptionId: subscription.id,
      outcome: succeeded ? 'succeeded' : interrupted ? 'interrupted' : 'failed',
      status: response.status,
      durationMs: response.durationMs,
      // The event row is written in the transaction that commits the change: its time is the commit's, to within
      // that transaction's duration.
      lagMs: succeeded && event ? Date.now() - event.occurredAt.getTime() : null,
    }));
    return succeeded;
  }
}
