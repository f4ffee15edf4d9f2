import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsToEntities } from '../common/database/raw-rows';
import { DomainError } from '../common/errors/domain-error';
import { EventEntity } from './event.entity';

/** A place in the feed: after the event with this (transaction, position). */
export interface FeedCursor {
  transactionId: string;
  position: string;
}

const DIGITS = /^\d{1,19}$/;
/** Both parts are PostgreSQL bigints. */
const MAX_BIGINT = 2n ** 63n - 1n;
const isBigint = (value: unknown): value is string =>
  typeof value === 'string' && DIGITS.test(value) && BigInt(value) <= MAX_BIGINT;

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify([cursor.transactionId, cursor.position]), 'utf8').toString('base64url');
}

export function decodeFeedCursor(value: string, field: string): FeedCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && isBigint(parsed[0]) && isBigint(parsed[1])) {
      return { transactionId: parsed[0], position: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw DomainError.invalid([field], `"${field}" is not a cursor the event feed produced.`);
}

export interface FeedQuery {
  after: FeedCursor | null;
  limit: number;
  types: string[] | null;
  since: Date | null;
}

export interface FeedPage {
  events: EventEntity[];
  hasMore: boolean;
  /** Where the next read continues: the last event's cursor, or the one given when nothing new was found. */
  endCursor: string | null;
}

/** As every list of the API (the GraphQL query limits cap page sizes at 100). */
export const MAX_FEED_PAGE = 100;

/**
 * The event feed, in commit-safe order. Events are read in (transaction id, position) order and only those
 * written by transactions older than every transaction still running: a transaction that is slow to commit holds
 * the feed back instead of having its events appear behind a reader's cursor later. Once read, a page never
 * changes, so `after` is a position a client can keep forever.
 */
@Injectable()
export class EventFeed {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(query: FeedQuery): Promise<FeedPage> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT e.* FROM event e
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          AND ($1::bigint IS NULL OR (e.transaction_id, e.position) > ($1::bigint, $2::bigint))
          AND ($3::varchar[] IS NULL OR e.type = ANY($3::varchar[]))
          AND ($4::timestamptz IS NULL OR e.occurred_at >= $4::timestamptz)
        ORDER BY e.transaction_id, e.position
        LIMIT $5`,
      [
        query.after?.transactionId ?? null,
        query.after?.position ?? null,
        query.types,
        query.since,
        query.limit + 1,
      ],
    );
    const all = rowsToEntities(this.dataSource.manager, EventEntity, rows);
    const hasMore = all.length > query.limit;
    const events = hasMore ? all.slice(0, query.limit) : all;
    const last = events[events.length - 1];
    return {
      events,
      hasMore,
      endCursor: last
        ? encodeFeedCursor({ transactionId: last.transactionId, position: last.position })
        : query.after
          ? encodeFeedCursor(query.after)
          : null,
    };
  }

  findByIds(ids: readonly string[]): Promise<EventEntity[]> {
    return this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids)', { ids: [...ids] })
      .getMany();
  }

  cursorOf(event: EventEntity): string {
    return encodeFeedCursor({ transactionId: event.transactionId, position: event.position });
  }
}
