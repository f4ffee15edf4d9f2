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

/** One job of a batch: its payload, and how it is queued. */
export interface QueuedJob<N extends JobName> extends EnqueueOptions {
  payload: JobPayloads[N];
}

/**
 * Enqueues many jobs of one task in one statement, on the caller's transaction (see `enqueueJob`): they all exist
 * exactly when that transaction commits. Each job has its own queue, run time and key.
 */
export async function enqueueJobs<N extends JobName>(
  manager: EntityManager,
  name: N,
  jobs: readonly QueuedJob<N>[],
): Promise<void> {
  if (jobs.length === 0) return;
  await manager.query(
    `SELECT count(graphile_worker.add_job($1, j.payload, queue_name => j.queue_name, run_at => j.run_at,
                                          max_attempts => j.max_attempts, job_key => j.job_key))
       FROM unnest($2::json[], $3::text[], $4::timestamptz[], $5::int[], $6::text[])
            AS j(payload, queue_name, run_at, max_attempts, job_key)`,
    [
      name,
      jobs.map((job) => JSON.stringify(job.payload)),
      jobs.map((job) => job.queueName ?? null),
      jobs.map((job) => job.runAt ?? null),
      jobs.map((job) => job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      jobs.map((job) => job.jobKey ?? null),
    ],
  );
}

/**
 * Takes jobs off the queue by key, in one statement: a waiting job is deleted; one running now finishes its run
 * but is not retried (graphile-worker's `remove_job`). A key with no job is ignored. On the caller's transaction,
 * or on its own with `dataSource.manager`.
 */
export async function removeJobs(manager: EntityManager, jobKeys: readonly string[]): Promise<void> {
  if (jobKeys.length === 0) return;
  await manager.query(`SELECT count(graphile_worker.remove_job(key)) FROM unnest($1::text[]) AS key`, [
    [...jobKeys],
  ]);
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
