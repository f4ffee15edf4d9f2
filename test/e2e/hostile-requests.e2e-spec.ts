import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createRequisition, snapshotCounts, unique } from '../factories';
import { createJobBoard, publishRequisition } from '../factories/job-boards';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The reproducers of the hostile-requests report, one per class of 500 or stall it found: each answers a 4xx
 * problem or BAD_USER_INPUT and writes nothing. test/fuzz/ looks for the next class; these pin the known ones.
 */
describe('hostile requests', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => t.close());

  const anonymous = (body: unknown) =>
    t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(body as object);

  /** A fragment that spreads the next one twice, `levels` deep: 2^levels fields if expanded naively. */
  const fragmentBomb = (levels: number): string =>
    '{ ...F0 } ' +
    Array.from(
      { length: levels - 1 },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ') +
    ` fragment F${levels - 1} on Query { __typename }`;

  describe('GraphQL operations', () => {
    it.each([24, 30, 60])(
      'a fragment bomb %i levels deep is measured once per fragment and refused for its cost',
      async (levels) => {
        const response = await anonymous({ query: fragmentBomb(levels) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/^The query would cost \d+(\.\d+)?(e\+\d+)?, over the limit/),
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        ]);
      },
    );

    it('the same fragments at a harmless depth run and answer once', async () => {
      const response = await t.gql(fragmentBomb(4));
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ __typename: 'Query' });
    });

    it('a document with more tokens than GRAPHQL_MAX_TOKENS is refused by the parser', async () => {
      const query = `{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`;
      const response = await anonymous({ query });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(response.body.errors[0].message).toMatch(/contains more tha[nt] 5000 tokens/);
    });

    it.each([
      [
        'a declared required variable that is not sent',
        'query($id: ID!) { node(id: $id) { id } }',
        undefined,
      ],
      ['null for a non-null variable', 'query($id: ID!) { node(id: $id) { id } }', { id: null }],
      [
        'null for a non-null input variable of a mutation',
        'mutation($input: CreateUserInput!) { createUser(input: $input) { __typename } }',
        { input: null },
      ],
      [
        'a variable of the wrong type inside a page size',
        'query($n: Int) { requisitions(first: $n) { edges { node { id } } } }',
        { n: 'many' },
      ],
    ])('%s is 400 BAD_USER_INPUT, with or without credentials', async (_name, query, variables) => {
      for (const response of [await anonymous({ query, variables }), await t.gql(query, variables)]) {
        expect(response.status).toBe(400);
        const errors = 'body' in response ? response.body.errors : undefined;
        expect(errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(/^Variable "\$\w+"/),
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        ]);
      }
    });

    it('a subscription is refused as unsupported, pointing at webhooks and the event feed', async () => {
      const response = await anonymous({ query: 'subscription { viewer { id } }' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/Subscriptions are not supported.*webhooks.*event feed/),
          extensions: { code: 'BAD_USER_INPUT' },
        }),
      ]);
    });

    it('an automatic persisted query is told persisted queries are not supported', async () => {
      const response = await anonymous({ query: 'x', extensions: { persistedQuery: { version: 1 } } });
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          message: 'Persisted queries are not supported: send the query text.',
          extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
        }),
      ]);
    });
  });

  // Found by test/fuzz: the DateTime scalar took whatever `new Date()` took, and an Invalid Date reached PostgreSQL.
  describe('DateTime arguments', () => {
    it.each([
      ['an impossible day and time', '2026-02-30T25:61:61Z'],
      ['February 30', '2026-02-30T00:00:00Z'],
      ['year 0', '0000-01-01T00:00:00Z'],
      ['a six-digit year', '+275760-09-13T00:00:00Z'],
      ['a number', 1_700_000_000_000],
      ['an object whose toString is not a function', { toString: {} }],
    ])('%s is 400 BAD_USER_INPUT as a variable', async (_name, since) => {
      for (const [query, variables] of [
        ['query($since: DateTime) { events(since: $since) { edges { cursor } } }', { since }],
        [
          'query($since: DateTime) { auditEntries(filter: { since: $since }) { edges { cursor } } }',
          { since },
        ],
      ] as const) {
        const response = await t.gql(query, variables);
        expect(response.status).toBe(400);
        expect(response.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(
              /^Variable "\$since" got invalid value .*DateTime is an ISO 8601 date-time/,
            ),
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        ]);
      }
    });

    it('an impossible date written in the query is refused while the query is validated', async () => {
      const response = await t.gql('{ events(since: "2026-02-30T25:61:61Z") { edges { cursor } } }');
      expect(response.status).toBe(400);
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/DateTime is an ISO 8601 date-time/),
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ]);
    });

    it('an impossible expiry of a new API key writes nothing', async () => {
      const before = await snapshotCounts(t);
      const response = await t.gql(
        'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }',
        { input: { name: 'k', scopes: ['events:read'], expiresAt: '2027-02-29T00:00:00Z' } },
      );
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await snapshotCounts(t)).toEqual(before);
    });

    it('a real date-time still filters', async () => {
      const response = await t.gql('query($since: DateTime) { events(since: $since) { edges { cursor } } }', {
        since: '2028-02-29T12:00:00+02:00',
      });
      expect(response.errors).toBeUndefined();
      expect(response.data.events.edges).toEqual([]);
    });
  });

  describe('mutations', () => {
    it('updatePipelineStage with nothing to update writes nothing and answers the stage as it is', async () => {
      const requisition = await createRequisition(t);
      const stage = requisition.stages[1];
      const before = await snapshotCounts(t);
      const data = await t.ok<any>(
        `mutation($input: UpdatePipelineStageInput!) { updatePipelineStage(input: $input) {
           stage { id name kind } requisition { version } userErrors { code } } }`,
        { input: { id: stage.id } },
      );
      expect(data.updatePipelineStage.stage).toEqual({ id: stage.id, name: stage.name, kind: stage.kind });
      expect(data.updatePipelineStage.requisition.version).toBe(requisition.version);
      expect(await snapshotCounts(t)).toEqual(before);
    });

    it.each([
      [
        'createCandidate',
        'mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { userErrors { code field message } } }',
        () => ({ input: { fullName: 'Ada', email: '\ud800@example.com' } }),
        ['input', 'email'],
      ],
      [
        'createCandidate (a low surrogate alone, in a nested list)',
        'mutation($input: CreateCandidateInput!) { createCandidate(input: $input) { userErrors { code field message } } }',
        () => ({
          input: { fullName: 'Ada', email: `ada.${unique()}@example.com`, tags: ['ok', 'bad\udc00'] },
        }),
        ['input', 'tags', '1'],
      ],
      [
        'createJobBoard',
        'mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { userErrors { code field message } } }',
        () => ({ input: { name: 'Board \ud800', slug: `s-${unique()}`.toLowerCase(), kind: 'GENERIC' } }),
        ['input', 'name'],
      ],
    ])(
      '%s refuses text with a lone surrogate as INVALID_INPUT naming the field',
      async (name, query, variables, field) => {
        const before = await snapshotCounts(t);
        const response = await t.gql<any>(query, variables());
        expect(response.errors).toBeUndefined();
        expect(response.data[name.split(' ')[0]].userErrors).toEqual([
          { code: 'INVALID_INPUT', field, message: expect.stringMatching(/well-formed Unicode/) },
        ]);
        expect(await snapshotCounts(t)).toEqual(before);
      },
    );

    it('a lone surrogate in an id argument of a query is BAD_USER_INPUT, not an internal error', async () => {
      const response = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: '\ud800' });
      expect(response.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
    });
  });

  describe('REST', () => {
    const expectProblem = (
      response: { status: number; headers: Record<string, string>; body: any },
      status: number,
    ) => {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toEqual(
        expect.objectContaining({ status, type: expect.any(String), title: expect.any(String) }),
      );
    };

    it('POST /v1/auth/token with a lone surrogate in the e-mail is a 400 naming the field', async () => {
      const response = await t.http
        .post('/v1/auth/token')
        .set('content-type', 'application/json')
        .send('{"email":"\\ud800","password":"x"}');
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: ['email'] })]);
    });

    it.each([
      ['a nested "constructor" key', '{"until":{"constructor":" "}}', ['until', 'constructor']],
      ['a "prototype" key', '{"prototype":1}', ['prototype']],
      ['nesting deeper than 32 levels', `{"until":${'['.repeat(40)}${']'.repeat(40)}}`, null],
    ])('a replay body with %s is a 400, even for an id that names nothing', async (_name, body, field) => {
      const response = await t.http
        .post('/v1/webhook-subscriptions/x/replay')
        .set('authorization', `Bearer ${t.adminToken}`)
        .set('content-type', 'application/json')
        .send(body);
      expectProblem(response, 400);
      if (field) expect(response.body.errors[0].field).toEqual(field);
    });

    it('a "__proto__" key is refused while the body is parsed', async () => {
      const response = await t.http
        .post('/v1/auth/token')
        .set('content-type', 'application/json')
        .send('{"email":"a@example.com","password":"x","__proto__":{"admin":true}}');
      expectProblem(response, 400);
    });

    describe('job boards', () => {
      let career: { slug: string };
      let other: { slug: string; secret: string };
      let posting: string;
      let otherPosting: string;

      beforeAll(async () => {
        const requisition = await createRequisition(t);
        career = await createJobBoard(t, 'CAREER_PAGE', 'Careers');
        other = await createJobBoard(t, 'GENERIC', 'Another board');
        [posting, otherPosting] = await publishRequisition(t, requisition.id, [
          (career as unknown as { id: string }).id,
          (other as unknown as { id: string }).id,
        ]);
      });

      const careerSlug = () => career.slug;

      const signed = (body: string) => {
        const id = `msg_${unique()}`;
        const timestamp = new Date();
        return t.http
          .post(`/v1/integrations/job-boards/${other.slug}/applications`)
          .set('content-type', 'application/json')
          .set('webhook-id', id)
          .set('webhook-timestamp', String(Math.floor(timestamp.getTime() / 1000)))
          .set('webhook-signature', new Webhook(other.secret).sign(id, timestamp, body))
          .send(body);
      };

      it('the public career page refuses a nested "constructor" key without credentials, writing nothing', async () => {
        const before = await snapshotCounts(t);
        const response = await t.http
          .post(`/v1/boards/${career.slug}/jobs/${posting}/applications`)
          .set('content-type', 'application/json')
          .send('{"zz":{"constructor":true}}');
        expectProblem(response, 400);
        expect(await snapshotCounts(t)).toEqual(before);
      });

      it('a signed push with a lone surrogate in the name is refused as malformed, and recorded', async () => {
        const before = await snapshotCounts(t);
        const body = `{"postingId":"${otherPosting}","fullName":"\\ud800","email":"x.${unique()}@example.com","consent":true}`;
        const response = await signed(body);
        expectProblem(response, 400);
        expect(response.body.detail).toMatch(/fullName must be well-formed Unicode/);
        const after = await snapshotCounts(t);
        expect(after.candidate).toBe(before.candidate);
        expect(after.application).toBe(before.application);
      });

      it('a signed push with many invalid fields is answered in full and recorded in what fits', async () => {
        const fields = Object.fromEntries(
          Array.from({ length: 200 }, (_, i) => [`unknownField${i}WithAFairlyLongName`, i]),
        );
        const response = await signed(JSON.stringify({ ...fields, postingId: otherPosting }));
        expectProblem(response, 400);
        expect(response.body.detail.length).toBeGreaterThan(1000);
        const [stored] = await t.sql<{ error: string; response_status: number }>(
          `SELECT error, response_status FROM inbound_delivery ORDER BY received_at DESC LIMIT 1`,
        );
        expect(stored.response_status).toBe(400);
        expect(stored.error).toBe(response.body.detail.slice(0, 1000));
      });

      // Found by test/fuzz: class-transformer's `new Date(value)` threw on an object whose toString is not a function.
      it.each([
        ['an object whose toString is not a function', { toString: {} }],
        ['an object whose valueOf is not a function', { valueOf: {} }],
        ['February 30', '2027-02-30T00:00:00Z'],
        ['hour 25', '2027-01-10T25:61:61Z'],
      ])(
        'retainUntil as %s is a 400 naming the field, on the career page and in a signed push',
        async (_name, retainUntil) => {
          const before = await snapshotCounts(t);
          const fields = {
            fullName: 'Ada',
            email: `ada.${unique()}@example.com`,
            consent: true,
            retainUntil,
          };
          const career = await t.http
            .post(`/v1/boards/${careerSlug()}/jobs/${posting}/applications`)
            .set('content-type', 'application/json')
            .send(JSON.stringify(fields));
          expectProblem(career, 400);
          expect(career.body.errors).toEqual([expect.objectContaining({ field: ['retainUntil'] })]);
          const push = await signed(JSON.stringify({ ...fields, postingId: otherPosting }));
          expectProblem(push, 400);
          expect(push.body.detail).toMatch(/retainUntil/);
          const after = await snapshotCounts(t);
          expect([after.candidate, after.application]).toEqual([before.candidate, before.application]);
        },
      );
    });

    describe("what Node's HTTP parser refuses is answered as problem details", () => {
      let port: number;
      beforeAll(async () => {
        const server = t.app.getHttpServer();
        if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
      });

      /** Sends raw bytes (what no HTTP client library would send) and reads the whole answer. */
      const raw = (request: Buffer): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.end(request));
          let answer = '';
          socket.setEncoding('latin1');
          socket.on('data', (chunk: string) => (answer += chunk));
          socket.on('end', () => resolve(answer));
          socket.on('error', reject);
        });

      it.each([
        [
          'a raw non-ASCII byte in the path',
          Buffer.from('GET /v1/resumes/\xc3\xbc HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
          400,
        ],
        // Found by test/fuzz: Node answered this one itself, with an empty 400.
        ['an HTTP/1.1 request without Host', Buffer.from('GET /health/live HTTP/1.1\r\n\r\n'), 400],
        [
          'a URL over 16 KB',
          Buffer.from(`GET /v1/resumes/${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
          431,
        ],
      ])('%s', async (_name, request, status) => {
        const answer = await raw(request);
        const [head, body] = answer.split('\r\n\r\n');
        expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head).toMatch(/content-type: application\/problem\+json/i);
        expect(JSON.parse(body)).toEqual(expect.objectContaining({ status, code: expect.any(String) }));
      });
    });
  });
});
