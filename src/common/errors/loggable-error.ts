/**
 * What of an unexpected error goes to the log: its kind, message, stack and database error code. Query
 * parameters (which can be a candidate's e-mail, phone or resume text) and driver internals are left out.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
    ...(driverError?.code ? { code: driverError.code } : {}),
    ...(driverError?.constraint ? { constraint: driverError.constraint } : {}),
  };
}
