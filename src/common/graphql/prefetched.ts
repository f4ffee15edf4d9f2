import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';

const PREFETCHED = Symbol('prefetched');

type PrefetchedValues = Readonly<Record<string, unknown>>;

/**
 * Gives `model` the answers to some of its resolved fields, read in the same statement as the model itself (a
 * board card's candidate and the candidate's skills come with the card). The schema answers those fields from the
 * model, synchronously and without calling their resolvers, when they are among the fields `answerPrefetchedFirst`
 * was given; any other parent of the same type still goes through the resolver.
 */
export function withPrefetched<T extends object>(model: T, values: PrefetchedValues): T {
  (model as { [PREFETCHED]?: PrefetchedValues })[PREFETCHED] = values;
  return model;
}

function prefetchedOf(source: unknown): PrefetchedValues | undefined {
  return typeof source === 'object' && source !== null
    ? (source as { [PREFETCHED]?: PrefetchedValues })[PREFETCHED]
    : undefined;
}

/**
 * A `transformSchema` that makes each of `coordinates` ("Type.field") answer first from its parent's prefetched
 * value. This matters beyond saving a lookup: a resolver called through NestJS always returns a promise, and a
 * board of 200 cards would otherwise settle hundreds of promises (each paying Node's async hooks) for answers
 * already in memory; answers returned as plain values let graphql-js complete each card synchronously.
 *
 * Only fields without arguments qualify (their answer cannot depend on what the query passes); a coordinate that
 * names no such field is a programming error, refused when the schema is built.
 */
export function answerPrefetchedFirst(coordinates: readonly string[]) {
  return (schema: GraphQLSchema): GraphQLSchema => {
    for (const coordinate of coordinates) {
      const [typeName, fieldName] = coordinate.split('.');
      const type = schema.getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      if (!field || field.args.length > 0) {
        throw new Error(`${coordinate} is not a field without arguments, so it cannot be prefetched.`);
      }
      const resolve = field.resolve;
      const answerFirst: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const prefetched = prefetchedOf(source);
        if (prefetched !== undefined && Object.hasOwn(prefetched, fieldName)) return prefetched[fieldName];
        return resolve
          ? resolve(source, args, context, info)
          : (source as Record<string, unknown>)[fieldName];
      };
      field.resolve = answerFirst;
    }
    return schema;
  };
}
