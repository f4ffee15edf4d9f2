import { DataSource, EntityManager } from 'typeorm';
import { PG_DEADLOCK_DETECTED, PG_SERIALIZATION_FAILURE } from '../errors/postgres-errors';
import { QueryFailedError } from 'typeorm';

const RETRYABLE = new Set([PG_DEADLOCK_DETECTED, PG_SERIALIZATION_FAILURE]);
const MAX_ATTEMPTS = 3;

/**
 * Runs a use case in one READ COMMITTED transaction: its rows, history and events commit together or not at
 * all. A deadlock victim is retried from the start (its work was rolled back, so that is safe).
 * Inside `work`, use only `manager`: on the embedded engine, waiting for another connection would wedge.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      // READ COMMITTED is PostgreSQL's default: naming it would cost a SET TRANSACTION round trip per use case.
      return await dataSource.transaction(work);
    } catch (error) {
      const code =
        error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

let savepoints = 0;

/**
 * Runs `work` inside a savepoint of the manager's open transaction: when it throws, what it wrote is rolled back to
 * the savepoint and the error rethrown, and the transaction stays usable (to record why, for instance).
 */
export async function inSavepoint<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
  const name = `work_${++savepoints}`;
  await manager.query(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
