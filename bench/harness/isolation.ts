import type { Pool } from 'pg';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * Each scenario starts from the same database state, whatever ran before it (issue 19: the webhook figures halved
 * when the scenario ran after `search`). Before a scenario the harness vacuums and analyses every table the
 * previous ones wrote to (so autovacuum has nothing left to start during the measurement), waits for autovacuum
 * workers already busy in the bench database, and checkpoints (so the checkpointer is not flushing the previous
 * scenario's pages either). The job queue is settled separately (`settle` in run.ts). `BENCH_ISOLATE=0` turns
 * this off, to show the effect.
 */
export interface Isolation {
  /** Seconds the whole step took (not part of any measurement). */
  seconds: number;
  /** Tables vacuumed and analysed, with what they had accumulated since the last (auto)vacuum/analyze. */
  vacuumed: string[];
  /** Seconds spent waiting for autovacuum workers that were already running in the bench database. */
  autovacuumWaitSeconds: number;
  checkpoint: boolean;
}

/** What PostgreSQL did in the background while a scenario ran (sampled once a second). */
export interface Background {
  /** Seconds with at least one autovacuum worker in the bench database, and on which tables. */
  autovacuumSeconds: number;
  autovacuumTables: string[];
  /** Checkpoints that started during the scenario (requested ones: WAL volume; timed ones: the timeout). */
  checkpoints: number;
}

/** Per scenario: the conditions it ran in (the results table shows load and runtime next to each row). */
export interface ScenarioFacts {
  startedAt: string;
  /** 1-minute load average when the scenario started (after isolation). */
  loadAverage: number;
  /** `process.version` of the application's and the harness's process. */
  node: string;
  isolation: Isolation | null;
  background: Background | null;
}

/** A table is worth a VACUUM (ANALYZE) when this many rows changed since the last one (autovacuum's base threshold is 50). */
const CHANGED_ROWS = 50;
const AUTOVACUUM_WAIT_SECONDS = 120;

const round1 = (x: number) => Math.round(x * 10) / 10;

export function loadAverageNow(): number {
  return round1(loadavg()[0]);
}

async function autovacuumWorkers(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ query: string }>(
    `SELECT query FROM pg_stat_activity
     WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
  );
  return rows.map((r) => r.query.replace(/^autovacuum:\s*/, ''));
}

export async function isolate(pool: Pool, log: (message: string) => void): Promise<Isolation> {
  const t0 = performance.now();
  // Statistics reach the shared counters when a backend goes idle (at most once a second): give the previous
  // scenario's connections that second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { rows } = await pool.query<{ name: string; inserted: number; dead: number; modified: number }>(
    `SELECT format('%I.%I', schemaname, relname) AS name, n_ins_since_vacuum::int AS inserted,
            n_dead_tup::int AS dead, n_mod_since_analyze::int AS modified
     FROM pg_stat_user_tables
     WHERE n_ins_since_vacuum + n_dead_tup >= $1 OR n_mod_since_analyze >= $1
     ORDER BY n_ins_since_vacuum + n_dead_tup + n_mod_since_analyze DESC`,
    [CHANGED_ROWS],
  );
  // A table autovacuum is already processing waits for it here (VACUUM takes the same lock): that is the point.
  for (const table of rows) await pool.query(`VACUUM (ANALYZE) ${table.name}`);
  const vacuumed = rows.map(
    (t) => `${t.name.replace(/^public\./, '')} (+${t.inserted} ins, ${t.dead} dead, ${t.modified} mod)`,
  );

  const waitStart = performance.now();
  const deadline = waitStart + AUTOVACUUM_WAIT_SECONDS * 1000;
  for (;;) {
    const busy = await autovacuumWorkers(pool);
    if (busy.length === 0) break;
    if (performance.now() > deadline) {
      log(`  (autovacuum still busy after ${AUTOVACUUM_WAIT_SECONDS} s: ${busy.join('; ')})`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const autovacuumWaitSeconds = (performance.now() - waitStart) / 1000;

  // The VACUUMs dirtied pages too: write them out now rather than during the measurement.
  let checkpoint = true;
  try {
    await pool.query('CHECKPOINT');
  } catch (error) {
    checkpoint = false; // needs superuser or pg_checkpoint (PostgreSQL 15)
    log(`  (no CHECKPOINT: ${(error as Error).message})`);
  }
  return {
    seconds: round1((performance.now() - t0) / 1000),
    vacuumed,
    autovacuumWaitSeconds: round1(autovacuumWaitSeconds),
    checkpoint,
  };
}

async function checkpointCount(pool: Pool): Promise<number | null> {
  try {
    const { rows } = await pool.query<{ n: string }>(
      'SELECT (checkpoints_timed + checkpoints_req)::text AS n FROM pg_stat_bgwriter',
    );
    return Number(rows[0].n);
  } catch {
    return null; // PostgreSQL 17 moved the counters to pg_stat_checkpointer
  }
}

/** Samples autovacuum activity in the bench database once a second until `stop()`. */
export async function watchBackground(pool: Pool): Promise<{ stop(): Promise<Background> }> {
  const tables = new Set<string>();
  let busySeconds = 0;
  const before = await checkpointCount(pool);
  let stopped = false;
  let sampling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    sampling = autovacuumWorkers(pool).then(
      (busy) => {
        if (busy.length > 0) busySeconds++;
        for (const b of busy) tables.add(b);
      },
      () => undefined,
    );
  }, 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await sampling;
      const after = await checkpointCount(pool);
      return {
        autovacuumSeconds: busySeconds,
        autovacuumTables: [...tables],
        checkpoints: before === null || after === null ? 0 : after - before,
      };
    },
  };
}
