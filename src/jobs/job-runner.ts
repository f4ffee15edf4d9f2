import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  CronItem,
  JobHelpers,
  Logger as GraphileLogger,
  parseCronItems,
  Runner,
  TaskList,
  WorkerEvents,
  run,
} from 'graphile-worker';
import { Pool } from 'pg';
import { Environment } from '../config/environment';
import { JobName, JobPayloads } from './job-queue';

export const JOB_DATABASE = Symbol('JOB_DATABASE');

export interface JobDatabase {
  url: string;
  embedded: boolean;
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], helpers: JobHelpers) => Promise<void>;

/**
 * Runs the background worker (graphile-worker) when RUN_MODE includes it. Feature modules register their job
 * handlers while the application initialises; the worker starts once everything is wired and stops, finishing or
 * releasing what it runs, when the application shuts down.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private readonly cronItems: CronItem[] = [];
  private readonly workerIds = new Set<string>();
  private pool?: Pool;
  private runner?: Runner;
  private heartbeat?: NodeJS.Timeout;
  private restart?: NodeJS.Timeout;
  private restartDelayMs = 1000;
  /** Workers of runners that stopped on their own, whose jobs and queues are still to be released. */
  private orphaned: string[] = [];
  private stopping = false;

  constructor(
    private readonly env: Environment,
    @Inject(JOB_DATABASE) private readonly database: JobDatabase,
  ) {}

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  /**
   * Runs a registered job on a schedule (`pattern`: minute hour day month weekday, UTC). graphile-worker makes
   * sure one worker enqueues each run however many are running, and a run missed while no worker was up within
   * the last `backfillMs` is still made.
   */
  schedule(name: JobName, pattern: string, backfillMs: number): void {
    this.cronItems.push({
      task: name,
      match: pattern,
      options: { backfillPeriod: backfillMs, maxAttempts: 5 },
    });
  }

  /** Whether this process runs jobs (and so whether its pings of the heartbeat mean anything). */
  get running(): boolean {
    return this.pool !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.runsWorker()) return;
    const taskList: TaskList = {};
    for (const [name, handler] of this.handlers) {
      taskList[name] = (payload, helpers) => handler(payload as JobPayloads[JobName], helpers);
    }
    this.pool = new Pool({
      connectionString: this.database.url,
      // One connection per concurrent job, one for LISTEN, one for the heartbeat and the queue's own upkeep.
      max: this.env.WORKER_CONCURRENCY + 3,
    });
    this.pool.on('error', (error) => this.logger.warn(`idle worker connection failed: ${error.message}`));
    this.pool.on('connect', (client) =>
      client.on('error', (error) => this.logger.warn(`worker connection failed: ${error.message}`)),
    );
    await this.startRunner(taskList);
    await this.beat();
    const period = Math.max(500, (this.env.WORKER_DEAD_AFTER_SECONDS * 1000) / 4);
    this.heartbeat = setInterval(() => {
      this.beat().catch((error: Error) => this.logger.warn(`heartbeat failed: ${error.message}`));
    }, period);
    this.heartbeat.unref();
    this.logger.log(`worker running ${this.env.WORKER_CONCURRENCY} jobs at once`);
  }

  /**
   * Starts graphile-worker. Its runner stops by itself when the queue cannot be kept consistent or its workers
   * all fail — for instance while the database restarts — and settles its promise: unhandled, a rejection would
   * end the process, and a clean stop would leave it idle or let it exit. Instead it is started again, after 1, 2, 4
   * s (at most 4 s, so that jobs resume within seconds of the database being back) while the database is still
   * unreachable; the jobs its stopped workers held are released before it starts again.
   */
  private async startRunner(taskList: TaskList): Promise<void> {
    if (this.orphaned.length > 0) {
      // Every worker of the stopped runner's pool has stopped, so nothing the pool still holds is in use: a job whose
      // outcome could not be written, or a named queue (a webhook lane) it kept locked. Left alone, they would wait for the
      // heartbeat sweep (WORKER_DEAD_AFTER_SECONDS). Such a job runs again: at least once, never lost.
      await this.pool!.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [this.orphaned]);
      this.orphaned = [];
    }
    const events: WorkerEvents = new EventEmitter();
    /** This runner's worker pool: graphile-worker locks jobs and named queues in its name (not its workers'). */
    let poolId: string | undefined;
    /** Its workers still running. */
    const live = new Set<string>();
    let poolStopping = false;
    /** Set once run() returns (the workers are created, and may report, before that). */
    const self: { runner?: Runner } = {};
    const stopped = (why: string) => {
      const runner = self.runner;
      if (this.stopping || !runner || this.runner !== runner) return;
      this.runner = undefined;
      if (poolId) {
        this.workerIds.delete(poolId);
        this.orphaned.push(poolId);
      }
      // Stops its cron too; its pool is already stopping, and this does not wait for it.
      runner.stop().catch(() => undefined);
      this.restartLater(taskList, why);
    };
    events.on('pool:create', ({ workerPool }: { workerPool: { id: string } }) => {
      // Reported alive by the heartbeat along with the workers, so that its locks are not swept while it runs.
      poolId = workerPool.id;
      this.workerIds.add(poolId);
    });
    events.on('worker:create', ({ worker }: { worker: { workerId: string } }) => {
      live.add(worker.workerId);
      this.workerIds.add(worker.workerId);
    });
    events.on('worker:stop', ({ worker }: { worker: { workerId: string } }) => {
      live.delete(worker.workerId);
      this.workerIds.delete(worker.workerId);
      if (poolStopping && live.size === 0) stopped('the worker stopped');
    });
    // graphile-worker 0.17's pool shuts itself down when writing a job's outcome fails (its batcher never retries:
    // graphile/worker#636). After a second such failure the batcher's pending count drops below zero, so the pool's
    // shutdown waits forever for the batcher to drain and the runner's promise never settles: the process would
    // stay up with no workers, taking no jobs. So the runner is replaced as soon as its pool has begun to shut down
    // and its last worker has stopped, without waiting for that promise.
    events.on('pool:gracefulShutdown', () => {
      poolStopping = true;
      if (live.size === 0) stopped('the worker stopped');
    });
    const runner = await run({
      pgPool: this.pool!,
      taskList,
      // Always given (even empty): without it graphile-worker looks for a ./crontab file.
      parsedCronItems: parseCronItems(this.cronItems),
      concurrency: this.env.WORKER_CONCURRENCY,
      pollInterval: this.env.WORKER_POLL_INTERVAL_MS,
      noHandleSignals: true,
      // On shutdown, running jobs get this long to finish before their abort signal fires.
      gracefulShutdownAbortTimeout: this.env.SHUTDOWN_GRACE_SECONDS * 1000,
      noPreparedStatements: this.database.embedded,
      logger: this.graphileLogger(),
      events,
      // Record jobs' outcomes through graphile-worker's batcher even without batching (delay 0): a failed write
      // shuts the pool down (handled above). Unbatched (the default), a job whose outcome cannot be written is an
      // unhandled rejection, which ends the process.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
    });
    this.runner = self.runner = runner;
    this.restartDelayMs = 1000;
    if (poolStopping && live.size === 0) stopped('the worker stopped');
    // It also stops when its cron fails, or "cleanly" once all its workers have exited on errors ("no remaining
    // workers"): either way, unless this process is shutting down, it must run again (with nothing else running,
    // the process would exit).
    runner.promise.then(
      () => stopped('the worker stopped'),
      (error: Error) => stopped(`the worker stopped (${error.message})`),
    );
  }

  private restartLater(taskList: TaskList, why: string): void {
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, 4_000);
    this.logger.error(`${why}: starting it again in ${delay / 1000} s`);
    this.restart = setTimeout(() => {
      this.restart = undefined;
      if (this.stopping) return;
      this.startRunner(taskList).then(
        () => this.logger.log('worker running again'),
        (error: Error) => this.restartLater(taskList, `the worker could not start (${error.message})`),
      );
    }, delay);
  }

  /** Before the database connections close: the jobs still running need them to record what happened. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.restart) clearTimeout(this.restart);
    if (this.heartbeat) clearInterval(this.heartbeat);
    // Taken now: the workers forget their ids as they stop.
    const ids = [...this.workerIds, ...this.orphaned];
    // Graceful: running jobs finish; after graphile-worker's abort timeout their abort signal fires, and a
    // delivery in flight is recorded as interrupted and rescheduled at once.
    await this.runner?.stop().catch((error: Error) => this.logger.warn(`stopping: ${error.message}`));
    this.runner = undefined;
    if (this.pool) {
      // Every worker of this process has stopped: nothing they still hold (a queue whose job was interrupted) is
      // in use, so release it now rather than after WORKER_DEAD_AFTER_SECONDS.
      await this.pool
        .query('SELECT graphile_worker.force_unlock_workers($1::text[])', [ids])
        .catch(() => undefined);
      await this.pool
        .query('DELETE FROM worker_heartbeat WHERE worker_id = ANY($1::varchar[])', [ids])
        .catch(() => undefined);
      await this.pool.end().catch(() => undefined);
      this.pool = undefined;
    }
  }

  /**
   * Reports this process's workers alive, and releases the jobs of workers that stopped reporting. Every worker
   * does the sweep; force_unlock_workers is idempotent, so several doing it at once is harmless.
   */
  private async beat(): Promise<void> {
    const pool = this.pool;
    if (!pool) return;
    const deadAfter = `${this.env.WORKER_DEAD_AFTER_SECONDS} seconds`;
    await pool.query(
      `INSERT INTO worker_heartbeat (worker_id, process, beat_at)
       SELECT id, $2, now() FROM unnest($1::varchar[]) AS id
       ON CONFLICT (worker_id) DO UPDATE SET beat_at = excluded.beat_at`,
      [[...this.workerIds], `${hostname()}:${process.pid}`],
    );
    // Jobs and named queues (a queue stays locked while its job runs) held by workers that stopped reporting.
    const { rows } = await pool.query<{ locked_by: string }>(
      `SELECT DISTINCT held.locked_by FROM (
         SELECT locked_by, locked_at FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
         UNION ALL
         SELECT locked_by, locked_at FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL
       ) held
       WHERE held.locked_at < now() - $1::interval
         AND NOT EXISTS (SELECT 1 FROM worker_heartbeat h
                          WHERE h.worker_id = held.locked_by AND h.beat_at > now() - $1::interval)`,
      [deadAfter],
    );
    if (rows.length > 0) {
      const dead = rows.map((row) => row.locked_by);
      await pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [dead]);
      this.logger.warn(`released the jobs of unresponsive workers ${dead.join(', ')}`);
    }
    await pool.query(`DELETE FROM worker_heartbeat WHERE beat_at < now() - interval '1 day'`);
  }

  private graphileLogger(): GraphileLogger {
    // graphile-worker's levels are "error", "warning", "info" and "debug".
    return new GraphileLogger(() => (level: string, message: string) => {
      if (level === 'error') this.logger.error(message);
      else if (level === 'warning') this.logger.warn(message);
      else if (level === 'info') this.logger.log(message);
      else this.logger.debug(message);
    });
  }
}
