import DataLoader from 'dataloader';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Per-request DataLoaders. Resolvers ask for a loader by name and give the factory that builds it; the first
 * call in a request builds it, later calls share it, so sibling fields batch into one query.
 */
export class LoaderRegistry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loaders of different types share one map
  private readonly loaders = new Map<string, DataLoader<any, any>>();

  get<K, V>(name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

export interface GraphQLContext {
  req: FastifyRequest;
  reply: FastifyReply;
  loaders: LoaderRegistry;
}

/** Groups rows by a key, in the order DataLoader asked for the keys. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** One row (or null) per key, in the order DataLoader asked for the keys. */
export function indexBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const index = new Map<K, T>(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => index.get(k) ?? null);
}
