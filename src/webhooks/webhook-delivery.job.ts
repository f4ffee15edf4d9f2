import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { JobRunner } from '../jobs/job-runner';
import { WebhookAttempter } from './webhook-attempter';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { scheduleAttempts } from './webhook-jobs';
import { WebhookDeliveryStatus } from './webhook.enums';

/**
 * `webhooks.deliver`: one attempt of one delivery — its first (unless the fan-out made it), a retry, a redelivery,
 * a replay, or the safety net of a first attempt whose process died.
 */
@Injectable()
export class WebhookDeliveryJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly attempter: WebhookAttempter,
    private readonly gate: WebhookConcurrencyGate,
    private readonly jobs: JobRunner,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.jobs.register('webhooks.deliver', (payload, helpers) =>
      this.run(payload.deliveryId, helpers.abortSignal, payload.lane ?? false),
    );
  }

  /** One attempt of a pending delivery, then its outcome: success, a scheduled retry, or the dead letter. */
  async run(deliveryId: string, abortSignal?: AbortSignal, inLane = false): Promise<void> {
    // None once the subscription (and with it the delivery) is deleted.
    const [loaded] = await this.deliveries.findToAttempt([deliveryId]);
    if (!loaded || loaded.delivery.status !== WebhookDeliveryStatus.PENDING) return;
    // The per-subscription cap of a slow or hanging endpoint: beyond it, attempts move to the subscription's lane
    // rather than take more of the worker's slots. Counted per worker process; the lane's queues are global.
    if (inLane) {
      await this.attempter.attempt(loaded, abortSignal);
      return;
    }
    const { delivery, subscription } = loaded;
    const slot = this.gate.take(subscription.id);
    if (slot === null) {
      await scheduleAttempts(this.dataSource.manager, [{ ...delivery, runAt: new Date() }], {
        concurrency: this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY,
      });
      return;
    }
    try {
      await this.attempter.attempt(loaded, abortSignal);
    } finally {
      this.gate.release(subscription.id, slot);
    }
  }
}
