import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { performance } from 'node:perf_hooks';
import { CurrentRequest } from '../common/current-request';
import type { Metrics } from './metrics';

/** True when a top-level mutation field answered a non-empty `userErrors` list. */
function answeredUserErrors(data: Record<string, unknown> | null | undefined): boolean {
  if (!data) return false;
  return Object.values(data).some((field) => {
    const userErrors = (field as { userErrors?: unknown } | null)?.userErrors;
    return Array.isArray(userErrors) && userErrors.length > 0;
  });
}

/**
 * Times every GraphQL operation from the request's arrival at Apollo to its answer, and counts it by operation
 * name, type and outcome. Installed only when metrics are enabled.
 */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    requestDidStart() {
      const startedAt = performance.now();
      return Promise.resolve({
        willSendResponse(context) {
          const seconds = (performance.now() - startedAt) / 1000;
          const operation = context.operation
            ? {
                name: context.operationName ?? context.operation.name?.value,
                type: context.operation.operation,
                // Set by the authentication guard once a resolver checked the caller.
                authenticated: CurrentRequest.actorId() !== null,
              }
            : null;
          const body = context.response.body;
          const result = body.kind === 'single' ? body.singleResult : null;
          const errorCode = result?.errors?.length
            ? (result.errors[0].extensions?.code ?? 'error')
            : undefined;
          const userErrors =
            context.operation?.operation === OperationTypeNode.MUTATION && answeredUserErrors(result?.data);
          metrics.observeGraphQL(operation, { errorCode, userErrors }, seconds);
          return Promise.resolve();
        },
      });
    },
  };
}
