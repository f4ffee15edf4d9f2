import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { InboundApplicationReport, WebhookAttemptReport } from '../common/diagnostics';
import { errorCodeLabel, inboundOutcome, methodLabel, OperationNames, routeLabel } from './metrics.rules';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Delivery lag spans a prompt first attempt (well under a second) to retries days later. */
const LAG_SECONDS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 21_600, 86_400, 259_200];

/** The job queue as one statement reads it at scrape time. */
const JOB_QUEUE_SQL = `
  SELECT count(*) FILTER (WHERE is_available AND run_at <= now())::int AS ready,
         count(*) FILTER (WHERE is_available AND run_at > now())::int AS scheduled,
         count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked,
         count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed,
         coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE is_available AND run_at <= now())), 0)::float8
           AS oldest_ready_seconds
    FROM graphile_worker._private_jobs`;

/** A scrape answers within this even when the database does not (Prometheus's own timeout is 10 s by default). */
const JOB_QUEUE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  // The statement may still finish (or fail) after the scrape answered: nobody waits for it then.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

interface JobQueueRow {
  ready: number;
  scheduled: number;
  locked: number;
  failed: number;
  oldest_ready_seconds: number;
}

/**
 * Every metric of one process, in a registry of its own (several applications may share a test process). Feature
 * modules never call this: their reports arrive through `src/common/diagnostics.ts`, HTTP and GraphQL timings
 * through hooks the observability module installs.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new OperationNames();

  private readonly httpDuration = new Histogram({
    name: 'requisite_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code, from arrival to the last byte sent.',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly graphqlDuration = new Histogram({
    name: 'requisite_graphql_operation_duration_seconds',
    help:
      'GraphQL operations by name (anonymous, invalid, or other beyond the first 200 names), type, and outcome ' +
      '(ok, user_error: a mutation answered userErrors, or the first error code).',
    labelNames: ['operation', 'type', 'outcome'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly poolConnections = new Gauge({
    name: 'requisite_db_pool_connections',
    help: 'Connections of this process to PostgreSQL, by state (in_use, idle).',
    labelNames: ['state'],
    registers: [this.registry],
  });

  private readonly poolWaiting = new Gauge({
    name: 'requisite_db_pool_waiting',
    help: 'Queries waiting for a free connection of this process.',
    registers: [this.registry],
  });

  private readonly poolMax = new Gauge({
    name: 'requisite_db_pool_max',
    help: 'The pool size (DATABASE_POOL_SIZE).',
    registers: [this.registry],
  });

  private readonly jobs = new Gauge({
    name: 'requisite_job_queue_jobs',
    help:
      'Jobs in the queue (the whole database, not this process) by state: ready (due, waiting for a worker), ' +
      'scheduled (due later: retries), locked (running), failed (out of attempts).',
    labelNames: ['state'],
    registers: [this.registry],
  });

  private readonly oldestReady = new Gauge({
    name: 'requisite_job_queue_oldest_ready_age_seconds',
    help: 'How long the oldest due job has been waiting for a worker (0 when none waits).',
    registers: [this.registry],
  });

  private readonly jobQueueUp = new Gauge({
    name: 'requisite_job_queue_up',
    help: '1 when the job queue could be read at this scrape, 0 when not (database unreachable).',
    registers: [this.registry],
  });

  private readonly webhookAttempts = new Counter({
    name: 'requisite_webhook_attempts_total',
    help: 'Webhook delivery attempts made by this process, by subscription id and outcome.',
    labelNames: ['subscription', 'outcome'],
    registers: [this.registry],
  });

  private readonly webhookAttemptDuration = new Histogram({
    name: 'requisite_webhook_attempt_duration_seconds',
    help: 'How long subscribers took to answer a delivery attempt, by subscription id.',
    labelNames: ['subscription'],
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly webhookLag = new Histogram({
    name: 'requisite_webhook_delivery_lag_seconds',
    help: "From an event's commit to its successful receipt by the subscriber, by subscription id.",
    labelNames: ['subscription'],
    buckets: LAG_SECONDS,
    registers: [this.registry],
  });

  private readonly inbound = new Counter({
    name: 'requisite_inbound_applications_total',
    help:
      'Applications pushed by job boards and career pages, by source and outcome (accepted, unauthenticated, ' +
      'not_found, duplicate, gone, too_large, refused, error).',
    labelNames: ['source', 'outcome'],
    registers: [this.registry],
  });

  constructor(private readonly dataSource: DataSource | null) {
    collectDefaultMetrics({ register: this.registry });
  }

  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    this.httpDuration.observe(
      { method: methodLabel(method), route: routeLabel(route), status: String(status) },
      seconds,
    );
  }

  observeGraphQL(
    operation: { name: string | null | undefined; type: string | undefined; authenticated: boolean } | null,
    outcome: { errorCode?: unknown; userErrors?: boolean },
    seconds: number,
  ): void {
    const name = this.operationNames.label(operation?.name, operation !== null, operation?.authenticated);
    const result =
      outcome.errorCode !== undefined
        ? errorCodeLabel(outcome.errorCode)
        : outcome.userErrors
          ? 'user_error'
          : 'ok';
    this.graphqlDuration.observe(
      { operation: name, type: operation?.type ?? 'unknown', outcome: result },
      seconds,
    );
  }

  observeWebhookAttempt(report: WebhookAttemptReport): void {
    const subscription = report.subscriptionId;
    this.webhookAttempts.inc({ subscription, outcome: report.outcome });
    if (report.outcome !== 'undeliverable')
      this.webhookAttemptDuration.observe({ subscription }, report.durationMs / 1000);
    if (report.lagMs !== null) this.webhookLag.observe({ subscription }, Math.max(0, report.lagMs) / 1000);
  }

  observeInbound(report: InboundApplicationReport): void {
    this.inbound.inc({ source: report.source, outcome: inboundOutcome(report.status) });
  }

  /** The exposition text: samples the pool and reads the job queue (one statement), then renders everything. */
  async render(): Promise<string> {
    this.samplePool();
    await this.sampleJobQueue();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private samplePool(): void {
    const pool = this.pool();
    if (!pool) return;
    this.poolConnections.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    this.poolConnections.set({ state: 'idle' }, pool.idleCount);
    this.poolWaiting.set(pool.waitingCount);
    this.poolMax.set(pool.options.max ?? 0);
  }

  private async sampleJobQueue(): Promise<void> {
    if (!this.dataSource?.isInitialized) return this.jobQueueUp.set(0);
    try {
      const [row] = await withTimeout(
        this.dataSource.query<JobQueueRow[]>(JOB_QUEUE_SQL),
        JOB_QUEUE_TIMEOUT_MS,
      );
      for (const state of ['ready', 'scheduled', 'locked', 'failed'] as const)
        this.jobs.set({ state }, row[state]);
      this.oldestReady.set(row.oldest_ready_seconds);
      this.jobQueueUp.set(1);
    } catch {
      // The database is down or the queue not installed: the rest of the metrics still answer.
      this.jobQueueUp.set(0);
    }
  }

  private pool(): Pool | null {
    const driver = this.dataSource?.driver as { master?: Pool } | undefined;
    return driver?.master ?? null;
  }
}
