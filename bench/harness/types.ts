import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { StatementCounter } from '../../src/common/database/statement-counter';
import type { LoadJob, LoadResult } from './load-protocol';
import type { LatencySummary } from './stats';

/** One line of the results table. */
export interface ResultRow {
  scenario: string;
  metric: string;
  /** Unit of both figures: 'ms', 'req/s', 'tx/s', 'statements', 'count'. */
  unit: string;
  requisite: number | string;
  reference: number | string | null;
  /** requisite / reference where both are numbers. */
  ratio: number | null;
  target: string;
  /** null: informational only. */
  pass: boolean | null;
  note?: string;
}

export interface BenchContext {
  /** The real application, listening on `appUrl`. */
  app: NestFastifyApplication;
  appUrl: string;
  dataSource: DataSource;
  statements: StatementCounter;
  /** A pool on the bench database for data generation, checks and reference runs (separate from the app's). */
  pool: Pool;
  databaseUrl: string;
  /** Bearer token of an administrator (a real user row and a real signed JWT). */
  adminToken: string;
  /** Whether graphile-worker's schema is installed in the bench database. */
  jobQueueInstalled: boolean;
  /** Runs a load job in the separate load process (autocannon) and returns what it measured. */
  load(job: LoadJob): Promise<LoadResult>;
  /** Starts a throwaway HTTP server for a reference implementation; closed at the end of the scenario. */
  serve(server: ReferenceServer): Promise<string>;
  /** POSTs a GraphQL operation to the app as the administrator; throws on top-level errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** With BENCH_PROFILE=1, CPU-profiles the app's process while `work` runs (bench/results/<label>.cpuprofile). */
  profile<T>(label: string, work: () => Promise<T>): Promise<T>;
  /**
   * Waits (up to `maxSeconds`) until the in-process job queue has no runnable jobs left, so work the app enqueued
   * during its run (webhook fan-out) does not compete with the next measurement. Returns the jobs left.
   */
  settle(maxSeconds?: number): Promise<number>;
  /** Progress line on stderr. */
  log(message: string): void;
  /** Scaled durations (BENCH_QUICK=1 shortens every phase for a smoke run). */
  seconds(full: number): number;
}

export interface ReferenceServer {
  /** Started with `listen(0)`; resolves to the port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface Scenario {
  name: string;
  /** What it measures, for the table's header in BENCHMARKS.md. */
  description: string;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}

export type { LatencySummary };
