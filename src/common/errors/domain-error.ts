import { UserErrorCode } from './user-error-code';

export interface UserErrorDetail {
  code: UserErrorCode;
  message: string;
  /** Path to the offending input field, e.g. ['input', 'salaryRange', 'min']; null when it is not one field. */
  field: string[] | null;
  /** Global id of the record a duplicate collides with. */
  existingId?: string | null;
}

/**
 * A refusal by the rules, safe to show to the caller. Services throw it (inside their transaction, so nothing is
 * written); GraphQL mutations turn it into `userErrors`, queries and REST into error codes.
 */
export class DomainError extends Error {
  constructor(readonly errors: UserErrorDetail[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'DomainError';
  }

  get code(): UserErrorCode {
    return this.errors[0].code;
  }

  static of(
    code: UserErrorCode,
    message: string,
    field: string[] | null = null,
    existingId?: string,
  ): DomainError {
    return new DomainError([{ code, message, field, existingId: existingId ?? null }]);
  }

  static notFound(what: string, field: string[] | null = null): DomainError {
    return DomainError.of(UserErrorCode.NOT_FOUND, `${what} not found.`, field);
  }

  static invalid(field: string[], message: string): DomainError {
    return DomainError.of(UserErrorCode.INVALID_INPUT, message, field);
  }

  static staleVersion(what: string, current: number): DomainError {
    return DomainError.of(
      UserErrorCode.STALE_VERSION,
      `${what} was changed by someone else (current version ${current}); reload it and try again.`,
      ['input', 'expectedVersion'],
    );
  }
}
