import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The constraint a statement violated, when it failed on a unique/foreign-key/check constraint. */
export function violatedConstraint(
  error: unknown,
): { code: string; constraint: string; detail: string | null } | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as PgDriverError;
  if (!driverError.code || !driverError.constraint) return null;
  return { code: driverError.code, constraint: driverError.constraint, detail: driverError.detail ?? null };
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';
