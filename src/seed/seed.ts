import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createApp } from '../app.factory';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../common/database/embedded-postgres';
import { ConfigurationError, loadEnvironment } from '../config/environment';
import { seedDemoData } from './seed-demo-data';

/**
 * `npm run seed`: demo data on the database the server would use (DATABASE_URL, else the embedded engine under
 * DATA_DIR), after applying pending migrations exactly as the server does at start-up.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  // The seed prints its own progress; the application's info logs would only bury it. LOG_LEVEL still wins.
  // Only the API's use cases: the events it writes are delivered by the service's worker once it runs.
  const env = loadEnvironment({ LOG_LEVEL: 'warn', ...process.env, RUN_MODE: 'api' });
  let embedded: EmbeddedPostgres | null = null;
  try {
    embedded = env.DATABASE_URL
      ? null
      : await startEmbeddedPostgres(env.DATA_DIR, env.DATABASE_POOL_SIZE + 2);
    const databaseUrl = env.DATABASE_URL ?? embedded!.url;
    console.log(`Seeding demo data into ${describeDatabase(databaseUrl, embedded)}`);
    const app = await createApp(env, { databaseUrl, embedded: embedded !== null });
    try {
      await app.init();
      await seedDemoData(app);
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

function describeDatabase(url: string, embedded: EmbeddedPostgres | null): string {
  if (embedded) return `the embedded PostgreSQL (PGlite) in ${embedded.dataDir}`;
  const parsed = new URL(url);
  return `PostgreSQL at ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exitCode = 1;
});
