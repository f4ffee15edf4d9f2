import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { UserRole } from '../../src/identity/identity.enums';
import { UsersService } from '../../src/identity/users.service';
import { countRows, unique } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request from a chosen loopback address (127.0.0.0/8 all reaches this host), to act as different clients. */
function from(
  address: string,
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: address,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function listen(t: TestApp): Promise<number> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function userWithPassword(t: TestApp, role = 'RECRUITER'): Promise<{ email: string; id: string }> {
  const email = `limits.${unique()}@requisite.test`;
  const data = await t.ok<{ createUser: { user: { id: string } } }>(
    `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`,
    { input: { email, name: 'Rate limited', role, password: PASSWORD } },
  );
  return { email, id: data.createUser.user.id };
}

/** A user with a password, written directly (so that no request counts against a rate limit). */
async function userWithPasswordDirect(t: TestApp): Promise<{ email: string }> {
  const email = `direct.${unique()}@requisite.test`;
  await t.app
    .get(UsersService)
    .create({ email, name: 'Direct', role: UserRole.RECRUITER, password: PASSWORD });
  return { email };
}

// Apps are created one describe at a time: each registers its passport strategies process-wide.
describe('abuse limits', () => {
  describe('brute-force sign-in (3 failures per e-mail, 3 per address)', () => {
    let t: TestApp;
    let port: number;
    const signIn = (ip: string, email: string, password: string) =>
      from(ip, port, 'POST', '/v1/auth/token', { email, password });

    const expectThrottled = (response: RawResponse) => {
      expect(response.status).toBe(429);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(response.body).toEqual({
        type: 'https://requisite.dev/problems/too-many-requests',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too many failed sign-ins; try again later.',
        code: 'TOO_MANY_REQUESTS',
        instance: '/v1/auth/token',
      });
      const retryAfter = Number(response.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
    };

    beforeAll(async () => {
      t = await createTestApp({
        SIGN_IN_MAX_FAILURES: '3',
        SIGN_IN_MAX_FAILURES_PER_IP: '3',
        SIGN_IN_WINDOW_SECONDS: '900',
      });
      port = await listen(t);
    });
    beforeEach(() => t.sql('DELETE FROM sign_in_throttle'));
    afterAll(async () => {
      await t.sql('DELETE FROM sign_in_throttle');
      await t.close();
    });

    it('per e-mail: after 3 failures from 3 addresses, a 4th address with the right password gets 429 + Retry-After', async () => {
      const user = await userWithPassword(t);
      const bystander = await userWithPassword(t);
      for (const ip of ['127.0.0.11', '127.0.0.12', '127.0.0.13']) {
        expect((await signIn(ip, user.email, 'wrong password!')).status).toBe(401);
      }
      expectThrottled(await signIn('127.0.0.14', user.email, PASSWORD));
      // Any spelling of the same address is the same e-mail.
      expectThrottled(await signIn('127.0.0.15', user.email.toUpperCase(), PASSWORD));
      // The same address signs another account in: the limit is the e-mail's, not the address's.
      expect((await signIn('127.0.0.14', bystander.email, PASSWORD)).status).toBe(200);
    });

    it('per address: 3 failures for different e-mails block that address, even with right credentials; others pass', async () => {
      const user = await userWithPassword(t);
      for (let i = 0; i < 3; i += 1) {
        expect((await signIn('127.0.0.21', `sprayed.${i}.${unique()}@requisite.test`, PASSWORD)).status).toBe(
          401,
        );
      }
      expectThrottled(await signIn('127.0.0.21', user.email, PASSWORD));
      expect((await signIn('127.0.0.22', user.email, PASSWORD)).status).toBe(200);
    });

    it('a throttled attempt does not count as a failure nor check the password, and is audited', async () => {
      const user = await userWithPassword(t);
      for (const ip of ['127.0.0.31', '127.0.0.32', '127.0.0.33'])
        await signIn(ip, user.email, 'nope nope nope');
      const failures = () =>
        t.sql<{ key: string; failures: number }>(
          `SELECT key, failures FROM sign_in_throttle WHERE key = $1`,
          [`email:${user.email.toLowerCase()}`],
        );
      expect(await failures()).toEqual([{ key: `email:${user.email.toLowerCase()}`, failures: 3 }]);
      const audited = await countRows(t, 'audit_entry', `action = 'signInThrottled'`);
      expectThrottled(await signIn('127.0.0.34', user.email, 'still wrong'));
      expect(await failures()).toEqual([{ key: `email:${user.email.toLowerCase()}`, failures: 3 }]);
      expect(await countRows(t, 'audit_entry', `action = 'signInThrottled'`)).toBe(audited + 1);
    });

    it('the window ends: once it has passed, the right password works again', async () => {
      const user = await userWithPassword(t);
      for (const ip of ['127.0.0.41', '127.0.0.42', '127.0.0.43'])
        await signIn(ip, user.email, 'wrong password!');
      expectThrottled(await signIn('127.0.0.44', user.email, PASSWORD));
      await t.sql(`UPDATE sign_in_throttle SET window_started_at = now() - interval '901 seconds'`);
      expect((await signIn('127.0.0.44', user.email, PASSWORD)).status).toBe(200);
    });

    it("a success clears the e-mail's count, not the address's", async () => {
      const user = await userWithPassword(t);
      const ip = '127.0.0.51';
      for (let round = 0; round < 2; round += 1) {
        expect((await signIn(`127.0.0.${52 + round}`, user.email, 'wrong password!')).status).toBe(401);
        expect((await signIn(`127.0.0.${54 + round}`, user.email, 'wrong password!')).status).toBe(401);
        expect((await signIn(ip, user.email, PASSWORD)).status).toBe(200);
      }
      const spray = await t.sql(`SELECT failures FROM sign_in_throttle WHERE key = 'ip:127.0.0.52'`);
      expect(spray).toEqual([{ failures: 1 }]);
    });

    it('requests with their own rate limit of 3 failed sign-ins still answer 401, not 500, under concurrency', async () => {
      const user = await userWithPassword(t);
      const answers = await Promise.all(
        ['127.0.0.61', '127.0.0.62', '127.0.0.63', '127.0.0.64', '127.0.0.65', '127.0.0.66'].map((ip) =>
          signIn(ip, user.email, 'wrong password!'),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
      expectThrottled(await signIn('127.0.0.67', user.email, PASSWORD));
    });
  });

  describe('per-principal rate limit (RATE_LIMIT_PER_MINUTE=5)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(() => t.close());

    const viewer = (token: string) =>
      t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .send({ query: '{ viewer { id } }' });

    it('the 6th request of a user gets TOO_MANY_REQUESTS with Retry-After; another user is unaffected', async () => {
      const first = await t.userWithRole('RECRUITER');
      const second = await t.userWithRole('RECRUITER');
      for (let i = 1; i <= 5; i += 1) {
        const response = await viewer(first.token);
        expect(response.body).toEqual({ data: { viewer: { id: first.id } } });
        expect(response.headers['x-ratelimit-limit']).toBe('5');
        expect(response.headers['x-ratelimit-remaining']).toBe(String(5 - i));
      }
      const limited = await viewer(first.token);
      expect(limited.body.data).toBeNull();
      expect(
        limited.body.errors.map((e: { extensions: { code: string }; path: string[] }) => [
          e.path,
          e.extensions.code,
        ]),
      ).toEqual([[['viewer'], 'TOO_MANY_REQUESTS']]);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);

      const other = await viewer(second.token);
      expect(other.body).toEqual({ data: { viewer: { id: second.id } } });
    });

    it('one GraphQL request with many top-level fields counts once', async () => {
      const user = await t.userWithRole('RECRUITER');
      const response = await t.gqlAs(
        user.token,
        '{ a: viewer { id } b: viewer { id } c: viewer { id } d: viewer { id } e: viewer { id } f: viewer { id } }',
      );
      expect(response.errors).toBeUndefined();
      const next = await viewer(user.token);
      expect(next.headers['x-ratelimit-remaining']).toBe('3');
    });

    it('an API key is a principal of its own', async () => {
      const admin = await t.userWithRole('ADMIN');
      const created = await t.gqlAs(
        admin.token,
        `mutation { createApiKey(input: { name: "limited", scopes: ["requisitions:read"] }) { secret userErrors { code } } }`,
      );
      const secret = created.data.createApiKey.secret as string;
      for (let i = 0; i < 5; i += 1) expect((await viewer(secret)).body.data.viewer).not.toBeNull();
      const limited = await viewer(secret);
      expect(limited.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual([
        'TOO_MANY_REQUESTS',
      ]);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Its creator made 1 request so far.
      expect((await viewer(admin.token)).headers['x-ratelimit-remaining']).toBe('3');
    });

    it('before sign-in, the limit is per address: the 6th sign-in from one address gets 429 + Retry-After', async () => {
      const port = await listen(t);
      const user = await userWithPasswordDirect(t);
      for (let i = 0; i < 5; i += 1) {
        const response = await from('127.0.0.71', port, 'POST', '/v1/auth/token', {
          email: user.email,
          password: PASSWORD,
        });
        expect(response.status).toBe(200);
      }
      const limited = await from('127.0.0.71', port, 'POST', '/v1/auth/token', {
        email: user.email,
        password: PASSWORD,
      });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const elsewhere = await from('127.0.0.72', port, 'POST', '/v1/auth/token', {
        email: user.email,
        password: PASSWORD,
      });
      expect(elsewhere.status).toBe(200);
    });

    it('a limited caller writes nothing', async () => {
      const user = await t.userWithRole('ADMIN');
      for (let i = 0; i < 5; i += 1) await viewer(user.token);
      const before = await countRows(t, 'candidate');
      const response = await t.gqlAs(
        user.token,
        `mutation { createCandidate(input: { fullName: "Late", email: "late.${unique()}@example.com" }) { candidate { id } userErrors { code } } }`,
      );
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_REQUESTS']);
      expect(await countRows(t, 'candidate')).toBe(before);
    });
  });

  describe('GraphQL query limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    });
    afterAll(() => t.close());

    /** Statements of a request, and of a trivial authenticated one for comparison. */
    const measure = async (body: unknown) => {
      const trivial = await t.statements.measure(() =>
        t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', `Bearer ${t.adminToken}`)
          .send({ query: '{ viewer { id } }' }),
      );
      expect(trivial.result.status).toBe(200);
      const measured = await t.statements.measure(() =>
        t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', `Bearer ${t.adminToken}`)
          .send(body as object),
      );
      return { response: measured.result, statements: measured.statements, trivial: trivial.statements };
    };

    /** A query whose innermost selection is `depth` levels deep (requisitions → edges → node → applications → …). */
    const deep = (depth: number): string => {
      const cycle = ['applications(first: 1)', 'edges', 'node', 'requisition'];
      const path = ['requisitions(first: 1)', 'edges', 'node'];
      while (path.length < depth - 1) path.push(cycle[(path.length - 3) % cycle.length]);
      return (
        path.reduceRight((inner, field) => `${field} { ${inner} }`, '__typename').replace(/^/, '{ ') + ' }'
      );
    };

    it.each([
      ['a depth bomb', { query: deep(13) }, /nested deeper than 12 levels/],
      [
        'an alias bomb',
        { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }` },
        /more than 30 aliases/,
      ],
      [
        'a cost bomb',
        {
          query:
            '{ requisitions(first: 100) { edges { node { applications(first: 100) { edges { node { transitions(first: 100) { edges { node { id } } } } } } } } } }',
        },
        /^The query would cost 3030301, over the limit of 10000/,
      ],
      [
        'a cost bomb through variables',
        {
          query:
            'query($n: Int) { requisitions(first: $n) { edges { node { applications(first: $n) { edges { node { transitions(first: $n) { edges { node { id } } } } } } } } } }',
          variables: { n: 100 },
        },
        /would cost \d+, over the limit of 10000/,
      ],
      [
        'a cost bomb through fragments',
        {
          query: `query { requisitions(first: 100) { ...R } }
            fragment R on RequisitionConnection { edges { node { applications(first: 100) { ...A } } } }
            fragment A on ApplicationConnection { edges { node { transitions(first: 100) { edges { node { id } } } } } }`,
        },
        /would cost \d+, over the limit of 10000/,
      ],
      [
        'an oversized page',
        { query: '{ requisitions(first: 101) { edges { node { id } } } }' },
        /between 0 and 100/,
      ],
    ])(
      '%s is rejected with HTTP 400 before any resolver runs (no SQL beyond authentication)',
      async (_name, body, message) => {
        const { response, statements, trivial } = await measure(body);
        expect(response.status).toBe(400);
        expect(response.body.data).toBeUndefined();
        expect(response.body.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(message),
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
          }),
        ]);
        expect(trivial).toBeGreaterThan(0);
        expect(statements).toBeLessThanOrEqual(trivial);
      },
    );

    it('the same shapes just under the limits run', async () => {
      const depth = await t.gql(deep(12));
      expect(depth.errors).toBeUndefined();
      expect(depth.data).toEqual({ requisitions: expect.any(Object) });
      const aliases = await t.gql(
        `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`,
      );
      expect(aliases.errors).toBeUndefined();
      // Every field counts once per item of the pages and lists above it: 1 + 100 (edges) + 100 (node)
      // + 3 × 100 + 100 (stages) + 3 × 500 (stage fields, 5 per unpaged list) = 2101.
      const cost = await t.gql(
        '{ requisitions(first: 100) { edges { node { id title status stages { id name applicationCount } } } } }',
      );
      expect(cost.errors).toBeUndefined();
      // The same with 5 stage fields instead of 3 is over 10000 only if edges were weighted twice.
      const page = await t.gql(
        '{ requisitions(first: 100) { edges { node { id title status stages { id name kind position applicationCount } } } } }',
      );
      expect(page.errors).toBeUndefined();
    });

    it('a bomb without credentials is rejected the same way and touches nothing', async () => {
      const { result, statements } = await t.statements.measure(() =>
        t.http
          .post('/graphql')
          .set('content-type', 'application/json')
          .send({ query: deep(13) }),
      );
      expect(result.status).toBe(400);
      expect(statements).toBe(0);
    });

    it('batched HTTP requests (a JSON array body) are refused', async () => {
      const { response, statements, trivial } = await measure([
        { query: '{ viewer { id } }' },
        { query: '{ requisitions { totalCount } }' },
      ]);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body ?? response.text)).toMatch(/batch/i);
      expect(statements).toBeLessThanOrEqual(trivial);
    });

    it('CSRF prevention: a GET without content-type or preflight header is refused; with the header it runs', async () => {
      const blocked = await t.http
        .get('/graphql')
        .query({ query: '{ viewer { id } }' })
        .set('authorization', `Bearer ${t.adminToken}`);
      expect(blocked.status).toBe(400);
      expect(blocked.text).toMatch(/Cross-Site Request Forgery/);

      const simplePost = await t.http
        .post('/graphql')
        .set('content-type', 'text/plain')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send(
          JSON.stringify({
            query:
              'mutation { createCandidate(input: { fullName: "X", email: "csrf@example.com" }) { candidate { id } } }',
          }),
        );
      expect(simplePost.status).toBeGreaterThanOrEqual(400);
      expect(simplePost.status).toBeLessThan(500);
      expect(await countRows(t, 'candidate', `email = 'csrf@example.com'`)).toBe(0);

      const allowed = await t.http
        .get('/graphql')
        .query({ query: '{ viewer { kind } }' })
        .set('apollo-require-preflight', 'true')
        .set('authorization', `Bearer ${t.adminToken}`);
      expect(allowed.status).toBe(200);
      expect(allowed.body).toEqual({ data: { viewer: { kind: 'USER' } } });
    });

    it('a mutation over GET is refused', async () => {
      const response = await t.http
        .get('/graphql')
        .query({
          query:
            'mutation { createCandidate(input: { fullName: "X", email: "get@example.com" }) { candidate { id } } }',
        })
        .set('apollo-require-preflight', 'true')
        .set('authorization', `Bearer ${t.adminToken}`);
      expect(response.status).toBe(405);
      expect(await countRows(t, 'candidate', `email = 'get@example.com'`)).toBe(0);
    });

    it('introspection is on outside production by default (this app)', async () => {
      const response = await t.gql('{ __schema { queryType { name } } }');
      expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  describe('introspection off (GRAPHQL_INTROSPECTION=false)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ GRAPHQL_INTROSPECTION: 'false' });
    });
    afterAll(() => t.close());

    it.each([
      ['__schema', '{ __schema { types { name } } }'],
      ['__type', '{ __type(name: "Candidate") { fields { name } } }'],
    ])('%s is refused', async (_name, query) => {
      const response = await t.gql(query);
      expect(response.status).toBe(400);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(response.errors?.[0].message).toMatch(/introspection/i);
    });

    it('ordinary queries still run', async () => {
      const response = await t.gql('{ viewer { kind } }');
      expect(response.data).toEqual({ viewer: { kind: 'USER' } });
    });
  });

  describe('CORS (CORS_ORIGINS=https://hr.example.com)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ CORS_ORIGINS: 'https://hr.example.com, https://ops.example.com' });
    });
    afterAll(() => t.close());

    const preflight = (origin: string) =>
      t.http
        .options('/graphql')
        .set('origin', origin)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization,content-type');

    it('a configured origin may call the API from a browser', async () => {
      for (const origin of ['https://hr.example.com', 'https://ops.example.com']) {
        const response = await preflight(origin);
        expect(response.status).toBeLessThan(300);
        expect(response.headers['access-control-allow-origin']).toBe(origin);
      }
    });

    it('any other origin is not allowed', async () => {
      const response = await preflight('https://evil.example.com');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const post = await t.http
        .post('/graphql')
        .set('origin', 'https://evil.example.com')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ query: '{ viewer { id } }' });
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
