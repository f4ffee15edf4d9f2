import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { rowsToEntities } from './raw-rows';

/**
 * `UPDATE … SET …, version = version + 1, event_sequence = event_sequence + 1 WHERE id = $id AND version = $v
 * RETURNING *`. The version check is in SQL (TypeORM's @VersionColumn does not guard save()); null means no row
 * matched. Returns the row as stored, so callers never guess database-computed values.
 */
export async function versionedUpdate<T extends ObjectLiteral & { version: number }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
  expectedVersion: number,
  set: Record<string, unknown>,
  options: { bumpEventSequence?: boolean } = {},
): Promise<T | null> {
  const metadata = manager.connection.getMetadata(target);
  const result = await manager
    .createQueryBuilder()
    .update(target)
    .set({
      ...set,
      version: () => 'version + 1',
      ...(options.bumpEventSequence === false || !metadata.findColumnWithPropertyName('eventSequence')
        ? {}
        : { eventSequence: () => 'event_sequence + 1' }),
      ...(metadata.findColumnWithPropertyName('updatedAt') ? { updatedAt: () => 'now()' } : {}),
    } as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .returning('*')
    .execute();
  const [row] = rowsToEntities(manager, target, result.raw as Record<string, unknown>[]);
  return row ?? null;
}
