import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { EventEntity } from './event.entity';
import { FeedCursor } from './event-feed-cursor';

/** A job to enqueue with every batch of appended events, with the ids of the events (`{ eventIds }`). */
export interface AppendFollowUp {
  job: string;
  priority: number;
}

export interface EventRow {
  type: string;
  aggregateType: string;
  aggregateId: string;
  requisitionId: string | null;
  sequence: number;
  /** The payload as stored (ids already as clients use them). */
  data: Record<string, unknown>;
  actor: string;
}

/** Which events a feed read wants; null does not filter. */
export interface FeedFilter {
  types: string[] | null;
  /** Only events that occurred at or after it. */
  since: Date | null;
}

/** Every statement about the event table: the outbox's writes and the feed's reads. */
@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Erasure: the one free text events carry — the `reason` a hiring team typed when moving or rejecting — becomes
   * `marker` in the events of the given aggregates (the person's applications). Ids and statuses stay.
   */
  async anonymiseReasonsAbout(
    manager: EntityManager,
    aggregateIds: readonly string[],
    marker: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE event SET data = jsonb_set(data, '{reason}', to_jsonb($2::text))
       WHERE aggregate_id = ANY($1::uuid[]) AND jsonb_typeof(data->'reason') = 'string'`,
      [[...aggregateIds], marker],
    );
  }

  /**
   * Writes the events on the caller's transaction and, in the same statement, enqueues each follow-up job with
   * their ids (graphile-worker's `add_job`): both exist exactly when the change committed, at the cost of one round
   * trip while the change's locks are held.
   */
  async appendEvents(manager: EntityManager, rows: EventRow[], followUps: AppendFollowUp[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `WITH written AS (
         INSERT INTO event (transaction_id, type, aggregate_type, aggregate_id, requisition_id, sequence, data, actor)
         SELECT pg_current_xact_id()::text::bigint, *
           FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[], $7::varchar[])
         RETURNING id),
       ids AS (SELECT json_build_object('eventIds', array_agg(id)) AS payload FROM written)
       SELECT graphile_worker.add_job(follow_up.job, ids.payload, priority => follow_up.priority)
         FROM ids, unnest($8::text[], $9::int[]) AS follow_up(job, priority)`,
      [
        rows.map((e) => e.type),
        rows.map((e) => e.aggregateType),
        rows.map((e) => e.aggregateId),
        rows.map((e) => e.requisitionId),
        rows.map((e) => e.sequence),
        rows.map((e) => JSON.stringify(e.data)),
        rows.map((e) => e.actor),
        followUps.map((f) => f.job),
        followUps.map((f) => f.priority),
      ],
    );
  }

  /**
   * Up to `limit` released events after `after` (from the oldest without one), oldest first. Released: written by
   * a transaction older than every transaction still running (`pg_snapshot_xmin`), so no event can commit later
   * with a place before them.
   */
  findReleasedAfter(after: FeedCursor | null, filter: FeedFilter, limit: number): Promise<EventEntity[]> {
    return this.findReleased('>', after, filter, limit);
  }

  /**
   * Up to `limit` released events before `before` (from the newest released one without one), newest first. Every
   * event before a cursor the feed gave out is released already: the cursor's own event was.
   */
  findReleasedBefore(before: FeedCursor | null, filter: FeedFilter, limit: number): Promise<EventEntity[]> {
    return this.findReleased('<', before, filter, limit);
  }

  findByIds(ids: readonly string[]): Promise<EventEntity[]> {
    return this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  /** The feed's one statement, in (transaction id, position) order, read from either end (event_feed_order). */
  private async findReleased(
    side: '>' | '<',
    cursor: FeedCursor | null,
    filter: FeedFilter,
    limit: number,
  ): Promise<EventEntity[]> {
    const direction = side === '>' ? 'ASC' : 'DESC';
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT e.* FROM event e
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          AND ($1::bigint IS NULL OR (e.transaction_id, e.position) ${side} ($1::bigint, $2::bigint))
          AND ($3::varchar[] IS NULL OR e.type = ANY($3::varchar[]))
          AND ($4::timestamptz IS NULL OR e.occurred_at >= $4::timestamptz)
        ORDER BY e.transaction_id ${direction}, e.position ${direction}
        LIMIT $5`,
      [cursor?.transactionId ?? null, cursor?.position ?? null, filter.types, filter.since, limit],
    );
    return rowsToEntities(this.dataSource.manager, EventEntity, rows);
  }
}
