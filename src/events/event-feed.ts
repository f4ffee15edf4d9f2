import { Injectable } from '@nestjs/common';
import { EventEntity } from './event.entity';
import { encodeFeedCursor, FeedPageRequest } from './event-feed-cursor';
import { EventsRepository, FeedFilter } from './events.repository';

export type FeedQuery = FeedPageRequest & FeedFilter;

export interface FeedPage {
  /** Oldest first, whichever way the page was read. */
  events: EventEntity[];
  /** Forward: more events follow now. Backward: a cursor was given, so its event (at least) follows. */
  hasNextPage: boolean;
  /** Backward: older events precede. Forward: a cursor was given, so its event (at least) precedes. */
  hasPreviousPage: boolean;
  /** The first event's cursor; for an empty backward page, the cursor it was read before. */
  startCursor: string | null;
  /**
   * Where the next forward read continues: the last event's cursor, or, for an empty forward page, the cursor it
   * was read after (so a poller keeps one cursor).
   */
  endCursor: string | null;
}

/**
 * The event feed, in commit-safe order. Events are read in (transaction id, position) order and only those
 * written by transactions older than every transaction still running: a transaction that is slow to commit holds
 * the feed back instead of having its events appear behind a reader's cursor later. Once read, a page never
 * changes, so `after` is a position a client can keep forever.
 *
 * Read backward, the feed's last page is the newest *released* events: an event whose transaction is still
 * running, or started after the oldest one still running, is not among them yet, and will appear after that page's
 * end cursor. So a client that shows the newest events and then polls forward from there misses nothing.
 */
@Injectable()
export class EventFeed {
  constructor(private readonly events: EventsRepository) {}

  async read(query: FeedQuery): Promise<FeedPage> {
    const filter = { types: query.types, since: query.since };
    const forward = query.direction === 'forward';
    // One more than asked for tells whether another page exists.
    const all = forward
      ? await this.events.findReleasedAfter(query.cursor, filter, query.limit + 1)
      : await this.events.findReleasedBefore(query.cursor, filter, query.limit + 1);
    const hasMore = all.length > query.limit;
    const events = hasMore ? all.slice(0, query.limit) : all;
    if (!forward) events.reverse();
    const given = query.cursor ? encodeFeedCursor(query.cursor) : null;
    const first = events[0];
    const last = events[events.length - 1];
    return {
      events,
      hasNextPage: forward ? hasMore : given !== null,
      hasPreviousPage: forward ? given !== null : hasMore,
      startCursor: first ? this.cursorOf(first) : forward ? null : given,
      endCursor: last ? this.cursorOf(last) : forward ? given : null,
    };
  }

  findByIds(ids: readonly string[]): Promise<EventEntity[]> {
    return this.events.findByIds(ids);
  }

  cursorOf(event: EventEntity): string {
    return encodeFeedCursor({ transactionId: event.transactionId, position: event.position });
  }
}
