/**
 * Telling "the request is wrong" from "the database cannot be asked right now". A connection that cannot be
 * opened, was cut, timed out or is refused by a server that is starting or shutting down means the service is
 * unavailable (503, Retry-After), never that the caller's token is bad nor that the service has a bug.
 */

/** SQLSTATEs of a server that is going away, coming up, or has no room (classes 08 and 57P, 53300). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-4]|53300)$/;

/** Socket-level failures on the way to the server. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * What pg and pg-pool say, in words, when a connection is gone, never came, or timed out on the way; and what
 * TypeORM says when a transaction goes on after its connection failed (it releases the query runner when pg
 * reports the connection's error, so the transaction's next statement or COMMIT finds it released).
 */
const UNAVAILABLE_MESSAGE =
  /connection terminated|terminating connection due to administrator command|timeout exceeded when trying to connect|client has encountered a connection error|(connection|client was closed and) is not queryable|cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)|query runner (was )?already released/i;

/** Seconds a client is told to wait before trying again while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE =
  'The service cannot reach its database right now; nothing was changed. Try again shortly.';

/** Whether an error (or what it wraps: TypeORM's driverError, a cause, an AggregateError's errors) is an outage. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const candidate = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof candidate.code === 'string') {
    if (UNAVAILABLE_SQLSTATE.test(candidate.code) || UNAVAILABLE_ERRNO.has(candidate.code)) return true;
  }
  if (typeof candidate.message === 'string' && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
  if (
    Array.isArray(candidate.errors) &&
    candidate.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true;
  return (
    isDatabaseUnavailable(candidate.driverError, depth + 1) ||
    isDatabaseUnavailable(candidate.cause, depth + 1)
  );
}
