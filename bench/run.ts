/**
 * `npm run bench` (every scenario) or `npm run bench -- <name> [<name>…]`: creates a database on the PostgreSQL
 * server, migrates it, starts the real application and a separate load process, runs each scenario against the
 * application and against its reference on the same data, prints one table, writes bench/results/ and refreshes
 * BENCHMARKS.md, then drops the database. See BENCHMARKS.md.
 */
import './harness/production-mode';
// BENCH_OTEL=1: tracing starts before anything it instruments is loaded.
import './harness/observability';
import 'reflect-metadata';
import { Pool } from 'pg';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startApp } from './harness/app';
import { createBenchDatabase } from './harness/database';
import { isolate, loadAverageNow, ScenarioFacts, watchBackground } from './harness/isolation';
import { LoadProcess } from './harness/load';
import { profiled } from './harness/profile';
import { machine, printTable, publish } from './harness/report';
import type { BenchContext, ReferenceServer, ResultRow } from './harness/types';
import { SCENARIOS } from './scenarios';

const log = (message: string) => process.stderr.write(`${message}\n`);

/** Setup, measurements and checks of one scenario; past this something is stuck (the run must end). */
const SCENARIO_LIMIT_SECONDS = 240;

function withWatchdog<T>(work: Promise<T>, seconds: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not finish within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function settle(pool: Pool, installed: boolean, maxSeconds: number): Promise<number> {
  if (!installed) return 0;
  const deadline = performance.now() + maxSeconds * 1000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs
       WHERE run_at <= now() AND attempts < max_attempts AND locked_at IS NULL`,
    );
    if (rows[0].n === 0 || performance.now() > deadline) {
      if (rows[0].n > 0) log(`  (job queue: ${rows[0].n} jobs still waiting after ${maxSeconds} s)`);
      return rows[0].n;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length > 0) {
    log(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}.`);
    return 2;
  }
  const selected = names.length ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;
  const quick = process.env.BENCH_QUICK === '1';
  const isolated = process.env.BENCH_ISOLATE !== '0';
  const startedAt = new Date().toISOString();
  const loadAtStart = loadavg()[0];
  const t0 = performance.now();

  const database = await createBenchDatabase(log);
  // Ctrl-C still drops the database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: dropping the bench database…`);
      void database.drop().finally(() => process.exit(130));
    });
  }
  const load = new LoadProcess();
  let pool: Pool | null = null;
  let running: Awaited<ReturnType<typeof startApp>> | null = null;
  const rows: ResultRow[] = [];
  const facts: Record<string, ScenarioFacts> = {};
  let failed = false;
  try {
    log(database.jobQueueInstalled ? 'graphile-worker schema installed.' : 'No graphile-worker schema.');
    pool = new Pool({ connectionString: database.url, max: 40 });
    // An idle connection ended by the server (someone else's DROP DATABASE … WITH (FORCE), pg_terminate_backend)
    // must not crash the run before it writes its results.
    pool.on('error', (error) => log(`bench pool: ${error.message}`));
    running = await startApp(database.url);
    await load.start();
    log(`Requisite listening on ${running.url}; load process started.`);
    const app = running;
    const sharedPool = pool;
    for (const scenario of selected) {
      const servers: ReferenceServer[] = [];
      const ctx: BenchContext = {
        app: app.app,
        appUrl: app.url,
        dataSource: app.dataSource,
        statements: app.statements,
        pool: sharedPool,
        databaseUrl: database.url,
        adminToken: app.adminToken,
        jobQueueInstalled: database.jobQueueInstalled,
        load: (job) => load.run(job),
        serve: async (server) => {
          servers.push(server);
          return `http://127.0.0.1:${await server.listen()}`;
        },
        gql: async (query, variables) => {
          const response = await fetch(`${app.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${app.adminToken}` },
            body: JSON.stringify({ query, variables }),
            signal: AbortSignal.timeout(30_000),
          });
          const body = (await response.json()) as { data?: any; errors?: unknown[] };
          if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
          for (const value of Object.values(body.data ?? {})) {
            const userErrors = (value as { userErrors?: unknown[] } | null)?.userErrors;
            if (userErrors?.length) throw new Error(`User errors: ${JSON.stringify(userErrors)}`);
          }
          return body.data;
        },
        profile: (label, work) => profiled(`${scenario.name}-${label}`, work),
        settle: (maxSeconds = 30) => settle(sharedPool, database.jobQueueInstalled, maxSeconds),
        log: (message) => log(`  ${message}`),
        seconds: (full) => (quick ? Math.max(1, Math.round(full * 0.3)) : full),
      };
      log(`\n▶ ${scenario.name}: ${scenario.description}`);
      await ctx.settle();
      const isolation = isolated ? await isolate(sharedPool, log) : null;
      if (isolation) {
        log(
          `  (isolation ${isolation.seconds} s: VACUUM (ANALYZE) ${isolation.vacuumed.length ? isolation.vacuumed.join(', ') : 'nothing'}; autovacuum waited ${isolation.autovacuumWaitSeconds} s)`,
        );
      }
      const started = performance.now();
      const fact: ScenarioFacts = {
        startedAt: new Date().toISOString(),
        loadAverage: loadAverageNow(),
        node: process.version,
        isolation,
        background: null,
      };
      facts[scenario.name] = fact;
      log(`  (load average ${fact.loadAverage}, Node ${fact.node})`);
      const background = await watchBackground(sharedPool);
      try {
        const result = await withWatchdog(scenario.run(ctx), SCENARIO_LIMIT_SECONDS, scenario.name);
        rows.push(...result);
        log(printTable(result));
      } catch (error) {
        failed = true;
        log(`✗ ${scenario.name} failed: ${(error as Error).stack ?? String(error)}`);
        rows.push({
          scenario: scenario.name,
          metric: 'run',
          unit: '',
          requisite: 'error',
          reference: null,
          ratio: null,
          target: 'runs',
          pass: false,
          note: (error as Error).message.slice(0, 300),
        });
      } finally {
        await Promise.all(servers.map((s) => s.close()));
        fact.background = await background.stop();
      }
      const { autovacuumSeconds, autovacuumTables, checkpoints } = fact.background;
      log(
        `  (background: autovacuum busy ${autovacuumSeconds} s${autovacuumTables.length ? ` on ${autovacuumTables.join('; ')}` : ''}; ${checkpoints} checkpoint(s))`,
      );
      log(`  (${scenario.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await load.stop();
    await running?.app.close().catch((error: Error) => log(`closing the app: ${error.message}`));
    await pool?.end();
    if (process.env.BENCH_KEEP_DATABASE === '1') {
      log(`Kept ${database.name} (BENCH_KEEP_DATABASE=1): drop it with DROP DATABASE ${database.name}.`);
    } else {
      await database.drop();
      log(`Dropped ${database.name}.`);
    }
  }

  const record = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machine(database.serverVersion, loadAtStart),
    settings: {
      ...(running?.settings ?? {}),
      BENCH_QUICK: quick ? '1' : '0',
      BENCH_ISOLATE: isolated ? '1' : '0',
    },
    scenarios: selected.map((s) => s.name),
    facts,
    rows,
  };
  const { rawFile } = await publish(
    record,
    SCENARIOS.map((s) => s.name),
  );
  process.stdout.write(`\n${printTable(rows)}\n\n`);
  log(
    `Results: ${rawFile}, bench/results/latest.json, BENCHMARKS.md (${((performance.now() - t0) / 1000).toFixed(0)} s in all).`,
  );
  return failed || rows.some((r) => r.pass === false) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    log(error.stack ?? String(error));
    process.exit(1);
  },
);
