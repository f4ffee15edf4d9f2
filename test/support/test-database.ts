import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { migrationsOnlyOptions } from '../../src/common/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/common/database/embedded-postgres';
import { databaseUrlFor } from '../../src/common/database/scratch-database';
import { installJobQueue } from '../../src/jobs/job-queue';

export interface TestDatabase {
  url: string;
  /** The server-level URL to create scratch databases from; null on the embedded engine. */
  serverUrl: string | null;
  kind: 'server' | 'embedded';
  dispose(): Promise<void>;
}

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrate(url: string, embedded = false): Promise<void> {
  const dataSource = new DataSource(
    migrationsOnlyOptions({ url, poolSize: 1, runMigrations: true, embedded }),
  );
  await dataSource.initialize();
  await dataSource.destroy();
  await installJobQueue(url, embedded);
}

/**
 * The database a test run uses: a fresh database on TEST_DATABASE_URL / DATABASE_URL's server, else on the local
 * server if it answers, else (never on CI) the embedded engine. Migrations are applied exactly as in production.
 */
export async function provisionTestDatabase(log: (message: string) => void): Promise<TestDatabase> {
  const configured = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  // TEST_ENGINE=embedded runs the suite on PGlite even when a server answers (to keep both engines green).
  const forceEmbedded = process.env.TEST_ENGINE === 'embedded';
  const serverUrl = forceEmbedded
    ? null
    : (configured ?? ((await answers(LOCAL_SERVER)) ? LOCAL_SERVER : null));
  if (serverUrl) {
    const name = `requisite_test_${randomBytes(5).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = databaseUrlFor(serverUrl, name);
    await migrate(url);
    const host = new URL(serverUrl);
    log(`Tests use PostgreSQL at ${host.hostname}:${host.port || 5432}, database ${name}.`);
    return {
      url,
      serverUrl,
      kind: 'server',
      async dispose() {
        const client = new Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      'On CI the tests must run against a PostgreSQL server, and none answers at 127.0.0.1:5432.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'requisite-test-'));
  const embedded = await startEmbeddedPostgres(dataDir, 30);
  await migrate(embedded.url, true);
  log('No PostgreSQL server answers at 127.0.0.1:5432: tests use the embedded engine (PGlite).');
  return {
    url: embedded.url,
    serverUrl: null,
    kind: 'embedded',
    async dispose() {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
