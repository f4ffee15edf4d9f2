import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { StatementCounter } from '../../src/common/database/statement-counter';
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/common/graphql/global-id';
import { loadEnvironment } from '../../src/config/environment';
import { UserRole } from '../../src/identity/identity.enums';
import { TokensService } from '../../src/identity/tokens.service';
import { UsersService } from '../../src/identity/users.service';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: string[] }[];
  body: any;
}

export interface TestUser {
  /** Global id. */
  id: string;
  email: string;
  token: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  statements: StatementCounter;
  /** POSTs a GraphQL operation as the test administrator and returns the parsed body, whatever the status. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** POSTs a GraphQL operation with the given bearer credential (an access token or `rqs_` key), or none. */
  gqlAs<T = Record<string, any>>(
    credential: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Creates an active user with the role and returns it with an access token. */
  userWithRole(role: 'ADMIN' | 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER'): Promise<TestUser>;
  /** Bearer token of the administrator `gql` and `ok` act as. */
  adminToken: string;
  /** Like gql, and fails the test on any top-level error or user error of the (single) mutation. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs raw SQL on the test database (for assertions about what was written). */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The real application on the run's test database, served through Fastify and driven with supertest. */
export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.REQUISITE_TEST_DATABASE_URL;
  if (!databaseUrl)
    throw new Error('REQUISITE_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup).');
  const env = loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MIGRATIONS_RUN: 'false',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    // Tests that exercise background jobs ask for the worker (RUN_MODE: 'all').
    RUN_MODE: 'api',
    ...envOverrides,
  });
  const app = await createApp(env, {
    databaseUrl,
    embedded: process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded',
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  const statements = new StatementCounter(dataSource.logger);
  (dataSource as unknown as { logger: StatementCounter }).logger = statements;
  const http = request(app.getHttpServer());

  const gqlAs = async <T>(
    credential: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> => {
    let call = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (credential) call = call.set('authorization', `Bearer ${credential}`);
    const response = await call.send({ query, variables });
    const body = response.body as { data: T; errors?: GraphQLResponse['errors'] };
    return { status: response.status, data: body.data, errors: body.errors, body };
  };

  // Users are created directly (a real row, a real signed token) so that every test file need not sign in.
  const users = app.get(UsersService);
  const tokens = app.get(TokensService);
  const userWithRole = async (
    role: 'ADMIN' | 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER',
  ): Promise<TestUser> => {
    const email = `${role.toLowerCase()}.${randomUUID()}@requisite.test`;
    const user = await users.create({
      email,
      name: `Test ${role.toLowerCase()}`,
      role: role as UserRole,
      password: null,
    });
    return { id: toGlobalId('User', user.id), email, token: tokens.issue(user).accessToken };
  };
  const admin = await userWithRole('ADMIN');
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    gqlAs<T>(admin.token, query, variables);

  const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await gql<T>(query, variables);
    if (response.errors?.length) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
    }
    for (const value of Object.values(response.data as Record<string, unknown>)) {
      const userErrors = (value as { userErrors?: unknown[] } | null)?.userErrors;
      if (userErrors?.length) throw new Error(`User errors: ${JSON.stringify(userErrors, null, 2)}`);
    }
    return response.data;
  };

  return {
    app,
    http,
    dataSource,
    statements,
    gql,
    gqlAs,
    ok,
    userWithRole,
    adminToken: admin.token,
    sql: (query, params) => dataSource.query(query, params),
    close: () => app.close(),
  };
}
