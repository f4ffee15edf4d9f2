import { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { DomainError } from '../errors/domain-error';

/**
 * A `transformSchema` and the one place where business-rule failures of mutations become payloads:
 * `{ userErrors: [...] }` with every other payload field null. Services throw DomainError inside their transaction,
 * which therefore rolls back; input validation throws it before the service runs.
 *
 * It wraps the Mutation type's resolvers in the schema rather than being a global NestJS interceptor: an
 * interceptor runs for every query and REST request too (an rxjs pipeline and an async resource each time, about a
 * tenth of a small request's CPU) only to pass them through.
 */
export function mutationsAnswerUserErrors(schema: GraphQLSchema): GraphQLSchema {
  const mutations = schema.getMutationType()?.getFields() ?? {};
  for (const field of Object.values(mutations)) {
    const resolve = field.resolve;
    if (!resolve) continue;
    const answerUserErrors: GraphQLFieldResolver<unknown, unknown> = async (source, args, context, info) => {
      try {
        return await resolve(source, args, context, info);
      } catch (error) {
        if (error instanceof DomainError) return { userErrors: error.errors };
        throw error;
      }
    };
    field.resolve = answerUserErrors;
  }
  return schema;
}
