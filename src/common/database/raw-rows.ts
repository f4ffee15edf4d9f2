import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Maps rows of hand-written SQL (snake_case columns) to entity objects, applying column transformers. */
export function rowsToEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  const metadata = manager.connection.getMetadata(target);
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) {
      if (!(column.databaseName in row)) continue;
      let value = row[column.databaseName];
      const transformer = column.transformer;
      if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
      (entity as Record<string, unknown>)[column.propertyName] = value;
    }
    return entity;
  });
}

/**
 * Maps a row sent as `to_jsonb(table)` (to fetch several tables' rows in one statement) to an entity: JSON carries
 * timestamps as strings and bigints as numbers, so those come back as the driver would give them.
 */
export function jsonbToEntity<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  json: Record<string, unknown>,
): T {
  const metadata = manager.connection.getMetadata(target);
  const row: Record<string, unknown> = { ...json };
  for (const column of metadata.columns) {
    const value = row[column.databaseName];
    if (value == null) continue;
    if (column.type === 'timestamp with time zone') row[column.databaseName] = new Date(value as string);
    else if (column.type === 'bigint' && typeof value === 'number') row[column.databaseName] = String(value);
  }
  return rowsToEntities(manager, target, [row])[0];
}
