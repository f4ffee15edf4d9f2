import 'reflect-metadata';
import { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditModule } from '../../src/audit/audit.module';
import { migrationsOnlyOptions } from '../../src/common/database/data-source-options';
import { StatementCounter } from '../../src/common/database/statement-counter';
import { Actor, CurrentRequest } from '../../src/common/current-request';
import { NodeModule } from '../../src/common/graphql/node.module';
import { ConfigModule } from '../../src/config/config.module';
import { loadEnvironment } from '../../src/config/environment';
import { EventsModule } from '../../src/events/events.module';
import { IdentityModule } from '../../src/identity/identity.module';
import { JobsModule } from '../../src/jobs/jobs.module';

/**
 * The middle test tier: a module's services and repositories against the run's real PostgreSQL database, wired by
 * Nest as in production but without HTTP, GraphQL or the worker. Fast enough to pin the SQL (keyset pages, reach
 * filters, version checks, the outbox) case by case. Each test file works on its own rows.
 */
export interface ServiceContext {
  get<T>(type: Type<T>): T;
  dataSource: DataSource;
  statements: StatementCounter;
  /** Runs raw SQL on the test database (for setting up and asserting what was written). */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` as a request by `actor` would: history, events and the audit log record them. */
  as<T>(actor: Actor, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The infrastructure every feature module relies on (all global in the application, as here). */
const INFRASTRUCTURE = [AuditModule, IdentityModule, EventsModule, NodeModule];

export async function createServiceContext(
  features: Type<unknown>[],
  envOverrides: Record<string, string> = {},
): Promise<ServiceContext> {
  const databaseUrl = process.env.REQUISITE_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('REQUISITE_TEST_DATABASE_URL is not set: run the tests through jest.');
  const embedded = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded';
  const env = loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    DATABASE_URL: databaseUrl,
    RUN_MODE: 'api',
    ...envOverrides,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(env),
      TypeOrmModule.forRoot({
        ...migrationsOnlyOptions({ url: databaseUrl, poolSize: 5, runMigrations: false, embedded }),
        autoLoadEntities: true,
      }),
      JobsModule.forRoot({ url: databaseUrl, embedded }),
      ...INFRASTRUCTURE,
      ...features,
    ],
  }).compile();
  const app: INestApplicationContext = await moduleRef.init();
  const dataSource = app.get(DataSource);
  const statements = new StatementCounter(dataSource.logger);
  (dataSource as unknown as { logger: StatementCounter }).logger = statements;
  return {
    get: (type) => app.get(type),
    dataSource,
    statements,
    sql: (query, params) => dataSource.query(query, params),
    as: (actor, work) =>
      CurrentRequest.run({ requestId: `medium-${randomUUID()}`, ip: null, actor }, () => work()),
    close: () => app.close(),
  };
}
