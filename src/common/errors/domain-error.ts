import type { NodeTypeName } from '../graphql/global-id';
import { UserErrorCode } from './user-error-code';

/** A record a refusal points at, by its type and database id (each transport turns it into its own id). */
export interface RecordReference {
  type: NodeTypeName;
  id: string;
}

export interface UserErrorDetail {
  code: UserErrorCode;
  message: string;
  /**
   * Path to the offending field of the command, in domain terms (`['stageId']`, `['skills', '1', 'name']`); null
   * when it is not one field. Transports qualify it: GraphQL as `['input', …]`, REST as a JSON pointer.
   */
  field: string[] | null;
  /** For duplicates: the record this one collides with. */
  existing?: RecordReference | null;
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
    existing?: RecordReference,
  ): DomainError {
    return new DomainError([{ code, message, field, existing: existing ?? null }]);
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
      ['expectedVersion'],
    );
  }
}

/**
 * Refusals of the transport's own input validation, whose paths already name the argument or body as the caller
 * sent it (`['input', 'title']`, `['email']`): transports pass them through as they are.
 */
export class InputValidationError extends DomainError {
  constructor(errors: UserErrorDetail[]) {
    super(errors);
    this.name = 'InputValidationError';
  }
}
