import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Environment } from '../config/environment';
import { WebhookAttempter } from './webhook-attempter';
import { WebhookConcurrencyGate } from './webhook-concurrency-gate';
import { DeliveryToAttempt, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { planClaim } from './webhook-lanes.rules';

/** A lease lasts the attempt's timeout and this margin: long enough for it to be recorded, short after a crash. */
export const LEASE_MARGIN_MS = 10_000;

/**
 * The claimer: `webhook_delivery` is the queue, and each worker process runs one claimer that takes due deliveries
 * in batches and attempts them in parallel, in-process. A claim deals its slots round-robin over the subscriptions
 * with due deliveries, each within its own lane (`planClaim`), and leases what it takes (`claim`: one statement,
 * `FOR UPDATE SKIP LOCKED`), so claimers in several processes never take the same delivery while its lease lives,
 * and a dead worker's deliveries are claimed again once their lease has passed.
 *
 * Why not graphile-worker's own mechanisms: one job per attempt costs a fetch, a completion and (for the cap) a
 * named queue per delivery, which was the bottleneck measured (BENCHMARKS.md); batch jobs (a job_key per
 * subscription accumulating delivery ids) would batch the fetch, but a job runs to its end as a whole, so a slow
 * endpoint's batch holds a worker slot for its slowest attempt, retries at different times split the batch again,
 * and a job's payload is not the delivery's state (a redelivery or deletion must edit both). The deliveries table
 * already holds that state (PENDING, next_attempt_at), so claiming from it is one statement per batch.
 * graphile-worker stays for what it does well: the fan-out job in the event's transaction, a job that wakes a
 * claimer when a retry comes due, and cron.
 *
 * Woken in-process by the fan-out job and by `webhooks.deliver` jobs; otherwise it looks every
 * WEBHOOK_POLL_INTERVAL_MS (for expired leases, and retries due with no job, such as a backup's).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Aborted when a shutdown's grace period is over: attempts still in flight are recorded as interrupted. */
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private stopping = false;
  private wakeRequested = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  /** The subscription the last claim served last (round-robin). */
  private after: string | null = null;
  /** Subscriptions that had more due than the last claim took: a slot of theirs freeing up is worth a claim. */
  private backlogged = new Set<string>();

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly attempter: WebhookAttempter,
    private readonly gate: WebhookConcurrencyGate,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.runsWorker()) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Asks for a claim soon (due deliveries were made, or a slot freed up). Cheap: wakes coalesce. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  get leaseMs(): number {
    return this.env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.wakeRequested = false;
      let claimed = 0;
      try {
        claimed = await this.claimOnce();
      } catch (error) {
        this.logger.warn(`claiming webhook deliveries failed: ${(error as Error).message}`);
      }
      // A full batch: more may be due at once; otherwise sleep until woken or the poll interval passes.
      if (claimed > 0 && this.inFlight.size < this.env.WEBHOOK_MAX_IN_FLIGHT) continue;
      if (!this.wakeRequested && !this.stopping) await this.sleep(this.env.WEBHOOK_POLL_INTERVAL_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  /**
   * One claim: which subscriptions have due deliveries, how many of each fit their lanes and this process's free
   * slots, then the claim itself; the attempts start at once and are not awaited. Returns how many were claimed.
   */
  async claimOnce(): Promise<number> {
    const free = this.env.WEBHOOK_MAX_IN_FLIGHT - this.inFlight.size;
    if (free <= 0 || this.stopping) return 0;
    const laneSize = this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY;
    const due = await this.deliveries.findDueLanes(laneSize);
    if (due.length === 0) {
      this.backlogged.clear();
      return 0;
    }
    const plan = planClaim({
      due,
      inFlight: this.gate.inFlightCounts(),
      laneSize,
      batchSize: free,
      after: this.after,
    });
    this.after = plan.last;
    this.backlogged = new Set(plan.backlogged);
    if (plan.quotas.length === 0) return 0;
    // The lanes' slots are taken before the claim (the fan-out job takes them too, meanwhile); unused ones go back.
    const slots = new Map<string, number[]>();
    for (const { subscriptionId, count } of plan.quotas) {
      const taken: number[] = [];
      for (let i = 0; i < count; i++) {
        const slot = this.gate.take(subscriptionId);
        if (slot !== null) taken.push(slot);
      }
      slots.set(subscriptionId, taken);
    }
    const quotas = plan.quotas
      .map((q) => ({ subscriptionId: q.subscriptionId, count: slots.get(q.subscriptionId)!.length }))
      .filter((q) => q.count > 0);
    let claimed: DeliveryToAttempt[] = [];
    try {
      claimed = await this.deliveries.claim(quotas, this.leaseMs);
    } finally {
      for (const loaded of claimed) this.start(loaded, slots.get(loaded.subscription.id)!.pop()!);
      for (const [subscriptionId, left] of slots)
        left.forEach((slot) => this.gate.release(subscriptionId, slot));
    }
    return claimed.length;
  }

  private start(loaded: DeliveryToAttempt, slot: number): void {
    const subscriptionId = loaded.subscription.id;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.gate.release(subscriptionId, slot);
      this.slotFreed(subscriptionId);
    };
    const attempt: Promise<void> = this.attempter
      .attempt(loaded, this.abort.signal, false, release)
      .then(
        () => undefined,
        (error: Error) =>
          // Not recorded: the lease runs out and the delivery is claimed again (same webhook-id).
          this.logger.error(`webhook delivery ${loaded.delivery.id}: ${error.message}`),
      )
      .finally(() => {
        this.inFlight.delete(attempt);
        release();
        if (this.inFlight.size === this.env.WEBHOOK_MAX_IN_FLIGHT - 1) this.wake();
      });
    this.inFlight.add(attempt);
  }

  /** A lane slot was given back (by an attempt of the claimer's or of a fan-out job): claim if the lane had more. */
  slotFreed(subscriptionId: string): void {
    if (this.backlogged.has(subscriptionId)) this.wake();
  }

  /**
   * Stops claiming, lets the attempts in flight finish for SHUTDOWN_GRACE_SECONDS, then aborts the rest: each is
   * recorded as interrupted, due again at once, its lease ended, so the next worker sends it without delay.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    const settled = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.env.SHUTDOWN_GRACE_SECONDS * 1000);
    });
    await Promise.race([settled, grace]);
    clearTimeout(timer);
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
