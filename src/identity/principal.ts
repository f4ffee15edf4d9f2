import { ApiKeyScope, UserRole } from './identity.enums';

/** Who is calling: a signed-in user, an integration's API key, or the system itself (seed, start-up tasks). */
export type Principal =
  | { kind: 'user'; id: string; email: string; name: string; role: UserRole }
  | { kind: 'api_key'; id: string; name: string; scopes: ApiKeyScope[] }
  | { kind: 'system' };

/** For work no request asked for: the demo seed, start-up tasks. */
export const SYSTEM: Principal = { kind: 'system' };
