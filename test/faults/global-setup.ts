import 'reflect-metadata';
import { provisionTestDatabase } from '../support/test-database';
import { startOwnCluster } from './own-cluster';

/** The fault suite's own cluster, and a fresh migrated database on it (never the shared server on 5432). */
export default async function globalSetup(): Promise<void> {
  const cluster = await startOwnCluster();
  process.env.TEST_DATABASE_URL = cluster.url;
  const database = await provisionTestDatabase((message) => process.stdout.write(`\n${message}\n`));
  process.env.REQUISITE_TEST_DATABASE_URL = database.url;
  process.env.REQUISITE_TEST_SERVER_URL = database.serverUrl ?? '';
  process.env.REQUISITE_TEST_DATABASE_KIND = database.kind;
  process.env.REQUISITE_FAULTS_CLUSTER = JSON.stringify({ port: cluster.port, dataDir: cluster.dataDir });
  (globalThis as Record<string, unknown>).__requisiteFaultsCluster = cluster;
}
