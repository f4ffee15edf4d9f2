import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/database/transaction';
import { Environment } from '../config/environment';
import { EventOutbox } from '../events/event-outbox';
import { JobRunner } from '../jobs/job-runner';
import { WebhookAttempter } from './webhook-attempter';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { DeliveryRef, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { cancelAttempts, FAN_OUT_PRIORITY, scheduleAttempts } from './webhook-jobs';
import { WebhookDeliveryStatus } from './webhook.enums';

/**
 * A first attempt made by the fan-out job also has a queued job, due after the attempt's timeout and this margin,
 * which runs only if the process dies before recording the attempt (it is removed when the attempt succeeds).
 */
const SAFETY_NET_MARGIN_MS = 10_000;

type InlineAttempt = DeliveryRef & { slot: number };

/**
 * `webhooks.fan_out`: turns committed events into deliveries. The outbox enqueues it with every batch of events,
 * in the transaction that writes them, so an event has its fan-out exactly when it committed.
 */
@Injectable()
export class WebhookFanOutJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly attempter: WebhookAttempter,
    private readonly gate: WebhookConcurrencyGate,
    private readonly jobs: JobRunner,
    private readonly outbox: EventOutbox,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.outbox.registerFollowUp('webhooks.fan_out', { priority: FAN_OUT_PRIORITY });
    this.jobs.register('webhooks.fan_out', (payload, helpers) =>
      // attempts > 1: this job ran before and did not finish (its worker died, or recording failed).
      this.run(payload.eventIds, helpers.abortSignal, helpers.job.attempts > 1),
    );
  }

  /**
   * One delivery per matching subscription, and a job for each, in one transaction; then the first attempts of
   * the subscriptions this process has room for and that answer promptly, made here rather than through the
   * queue (a fetch, a load and a completion fewer per delivery). Run again (`rerun`: its worker died) it creates
   * nothing twice — deliveries are unique per (subscription, event) — and attempts again those that were never
   * attempted, with the same webhook-id.
   */
  async run(eventIds: string[], abortSignal?: AbortSignal, rerun = false): Promise<void> {
    const firstAttemptAt = new Date(Date.now() + (this.env.webhookRetryScheduleMs()[0] ?? 0));
    const sendsAtOnce = firstAttemptAt.getTime() <= Date.now();
    const inline: InlineAttempt[] = [];
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const created = await this.deliveries.createForEvents(manager, eventIds);
        const toAttempt = rerun ? await this.deliveries.findUnattemptedForEvents(manager, eventIds) : created;
        const queued: DeliveryRef[] = [];
        for (const delivery of toAttempt) {
          const slot = sendsAtOnce ? this.gate.take(delivery.subscriptionId, true) : null;
          if (slot === null) queued.push(delivery);
          else inline.push({ ...delivery, slot });
        }
        const safetyNet = new Date(Date.now() + this.env.WEBHOOK_TIMEOUT_MS + SAFETY_NET_MARGIN_MS);
        await scheduleAttempts(manager, [
          ...queued.map((d) => ({ ...d, runAt: firstAttemptAt })),
          ...inline.map((d) => ({ ...d, runAt: safetyNet })),
        ]);
      });
    } catch (error) {
      inline.forEach((d) => this.gate.release(d.subscriptionId, d.slot));
      throw error;
    }
    await this.attemptInline(inline, abortSignal);
  }

  private async attemptInline(
    deliveries: readonly InlineAttempt[],
    abortSignal?: AbortSignal,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    try {
      const loaded = await this.deliveries.findToAttempt(deliveries.map((d) => d.id));
      const outcomes = await Promise.allSettled(
        loaded.map((l) =>
          l.delivery.status === WebhookDeliveryStatus.PENDING
            ? this.attempter.attempt(l, abortSignal)
            : Promise.resolve(false),
        ),
      );
      // The safety nets of the attempts that succeeded are not needed; a failed attempt rescheduled its job.
      await cancelAttempts(
        this.dataSource.manager,
        loaded
          .filter((_, i) => outcomes[i].status === 'fulfilled' && outcomes[i].value)
          .map((l) => l.delivery.id),
      );
      // An attempt that could not be recorded keeps its job, which tries again after the safety net's delay.
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      deliveries.forEach((d) => this.gate.release(d.subscriptionId, d.slot));
    }
  }
}
