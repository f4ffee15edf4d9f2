import { DataSourceOptions, Logger } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';
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

export function buildDataSourceOptions(options: DatabaseConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
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
