import { ApiKeyScope, UserRole } from './identity.enums';

/** Who is calling: a signed-in user or an integration's API key. */
export type Principal =
  | { kind: 'user'; id: string; email: string; name: string; role: UserRole }
  | { kind: 'api_key'; id: string; name: string; scopes: ApiKeyScope[] };

