import { HttpException } from '@nestjs/common';
import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { toGraphQLUserErrors } from '../graphql/user-errors';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable';
import { DomainError } from './domain-error';
import { UserErrorCode } from './user-error-code';

const HTTP_STATUS_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/** Codes GraphQL/Apollo themselves produce for malformed requests; their messages are safe to pass on. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The one mapping from thrown errors to top-level GraphQL errors. Anything not recognised is reported as
 * INTERNAL_SERVER_ERROR with a generic message; the original goes to the log via `onInternalError`.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternalError: (error: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    const code = original.code === UserErrorCode.INVALID_INPUT ? 'BAD_USER_INPUT' : original.code;
    return {
      ...base,
      message: original.message,
      extensions: { code, userErrors: toGraphQLUserErrors(original) },
    };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code = HTTP_STATUS_CODES[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
    if (status < 500) return { ...base, message: original.message, extensions: { code } };
  }
  if (isDatabaseUnavailable(original)) {
    // Not the caller's fault and not a bug: the request can be sent again once the database is back (HTTP 503 and
    // Retry-After are set by serviceUnavailablePlugin).
    return { ...base, message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: SERVICE_UNAVAILABLE } };
  }
  const code = formatted.extensions?.code;
  if (code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
    // Apollo's own message is the bare code; clients that try persisted queries retry with the query text.
    return {
      ...base,
      message: 'Persisted queries are not supported: send the query text.',
      extensions: { code },
    };
  }
  if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
    return { ...base, message: formatted.message, extensions: { code } };
  }
  onInternalError(original);
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
