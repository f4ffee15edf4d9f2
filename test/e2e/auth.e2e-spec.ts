import { generateKeyPairSync, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { databaseUrlFor } from '../../src/common/database/scratch-database';
import { loadEnvironment } from '../../src/config/environment';
import { countRows, databaseId, unique } from '../factories';
import { createTestApp, GraphQLResponse, TestApp } from '../support/test-app';

const JWT_SECRET = randomBytes(32).toString('hex');
const PASSWORD = 'correct horse battery staple';
const ISSUER = 'requisite';
const AUDIENCE = 'requisite-api';

function expectUnauthenticated(response: GraphQLResponse): void {
  expect(response.status).toBe(200);
  expect(response.data).toBeNull();
  expect(response.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
    { code: 'UNAUTHENTICATED', path: ['viewer'] },
  ]);
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', () => {
  let t: TestApp;

  const createUser = async (role: string, password: string | null = PASSWORD) => {
    const email = `${role.toLowerCase()}.${unique()}@requisite.test`;
    const data = await t.ok<{ createUser: { user: { id: string; version: number } } }>(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id version } userErrors { code } } }`,
      { input: { email, name: `Signing ${role}`, role, password } },
    );
    return { email, ...data.createUser.user };
  };
  const deactivate = (id: string) =>
    t.ok(
      `mutation($id: ID!) { deactivateUser(input: { id: $id }) { user { active } userErrors { code } } }`,
      {
        id,
      },
    );
  const signIn = (body: unknown) => t.http.post('/v1/auth/token').send(body as object);
  const viewer = (credential: string | null) => t.gqlAs(credential, '{ viewer { id kind role } }');

  beforeAll(async () => {
    t = await createTestApp({
      JWT_SECRET,
      JWT_TTL_SECONDS: '600',
      // Failed sign-ins are throttled per IP, and every request here comes from 127.0.0.1: limits.e2e tests that.
      SIGN_IN_MAX_FAILURES: '1000',
    });
  });
  afterAll(async () => {
    await t.sql('DELETE FROM sign_in_throttle');
    await t.close();
  });

  describe('POST /v1/auth/token', () => {
    it('right credentials give a bearer token that works on /graphql', async () => {
      const user = await createUser('RECRUITER');
      const response = await signIn({ email: user.email, password: PASSWORD });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 600 });

      const claims = jwt.verify(response.body.accessToken, JWT_SECRET, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      }) as jwt.JwtPayload;
      expect(claims.sub).toBe(databaseId(user.id));
      expect(claims.exp! - claims.iat!).toBe(600);
      expect(JSON.stringify(claims)).not.toContain(PASSWORD);

      const me = await viewer(response.body.accessToken);
      expect(me.errors).toBeUndefined();
      expect(me.data).toEqual({ viewer: { id: user.id, kind: 'USER', role: 'RECRUITER' } });
    });

    it('the e-mail matches case-insensitively and around blanks', async () => {
      const user = await createUser('INTERVIEWER');
      const response = await signIn({ email: user.email.toUpperCase(), password: PASSWORD });
      expect(response.status).toBe(200);
      expect((await viewer(response.body.accessToken)).data.viewer.id).toBe(user.id);
    });

    it('wrong password, unknown e-mail, deactivated and password-less accounts get the same 401 problem', async () => {
      const user = await createUser('RECRUITER');
      const inactive = await createUser('RECRUITER');
      await deactivate(inactive.id);
      const oidcOnly = await createUser('RECRUITER', null);
      const answers = [
        await signIn({ email: user.email, password: `${PASSWORD}!` }),
        await signIn({ email: `nobody.${unique()}@requisite.test`, password: PASSWORD }),
        await signIn({ email: inactive.email, password: PASSWORD }),
        await signIn({ email: oidcOnly.email, password: PASSWORD }),
        await signIn({ email: oidcOnly.email, password: 'x' }),
      ];
      for (const response of answers) {
        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        expect(response.body).toEqual({
          type: 'https://requisite.dev/problems/unauthenticated',
          title: 'Unauthorized',
          status: 401,
          detail: 'Wrong e-mail or password.',
          code: 'UNAUTHENTICATED',
          instance: '/v1/auth/token',
        });
        expect(response.headers['www-authenticate']).toBe(answers[0].headers['www-authenticate']);
      }
    });

    it('a password change signs out every token issued before it; the new password signs in', async () => {
      const user = await createUser('RECRUITER');
      const before = [
        (await signIn({ email: user.email, password: PASSWORD })).body.accessToken,
        (await signIn({ email: user.email, password: PASSWORD })).body.accessToken,
      ];
      for (const token of before) expect((await viewer(token)).data.viewer.id).toBe(user.id);
      const changed = await t.ok<{ updateUser: { user: { version: number }; userErrors: unknown[] } }>(
        `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { version } userErrors { code } } }`,
        { input: { id: user.id, password: `${PASSWORD}-renewed`, expectedVersion: user.version } },
      );
      expect(changed.updateUser.userErrors).toEqual([]);
      for (const token of before) expectUnauthenticated(await viewer(token));
      expect((await signIn({ email: user.email, password: PASSWORD })).status).toBe(401);
      const after = await signIn({ email: user.email, password: `${PASSWORD}-renewed` });
      expect((await viewer(after.body.accessToken)).data.viewer.id).toBe(user.id);
      // Other changes to the account (here its name) leave its tokens alone.
      await t.ok(`mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }`, {
        input: { id: user.id, name: 'Renamed Recruiter' },
      });
      expect((await viewer(after.body.accessToken)).data.viewer.id).toBe(user.id);
    });

    it('a token signed before deactivation stops working at once', async () => {
      const user = await createUser('HIRING_MANAGER');
      const { body } = await signIn({ email: user.email, password: PASSWORD });
      expect((await viewer(body.accessToken)).data.viewer.role).toBe('HIRING_MANAGER');
      await deactivate(user.id);
      expectUnauthenticated(await viewer(body.accessToken));
    });

    it.each([
      ['no body', undefined, ['email', 'password']],
      ['an empty object', {}, ['email', 'password']],
      ['no password', { email: 'someone@requisite.test' }, ['password']],
      ['no e-mail', { password: PASSWORD }, ['email']],
      ['a malformed e-mail', { email: 'not-an-email', password: PASSWORD }, ['email']],
      ['an empty password', { email: 'someone@requisite.test', password: '' }, ['password']],
      ['a number for a password', { email: 'someone@requisite.test', password: 12345 }, ['password']],
      ['an unknown field', { email: 'someone@requisite.test', password: PASSWORD, admin: true }, ['admin']],
    ])('%s → 400 problem naming the fields', async (_name, body, fields) => {
      const before = await countRows(t, 'audit_entry');
      const response = await t.http
        .post('/v1/auth/token')
        .set('content-type', 'application/json')
        .send(body === undefined ? '' : JSON.stringify(body));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.body).toMatchObject({ status: 400, title: 'Bad Request', instance: '/v1/auth/token' });
      if (body !== undefined) {
        expect(response.body.code).toBe('INVALID_INPUT');
        const named = [
          ...new Set(response.body.errors.map((e: { field: string[] }) => e.field.at(-1))),
        ].sort();
        expect(named).toEqual(fields);
      }
      expect(await countRows(t, 'audit_entry')).toBe(before);
    });

    it('a body that is not JSON → 400 problem', async () => {
      const response = await t.http
        .post('/v1/auth/token')
        .set('content-type', 'application/json')
        .send('{"email": "a@b.c", "password": ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });
  });

  describe('credentials refused on /graphql (UNAUTHENTICATED, no resolver runs)', () => {
    let user: { id: string; email: string };
    let token: string;
    const sign = (claims: object, options: jwt.SignOptions, secret = JWT_SECRET) =>
      jwt.sign({ role: 'ADMIN', cv: 1, ...claims }, secret, { algorithm: 'HS256', ...options });
    const valid: jwt.SignOptions = { issuer: ISSUER, audience: AUDIENCE, expiresIn: 300 };

    beforeAll(async () => {
      user = await createUser('ADMIN');
      token = (await signIn({ email: user.email, password: PASSWORD })).body.accessToken;
    });

    it('the token the app signed, and one signed the same way here, are both accepted', async () => {
      expect((await viewer(token)).data.viewer).toEqual({ id: user.id, kind: 'USER', role: 'ADMIN' });
      const mine = sign({}, { ...valid, subject: databaseId(user.id) });
      expect((await viewer(mine)).data.viewer).toEqual({ id: user.id, kind: 'USER', role: 'ADMIN' });
    });

    const cases: [string, () => string | null][] = [
      ['no Authorization header', () => null],
      ['garbage', () => 'garbage'],
      ['an empty bearer token', () => ''],
      [
        'an expired token',
        () =>
          jwt.sign(
            { role: 'ADMIN', cv: 1, sub: databaseId(user.id), exp: Math.floor(Date.now() / 1000) - 30 },
            JWT_SECRET,
            { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE },
          ),
      ],
      ['a token not valid yet', () => sign({}, { ...valid, subject: databaseId(user.id), notBefore: 3600 })],
      [
        'a token without a credentials version (issued before versions existed)',
        () => sign({ cv: undefined }, { ...valid, subject: databaseId(user.id) }),
      ],
      [
        'a token of an older credentials version',
        () => sign({ cv: 0 }, { ...valid, subject: databaseId(user.id) }),
      ],
      [
        'a tampered signature',
        () => {
          const [header, payload, signature] = token.split('.');
          const flipped = signature[5] === 'A' ? 'B' : 'A';
          return `${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
        },
      ],
      [
        'a tampered payload (another subject, same signature)',
        () => {
          const [header, payload, signature] = token.split('.');
          const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
          return `${header}.${base64url({ ...claims, sub: randomUUID() })}.${signature}`;
        },
      ],
      [
        'the wrong audience',
        () => sign({}, { ...valid, audience: 'another-api', subject: databaseId(user.id) }),
      ],
      [
        'the wrong issuer',
        () => sign({}, { ...valid, issuer: 'someone-else', subject: databaseId(user.id) }),
      ],
      ['no audience or issuer', () => sign({}, { expiresIn: 300, subject: databaseId(user.id) })],
      [
        'another secret',
        () => sign({}, { ...valid, subject: databaseId(user.id) }, 'another secret, long enough!!!!!'),
      ],
      [
        'alg none',
        () =>
          `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
            sub: databaseId(user.id),
            role: 'ADMIN',
            iss: ISSUER,
            aud: AUDIENCE,
            iat: Math.floor(Date.now() / 1000),
            exp: Math.floor(Date.now() / 1000) + 300,
          })}.`,
      ],
      [
        'HS512 with the right secret (only HS256 is accepted)',
        () => sign({}, { ...valid, subject: databaseId(user.id), algorithm: 'HS512' }),
      ],
      ['a user that does not exist', () => sign({}, { ...valid, subject: randomUUID() })],
      ['a subject that is not a uuid', () => sign({}, { ...valid, subject: "1' OR '1'='1" })],
      ['no subject', () => sign({}, valid)],
      ['an unknown rqs_ key', () => `rqs_${randomBytes(24).toString('base64url')}`],
      ['a malformed rqs_ key', () => 'rqs_short'],
    ];

    it.each(cases)('%s', async (_name, credential) => {
      const value = credential();
      const counts = { users: await countRows(t, 'app_user'), audit: await countRows(t, 'audit_entry') };
      if (value === '') {
        const response = await t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', 'Bearer ')
          .send({ query: '{ viewer { id } }' });
        expectUnauthenticated({
          status: response.status,
          data: response.body.data,
          errors: response.body.errors,
          body: response.body,
        });
      } else {
        expectUnauthenticated(await viewer(value));
      }
      // A mutation with the same credential does not reach its resolver either.
      const mutation = await t.gqlAs(
        value || null,
        `mutation { createUser(input: { email: "intruder.${unique()}@requisite.test", name: "Intruder", role: ADMIN }) { user { id } userErrors { code } } }`,
      );
      expect(mutation.data).toBeNull();
      expect(mutation.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect({ users: await countRows(t, 'app_user'), audit: await countRows(t, 'audit_entry') }).toEqual(
        counts,
      );
    });

    it('an RS256 token of a would-be OpenID Connect provider, when none is configured', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = jwt.sign({ email: user.email, email_verified: true }, privateKey, {
        algorithm: 'RS256',
        issuer: 'https://accounts.example.com/',
        audience: AUDIENCE,
        expiresIn: 300,
      });
      expectUnauthenticated(await viewer(forged));
    });

    it('a "Basic" or "Token" scheme is not a bearer credential', async () => {
      for (const header of [
        `Basic ${Buffer.from(`${user.email}:${PASSWORD}`).toString('base64')}`,
        `Token ${token}`,
      ]) {
        const response = await t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', header)
          .send({ query: '{ viewer { id } }' });
        expect(response.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
          'UNAUTHENTICATED',
        ]);
      }
    });

    it("a token carries no authority of its own: a demoted user's old token acts with the new role at once", async () => {
      const boss = await createUser('ADMIN');
      const { body } = await signIn({ email: boss.email, password: PASSWORD });
      expect((await t.gqlAs(body.accessToken, '{ users(first: 1) { totalCount } }')).errors).toBeUndefined();
      await t.ok(
        `mutation($id: ID!) { updateUser(input: { id: $id, role: INTERVIEWER }) { user { role } userErrors { code } } }`,
        { id: boss.id },
      );
      expect((await viewer(body.accessToken)).data.viewer.role).toBe('INTERVIEWER');
      const refused = await t.gqlAs(body.accessToken, '{ users(first: 1) { totalCount } }');
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('users never expose a password or its hash', async () => {
      const type = await t.gql<{ __type: { fields: { name: string }[] } }>(
        '{ __type(name: "User") { fields { name } } }',
      );
      expect(type.data.__type.fields.map((f) => f.name).sort()).toEqual(
        ['active', 'createdAt', 'email', 'id', 'name', 'role', 'version'].sort(),
      );
    });

    it('health endpoints stay public, with or without credentials', async () => {
      for (const path of ['/health/live', '/health/ready']) {
        expect((await t.http.get(path)).status).toBe(200);
        expect((await t.http.get(path).set('authorization', 'Bearer garbage')).status).toBe(200);
      }
    });
  });

  describe('API keys', () => {
    const createKey = async (scopes: string[], expiresAt?: string) => {
      const data = await t.ok<{
        createApiKey: {
          secret: string;
          apiKey: { id: string; prefix: string; scopes: string[]; lastUsedAt: string | null };
        };
      }>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
           secret apiKey { id prefix scopes lastUsedAt expiresAt revokedAt } userErrors { code } } }`,
        { input: { name: `key ${unique()}`, scopes, expiresAt } },
      );
      return data.createApiKey;
    };
    const listed = async (id: string) => {
      const data = await t.ok<{ apiKeys: any[] }>(
        '{ apiKeys { id name prefix scopes lastUsedAt expiresAt revokedAt createdAt } }',
      );
      return { all: data.apiKeys, one: data.apiKeys.find((k) => k.id === id) };
    };

    // What is stored (the prefix and a SHA-256, never the key) is pinned in test/medium/identity/.
    it('createApiKey shows the secret once: rqs_ and at least 128 random bits', async () => {
      const created = await createKey(['candidates:read', 'requisitions:read']);
      expect(created.secret).toMatch(/^rqs_[A-Za-z0-9_-]+$/);
      const random = Buffer.from(created.secret.slice(4), 'base64url');
      expect(random.length * 8).toBeGreaterThanOrEqual(128);
      expect(created.apiKey.prefix).toBe(created.secret.slice(4, 4 + created.apiKey.prefix.length));
      expect(created.apiKey.prefix.length).toBeLessThanOrEqual(12);

      const { all, one } = await listed(created.apiKey.id);
      expect(JSON.stringify(all)).not.toContain(created.secret.slice(4));
      expect(one).toEqual({
        id: created.apiKey.id,
        name: expect.any(String),
        prefix: created.apiKey.prefix,
        scopes: ['candidates:read', 'requisitions:read'],
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        createdAt: expect.any(String),
      });

      const type = await t.gql<{ __type: { fields: { name: string }[] } }>(
        '{ __type(name: "ApiKey") { fields { name } } }',
      );
      expect(type.data.__type.fields.map((f) => f.name).sort()).toEqual(
        ['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes'].sort(),
      );
    });

    it('two keys never share a secret or a prefix', async () => {
      const a = await createKey(['requisitions:read']);
      const b = await createKey(['requisitions:read']);
      expect(a.secret).not.toBe(b.secret);
      expect(a.apiKey.prefix).not.toBe(b.apiKey.prefix);
    });

    it('a key authenticates as itself with its scopes, and lastUsedAt is set after use', async () => {
      const created = await createKey(['candidates:read']);
      const response = await t.gqlAs(created.secret, '{ viewer { id kind role scopes email } }');
      expect(response.data.viewer).toEqual({
        id: created.apiKey.id,
        kind: 'API_KEY',
        role: null,
        scopes: ['candidates:read'],
        email: null,
      });
      const { one } = await listed(created.apiKey.id);
      expect(one.lastUsedAt).toEqual(expect.any(String));
      expect(Math.abs(Date.parse(one.lastUsedAt) - Date.now())).toBeLessThan(60_000);
    });

    it('revokeApiKey stops it at once', async () => {
      const created = await createKey(['requisitions:read']);
      expect((await t.gqlAs(created.secret, '{ viewer { kind } }')).data.viewer.kind).toBe('API_KEY');
      const revoked = await t.ok<{ revokeApiKey: { apiKey: { revokedAt: string } } }>(
        `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } userErrors { code } } }`,
        { id: created.apiKey.id },
      );
      expect(revoked.revokeApiKey.apiKey.revokedAt).toEqual(expect.any(String));
      expectUnauthenticated(await t.gqlAs(created.secret, '{ viewer { id } }'));
      expect((await listed(created.apiKey.id)).one.revokedAt).toBe(revoked.revokeApiKey.apiKey.revokedAt);
    });

    it('an expired key is refused', async () => {
      const created = await createKey(['requisitions:read'], new Date(Date.now() + 3_600_000).toISOString());
      expect((await t.gqlAs(created.secret, '{ viewer { kind } }')).data.viewer.kind).toBe('API_KEY');
      await t.sql(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        databaseId(created.apiKey.id),
      ]);
      expectUnauthenticated(await t.gqlAs(created.secret, '{ viewer { id } }'));
    });

    it('a key with one character changed is refused even though its prefix matches', async () => {
      const created = await createKey(['requisitions:read']);
      const last = created.secret.at(-1) === 'A' ? 'B' : 'A';
      expectUnauthenticated(await t.gqlAs(`${created.secret.slice(0, -1)}${last}`, '{ viewer { id } }'));
    });

    it('node(id) refetches users and keys for administrators; for anyone else, keys included, they are null', async () => {
      const created = await createKey(['requisitions:read', 'events:read']);
      const user = await createUser('RECRUITER', null);
      const NODE = `query($key: ID!, $user: ID!) {
        key: node(id: $key) { __typename ... on ApiKey { id prefix scopes } }
        user: node(id: $user) { __typename ... on User { id role } } }`;
      const ids = { key: created.apiKey.id, user: user.id };
      expect((await t.ok<any>(NODE, ids)).key).toEqual({
        __typename: 'ApiKey',
        id: created.apiKey.id,
        prefix: created.apiKey.prefix,
        scopes: ['requisitions:read', 'events:read'],
      });
      expect((await t.ok<any>(NODE, ids)).user).toEqual({
        __typename: 'User',
        id: user.id,
        role: 'RECRUITER',
      });
      const recruiter = await t.userWithRole('RECRUITER');
      for (const credential of [recruiter.token, created.secret]) {
        const response = await t.gqlAs(credential, NODE, ids);
        expect(response.errors).toBeUndefined();
        expect(response.data).toEqual({ key: null, user: null });
      }
    });

    it('an expiry in the past is refused as INVALID_INPUT and writes nothing', async () => {
      const before = await countRows(t, 'api_key');
      const response = await t.gql(
        `mutation { createApiKey(input: { name: "late", scopes: ["requisitions:read"], expiresAt: "2020-01-01T00:00:00Z" }) {
           secret apiKey { id } userErrors { code field } } }`,
      );
      expect(response.data.createApiKey).toEqual({
        secret: null,
        apiKey: null,
        userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'expiresAt'] }],
      });
      expect(await countRows(t, 'api_key')).toBe(before);
    });

    it('an unknown scope is refused', async () => {
      const response = await t.gql(
        `mutation { createApiKey(input: { name: "root", scopes: ["administer"] }) { secret userErrors { code field } } }`,
      );
      expect(response.data?.createApiKey?.secret ?? null).toBeNull();
      const codes = [
        ...(response.errors ?? []).map((e) => e.extensions?.code),
        ...(response.data?.createApiKey?.userErrors ?? []).map((e: { code: string }) => e.code),
      ];
      expect(codes).toEqual(['INVALID_INPUT']);
    });
  });

  // Each app registers its passport strategies in the process-wide passport instance, so once another app has
  // started, requests to `t` are authenticated by that app's strategies. These describes therefore come last.
  describe('bootstrap administrator', () => {
    it('is not created when users exist', async () => {
      const email = `bootstrap.${unique()}@requisite.test`;
      const users = await countRows(t, 'app_user');
      const other = await createTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: PASSWORD });
      try {
        // createTestApp adds its own administrator after start-up: one more user, and not the bootstrap one.
        expect(await countRows(t, 'app_user')).toBe(users + 1);
        expect(await countRows(t, 'app_user', 'lower(email) = lower($1)', [email])).toBe(0);
      } finally {
        await other.close();
      }
    });

    it('is created on an empty database, once, and can sign in', async () => {
      const serverUrl = process.env.REQUISITE_TEST_SERVER_URL;
      if (!serverUrl) return; // the embedded engine runs a single database: nothing to scratch.
      const name = `requisite_scratch_${randomBytes(5).toString('hex')}`;
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = databaseUrlFor(serverUrl, name);
      const start = async (email: string) => {
        const env = loadEnvironment({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: url,
          DATABASE_POOL_SIZE: '2',
          MIGRATIONS_RUN: 'true',
          ADMIN_EMAIL: email,
          ADMIN_PASSWORD: PASSWORD,
        });
        const app = await createApp(env, { databaseUrl: url, embedded: false });
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        return app;
      };
      try {
        const first = await start('First.Admin@requisite.test');
        try {
          const signedIn = await request(first.getHttpServer())
            .post('/v1/auth/token')
            .send({ email: 'first.admin@requisite.test', password: PASSWORD });
          expect(signedIn.status).toBe(200);
          const me = await request(first.getHttpServer())
            .post('/graphql')
            .set('content-type', 'application/json')
            .set('authorization', `Bearer ${signedIn.body.accessToken}`)
            .send({ query: '{ viewer { kind role email } }' });
          expect(me.body.data.viewer).toEqual({
            kind: 'USER',
            role: 'ADMIN',
            email: 'First.Admin@requisite.test',
          });
        } finally {
          await first.close();
        }
        const second = await start('second.admin@requisite.test');
        await second.close();
        const users = new Client({ connectionString: url });
        await users.connect();
        const { rows } = await users.query('SELECT email, role, password_hash FROM app_user');
        const audit = await users.query(`SELECT action FROM audit_entry WHERE action = 'createUser'`);
        await users.end();
        expect(rows).toEqual([
          {
            email: 'First.Admin@requisite.test',
            role: 'ADMIN',
            password_hash: expect.stringMatching(/^scrypt\$/),
          },
        ]);
        expect(audit.rows).toEqual([{ action: 'createUser' }]);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });
  });

  describe('OpenID Connect', () => {
    let oidc: TestApp;
    let jwks: Server;
    let issuer: string;
    const audience = 'requisite-oidc-test';
    const kid = 'test-key-1';
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let jwksRequests = 0;

    const idToken = (claims: object, options: jwt.SignOptions = {}, key: KeyObject = privateKey) => {
      const signOptions: jwt.SignOptions = {
        algorithm: 'RS256',
        keyid: kid,
        issuer,
        audience,
        expiresIn: 300,
        subject: 'oidc|12345',
        ...options,
      };
      // An explicit `exp` claim replaces expiresIn (jsonwebtoken refuses both).
      if ('exp' in claims) delete signOptions.expiresIn;
      return jwt.sign({ email_verified: true, ...claims }, key, signOptions);
    };

    beforeAll(async () => {
      jwks = createServer((req, res) => {
        jwksRequests += 1;
        if (req.url !== '/.well-known/jwks.json') {
          res.writeHead(404).end();
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }],
          }),
        );
      });
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const { port } = jwks.address() as AddressInfo;
      issuer = `http://127.0.0.1:${port}/`;
      oidc = await createTestApp({
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: audience,
        OIDC_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      });
    });
    afterAll(async () => {
      await oidc.close();
      await new Promise((resolve) => jwks.close(resolve));
    });

    it("a provider's token for an active user's e-mail is accepted as that user", async () => {
      const user = await oidc.userWithRole('RECRUITER');
      const response = await oidc.gqlAs(
        idToken({ email: user.email.toUpperCase() }),
        '{ viewer { id kind role } }',
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.viewer).toEqual({ id: user.id, kind: 'USER', role: 'RECRUITER' });
      expect(jwksRequests).toBeGreaterThan(0);
    });

    it("the app's own tokens keep working next to OIDC", async () => {
      const response = await oidc.gqlAs(oidc.adminToken, '{ viewer { kind role } }');
      expect(response.data.viewer).toEqual({ kind: 'USER', role: 'ADMIN' });
    });

    it.each<[string, (email: string) => string]>([
      ['the wrong audience', (email) => idToken({ email }, { audience: 'some-other-client' })],
      ['the wrong issuer', (email) => idToken({ email }, { issuer: 'https://evil.example/' })],
      ['an expired token', (email) => idToken({ email, exp: Math.floor(Date.now() / 1000) - 30 })],
      ['an unverified e-mail', (email) => idToken({ email, email_verified: false })],
      ['no e-mail', () => idToken({})],
      ['an unknown e-mail', () => idToken({ email: `nobody.${unique()}@requisite.test` })],
      [
        'a signature by another key under the same kid',
        (email) => idToken({ email }, {}, stranger.privateKey),
      ],
      [
        'HS256 signed with the public key as the secret (algorithm confusion)',
        (email) =>
          jwt.sign(
            { email, email_verified: true },
            publicKey.export({ format: 'pem', type: 'spki' }) as string,
            {
              algorithm: 'HS256',
              keyid: kid,
              issuer,
              audience,
              expiresIn: 300,
            },
          ),
      ],
    ])('%s → UNAUTHENTICATED', async (_name, token) => {
      const user = await oidc.userWithRole('ADMIN');
      const response = await oidc.gqlAs(token(user.email), '{ viewer { id } }');
      expectUnauthenticated(response);
    });

    it("a deactivated user's e-mail → UNAUTHENTICATED", async () => {
      const user = await oidc.userWithRole('RECRUITER');
      await oidc.ok(
        `mutation($id: ID!) { deactivateUser(input: { id: $id }) { user { id } userErrors { code } } }`,
        {
          id: user.id,
        },
      );
      expectUnauthenticated(await oidc.gqlAs(idToken({ email: user.email }), '{ viewer { id } }'));
    });
  });
});
