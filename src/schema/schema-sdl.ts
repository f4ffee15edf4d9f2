import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';

/** The contract as committed in schema.gql: sorted, so diffs show real changes only. */
export function toSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
