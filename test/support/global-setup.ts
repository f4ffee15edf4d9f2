import 'reflect-metadata';
import { provisionTestDatabase } from './test-database';

export default async function globalSetup(): Promise<void> {
  const database = await provisionTestDatabase((message) => process.stdout.write(`\n${message}\n`));
  process.env.REQUISITE_TEST_DATABASE_URL = database.url;
  process.env.REQUISITE_TEST_SERVER_URL = database.serverUrl ?? '';
  process.env.REQUISITE_TEST_DATABASE_KIND = database.kind;
  (globalThis as { __requisiteTestDatabase?: typeof database }).__requisiteTestDatabase = database;
}
