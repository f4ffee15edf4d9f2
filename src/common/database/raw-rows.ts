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
