/**
 * Writes the API contracts from the running application: schema.gql (GraphQL, sorted) and openapi.json (REST).
 * `npm run schema:print` / `npm run openapi:print` (both write both). It boots the application on a throw-away
 * embedded database, so nothing needs to be running and no list of resolvers or controllers can be forgotten.
 * A contract test compares both files with what the application serves.
 */
import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.factory';
import { startEmbeddedPostgres } from '../common/database/embedded-postgres';
import { loadEnvironment } from '../config/environment';
import { buildOpenApiDocument } from '../openapi';
import { toSdl } from './schema-sdl';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'requisite-contracts-'));
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
    const root = join(__dirname, '../../..');
    writeFileSync(join(root, 'schema.gql'), toSdl(app.get(GraphQLSchemaHost).schema));
    writeFileSync(join(root, 'openapi.json'), `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
    await app.close();
    console.log(`Wrote ${join(root, 'schema.gql')} and ${join(root, 'openapi.json')}`);
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
