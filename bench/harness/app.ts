import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { StatementCounter } from '../../src/common/database/statement-counter';
import { loadEnvironment } from '../../src/config/environment';
import { UserRole } from '../../src/identity/identity.enums';
import { TokensService } from '../../src/identity/tokens.service';
import { UsersService } from '../../src/identity/users.service';
import { BENCH_METRICS, BENCH_OTEL } from './observability';

export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  dataSource: DataSource;
  statements: StatementCounter;
  adminToken: string;
  /** The environment the app runs with, minus secrets, for the report. */
  settings: Record<string, string>;
}

/**
 * The real application, built by the same createApp as production and the tests, listening on a local port.
 * Production settings except: no rate limit (one client makes all the load), a one-hour token, and logging at
 * BENCH_LOG_LEVEL (default "warn": per-request info logs to a terminal would measure the terminal).
 */
export async function startApp(databaseUrl: string): Promise<RunningApp> {
  const settings: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    MIGRATIONS_RUN: 'false',
    DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '10',
    RATE_LIMIT_PER_MINUTE: '100000000',
    JWT_TTL_SECONDS: '3600',
    // The webhook scenario's receiver listens on 127.0.0.1 over plain http.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
    // Recorded with the figures: the floor with metrics and with tracing on (bench/harness/observability.ts).
    BENCH_METRICS: BENCH_METRICS ? '1' : '0',
    BENCH_OTEL: BENCH_OTEL ? '1' : '0',
    // Experiments only (e.g. '{"WEBHOOK_SUBSCRIPTION_CONCURRENCY":"8"}'); published figures use the defaults.
    ...(JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>),
  };
  const metricsToken = randomBytes(16).toString('hex');
  const env = loadEnvironment({
    ...settings,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ...(BENCH_METRICS ? { METRICS_TOKEN: metricsToken } : {}),
  });
  const app = await createApp(env, { databaseUrl, embedded: false });
  await app.init();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const dataSource = app.get(DataSource);
  const statements = new StatementCounter(dataSource.logger);
  (dataSource as unknown as { logger: StatementCounter }).logger = statements;
  const user = await app.get(UsersService).create({
    email: 'bench.admin@bench.test',
    name: 'Bench administrator',
    role: UserRole.ADMIN,
    password: null,
  });
  const adminToken = app.get(TokensService).issue(user).accessToken;
  if (BENCH_METRICS) {
    // Scraped as Prometheus would (every 5 s), so the scrapes' own cost (one job-queue statement) is measured too.
    const scrape = () =>
      fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
        .then((response) => response.text())
        .catch(() => undefined);
    setInterval(() => void scrape(), 5000).unref();
  }
  return { app, url: `http://127.0.0.1:${port}`, dataSource, statements, adminToken, settings };
}
