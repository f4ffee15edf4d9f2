/**
 * Writes openapi.json from the controllers: `npm run openapi:print`. It boots the application on a throw-away
 * embedded database, so nothing needs to be running. A test compares the file with what /openapi.json serves.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.factory';
import { startEmbeddedPostgres } from '../common/database/embedded-postgres';
import { loadEnvironment } from '../config/environment';
import { buildOpenApiDocument } from '../openapi';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'requisite-openapi-'));
  const embedded = await startEmbeddedPostgres(dataDir, 12);
  try {
    const env = loadEnvironment({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: embedded.url,
      RUN_MODE: 'api',
    });
    const app = await createApp(env, { databaseUrl: embedded.url, embedded: true });
    await app.init();
    const file = join(__dirname, '../../../openapi.json');
    writeFileSync(file, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    await app.close();
    console.log(`Wrote ${file}`);
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
