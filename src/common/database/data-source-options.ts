import { DataSourceOptions, EntitySchema, Logger, MixedList } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseConnectionOptions {
  url: string;
  poolSize: number;
  /** Apply pending migrations when the data source initialises. */
  runMigrations: boolean;
  logger?: Logger;
  /** The embedded engine cannot serve named prepared statements or more than its multiplexer allows. */
  embedded?: boolean;
}

/** What the database holds: every module's entities and the migrations that build their tables. */
export interface DatabaseSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export function buildDataSourceOptions(
  options: DatabaseConnectionOptions,
  schema: DatabaseSchema,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsRun: options.runMigrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    namingStrategy: new SnakeNamingStrategy(),
    logger: options.logger,
    logging: options.logger ? ['error', 'warn', 'migration'] : false,
    extra: {
      max: options.poolSize,
      // Bound every statement so that a wedged query surfaces as an error instead of a hung request.
      statement_timeout: options.embedded ? undefined : 30_000,
      connectionTimeoutMillis: 10_000,
    },
  };
}

/**
 * For provisioning (tests, the bench): applies the migrations and nothing else. Loading the entities would load
 * every feature module with them, which a provisioning step (e.g. Jest's globalSetup) must not do.
 */
export function migrationsOnlyOptions(options: DatabaseConnectionOptions): DataSourceOptions {
  return buildDataSourceOptions(options, { entities: [], migrations: MIGRATIONS });
}
