import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { jsonbToEntity, rowsToEntities } from '../common/database/raw-rows';
import { violatedConstraint } from '../common/errors/postgres-errors';
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
   * subscription must have existed when the event occurred. Returns the deliveries created.
   */
  createForEvents(manager: EntityManager, eventIds: readonly string[]): Promise<DeliveryRef[]> {
    return manager.query<DeliveryRef[]>(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, next_attempt_at)
       SELECT s.id, e.id, e.type, now()
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
      [[...eventIds]],
    );
  }

  /**
   * The events' deliveries still waiting for their first attempt, for a fan-out that runs again because its
   * worker died: the attempts it was making then may never have been sent.
   */
  findUnattemptedForEvents(manager: EntityManager, eventIds: readonly string[]): Promise<DeliveryRef[]> {
    return manager.query<DeliveryRef[]>(
      `SELECT id, subscription_id AS "subscriptionId" FROM webhook_delivery
        WHERE event_id = ANY($1::uuid[]) AND status = '${WebhookDeliveryStatus.PENDING}' AND attempt_count = 0`,
      [[...eventIds]],
    );
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
      `UPDATE webhook_delivery SET status = 'PENDING', attempt_count = 0, next_attempt_at = $2, updated_at = now()
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
    const manager = this.dataSource.manager;
    return rows.map((row) => ({
      delivery: jsonbToEntity(manager, WebhookDeliveryEntity, row.d),
      subscription: jsonbToEntity(manager, WebhookSubscriptionEntity, row.s),
      event: row.e ? jsonbToEntity(manager, EventEntity, row.e) : null,
    }));
  }

  /**
   * A successful attempt: the attempt logged, the delivery SUCCEEDED if it was still pending, and the
   * subscription's failure streak ended — one statement, atomic on its own.
   */
  async recordSuccess(attempt: NewAttempt, endFailureStreak: boolean): Promise<void> {
    try {
      await this.dataSource.query(
        `WITH attempt AS (
         INSERT INTO webhook_attempt (delivery_id, attempted_at, response_status, duration_ms, error)
         -- Nothing to log when the subscription (and with it the delivery) was deleted during the attempt.
         SELECT $1, $2, $3, $4, NULL WHERE EXISTS (SELECT 1 FROM webhook_delivery WHERE id = $1)),
       delivery AS (
         UPDATE webhook_delivery
            SET status = 'SUCCEEDED', next_attempt_at = NULL, last_attempted_at = $2,
                attempt_count = attempt_count + 1, updated_at = now()
          WHERE id = $1 AND status = 'PENDING'
         RETURNING subscription_id)
       UPDATE webhook_subscription SET failing_since = NULL
        WHERE $5 AND failing_since IS NOT NULL AND id IN (SELECT subscription_id FROM delivery)`,
        [
          attempt.deliveryId,
          attempt.attemptedAt,
          attempt.responseStatus,
          attempt.durationMs,
          endFailureStreak,
        ],
      );
    } catch (error) {
      // A deletion under way when the statement began: EXISTS still saw the delivery, and the attempt's foreign key
      // then found it gone. Nothing to log, as when the deletion came first.
      if (violatedConstraint(error)?.constraint === 'webhook_attempt_delivery_fk') return;
      throw error;
    }
  }

  async recordAttempt(manager: EntityManager, attempt: NewAttempt): Promise<WebhookAttemptEntity> {
    const repository = manager.getRepository(WebhookAttemptEntity);
    return repository.save(repository.create(attempt), { reload: false });
  }

  async update(
    manager: EntityManager,
    id: string,
    set: Partial<Pick<WebhookDeliveryEntity, 'status' | 'nextAttemptAt' | 'lastAttemptedAt'>> & {
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
