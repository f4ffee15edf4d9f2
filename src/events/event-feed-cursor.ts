import { DomainError } from '../common/errors/domain-error';

/** A place in the feed: the event with this (transaction, position); pages read after or before it. */
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

/** As every list of the API (the GraphQL query limits cap page sizes at 100). */
export const MAX_FEED_PAGE = 100;
export const DEFAULT_FEED_PAGE = 50;

/** Which way to read the feed from where: forward after a cursor (or from the start), backward before one. */
export interface FeedPageRequest {
  direction: 'forward' | 'backward';
  /** Forward: read after it; backward: before it. Null: from the oldest event, or from the newest released one. */
  cursor: FeedCursor | null;
  limit: number;
}

/**
 * `first`/`after` read forward, `last`/`before` backward (Relay's arguments); one page goes one way, so mixing the
 * two pairs is refused, naming the argument that does not fit.
 */
export function toFeedPageRequest(args: {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}): FeedPageRequest {
  const backward = args.last != null || args.before != null;
  if (!backward) {
    return {
      direction: 'forward',
      cursor: args.after != null ? decodeFeedCursor(args.after, 'after') : null,
      limit: args.first ?? DEFAULT_FEED_PAGE,
    };
  }
  for (const forwardOnly of ['first', 'after'] as const) {
    if (args[forwardOnly] != null) {
      throw DomainError.invalid(
        [forwardOnly],
        'Read forward with "first" and "after", or backward with "last" and "before", not both ways at once.',
      );
    }
  }
  return {
    direction: 'backward',
    cursor: args.before != null ? decodeFeedCursor(args.before, 'before') : null,
    limit: args.last ?? DEFAULT_FEED_PAGE,
  };
}
