import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';

/** How one column of a hand-written statement's row becomes an entity property. */
interface ColumnMapping {
  databaseName: string;
  propertyName: string;
  transformer: ValueTransformer | null;
  /** What JSON (`to_jsonb(table)`) carries differently from the driver: timestamps as strings, bigints as numbers. */
  json: 'timestamp' | 'bigint' | null;
}

/** Worked out once per entity: hot reads map thousands of rows, and TypeORM's metadata is the same every time. */
const mappings = new WeakMap<EntityMetadata, ColumnMapping[]>();

function mappingOf(metadata: EntityMetadata): ColumnMapping[] {
  let mapping = mappings.get(metadata);
  if (!mapping) {
    mapping = metadata.columns.map((column) => ({
      databaseName: column.databaseName,
      propertyName: column.propertyName,
      transformer: column.transformer && !Array.isArray(column.transformer) ? column.transformer : null,
      json:
        column.type === 'timestamp with time zone' ? 'timestamp' : column.type === 'bigint' ? 'bigint' : null,
    }));
    mappings.set(metadata, mapping);
  }
  return mapping;
}

function toEntity<T extends ObjectLiteral>(
  metadata: EntityMetadata,
  mapping: ColumnMapping[],
  row: Record<string, unknown>,
  fromJson: boolean,
): T {
  const entity = metadata.create() as Record<string, unknown>;
  for (const column of mapping) {
    if (!(column.databaseName in row)) continue;
    let value = row[column.databaseName];
    if (fromJson && value != null) {
      if (column.json === 'timestamp') value = new Date(value as string);
      else if (column.json === 'bigint' && typeof value === 'number') value = String(value);
    }
    entity[column.propertyName] = column.transformer ? column.transformer.from(value) : value;
  }
  return entity as T;
}

/** Maps rows of hand-written SQL (snake_case columns) to entity objects, applying column transformers. */
export function rowsToEntities<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Record<string, unknown>[],
): T[] {
  const metadata = manager.connection.getMetadata(target);
  const mapping = mappingOf(metadata);
  return rows.map((row) => toEntity<T>(metadata, mapping, row, false));
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
  return toEntity<T>(metadata, mappingOf(metadata), json, true);
}
