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
import { FAN_OUT_PRIORITY, scheduleAttempts } from './webhook-jobs';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookDeliveryStatus } from './webhook.enums';

/**
 * A first attempt made by the fan-out job leases its delivery like a claim does; it also has a backup job, due just
 * after the lease, which wakes a claimer should this process die before recording the attempt (it is removed with
 * the attempt's success).
 */
const BACKUP_AFTER_LEASE_MS = 1_000;

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
    private readonly dispatcher: WebhookDispatcher,
    private readonly jobs: JobRunner,
    private readonly outbox: EventOutbox,
    private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    this.outbox.registerFollowUp('webhooks.fan_out', { priority: FAN_OUT_PRIORITY });
    this.jobs.register('webhooks.fan_out', (payload, helpers) =>
      // attempts > 1: this job ran before and did not finish (its worker died, or recording failed).
      this.run(payload.eventIds, helpers.abortSignal, helpers.job.attempts > 1, helpers.job.id),
    );
  }

  /**
   * One delivery per matching subscription, in one statement: the queue (`webhook_delivery`) has them when it
   * commits. Then the first attempts of the subscriptions that answer promptly and have room in their lane in this
   * process are made here, under a lease, rather than claimed (a claim's round trips fewer per delivery); the rest
   * are left to the claimer, which is woken. Run again (`rerun`: its worker died, or recording failed after every
   * attempt had ended) it creates nothing twice — deliveries are unique per (subscription, event) — takes back the
   * leases its first run held, and leaves the attempts to the claimer, with the same webhook-id.
   */
  async run(eventIds: string[], abortSignal?: AbortSignal, rerun = false, jobId = 'direct'): Promise<void> {
    const holder = `fan-out:${jobId}`;
    if (rerun) await this.deliveries.releaseLeasesOf(eventIds, holder);
    const firstAttemptAt = new Date(Date.now() + (this.env.webhookRetryScheduleMs()[0] ?? 0));
    const sendsAtOnce = firstAttemptAt.getTime() <= Date.now() && !rerun;
    const leaseUntil = new Date(Date.now() + this.dispatcher.leaseMs);
    const inline: InlineAttempt[] = [];
    let queued = 0;
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const created = await this.deliveries.createForEvents(
          manager,
          eventIds,
          firstAttemptAt,
          sendsAtOnce ? { until: leaseUntil, holder } : null,
        );
        const released: string[] = [];
        for (const delivery of created) {
          const slot = sendsAtOnce ? this.gate.take(delivery.subscriptionId, true) : null;
          if (slot !== null) inline.push({ ...delivery, slot });
          else if (sendsAtOnce) released.push(delivery.id);
        }
        queued = created.length - inline.length;
        await this.deliveries.releaseLeases(manager, released);
        const backup = new Date(leaseUntil.getTime() + BACKUP_AFTER_LEASE_MS);
        await scheduleAttempts(manager, [
          // A first attempt due later: its job wakes a claimer then.
          ...(sendsAtOnce ? [] : created.map((d) => ({ ...d, runAt: firstAttemptAt }))),
          ...inline.map((d) => ({ ...d, runAt: backup })),
        ]);
      });
    } catch (error) {
      inline.forEach((d) => this.gate.release(d.subscriptionId, d.slot));
      throw error;
    }
    if (queued > 0 || rerun) this.dispatcher.wake();
    await this.attemptInline(inline, abortSignal);
  }

  private async attemptInline(
    deliveries: readonly InlineAttempt[],
    abortSignal?: AbortSignal,
  ): Promise<void> {
    if (deliveries.length === 0) return;
    const held = new Set(deliveries);
    const release = (d: InlineAttempt) => {
      if (!held.delete(d)) return;
      this.gate.release(d.subscriptionId, d.slot);
      this.dispatcher.slotFreed(d.subscriptionId);
    };
    try {
      const loaded = await this.deliveries.findToAttempt(deliveries.map((d) => d.id));
      const outcomes = await Promise.allSettled(
        loaded.map((l) => {
          const inline = deliveries.find((d) => d.id === l.delivery.id)!;
          return l.delivery.status === WebhookDeliveryStatus.PENDING
            ? this.attempter.attempt(l, abortSignal, true, () => release(inline))
            : Promise.resolve(false);
        }),
      );
      // An attempt that could not be recorded keeps its lease and backup job: claimed again once they run out.
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      deliveries.forEach(release);
    }
  }
}
