import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../../src/common/database/transaction';
import { EventOutbox } from '../../../src/events/event-outbox';
import { EventType } from '../../../src/events/event-types';
import { ServiceContext } from '../../support/service-context';

/** What the webhook medium tests need: the webhook module with a retry schedule they can read exactly. */
export const WEBHOOK_MEDIUM_ENV: Record<string, string> = {
  // The first attempt is a minute away, so fan-out queues every first attempt (no HTTP in this tier).
  WEBHOOK_RETRY_SCHEDULE: '60,5,300,1800',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
};

export interface SubscriptionRow {
  eventTypes?: string[];
  requisitionIds?: string[];
  status?: 'ACTIVE' | 'DISABLED';
  /** SQL for created_at (default now()). */
  createdAt?: string;
  failingSince?: Date | null;
}

export interface QueuedJob {
  key: string;
  task: string;
  queue: string | null;
  runAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Rows for one test file, made the way the application makes them (events through the outbox) or, where a test
 * needs a state the API cannot reach quickly (a subscription created a day ago), written directly. Everything it
 * made goes at `cleanUp`: the subscriptions (their deliveries and attempts with them) and the jobs queued meanwhile,
 * so no later test file's worker runs them.
 */
export class WebhookFixtures {
  private readonly startedAt = new Date();
  private readonly subscriptionIds: string[] = [];

  constructor(private readonly ctx: ServiceContext) {}

  async subscription(row: SubscriptionRow = {}): Promise<string> {
    const [{ id }] = await this.ctx.sql<{ id: string }>(
      `INSERT INTO webhook_subscription (url, event_types, requisition_ids, secret, status, failing_since, created_at,
                                         disabled_reason, disabled_at)
       SELECT $1, $2, $3, $4, $5::varchar, $6, ${row.createdAt ?? 'now()'},
              CASE WHEN $5::varchar = 'DISABLED' THEN 'Disabled by the test.' END,
              CASE WHEN $5::varchar = 'DISABLED' THEN now() END
       RETURNING id`,
      [
        `https://127.0.0.1:9/${randomUUID()}`,
        row.eventTypes ?? ['*'],
        row.requisitionIds ?? [],
        `whsec_${Buffer.from(randomUUID()).toString('base64')}`,
        row.status ?? 'ACTIVE',
        row.failingSince ?? null,
      ],
    );
    this.subscriptionIds.push(id);
    return id;
  }

  /**
   * Events written through the outbox in one committed transaction; their ids, in the order given. The fan-out job
   * the outbox queues with them is taken off the queue at once (tests run fan-out themselves, and no worker that
   * may be running should do it behind their back), unless `keepFanOut`.
   */
  async events(
    events: { type: EventType; requisitionId?: string | null }[],
    options: { keepFanOut?: boolean } = {},
  ): Promise<string[]> {
    const aggregates = events.map(() => randomUUID());
    await inTransaction(this.ctx.dataSource, (manager) =>
      this.ctx.get(EventOutbox).append(
        manager,
        events.map((event, i) => ({
          type: event.type,
          aggregateType: 'application' as const,
          aggregateId: aggregates[i],
          sequence: 1,
          data: { applicationId: aggregates[i], requisitionId: event.requisitionId ?? null },
          actor: 'system',
        })),
      ),
    );
    const rows = await this.ctx.sql<{ id: string; aggregate_id: string }>(
      `SELECT id, aggregate_id FROM event WHERE aggregate_id = ANY($1::uuid[])`,
      [aggregates],
    );
    const ids = aggregates.map((aggregate) => rows.find((row) => row.aggregate_id === aggregate)!.id);
    if (!options.keepFanOut) {
      await this.ctx.sql(
        `SELECT graphile_worker.complete_jobs(array_agg(j.id)) FROM graphile_worker.jobs j
           JOIN graphile_worker._private_jobs p ON p.id = j.id
          WHERE j.task_identifier = 'webhooks.fan_out' AND p.payload::jsonb -> 'eventIds' ?| $1::text[]`,
        [ids],
      );
    }
    return ids;
  }

  /** A delivery of an event (or a ping, without one) in the given state. */
  async delivery(
    subscriptionId: string,
    eventId: string | null,
    state: { status?: string; attemptCount?: number; updatedAt?: string } = {},
  ): Promise<string> {
    const [{ id }] = await this.ctx.sql<{ id: string }>(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, status, attempt_count, next_attempt_at,
                                     updated_at)
       SELECT $1, $2, coalesce((SELECT type FROM event WHERE id = $2), 'webhook.ping'), $3::varchar, $4,
              CASE WHEN $3::varchar = 'PENDING' THEN now() END, ${state.updatedAt ?? 'now()'}
       RETURNING id`,
      [subscriptionId, eventId, state.status ?? 'PENDING', state.attemptCount ?? 0],
    );
    return id;
  }

  deliveryRow(id: string) {
    return this.ctx
      .sql<{
        status: string;
        attemptCount: number;
        nextAttemptAt: Date | null;
        lastAttemptedAt: Date | null;
        leaseExpiresAt: Date | null;
      }>(
        `SELECT status, attempt_count AS "attemptCount", next_attempt_at AS "nextAttemptAt",
                last_attempted_at AS "lastAttemptedAt", lease_expires_at AS "leaseExpiresAt"
           FROM webhook_delivery WHERE id = $1`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  subscriptionRow(id: string) {
    return this.ctx
      .sql<{
        status: string;
        disabledReason: string | null;
        disabledAt: Date | null;
        failingSince: Date | null;
        version: number;
      }>(
        `SELECT status, disabled_reason AS "disabledReason", disabled_at AS "disabledAt",
                failing_since AS "failingSince", version
           FROM webhook_subscription WHERE id = $1`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  attempts(deliveryId: string) {
    return this.ctx.sql<{ responseStatus: number | null; durationMs: number; error: string | null }>(
      `SELECT response_status AS "responseStatus", duration_ms AS "durationMs", error
         FROM webhook_attempt WHERE delivery_id = $1 ORDER BY attempted_at, id`,
      [deliveryId],
    );
  }

  /** The attempt jobs of these deliveries (graphile-worker's public view leaves the payload out). */
  attemptJobs(deliveryIds: string[]): Promise<QueuedJob[]> {
    return this.ctx.sql<QueuedJob>(
      `SELECT j.key, j.task_identifier AS task, j.queue_name AS queue, j.run_at AS "runAt", p.payload
         FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
        WHERE j.key = ANY($1::text[]) ORDER BY j.run_at, j.key`,
      [deliveryIds.map((id) => `webhook-delivery:${id}`)],
    );
  }

  /** Deliveries of these subscriptions as (subscription, event) pairs. */
  deliveredPairs(subscriptionIds: string[]) {
    return this.ctx.sql<{ id: string; subscriptionId: string; eventId: string }>(
      `SELECT id, subscription_id AS "subscriptionId", event_id AS "eventId" FROM webhook_delivery
        WHERE subscription_id = ANY($1::uuid[])`,
      [subscriptionIds],
    );
  }

  async cleanUp(): Promise<void> {
    await this.ctx.sql(`DELETE FROM webhook_subscription WHERE id = ANY($1::uuid[])`, [this.subscriptionIds]);
    // Test files run one after another: the webhook jobs queued since this file began are its own.
    await this.ctx.sql(
      `SELECT graphile_worker.complete_jobs(array_agg(id)) FROM graphile_worker.jobs
        WHERE task_identifier LIKE 'webhooks.%' AND created_at >= $1`,
      [this.startedAt],
    );
  }
}
