import { DataSource } from 'typeorm';
import { databaseOptions } from '../database';

export interface SchemaChanges {
  up: string[];
  down: string[];
}

/** Runs every migration against `url`, then asks TypeORM what it would still change to match the entities. */
export async function pendingSchemaChanges(url: string): Promise<SchemaChanges> {
  const dataSource = new DataSource(databaseOptions({ url, poolSize: 2, runMigrations: true }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}
