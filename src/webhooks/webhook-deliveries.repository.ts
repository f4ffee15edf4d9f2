import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { jsonbToEntity, rowsToEntities } from '../common/database/raw-rows';
import { keysetSql, PageRequest, positionalBinder } from '../common/graphql/keyset';
import { EventEntity } from '../events/event.entity';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export interface NewAttempt {
  deliveryId: string;
  attemptedAt: Date;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

/** What an attempt needs: the delivery, its subscription (URL, secrets) and its event (null for a ping). */
export interface DeliveryToAttempt {
  delivery: WebhookDeliveryEntity;
  subscription: WebhookSubscriptionEntity;
  event: EventEntity | null;
}

/** A successful attempt to record, and what else it settles. */
export interface SuccessfulAttempt extends Omit<NewAttempt, 'error'> {
  /** The subscription was failing: the success ends its streak. */
  endFailureStreak: boolean;
  /** A backup job waits to attempt the delivery should this process die (see WebhookFanOutJob). */
  hasBackupJob: boolean;
}

/** A delivery and the subscription it is for. */
export interface DeliveryRef {
  id: string;
  subscriptionId: string;
}

/** Every statement about deliveries and their attempts: the log, fan-out, replay, outcomes and retention. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: what the delivery log kept of the receivers' answers (the attempts' error text, which can quote a
   * Location header) for events about the person (`subjectIds`: their candidate, applications, notes…) goes.
   * Request bodies are not stored: they are made from the event, which carries ids only.
   */
  async clearResponsesAbout(manager: EntityManager, subjectIds: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE webhook_attempt wa SET error = NULL
       FROM webhook_delivery d JOIN event e ON e.id = d.event_id
       WHERE wa.delivery_id = d.id AND wa.error IS NOT NULL AND e.aggregate_id = ANY($1::uuid[])`,
      [[...subjectIds]],
    );
  }

  /** A page of each subscription's deliveries, newest first, optionally of one status: one statement for many. */
  async findPages(
    subscriptionIds: readonly string[],
    page: PageRequest,
    status: WebhookDeliveryStatus | null,
  ): Promise<WebhookDeliveryEntity[]> {
    const params: unknown[] = [[...subscriptionIds], status];
    const keyset = keysetSql(page, 'd.created_at', 'd.id', positionalBinder(params));
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT page.* FROM unnest($1::uuid[]) AS subscription(id)
       CROSS JOIN LATERAL (
         SELECT d.* FROM webhook_delivery d
         WHERE d.subscription_id = subscription.id AND ($2::varchar IS NULL OR d.status = $2) AND ${keyset.where}
         ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}
       ) page`,
      params,
    );
    return rowsToEntities(this.dataSource.manager, WebhookDeliveryEntity, rows);
  }

  /** How many deliveries each subscription has (of one status, or all); subscriptions without any are absent. */
  async countBySubscriptions(
    subscriptionIds: readonly string[],
    status: WebhookDeliveryStatus | null,
  ): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ id: string; count: string }[]>(
      `SELECT d.subscription_id AS id, count(*) AS count FROM webhook_delivery d
       WHERE d.subscription_id = ANY($1::uuid[]) AND ($2::varchar IS NULL OR d.status = $2)
       GROUP BY d.subscription_id`,
      [[...subscriptionIds], status],
    );
    return new Map(rows.map((row) => [row.id, Number(row.count)]));
  }

  findByIds(ids: readonly string[]): Promise<WebhookDeliveryEntity[]> {
    return this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** Attempts of many deliveries, oldest first. */
  findAttemptsByDeliveryIds(ids: readonly string[]): Promise<WebhookAttemptEntity[]> {
    return this.dataSource
      .getRepository(WebhookAttemptEntity)
      .createQueryBuilder('a')
      .where('a.delivery_id = ANY(:ids)', { ids: [...ids] })
      .orderBy('a.attempted_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** The delivery under a row lock (take its subscription's lock first: deleting a subscription locks in that order). */
  lock(manager: EntityManager, id: string): Promise<WebhookDeliveryEntity | null> {
    return manager
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  async insert(
    manager: EntityManager,
    values: Partial<WebhookDeliveryEntity>,
  ): Promise<WebhookDeliveryEntity> {
    const repository = manager.getRepository(WebhookDeliveryEntity);
    return repository.save(repository.create(values), { reload: true });
  }

  /**
   * One delivery per (active subscription, event) that the subscription wants and did not have yet; the
   * subscription must have existed when the event occurred. Due at `dueAt`; leased when the caller attempts them
   * itself (no claimer takes them meanwhile). Returns the deliveries created.
   */
  createForEvents(
    manager: EntityManager,
    eventIds: readonly string[],
    dueAt: Date,
    lease: { until: Date; holder: string } | null,
  ): Promise<DeliveryRef[]> {
    return manager.query<DeliveryRef[]>(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, next_attempt_at, lease_expires_at,
                                     lease_holder)
       SELECT s.id, e.id, e.type, $2, $3, $4
         FROM event e
         JOIN webhook_subscription s
           ON s.status = '${WebhookSubscriptionStatus.ACTIVE}'
          AND s.created_at <= e.occurred_at
          AND ('*' = ANY(s.event_types) OR e.type = ANY(s.event_types))
          AND (cardinality(s.requisition_ids) = 0 OR e.requisition_id = ANY(s.requisition_ids))
        WHERE e.id = ANY($1::uuid[])
        ORDER BY e.position
       ON CONFLICT ON CONSTRAINT webhook_delivery_subscription_event DO NOTHING
       RETURNING id, subscription_id AS "subscriptionId"`,
      [[...eventIds], dueAt, lease?.until ?? null, lease?.holder ?? null],
    );
  }

  /** Gives deliveries leased by their creator back to the queue (the creator will not attempt them). */
  async releaseLeases(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE webhook_delivery SET lease_expires_at = NULL, lease_holder = NULL WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }

  /** Takes back the leases `holder` held on the events' pending deliveries (it is known to be no longer attempting). */
  async releaseLeasesOf(eventIds: readonly string[], holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_delivery SET lease_expires_at = NULL, lease_holder = NULL
        WHERE event_id = ANY($1::uuid[]) AND status = '${WebhookDeliveryStatus.PENDING}' AND lease_holder = $2`,
      [[...eventIds], holder],
    );
  }

  /**
   * The subscriptions with deliveries due now that no live lease holds, each with how many (counted up to
   * `upTo`: a lane takes no more at once). Reads the head of each subscription's queue (`webhook_delivery_due`).
   */
  findDueLanes(upTo: number): Promise<{ subscriptionId: string; due: number }[]> {
    return this.dataSource.query(
      `SELECT s.id AS "subscriptionId", due.n AS due
         FROM webhook_subscription s
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n FROM (
             SELECT 1 FROM webhook_delivery d
              WHERE d.subscription_id = s.id AND d.status = '${WebhookDeliveryStatus.PENDING}'
                AND d.next_attempt_at <= now() AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= now())
              LIMIT $1) head) due
        WHERE due.n > 0`,
      [upTo],
    );
  }

  /**
   * Claims up to `count` due deliveries of each subscription, oldest due first, by leasing them for `leaseMs`, and
   * loads them with their subscriptions and events — one statement. Rows another worker is claiming are skipped
   * (SKIP LOCKED), as are those under a live lease; an expired lease (its worker died) is taken over.
   */
  async claim(
    quotas: readonly { subscriptionId: string; count: number }[],
    leaseMs: number,
  ): Promise<DeliveryToAttempt[]> {
    if (quotas.length === 0) return [];
    const rows = await this.dataSource.query<
      { d: Record<string, unknown>; s: Record<string, unknown>; e: Record<string, unknown> | null }[]
    >(
      `WITH claimed AS (
         UPDATE webhook_delivery d SET lease_expires_at = now() + $3 * interval '1 millisecond',
                                       lease_holder = 'claimer'
           FROM (SELECT head.id FROM unnest($1::uuid[], $2::int[]) AS lane(subscription_id, n)
                 CROSS JOIN LATERAL (
                   SELECT q.id FROM webhook_delivery q
                    WHERE q.subscription_id = lane.subscription_id AND q.status = '${WebhookDeliveryStatus.PENDING}'
                      AND q.next_attempt_at <= now() AND (q.lease_expires_at IS NULL OR q.lease_expires_at <= now())
                    ORDER BY q.next_attempt_at, q.id
                    LIMIT lane.n
                    FOR UPDATE SKIP LOCKED) head) picked
          WHERE d.id = picked.id
         RETURNING d.*)
       SELECT to_jsonb(c) AS d, to_jsonb(s) AS s, to_jsonb(e) AS e
         FROM claimed c
         JOIN webhook_subscription s ON s.id = c.subscription_id
         LEFT JOIN event e ON e.id = c.event_id`,
      [quotas.map((q) => q.subscriptionId), quotas.map((q) => q.count), leaseMs],
    );
    return this.toAttempts(rows);
  }

  /**
   * For a replay: a delivery for each event in [since, until) the subscription wants and has none for, and every
   * existing one that is not pending set back to pending (keeping its id, so its webhook-id). At most `limit`
   * events, oldest first. Returns the deliveries to run.
   */
  async queueReplay(
    manager: EntityManager,
    subscription: Pick<WebhookSubscriptionEntity, 'id' | 'eventTypes' | 'requisitionIds'>,
    since: Date,
    until: Date,
    limit: number,
  ): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH wanted AS (
         SELECT e.id, e.type FROM event e
          WHERE e.occurred_at >= $2 AND e.occurred_at < $3
            AND ('*' = ANY($4::varchar[]) OR e.type = ANY($4::varchar[]))
            AND (cardinality($5::uuid[]) = 0 OR e.requisition_id = ANY($5::uuid[]))
          ORDER BY e.occurred_at, e.position
          LIMIT $6),
       created AS (
         INSERT INTO webhook_delivery (subscription_id, event_id, event_type, next_attempt_at)
         SELECT $1, w.id, w.type, now() FROM wanted w
         ON CONFLICT ON CONSTRAINT webhook_delivery_subscription_event DO NOTHING
         RETURNING id),
       requeued AS (
         UPDATE webhook_delivery d SET status = 'PENDING', next_attempt_at = now(), updated_at = now()
           FROM wanted w
          WHERE d.subscription_id = $1 AND d.event_id = w.id AND d.status <> 'PENDING'
         RETURNING d.id)
       SELECT id FROM created UNION ALL SELECT id FROM requeued`,
      [subscription.id, since, until, subscription.eventTypes, subscription.requisitionIds, limit],
    );
    return rows.map((row) => row.id);
  }

  /** A redelivery: pending again from now, with a fresh retry schedule (the attempt count starts over). */
  async requeueForRedelivery(manager: EntityManager, id: string, runAt: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = 'PENDING', attempt_count = 0, next_attempt_at = $2,
              lease_expires_at = NULL, lease_holder = NULL, updated_at = now()
        WHERE id = $1`,
      [id, runAt],
    );
  }

  /** Deliveries with their subscriptions and events, in one statement (none once a subscription is deleted). */
  async findToAttempt(ids: readonly string[]): Promise<DeliveryToAttempt[]> {
    const rows = await this.dataSource.query<
      { d: Record<string, unknown>; s: Record<string, unknown>; e: Record<string, unknown> | null }[]
    >(
      `SELECT to_jsonb(d) AS d, to_jsonb(s) AS s, to_jsonb(e) AS e
         FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id
         LEFT JOIN event e ON e.id = d.event_id
        WHERE d.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return this.toAttempts(rows);
  }

  private toAttempts(
    rows: { d: Record<string, unknown>; s: Record<string, unknown>; e: Record<string, unknown> | null }[],
  ): DeliveryToAttempt[] {
    const manager = this.dataSource.manager;
    return rows.map((row) => ({
      delivery: jsonbToEntity(manager, WebhookDeliveryEntity, row.d),
      subscription: jsonbToEntity(manager, WebhookSubscriptionEntity, row.s),
      event: row.e ? jsonbToEntity(manager, EventEntity, row.e) : null,
    }));
  }

  /**
   * Successful attempts, however many, in one statement (atomic on its own): each attempt logged, each delivery
   * SUCCEEDED if it was still pending (its lease ended), the failure streaks of their subscriptions ended where
   * asked, and the backup jobs of attempts that had one taken off the queue.
   */
  async recordSuccesses(attempts: readonly SuccessfulAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[], $5::bool[], $6::bool[])
                    AS i(delivery_id, attempted_at, response_status, duration_ms, end_streak, has_job)),
       attempt AS (
         INSERT INTO webhook_attempt (delivery_id, attempted_at, response_status, duration_ms, error)
         SELECT i.delivery_id, i.attempted_at, i.response_status, i.duration_ms, NULL FROM input i
         -- Nothing to log when the subscription (and with it the delivery) was deleted during the attempt.
          WHERE EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.id = i.delivery_id)),
       delivery AS (
         UPDATE webhook_delivery d
            SET status = 'SUCCEEDED', next_attempt_at = NULL, lease_expires_at = NULL, lease_holder = NULL,
                last_attempted_at = i.attempted_at, attempt_count = d.attempt_count + 1, updated_at = now()
           FROM input i
          WHERE d.id = i.delivery_id AND d.status = 'PENDING'
         RETURNING d.subscription_id, i.end_streak),
       streak AS (
         UPDATE webhook_subscription SET failing_since = NULL
          WHERE failing_since IS NOT NULL AND id IN (SELECT subscription_id FROM delivery WHERE end_streak))
       SELECT count(graphile_worker.remove_job('webhook-delivery:' || i.delivery_id)) FROM input i WHERE i.has_job`,
      [
        attempts.map((a) => a.deliveryId),
        attempts.map((a) => a.attemptedAt),
        attempts.map((a) => a.responseStatus),
        attempts.map((a) => a.durationMs),
        attempts.map((a) => a.endFailureStreak),
        attempts.map((a) => a.hasBackupJob),
      ],
    );
  }

  async recordAttempt(manager: EntityManager, attempt: NewAttempt): Promise<WebhookAttemptEntity> {
    const repository = manager.getRepository(WebhookAttemptEntity);
    return repository.save(repository.create(attempt), { reload: false });
  }

  async update(
    manager: EntityManager,
    id: string,
    set: Partial<
      Pick<
        WebhookDeliveryEntity,
        'status' | 'nextAttemptAt' | 'lastAttemptedAt' | 'leaseExpiresAt' | 'leaseHolder'
      >
    > & {
      incrementAttempts?: boolean;
    },
  ): Promise<void> {
    const { incrementAttempts, ...columns } = set;
    await manager
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        ...columns,
        ...(incrementAttempts ? { attemptCount: () => 'attempt_count + 1' } : {}),
        updatedAt: () => 'now()',
      })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * Deletes up to `limit` deliveries that finished (SUCCEEDED or FAILED) before `cutoff`, with their attempts (the
   * foreign key cascades); returns how many went. Rows another transaction holds (a redelivery under way) are
   * skipped and left for the next run.
   */
  async deleteFinished(cutoff: Date, limit: number): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM webhook_delivery WHERE id IN (
         SELECT id FROM webhook_delivery
          WHERE status IN ('SUCCEEDED', 'FAILED') AND updated_at < $1
          ORDER BY updated_at LIMIT $2
          FOR UPDATE SKIP LOCKED)`,
      [cutoff, limit],
    );
    return deleted;
  }
}
