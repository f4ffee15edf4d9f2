import { UserRole } from './identity.enums';

/**
 * What the user use cases take: database ids and domain values, whichever transport (or the start-up bootstrap,
 * or the seed) they came from. Field names are the ones refusals point at (`['email']`).
 */
export interface CreateUserCommand {
  email: string;
  name: string;
  role: UserRole;
  /** Omitted or null: an account that signs in through OpenID Connect only. */
  password?: string | null;
}

/** Absent fields stay as they are. */
export interface UpdateUserCommand {
  id: string;
  expectedVersion?: number | null;
  name?: string;
  role?: UserRole;
  /** true reactivates a deactivated user. */
  active?: boolean;
  /** A new password: every access token issued before it is refused from the next request on. */
  password?: string;
}

export interface DeactivateUserCommand {
  id: string;
  expectedVersion?: number | null;
}
