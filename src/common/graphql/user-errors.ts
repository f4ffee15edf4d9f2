import { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { DomainError, InputValidationError } from '../errors/domain-error';
import { UserErrorCode } from '../errors/user-error-code';
import { toGlobalId } from './global-id';

/** A user error as GraphQL answers it (the `UserError` type). */
export interface GraphQLUserError {
  code: UserErrorCode;
  message: string;
  field: string[] | null;
  existingId: string | null;
}

/**
 * A DomainError's details as GraphQL gives them: the record a duplicate collides with as a global id, and each
 * domain path under the argument it came in (`root`: a mutation's `input`). Input validation already named the
 * argument, so its paths stay as they are.
 */
export function toGraphQLUserErrors(error: DomainError, root: string[] = []): GraphQLUserError[] {
  const prefix = error instanceof InputValidationError ? [] : root;
  return error.errors.map((detail) => ({
    code: detail.code,
    message: detail.message,
    field: detail.field ? [...prefix, ...detail.field] : null,
    existingId: detail.existing ? toGlobalId(detail.existing.type, detail.existing.id) : null,
  }));
}

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
        // Every mutation takes one argument, `input`: domain paths are paths inside it.
        if (error instanceof DomainError) return { userErrors: toGraphQLUserErrors(error, ['input']) };
        throw error;
      }
    };
    field.resolve = answerUserErrors;
  }
  return schema;
}
