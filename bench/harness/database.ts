import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrationsOnlyOptions } from '../../src/common/database/data-source-options';
import { databaseUrlFor } from '../../src/common/database/scratch-database';
import { installJobQueue } from '../../src/jobs/job-queue';

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  name: string;
  serverVersion: string;
  jobQueueInstalled: boolean;
  drop(): Promise<void>;
}

/**
 * A fresh database on the configured PostgreSQL server (BENCH_DATABASE_URL, DATABASE_URL, else the local
 * server), never the embedded engine: the figures are meant for the real thing. Migrated exactly as the tests and
 * production do it.
 */
export async function createBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || LOCAL_SERVER;
  const name = `requisite_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    const host = new URL(serverUrl);
    throw new Error(
      `The benchmarks need a PostgreSQL server (tried ${host.hostname}:${host.port || 5432}; set DATABASE_URL): ${String(error)}`,
    );
  }
  const [{ server_version: serverVersion }] = (
    await admin.query<{ server_version: string }>('SHOW server_version')
  ).rows;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrlFor(serverUrl, name);
  const drop = async () => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  try {
    log(`Database ${name} on PostgreSQL ${serverVersion}: migrating…`);
    const dataSource = new DataSource(migrationsOnlyOptions({ url, poolSize: 1, runMigrations: true }));
    await dataSource.initialize();
    await dataSource.destroy();
    // >>> job queue: graphile-worker's schema, installed after the TypeORM migrations as the app does. <<<
    await installJobQueue(url);
    const check = new Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ present: boolean }>(
      `SELECT to_regnamespace('graphile_worker') IS NOT NULL AS present`,
    );
    await check.end();
    return { url, name, serverVersion, jobQueueInstalled: rows[0].present, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
