import type { ApolloServerPlugin } from '@apollo/server';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-unavailable';
import { SERVICE_UNAVAILABLE } from './graphql-error-format';

/**
 * An operation that failed because the database could not be reached (formatGraphQLError's SERVICE_UNAVAILABLE)
 * is answered with HTTP 503 and Retry-After, as REST routes are: clients, proxies and load balancers then retry
 * instead of taking it for a refusal (a frontend would otherwise discard a valid token).
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return Promise.resolve({
        async willSendResponse({ response }) {
          // @nestjs/apollo's own willSendResponse sets the status of every answer with `data` back to 200, without
          // awaiting anything; Apollo calls the plugins one after another up to their first await. Waiting one
          // turn lets that run first, so 503 stands.
          await Promise.resolve();
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          if (errors?.some((error) => error.extensions?.code === SERVICE_UNAVAILABLE)) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
          }
        },
      });
    },
  };
}
