import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Pure rules that keep the label values of metrics few and meaningful: Prometheus stores one series per distinct
 * label set, so nothing a caller chooses freely (operation names, paths) may become a label unbounded.
 */

/** GraphQL operation names beyond this many distinct ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * The label for an operation name: the name itself while fewer than `limit` distinct names were seen; `anonymous`
 * for an operation without a name; `invalid` for a request that never got as far as an operation (unparsable,
 * invalid, refused by the limits); `other` for a name beyond the limit, or longer than 64 characters. Only an
 * authenticated caller's operation may add a name (`mayAdd`): anybody could otherwise use up the names with junk.
 */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly limit = MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined, resolved: boolean, mayAdd = true): string {
    if (!resolved) return 'invalid';
    if (!name) return 'anonymous';
    if (!GRAPHQL_NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (!mayAdd || this.seen.size >= this.limit) return 'other';
    this.seen.add(name);
    return name;
  }
}

/** An error code as a label: the server's own codes (UPPER_SNAKE), anything else `error`. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,39}$/.test(code) ? code : 'error';
}

/** What an inbound application's answer means for its sender. */
export function inboundOutcome(status: number): string {
  if (status >= 200 && status < 300) return 'accepted';
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 404:
      return 'not_found';
    case 409:
      return 'duplicate';
    case 410:
      return 'gone';
    case 413:
      return 'too_large';
    default:
      return status >= 500 ? 'error' : 'refused';
  }
}

/** A route label: the route's pattern (never the raw path), or `unmatched` for a request no route took. */
export function routeLabel(pattern: string | undefined): string {
  return pattern ?? 'unmatched';
}

/** The HTTP method as a label; anything unusual is `other`. */
export function methodLabel(method: string): string {
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(method) ? method : 'other';
}

/** True when a scraper's Authorization header is `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = createHash('sha256').update(match[1]).digest();
  return timingSafeEqual(given, createHash('sha256').update(token).digest());
}
