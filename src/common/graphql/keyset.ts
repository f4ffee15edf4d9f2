import { DomainError } from '../errors/domain-error';
import { UserErrorCode } from '../errors/user-error-code';
import { ConnectionArgs, ConnectionShape, DEFAULT_PAGE_SIZE, Edge, MAX_PAGE_SIZE } from './connection';

/** Position of a row in a keyset order: the sort value (a timestamp in ms, or an integer) and the row id. */
export interface Cursor {
  key: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

const MAX_KEY = 8.64e15;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCursor(value: string, field: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'number' &&
      // Keys are epoch milliseconds or sequences: whole numbers within the range a Date can hold.
      Number.isSafeInteger(parsed[0]) &&
      Math.abs(parsed[0]) <= MAX_KEY &&
      typeof parsed[1] === 'string' &&
      UUID.test(parsed[1])
    ) {
      return { key: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw DomainError.of(UserErrorCode.INVALID_INPUT, `"${field}" is not a cursor this list produced.`, [
    field,
  ]);
}

/**
 * A page request normalised for keyset SQL. Lists are ordered by (key, id) descending — newest first — so
 * "forward" means towards smaller keys. SQL fetches `limit + 1` rows to learn whether another page exists.
 */
export interface PageRequest {
  forward: boolean;
  limit: number;
  cursor: Cursor | null;
}

export function toPageRequest(args: ConnectionArgs): PageRequest {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw DomainError.invalid(['last'], 'Pass either "first" or "last", not both.');
  }
  if (after != null && before != null) {
    throw DomainError.invalid(['before'], 'Pass either "after" or "before", not both.');
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE)) {
      throw DomainError.invalid([name], `"${name}" must be between 0 and ${MAX_PAGE_SIZE}.`);
    }
  }
  if (last != null || (before != null && first == null)) {
    return {
      forward: false,
      limit: last ?? DEFAULT_PAGE_SIZE,
      cursor: before != null ? decodeCursor(before, 'before') : null,
    };
  }
  return {
    forward: true,
    limit: first ?? DEFAULT_PAGE_SIZE,
    cursor: after != null ? decodeCursor(after, 'after') : null,
  };
}

/** Registers a parameter value and returns its placeholder (`$3` for raw SQL, `:p3` for a query builder). */
export type ParamBinder = (value: unknown) => string;

export function positionalBinder(params: unknown[]): ParamBinder {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

export function namedBinder(params: Record<string, unknown>, prefix = 'p'): ParamBinder {
  return (value) => {
    const name = `${prefix}${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  };
}

/**
 * SQL fragments for a keyset page over `(keyExpr, idExpr)`, ordered descending (newest first) when paging
 * forward and ascending when paging backward; `toConnection` puts a backward page back in descending order.
 * With `descending: false` the list runs the other way (smallest key first) and so do its pages.
 */
export function keysetSql(
  request: PageRequest,
  keyExpr: string,
  idExpr: string,
  bind: ParamBinder,
  keyType: 'timestamptz' | 'integer' = 'timestamptz',
  descending = true,
): { where: string; direction: 'ASC' | 'DESC'; orderBy: string; limit: number } {
  const direction = request.forward === descending ? 'DESC' : 'ASC';
  const orderBy = `${keyExpr} ${direction}, ${idExpr} ${direction}`;
  const limit = request.limit + 1;
  if (!request.cursor) return { where: 'TRUE', direction, orderBy, limit };
  const comparator = direction === 'DESC' ? '<' : '>';
  const key = keyType === 'timestamptz' ? new Date(request.cursor.key).toISOString() : request.cursor.key;
  // A whole key beyond the int4 range is still a valid position (past the end), not an SQL error.
  const cast = keyType === 'integer' ? 'bigint' : keyType;
  return {
    where: `(${keyExpr}, ${idExpr}) ${comparator} (${bind(key)}::${cast}, ${bind(request.cursor.id)}::uuid)`,
    direction,
    orderBy,
    limit,
  };
}

/** Turns `limit + 1` rows fetched in keyset order into a Relay connection. */
export function toConnection<Row, Model>(
  rows: Row[],
  request: PageRequest,
  cursorOf: (row: Row) => Cursor,
  toModel: (row: Row) => Model,
  count: () => Promise<number>,
): ConnectionShape<Model> {
  const hasMore = rows.length > request.limit;
  const page = hasMore ? rows.slice(0, request.limit) : rows;
  if (!request.forward) page.reverse();
  // Cursors are encoded when read: a board asks for 200 cards and none of their cursors.
  const edges: Edge<Model>[] = page.map((row) => ({
    get cursor() {
      return encodeCursor(cursorOf(row));
    },
    node: toModel(row),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: request.forward ? hasMore : request.cursor !== null,
      hasPreviousPage: request.forward ? request.cursor !== null : hasMore,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      return count();
    },
  };
}
