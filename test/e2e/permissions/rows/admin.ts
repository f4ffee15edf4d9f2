import { countRows, databaseId, unique } from '../../../factories';
import { Matrix, MutationRow, QueryRow } from '../harness';
import { KEY_NAMES, Level, levelOf, roleOf, scopesOf, USER_NAMES } from '../matrix';
import { MutationKit } from '../world';

const everyone = (): Level => 'all';

/** Who is calling, the skill taxonomy, and README "Roles", `users, API keys, audit log`. */
export const ADMIN_QUERIES: QueryRow<Matrix>[] = [
  {
    fields: ['viewer'],
    title: 'viewer names the caller',
    reach: everyone,
    forbiddenWithoutReach: false,
    document: '{ viewer { id kind role scopes email } }',
    async check(data, { p, world, t, as }) {
      const role = roleOf(p);
      if (!role) {
        expect(data.viewer).toEqual({
          id: world.keyId[p],
          kind: 'API_KEY',
          role: null,
          scopes: scopesOf(p),
          email: null,
        });
        return;
      }
      const me = await as<{ viewer: { id: string } }>('{ viewer { id } }');
      const [row] = await t.sql<{ role: string; email: string }>(
        'SELECT role, email FROM app_user WHERE id = $1',
        [databaseId(me.data.viewer.id)],
      );
      expect(data.viewer).toEqual({
        id: me.data.viewer.id,
        kind: 'USER',
        role,
        scopes: [],
        email: row.email,
      });
      expect(row.role).toBe(role);
    },
  },
  {
    fields: ['skills'],
    title: 'skills: the taxonomy is readable by any authenticated caller',
    reach: everyone,
    forbiddenWithoutReach: false,
    document: '{ skills(search: "pytorch") { name category } }',
    check(data) {
      expect(data.skills).toEqual([{ name: 'PyTorch', category: 'DEEP_LEARNING' }]);
    },
  },
  {
    fields: ['users'],
    title: 'users',
    reach: (p) => levelOf(p, 'administer'),
    forbiddenWithoutReach: true,
    document: '{ users(first: 100) { totalCount edges { node { id email role } } } }',
    async check(data, { world, t }) {
      expect(data.users.totalCount).toBe(await countRows(t, 'app_user'));
      expect(data.users.edges.map((e: any) => e.node.id)).toEqual(
        expect.arrayContaining(USER_NAMES.map((n) => world.userId[n])),
      );
    },
  },
  {
    fields: ['apiKeys'],
    title: 'apiKeys',
    reach: (p) => levelOf(p, 'administer'),
    forbiddenWithoutReach: true,
    document: '{ apiKeys { id name scopes } }',
    check(data, { world }) {
      expect(data.apiKeys.map((k: any) => k.id)).toEqual(
        expect.arrayContaining(KEY_NAMES.map((n) => world.keyId[n])),
      );
    },
  },
  {
    fields: ['auditEntries'],
    title: 'auditEntries',
    reach: (p) => levelOf(p, 'administer'),
    forbiddenWithoutReach: true,
    document: '{ auditEntries(first: 5) { totalCount edges { node { id action } } } }',
    async check(data, { t }) {
      expect(data.auditEntries.totalCount).toBe(await countRows(t, 'audit_entry'));
    },
  },
];

/** Users and API keys: administrators only, keys never. */
export const ADMIN_MUTATIONS: MutationRow<MutationKit>[] = [
  {
    title: 'createUser',
    mutation: 'createUser',
    inputType: 'CreateUserInput',
    select: 'user { email role active }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t }) {
      const email = `new.${unique()}@requisite.test`;
      return {
        input: { email, name: 'New Recruiter', role: 'RECRUITER', password: 'a long enough password' },
        async verify(payload) {
          expect(payload).toEqual({ user: { email, role: 'RECRUITER', active: true }, userErrors: [] });
          expect(await countRows(t, 'app_user', 'email = $1', [email])).toBe(1);
        },
      };
    },
  },
  {
    title: 'updateUser (promote to ADMIN)',
    mutation: 'updateUser',
    inputType: 'UpdateUserInput',
    select: 'user { id role }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t, row }) {
      const user = await t.userWithRole('INTERVIEWER');
      return {
        input: { id: user.id, role: 'ADMIN' },
        async verify(payload) {
          expect(payload).toEqual({ user: { id: user.id, role: 'ADMIN' }, userErrors: [] });
          expect(await row('SELECT role FROM app_user WHERE id = $1', [databaseId(user.id)])).toEqual({
            role: 'ADMIN',
          });
        },
      };
    },
  },
  {
    title: 'deactivateUser',
    mutation: 'deactivateUser',
    inputType: 'UserIdInput',
    select: 'user { id active }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t, row }) {
      const user = await t.userWithRole('RECRUITER');
      return {
        input: { id: user.id },
        async verify(payload) {
          expect(payload).toEqual({ user: { id: user.id, active: false }, userErrors: [] });
          expect(await row('SELECT active FROM app_user WHERE id = $1', [databaseId(user.id)])).toEqual({
            active: false,
          });
        },
      };
    },
  },
  {
    title: 'createApiKey',
    mutation: 'createApiKey',
    inputType: 'CreateApiKeyInput',
    select: 'secret apiKey { name scopes }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t }) {
      const name = `hris sync ${unique()}`;
      return {
        input: { name, scopes: ['candidates:read'] },
        async verify(payload) {
          expect(payload).toEqual({
            secret: expect.stringMatching(/^rqs_/),
            apiKey: { name, scopes: ['candidates:read'] },
            userErrors: [],
          });
          expect(await countRows(t, 'api_key', 'name = $1', [name])).toBe(1);
        },
      };
    },
  },
  {
    title: 'revokeApiKey',
    mutation: 'revokeApiKey',
    inputType: 'RevokeApiKeyInput',
    select: 'apiKey { id revokedAt }',
    right: 'administer',
    scoped: false,
    async prepare(_scope, { t }) {
      const created = await t.ok<{ createApiKey: { apiKey: { id: string } } }>(
        `mutation { createApiKey(input: { name: "to revoke", scopes: ["requisitions:read"] }) { apiKey { id } userErrors { code } } }`,
      );
      const id = created.createApiKey.apiKey.id;
      return {
        input: { id },
        async verify(payload) {
          expect(payload).toEqual({ apiKey: { id, revokedAt: expect.any(String) }, userErrors: [] });
          expect(await countRows(t, 'api_key', 'id = $1 AND revoked_at IS NOT NULL', [databaseId(id)])).toBe(
            1,
          );
        },
      };
    },
  },
];
