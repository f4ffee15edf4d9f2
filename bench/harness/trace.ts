import { performance } from 'node:perf_hooks';
import type { Logger, QueryRunner } from 'typeorm';
import type { BenchContext } from './types';

/** Delegates to the logger it wraps and keeps the duration of every statement (TypeORM's slow-query hook). */
class StatementTimer implements Logger {
  readonly timings: { sql: string; ms: number }[] = [];
  constructor(private readonly inner: Logger) {}
  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    this.inner.logQuery(query, parameters, queryRunner);
  }
  logQueryError(
    error: string | Error,
    query: string,
    parameters?: unknown[],
    queryRunner?: QueryRunner,
  ): void {
    this.inner.logQueryError(error, query, parameters, queryRunner);
  }
  logQuerySlow(time: number, query: string): void {
    this.timings.push({ sql: query.replace(/\s+/g, ' ').slice(0, 90), ms: time });
  }
  logSchemaBuild(message: string, queryRunner?: QueryRunner): void {
    this.inner.logSchemaBuild(message, queryRunner);
  }
  logMigration(message: string, queryRunner?: QueryRunner): void {
    this.inner.logMigration(message, queryRunner);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown, queryRunner?: QueryRunner): void {
    this.inner.log(level, message, queryRunner);
  }
}

/**
 * Where one request's time goes, measured on `runs` requests sent one at a time with nothing else running: wall
 * time, and the time each SQL statement took from the driver's point of view (ms resolution). The rest is the
 * application's own CPU (HTTP, GraphQL, Nest, TypeORM hydration, serialisation) and waiting for a connection.
 */
export async function traceRequest(
  ctx: BenchContext,
  send: () => Promise<unknown>,
  runs = 10,
): Promise<{ wallMs: number; sqlMs: number; statements: { sql: string; ms: number }[] }> {
  const dataSource = ctx.dataSource as unknown as {
    logger: Logger;
    driver: { options: { maxQueryExecutionTime?: number } };
  };
  const options = dataSource.driver.options;
  const previous = { logger: dataSource.logger, max: options.maxQueryExecutionTime };
  const timer = new StatementTimer(previous.logger);
  await send();
  dataSource.logger = timer;
  // Negative: every statement counts as "slow", so TypeORM reports each one's duration.
  options.maxQueryExecutionTime = -1;
  let wall = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await send();
      wall += performance.now() - t0;
    }
  } finally {
    dataSource.logger = previous.logger;
    options.maxQueryExecutionTime = previous.max;
  }
  const bySql = new Map<string, number>();
  for (const t of timer.timings) bySql.set(t.sql, (bySql.get(t.sql) ?? 0) + t.ms);
  const statements = [...bySql].map(([sql, ms]) => ({ sql, ms: ms / runs }));
  return { wallMs: wall / runs, sqlMs: statements.reduce((a, s) => a + s.ms, 0), statements };
}

export function formatTrace(label: string, trace: Awaited<ReturnType<typeof traceRequest>>): string {
  return [
    `${label}: ${trace.wallMs.toFixed(1)} ms per request alone, of which SQL ${trace.sqlMs.toFixed(1)} ms:`,
    ...trace.statements.map((s) => `    ${s.ms.toFixed(1).padStart(6)} ms  ${s.sql}`),
  ].join('\n');
}

/** Mean wall time of `work` run alone, `runs` times after one warm-up call. */
export async function timeAlone(work: () => Promise<unknown>, runs = 10): Promise<number> {
  await work();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await work();
  return (performance.now() - t0) / runs;
}
