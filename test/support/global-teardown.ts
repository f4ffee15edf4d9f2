import type { TestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { __requisiteTestDatabase?: TestDatabase }).__requisiteTestDatabase;
  await database?.dispose();
}
