import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { parseDateTime } from '../validation/date-time';

function parsed(value: unknown): Date {
  const date = typeof value === 'string' ? parseDateTime(value) : null;
  if (!date) {
    throw new GraphQLError(
      'A DateTime is an ISO 8601 date-time such as 2026-12-03T09:54:33Z, of a day that exists, in the years 0001 to 9999.',
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return date;
}

/**
 * `DateTime`, as @nestjs/graphql's GraphQLISODateTime names and prints it, but strict in what it takes: its
 * `new Date(value)` turned `2026-02-30T25:61:61Z` into an Invalid Date that reached PostgreSQL (a 500), February 30
 * into March 2, and numbers into instants. Here only a string naming a real instant is a DateTime; anything else is
 * the caller's mistake (BAD_USER_INPUT), found while variables and literals are coerced, before any resolver runs.
 * Every DateTime field and argument uses this scalar (ESLint forbids GraphQLISODateTime).
 */
export const GraphQLDateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'A date-time string at UTC, such as 2019-12-03T09:54:33Z, compliant with the date-time format.',
  // Output as before: a Date as ISO 8601 at UTC, anything else as null.
  serialize(value: unknown): string {
    return (value instanceof Date ? value.toISOString() : null) as string;
  },
  parseValue: parsed,
  parseLiteral(ast: ValueNode): Date {
    return parsed(ast.kind === Kind.STRING ? ast.value : undefined);
  },
});
