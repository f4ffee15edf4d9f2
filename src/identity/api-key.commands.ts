import { ApiKeyScope } from './identity.enums';

/** What the API key use cases take: database ids and domain values. */
export interface CreateApiKeyCommand {
  name: string;
  scopes: ApiKeyScope[];
  /** Must lie in the future; null or absent: the key does not expire. */
  expiresAt?: Date | null;
}

export interface RevokeApiKeyCommand {
  id: string;
}
