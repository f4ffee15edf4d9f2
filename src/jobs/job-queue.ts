import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import { Pool } from 'pg';
import { EntityManager } from 'typeorm';

/**
 * Every job the service runs, by graphile-worker task identifier, with its payload. Each feature declares its own
 * jobs by augmenting this interface from its folder (`declare module '../jobs/job-queue'`), so the queue knows no
 * feature while enqueueing and handling stay typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface JobPayloads {}

/** What graphile-worker adds to the payload of a scheduled job. */
export interface CronPayload {
  _cron?: { ts: string; backfilled: boolean };
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** Jobs sharing a queue run one at a time. */
  queueName?: string;
  runAt?: Date;
  /** A later job with the same key replaces a pending one instead of adding a second. */
  jobKey?: string;
  maxAttempts?: number;
}

/**
 * Enqueues a job on the caller's transaction: it exists exactly when the change that asked for it committed, and
 * a rollback takes it away with the change (graphile-worker keeps its queue in the same database).
 */
export async function enqueueJob<N extends JobName>(
  manager: EntityManager,
  name: N,
  payload: JobPayloads[N],
  options: EnqueueOptions = {},
): Promise<void> {
  await manager.query(
    `SELECT graphile_worker.add_job($1, $2::json, queue_name => $3, run_at => $4, max_attempts => $5, job_key => $6)`,
    [
      name,
      JSON.stringify(payload),
      options.queueName ?? null,
      options.runAt ?? null,
      options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      options.jobKey ?? null,
    ],
  );
}

/**
 * graphile-worker retries a job that throws (a database outage, a bug) with exponential backoff. Outcomes the
 * task understands, such as a webhook endpoint answering 500, are handled by the task itself and do not throw.
 */
export const DEFAULT_MAX_ATTEMPTS = 20;

/** Creates or upgrades graphile-worker's schema (idempotent; takes its own advisory lock). */
export async function installJobQueue(connectionString: string, embedded = false): Promise<void> {
  const pool = new Pool({ connectionString, max: 1 });
  pool.on('error', () => undefined); // an idle connection dropping is not this short-lived pool's concern
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await runMigrations({ pgPool: pool, noPreparedStatements: embedded, logger: silentLogger() });
  } finally {
    await pool.end();
  }
}

function silentLogger(): GraphileLogger {
  // graphile-worker's migration chatter is not useful in the service's logs.
  return new GraphileLogger(() => () => undefined);
}
