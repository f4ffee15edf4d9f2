import { randomUUID } from 'node:crypto';
import {
  changeApplicationStatus,
  countRows,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  databaseId,
  makeGlobalId,
  moveApplication,
  snapshotCounts,
  unique,
} from '../factories';
import { createTestApp, GraphQLResponse, TestApp, TestUser } from '../support/test-app';

/*
 * The permission matrix of issue 3: every principal × every query and mutation × the caller's own requisition
 * (A, whose hiring team they are on) and another one (B). The expectations come from the table, written
 * out below independently of src/identity/access.rules.ts, so a wrong row there fails here.
 */

type PrincipalName =
  | 'ADMIN'
  | 'RECRUITER'
  | 'HIRING_MANAGER'
  | 'INTERVIEWER'
  | 'KEY_REQUISITIONS_READ'
  | 'KEY_REQUISITIONS_WRITE'
  | 'KEY_CANDIDATES_READ'
  | 'KEY_CANDIDATES_WRITE'
  | 'KEY_APPLICATIONS_WRITE'
  | 'KEY_NOTHING_USEFUL';

type Permission =
  | 'requisitions:read'
  | 'requisitions:create'
  | 'requisitions:write'
  | 'candidates:read'
  | 'candidates:write'
  | 'applications:create'
  | 'applications:write'
  | 'administer';

/** all records, only those of requisitions whose hiring team the caller is on, or none. */
type Level = 'all' | 'own' | 'none';
type Scope = 'own' | 'other';

interface PrincipalSpec {
  role?: 'ADMIN' | 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER';
  scopes?: string[];
  can: Record<Permission, Level>;
  /** Candidates' e-mail and phone. */
  seesContact: boolean;
  /** Requisitions' salary range (API keys see it only with requisitions:read). */
  seesPay: boolean;
}

const level = (value: Partial<Record<Permission, Level>>): Record<Permission, Level> => ({
  'requisitions:read': 'none',
  'requisitions:create': 'none',
  'requisitions:write': 'none',
  'candidates:read': 'none',
  'candidates:write': 'none',
  'applications:create': 'none',
  'applications:write': 'none',
  administer: 'none',
  ...value,
});

const EVERYTHING_BUT_ADMINISTER = {
  'requisitions:read': 'all',
  'requisitions:create': 'all',
  'requisitions:write': 'all',
  'candidates:read': 'all',
  'candidates:write': 'all',
  'applications:create': 'all',
  'applications:write': 'all',
} as const;

const PRINCIPALS: Record<PrincipalName, PrincipalSpec> = {
  ADMIN: {
    role: 'ADMIN',
    can: level({ ...EVERYTHING_BUT_ADMINISTER, administer: 'all' }),
    seesContact: true,
    seesPay: true,
  },
  RECRUITER: { role: 'RECRUITER', can: level(EVERYTHING_BUT_ADMINISTER), seesContact: true, seesPay: true },
  HIRING_MANAGER: {
    role: 'HIRING_MANAGER',
    can: level({
      'requisitions:read': 'own',
      'requisitions:write': 'own',
      'candidates:read': 'own',
      'applications:write': 'own',
    }),
    seesContact: true,
    seesPay: true,
  },
  INTERVIEWER: {
    role: 'INTERVIEWER',
    can: level({ 'requisitions:read': 'own', 'candidates:read': 'own' }),
    seesContact: false,
    seesPay: false,
  },
  KEY_REQUISITIONS_READ: {
    scopes: ['requisitions:read'],
    can: level({ 'requisitions:read': 'all' }),
    seesContact: true,
    seesPay: true,
  },
  KEY_REQUISITIONS_WRITE: {
    scopes: ['requisitions:write'],
    can: level({ 'requisitions:create': 'all', 'requisitions:write': 'all' }),
    seesContact: true,
    seesPay: false,
  },
  KEY_CANDIDATES_READ: {
    scopes: ['candidates:read'],
    can: level({ 'candidates:read': 'all' }),
    seesContact: true,
    seesPay: false,
  },
  KEY_CANDIDATES_WRITE: {
    scopes: ['candidates:write'],
    can: level({ 'candidates:write': 'all' }),
    seesContact: true,
    seesPay: false,
  },
  KEY_APPLICATIONS_WRITE: {
    scopes: ['applications:write'],
    can: level({ 'applications:create': 'all', 'applications:write': 'all' }),
    seesContact: true,
    seesPay: false,
  },
  KEY_NOTHING_USEFUL: {
    // Nothing the operations of this matrix need (webhooks have their own tests).
    scopes: ['webhooks:manage'],
    can: level({}),
    seesContact: true,
    seesPay: false,
  },
};

const NAMES = Object.keys(PRINCIPALS) as PrincipalName[];
const USER_NAMES = NAMES.filter((name) => PRINCIPALS[name].role);
const KEY_NAMES = NAMES.filter((name) => PRINCIPALS[name].scopes);

/**
 * Operations of later issues whose own e2e files hold their permission tests. Anything else the schema gains must
 * join the matrix below (the "covers every …" tests fail until it does).
 */
const COVERED_ELSEWHERE = {
  // test/e2e/job-boards.e2e-spec.ts: admins and `job_boards:manage` keys only.
  // test/e2e/webhooks.e2e-spec.ts (admins and `webhooks:manage` keys) and event-feed.e2e-spec.ts (`events:read`).
  queries: ['jobBoard', 'jobBoards', 'webhookSubscription', 'webhookSubscriptions', 'events'],
  mutations: [
    'createJobBoard',
    'updateJobBoard',
    'deactivateJobBoard',
    'rotateJobBoardSecret',
    'publishRequisition',
    'unpublishRequisition',
    // test/e2e/standard-webhooks.e2e-spec.ts
    'reprocessInboundDelivery',
    // test/e2e/webhooks.e2e-spec.ts
    'createWebhookSubscription',
    'updateWebhookSubscription',
    'deleteWebhookSubscription',
    'enableWebhookSubscription',
    'pingWebhookSubscription',
    'rotateWebhookSecret',
    'redeliverWebhookDelivery',
    'replayWebhookEvents',
  ],
};

const wider = (a: Level, b: Level): Level => (a === 'all' || b === 'all' ? 'all' : a === 'own' ? a : b);
/** Requisitions (and their stages) show through requisition reach or through their applications. */
const requisitionLevel = (p: PrincipalName) =>
  wider(PRINCIPALS[p].can['requisitions:read'], PRINCIPALS[p].can['candidates:read']);
const candidateLevel = (p: PrincipalName) => PRINCIPALS[p].can['candidates:read'];

const missingId = (type: string) => makeGlobalId(type, randomUUID());

/** Row counts of every table any mutation writes, for "a refused mutation wrote nothing". */
async function writeCounts(t: TestApp): Promise<Record<string, number>> {
  const counts = await snapshotCounts(t);
  for (const table of ['requisition_member', 'app_user', 'api_key', 'audit_entry']) {
    counts[table] = await countRows(t, table);
  }
  return counts;
}

/** Every row of the tables whose rows mutations change in place, to prove they were not changed either. */
async function mutableState(t: TestApp): Promise<string> {
  const rows = await t.sql(
    `SELECT json_build_object(
       'requisition', (SELECT json_agg(r ORDER BY r.id) FROM (SELECT id, version, status, title, hired_count FROM requisition) r),
       'stage', (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, name, kind, position, removed_at FROM pipeline_stage) s),
       'application', (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, version, status, stage_id FROM application) a),
       'candidate', (SELECT json_agg(c ORDER BY c.id) FROM (SELECT id, version, headline FROM candidate) c),
       'user', (SELECT json_agg(u ORDER BY u.id) FROM (SELECT id, version, name, role, active FROM app_user) u),
       'api_key', (SELECT json_agg(k ORDER BY k.id) FROM (SELECT id, revoked_at FROM api_key) k),
       'member', (SELECT json_agg(m ORDER BY m.requisition_id, m.user_id) FROM (SELECT requisition_id, user_id, role FROM requisition_member) m)
     ) AS state`,
  );
  return JSON.stringify(rows[0].state);
}

function expectForbidden(response: GraphQLResponse, field: string): void {
  expect(response.status).toBe(200);
  expect(response.data).toBeNull();
  expect(response.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
    { code: 'FORBIDDEN', path: [field] },
  ]);
}

function expectNoErrors(response: GraphQLResponse): void {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  expect(response.status).toBe(200);
}

describe('permission matrix', () => {
  let t: TestApp;
  const users = {} as Record<string, TestUser>;
  const credential = {} as Record<PrincipalName, string>;
  const keyIds = {} as Record<PrincipalName, string>;

  const addMember = (requisitionId: string, userId: string, role: string) =>
    t.ok(
      `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code } } }`,
      { input: { requisitionId, userId, role } },
    );

  beforeAll(async () => {
    // The matrix makes thousands of requests as the administrator; the rate limit has its own test.
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    credential.ADMIN = t.adminToken;
    for (const name of USER_NAMES.filter((n) => n !== 'ADMIN')) {
      users[name] = await t.userWithRole(PRINCIPALS[name].role!);
      credential[name] = users[name].token;
    }
    const admin = await t.ok<{ viewer: { id: string; email: string } }>('{ viewer { id email } }');
    users.ADMIN = { id: admin.viewer.id, email: admin.viewer.email, token: t.adminToken };
    for (const name of KEY_NAMES) {
      const data = await t.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }`,
        { input: { name: `matrix ${name}`, scopes: PRINCIPALS[name].scopes } },
      );
      credential[name] = data.createApiKey.secret;
      keyIds[name] = data.createApiKey.apiKey.id;
    }
  });
  afterAll(() => t.close());

  describe('queries', () => {
    // A hiring manager and an interviewer of their own, on A1, A2 and A3 (not B1, B2), so every count is exact.
    const req = {} as Record<'A1' | 'B1' | 'A2' | 'B2' | 'A3', CreatedRequisition>;
    const cand = {} as Record<'cA1' | 'cB' | 'cAB' | 'cA', { id: string; email: string }>;
    const app = {} as Record<'appA1' | 'appB' | 'appAB_A' | 'appAB_B' | 'appA', { id: string }>;
    const transition = {} as Record<'A' | 'B', string>;
    const query = {} as Record<PrincipalName, string>;
    const PHONE = '+1 415 555 0100';

    const as = <T = any>(p: PrincipalName, document: string, variables?: Record<string, unknown>) =>
      t.gqlAs<T>(query[p], document, variables);

    beforeAll(async () => {
      Object.assign(query, credential);
      const hm = await t.userWithRole('HIRING_MANAGER');
      const interviewer = await t.userWithRole('INTERVIEWER');
      query.HIRING_MANAGER = hm.token;
      query.INTERVIEWER = interviewer.token;
      for (const name of ['A1', 'B1', 'A2', 'B2', 'A3'] as const) {
        req[name] = await createRequisition(t, { title: `ML engineer ${name} ${unique()}` });
        if (name.startsWith('A')) {
          await addMember(req[name].id, hm.id, 'HIRING_MANAGER');
          await addMember(req[name].id, interviewer.id, 'INTERVIEWER');
        }
      }
      for (const name of ['cA1', 'cB', 'cAB', 'cA'] as const) {
        cand[name] = await createCandidate(t, { phone: PHONE });
      }
      app.appA1 = await createApplication(t, cand.cA1.id, req.A1.id);
      app.appB = await createApplication(t, cand.cB.id, req.B1.id);
      app.appAB_A = await createApplication(t, cand.cAB.id, req.A3.id);
      app.appAB_B = await createApplication(t, cand.cAB.id, req.B1.id);
      app.appA = await createApplication(t, cand.cA.id, req.A3.id);
      const screen = (r: CreatedRequisition) => r.stages.find((s) => s.name === 'Recruiter screen')!.id;
      transition.A = (await moveApplication(t, { id: app.appA.id, stageId: screen(req.A3) })).transition.id;
      transition.B = (await moveApplication(t, { id: app.appB.id, stageId: screen(req.B1) })).transition.id;
    });

    it('covers every query of the schema', async () => {
      const response = await t.gql<{ __schema: { queryType: { fields: { name: string }[] } } }>(
        '{ __schema { queryType { fields { name } } } }',
      );
      const inSchema = response.data.__schema.queryType.fields.map((f) => f.name);
      expect(inSchema.filter((name) => !COVERED_ELSEWHERE.queries.includes(name)).sort()).toEqual(
        [
          'apiKeys',
          'application',
          'auditEntries',
          'candidate',
          'candidates',
          'node',
          'nodes',
          'requisition',
          'requisitions',
          'skills',
          'users',
          'viewer',
        ].sort(),
      );
    });

    describe.each(NAMES)('as %s', (p) => {
      const spec = PRINCIPALS[p];

      it('viewer names the caller', async () => {
        const response = await as(p, '{ viewer { id kind role scopes email } }');
        expectNoErrors(response);
        if (spec.role) {
          const me = await as<{ viewer: { id: string } }>(p, '{ viewer { id } }');
          const [row] = await t.sql<{ role: string; email: string }>(
            'SELECT role, email FROM app_user WHERE id = $1',
            [databaseId(me.data.viewer.id)],
          );
          expect(response.data.viewer).toEqual({
            id: me.data.viewer.id,
            kind: 'USER',
            role: spec.role,
            scopes: [],
            email: row.email,
          });
          expect(row.role).toBe(spec.role);
        } else {
          expect(response.data.viewer).toEqual({
            id: keyIds[p],
            kind: 'API_KEY',
            role: null,
            scopes: spec.scopes,
            email: null,
          });
        }
      });

      it(`requisitions: ${spec.can['requisitions:read']} reach, filtered in SQL`, async () => {
        const response = await as(
          p,
          '{ requisitions(first: 100) { totalCount edges { node { id salaryRange { min max } } } pageInfo { hasNextPage } } }',
        );
        const reach = spec.can['requisitions:read'];
        if (reach === 'none') return expectForbidden(response, 'requisitions');
        expectNoErrors(response);
        const { totalCount, edges } = response.data.requisitions;
        const ids = edges.map((e: any) => e.node.id);
        if (reach === 'own') {
          expect(totalCount).toBe(3);
          expect(ids).toEqual([req.A3.id, req.A2.id, req.A1.id]);
        } else {
          expect(totalCount).toBe(await countRows(t, 'requisition'));
          expect(ids).toEqual(
            expect.arrayContaining([req.A1.id, req.B1.id, req.A2.id, req.B2.id, req.A3.id]),
          );
        }
        // Other suites' requisitions share the database (and their own pay bands): only this matrix's are checked.
        const fixtures = new Set([req.A1.id, req.B1.id, req.A2.id, req.B2.id, req.A3.id]);
        const salaries = edges
          .filter((e: any) => fixtures.has(e.node.id))
          .map((e: any) => e.node.salaryRange);
        expect(salaries.length).toBe(reach === 'own' ? 3 : 5);
        const expected = spec.seesPay ? { min: 120000, max: 150000 } : null;
        expect(salaries.filter((s: unknown) => JSON.stringify(s) !== JSON.stringify(expected))).toEqual([]);
      });

      if (spec.can['requisitions:read'] === 'own') {
        it('requisitions pages by reach: first 2, then the rest, with the same totalCount', async () => {
          const page = (after: string | null) =>
            as(
              p,
              'query($after: String) { requisitions(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
              { after },
            );
          const first = await page(null);
          expectNoErrors(first);
          expect(first.data.requisitions.totalCount).toBe(3);
          expect(first.data.requisitions.edges.map((e: any) => e.node.id)).toEqual([req.A3.id, req.A2.id]);
          expect(first.data.requisitions.pageInfo.hasNextPage).toBe(true);
          const second = await page(first.data.requisitions.pageInfo.endCursor);
          expectNoErrors(second);
          expect(second.data.requisitions.totalCount).toBe(3);
          expect(second.data.requisitions.edges.map((e: any) => e.node.id)).toEqual([req.A1.id]);
          expect(second.data.requisitions.pageInfo.hasNextPage).toBe(false);
        });
      }

      it(`requisition(id): A and B by ${requisitionLevel(p)} reach; salary ${spec.seesPay ? 'shown' : 'hidden'}`, async () => {
        const response = await as(
          p,
          `query($a: ID!, $b: ID!) {
             a: requisition(id: $a) { id salaryRange { min max currency period } }
             b: requisition(id: $b) { id salaryRange { min max currency period } } }`,
          { a: req.A3.id, b: req.B1.id },
        );
        expectNoErrors(response);
        const salaryRange = spec.seesPay
          ? { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' }
          : null;
        const reach = requisitionLevel(p);
        expect(response.data).toEqual({
          a: reach === 'none' ? null : { id: req.A3.id, salaryRange },
          b: reach === 'all' ? { id: req.B1.id, salaryRange } : null,
        });
      });

      it(`candidates: ${candidateLevel(p)} reach, contact details ${spec.seesContact ? 'shown' : 'hidden'}`, async () => {
        const response = await as(
          p,
          '{ candidates(first: 100) { totalCount edges { node { id email phone } } } }',
        );
        const reach = candidateLevel(p);
        if (reach === 'none') return expectForbidden(response, 'candidates');
        expectNoErrors(response);
        const { totalCount, edges } = response.data.candidates;
        const nodes = edges.map((e: any) => e.node);
        const shown = (c: { id: string; email: string }) => ({
          id: c.id,
          email: spec.seesContact ? c.email : null,
          phone: spec.seesContact ? PHONE : null,
        });
        if (reach === 'own') {
          expect(totalCount).toBe(3);
          expect(nodes).toEqual([shown(cand.cA), shown(cand.cAB), shown(cand.cA1)]);
        } else {
          expect(totalCount).toBe(await countRows(t, 'candidate'));
          expect(nodes).toEqual(expect.arrayContaining(Object.values(cand).map(shown)));
        }
      });

      if (candidateLevel(p) === 'own') {
        it('candidates pages by reach, and a search cannot widen it', async () => {
          const page = (after: string | null) =>
            as(
              p,
              'query($after: String) { candidates(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
              { after },
            );
          const first = await page(null);
          expectNoErrors(first);
          expect(first.data.candidates.totalCount).toBe(3);
          expect(first.data.candidates.edges.map((e: any) => e.node.id)).toEqual([cand.cA.id, cand.cAB.id]);
          expect(first.data.candidates.pageInfo.hasNextPage).toBe(true);
          const second = await page(first.data.candidates.pageInfo.endCursor);
          expectNoErrors(second);
          expect(second.data.candidates.edges.map((e: any) => e.node.id)).toEqual([cand.cA1.id]);
          expect(second.data.candidates.pageInfo.hasNextPage).toBe(false);

          const search = await as(
            p,
            'query($s: String) { candidates(first: 10, filter: { search: $s }) { totalCount edges { node { id } } } }',
            { s: cand.cB.email },
          );
          expectNoErrors(search);
          expect(search.data.candidates).toEqual({ totalCount: 0, edges: [] });

          // Searching by e-mail is reading it: whoever may not see e-mails cannot probe them either.
          const fragment = cand.cA.email.slice(4, cand.cA.email.indexOf('@'));
          const probe = await as(
            p,
            'query($s: String) { candidates(first: 10, filter: { search: $s }) { totalCount edges { node { id } } } }',
            { s: fragment },
          );
          expectNoErrors(probe);
          expect(probe.data.candidates).toEqual(
            spec.seesContact
              ? { totalCount: 1, edges: [{ node: { id: cand.cA.id } }] }
              : { totalCount: 0, edges: [] },
          );
        });
      }

      it('candidate(id) and its applications, down to their requisitions, by reach', async () => {
        const response = await as(
          p,
          `query($ab: ID!, $b: ID!) {
             ab: candidate(id: $ab) { id email phone applications { totalCount edges { node { id requisition { id } } } } }
             b: candidate(id: $b) { id } }`,
          { ab: cand.cAB.id, b: cand.cB.id },
        );
        expectNoErrors(response);
        const reach = candidateLevel(p);
        const edge = (a: { id: string }, r: CreatedRequisition) => ({
          node: { id: a.id, requisition: { id: r.id } },
        });
        const contact = spec.seesContact
          ? { email: cand.cAB.email, phone: PHONE }
          : { email: null, phone: null };
        expect(response.data).toEqual({
          ab:
            reach === 'none'
              ? null
              : {
                  id: cand.cAB.id,
                  ...contact,
                  applications:
                    reach === 'all'
                      ? { totalCount: 2, edges: [edge(app.appAB_B, req.B1), edge(app.appAB_A, req.A3)] }
                      : { totalCount: 1, edges: [edge(app.appAB_A, req.A3)] },
                },
          b: reach === 'all' ? { id: cand.cB.id } : null,
        });
      });

      it('application(id) with its candidate, requisition, stage and history, by reach', async () => {
        const fields = `id status requisition { id } candidate { id email phone } stage { name }
          transitions { totalCount edges { node { id toStage { name } } } }`;
        const response = await as(
          p,
          `query($a: ID!, $b: ID!) { a: application(id: $a) { ${fields} } b: application(id: $b) { ${fields} } }`,
          { a: app.appA.id, b: app.appB.id },
        );
        expectNoErrors(response);
        const reach = candidateLevel(p);
        const shape = (
          a: { id: string },
          r: CreatedRequisition,
          c: { id: string; email: string },
          moved: string,
        ) => ({
          id: a.id,
          status: 'ACTIVE',
          requisition: { id: r.id },
          candidate: {
            id: c.id,
            email: spec.seesContact ? c.email : null,
            phone: spec.seesContact ? PHONE : null,
          },
          stage: { name: 'Recruiter screen' },
          transitions: {
            totalCount: 2,
            edges: [
              { node: { id: moved, toStage: { name: 'Recruiter screen' } } },
              { node: { id: expect.any(String), toStage: { name: 'Applied' } } },
            ],
          },
        });
        expect(response.data).toEqual({
          a: reach === 'none' ? null : shape(app.appA, req.A3, cand.cA, transition.A),
          b: reach === 'all' ? shape(app.appB, req.B1, cand.cB, transition.B) : null,
        });
      });

      it("a requisition's applications and its stages' applications and counts, filtered by reach", async () => {
        const response = await as(
          p,
          `query($id: ID!) { requisition(id: $id) {
             applications(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage } }
             stages { name applicationCount applications { totalCount edges { node { id } } } } } }`,
          { id: req.A3.id },
        );
        expectNoErrors(response);
        if (requisitionLevel(p) === 'none') return expect(response.data).toEqual({ requisition: null });
        const readsApplications = candidateLevel(p) !== 'none';
        const stage = (name: string, ids: string[]) => ({
          name,
          applicationCount: readsApplications ? ids.length : 0,
          applications: {
            totalCount: readsApplications ? ids.length : 0,
            edges: readsApplications ? ids.map((id) => ({ node: { id } })) : [],
          },
        });
        expect(response.data.requisition).toEqual({
          applications: readsApplications
            ? { totalCount: 2, edges: [{ node: { id: app.appA.id } }], pageInfo: { hasNextPage: true } }
            : { totalCount: 0, edges: [], pageInfo: { hasNextPage: false } },
          stages: [
            stage('Applied', [app.appAB_A.id]),
            stage('Recruiter screen', [app.appA.id]),
            stage('Technical screen', []),
            stage('ML system design', []),
            stage('Onsite', []),
            stage('Offer', []),
            stage('Hired', []),
          ],
        });
      });

      it('node(id) and nodes(ids): B is null exactly like an id that names nothing', async () => {
        const stageOf = (r: CreatedRequisition) => r.stages.find((s) => s.name === 'Applied')!.id;
        const cases: [string, string, string, Level][] = [
          ['Requisition', req.A3.id, req.B1.id, requisitionLevel(p)],
          ['PipelineStage', stageOf(req.A3), stageOf(req.B1), requisitionLevel(p)],
          ['Candidate', cand.cA.id, cand.cB.id, candidateLevel(p)],
          ['Application', app.appA.id, app.appB.id, candidateLevel(p)],
          ['StageTransition', transition.A, transition.B, candidateLevel(p)],
        ];
        for (const [type, own, other, reach] of cases) {
          const response = await as(
            p,
            `query($own: ID!, $other: ID!, $missing: ID!, $ids: [ID!]!) {
               own: node(id: $own) { id __typename } other: node(id: $other) { id __typename }
               missing: node(id: $missing) { id } many: nodes(ids: $ids) { id } }`,
            { own, other, missing: missingId(type), ids: [own, other, missingId(type)] },
          );
          expectNoErrors(response);
          const ownNode = reach === 'none' ? null : { id: own, __typename: type };
          const otherNode = reach === 'all' ? { id: other, __typename: type } : null;
          expect({ type, ...response.data }).toEqual({
            type,
            own: ownNode,
            other: otherNode,
            missing: null,
            many: [ownNode && { id: own }, otherNode && { id: other }, null],
          });
        }
      });

      it('skills: the taxonomy is readable by any authenticated caller', async () => {
        const response = await as(p, '{ skills(search: "pytorch") { name category } }');
        expectNoErrors(response);
        expect(response.data.skills).toEqual([{ name: 'PyTorch', category: 'DEEP_LEARNING' }]);
      });

      it.each([
        ['users', '{ users(first: 100) { totalCount edges { node { id email role } } } }'],
        ['apiKeys', '{ apiKeys { id name scopes } }'],
        ['auditEntries', '{ auditEntries(first: 5) { totalCount edges { node { id action } } } }'],
      ])(`%s: ${spec.can.administer === 'all' ? 'allowed' : 'FORBIDDEN'}`, async (field, document) => {
        const response = await as(p, document);
        if (spec.can.administer === 'none') return expectForbidden(response, field);
        expectNoErrors(response);
        if (field === 'users') {
          expect(response.data.users.totalCount).toBe(await countRows(t, 'app_user'));
          expect(response.data.users.edges.map((e: any) => e.node.id)).toEqual(
            expect.arrayContaining(USER_NAMES.map((n) => users[n].id)),
          );
        } else if (field === 'apiKeys') {
          expect(response.data.apiKeys.map((k: any) => k.id)).toEqual(
            expect.arrayContaining(KEY_NAMES.map((n) => keyIds[n])),
          );
        } else {
          expect(response.data.auditEntries.totalCount).toBe(await countRows(t, 'audit_entry'));
        }
      });
    });

    it('a hiring manager with no team sees empty lists, not FORBIDDEN, and nothing by id', async () => {
      const loner = await t.userWithRole('HIRING_MANAGER');
      const response = await t.gqlAs(
        loner.token,
        `query($a: ID!, $c: ID!) { requisitions { totalCount edges { node { id } } }
           candidates { totalCount edges { node { id } } } requisition(id: $a) { id } candidate(id: $c) { id } }`,
        { a: req.A3.id, c: cand.cA.id },
      );
      expectNoErrors(response);
      expect(response.data).toEqual({
        requisitions: { totalCount: 0, edges: [] },
        candidates: { totalCount: 0, edges: [] },
        requisition: null,
        candidate: null,
      });
    });

    it("nested paths do not leak: a hiring manager reaching a shared candidate through A's application sees only A's side", async () => {
      const response = await as(
        'HIRING_MANAGER',
        `query($id: ID!) { application(id: $id) { candidate { applications { totalCount edges { node { id requisition { id title } } } } } } }`,
        { id: app.appAB_A.id },
      );
      expectNoErrors(response);
      expect(response.data.application.candidate.applications).toEqual({
        totalCount: 1,
        edges: [{ node: { id: app.appAB_A.id, requisition: { id: req.A3.id, title: expect.any(String) } } }],
      });
    });

    it("a hiring manager cannot reach B's applications through A's applications filtered by B's stage", async () => {
      const bStage = req.B1.stages.find((s) => s.name === 'Recruiter screen')!.id;
      const response = await as(
        'HIRING_MANAGER',
        `query($id: ID!, $stage: ID!) { requisition(id: $id) { applications(stageId: $stage) { totalCount edges { node { id } } } } }`,
        { id: req.A3.id, stage: bStage },
      );
      expectNoErrors(response);
      expect(response.data.requisition.applications).toEqual({ totalCount: 0, edges: [] });
    });
  });

  describe('mutations', () => {
    // A hiring manager and an interviewer on the hiring team of every "own" requisition made below.
    let hm: TestUser;
    let interviewer: TestUser;

    beforeAll(async () => {
      hm = { ...users.HIRING_MANAGER };
      interviewer = { ...users.INTERVIEWER };
    });

    const requisitionFor = async (scope: Scope, open = true): Promise<CreatedRequisition> => {
      const requisition = await createRequisition(t, {}, { open });
      if (scope === 'own') {
        await addMember(requisition.id, hm.id, 'HIRING_MANAGER');
        await addMember(requisition.id, interviewer.id, 'INTERVIEWER');
      }
      return requisition;
    };
    const stageNamed = (r: CreatedRequisition, name: string) => r.stages.find((s) => s.name === name)!.id;
    const applicationOn = async (r: CreatedRequisition) =>
      createApplication(t, (await createCandidate(t)).id, r.id);
    const row = async (sql: string, params: unknown[]) => (await t.sql(sql, params))[0];

    interface Prepared {
      input: Record<string, unknown>;
      /** The same input with the record beyond reach replaced by one that does not exist. */
      missing?: Record<string, unknown>;
      /** Checks the payload of an allowed call and what it wrote. */
      verify(payload: any): Promise<void>;
    }

    interface MutationCase {
      title: string;
      mutation: string;
      inputType: string;
      select: string;
      permission: Permission;
      /** Acts on one requisition's records: a hiring manager's reach depends on whose it is. */
      scoped: boolean;
      prepare(scope: Scope): Promise<Prepared>;
    }

    const CASES: MutationCase[] = [
      {
        title: 'createRequisition',
        mutation: 'createRequisition',
        inputType: 'CreateRequisitionInput',
        select: 'requisition { id title status }',
        permission: 'requisitions:create',
        scoped: false,
        async prepare() {
          const title = `Staff ML engineer ${unique()}`;
          return {
            input: { title, level: 'STAFF', workplaceType: 'REMOTE' },
            async verify(payload) {
              expect(payload).toEqual({
                requisition: { id: expect.any(String), title, status: 'DRAFT' },
                userErrors: [],
              });
              expect(await countRows(t, 'requisition', 'title = $1', [title])).toBe(1);
            },
          };
        },
      },
      {
        title: 'updateRequisition',
        mutation: 'updateRequisition',
        inputType: 'UpdateRequisitionInput',
        select: 'requisition { id title }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const title = `Senior ML engineer ${unique()}`;
          return {
            input: { id: r.id, title },
            missing: { id: missingId('Requisition'), title },
            async verify(payload) {
              expect(payload).toEqual({ requisition: { id: r.id, title }, userErrors: [] });
              expect(
                await row('SELECT title, version FROM requisition WHERE id = $1', [databaseId(r.id)]),
              ).toEqual({
                title,
                version: r.version + 1,
              });
            },
          };
        },
      },
      ...(
        [
          ['openRequisition', false, 'OPEN'],
          ['holdRequisition', true, 'ON_HOLD'],
          ['closeRequisition', true, 'CLOSED'],
        ] as const
      ).map(([mutation, open, status]): MutationCase => ({
        title: mutation,
        mutation,
        inputType: 'RequisitionStatusInput',
        select: 'requisition { id status }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope, open);
          return {
            input: { id: r.id },
            missing: { id: missingId('Requisition') },
            async verify(payload) {
              expect(payload).toEqual({ requisition: { id: r.id, status }, userErrors: [] });
              expect(await row('SELECT status FROM requisition WHERE id = $1', [databaseId(r.id)])).toEqual({
                status,
              });
            },
          };
        },
      })),
      {
        title: 'addPipelineStage',
        mutation: 'addPipelineStage',
        inputType: 'AddPipelineStageInput',
        select: 'stage { name kind position }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const input = { name: 'Take-home', kind: 'TAKE_HOME' };
          return {
            input: { ...input, requisitionId: r.id },
            missing: { ...input, requisitionId: missingId('Requisition') },
            async verify(payload) {
              expect(payload).toEqual({
                stage: { name: 'Take-home', kind: 'TAKE_HOME', position: 6 },
                userErrors: [],
              });
              expect(
                await countRows(t, 'pipeline_stage', 'requisition_id = $1 AND name = $2', [
                  databaseId(r.id),
                  'Take-home',
                ]),
              ).toBe(1);
            },
          };
        },
      },
      {
        title: 'updatePipelineStage',
        mutation: 'updatePipelineStage',
        inputType: 'UpdatePipelineStageInput',
        select: 'stage { id name }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const id = stageNamed(r, 'ML system design');
          return {
            input: { id, name: 'ML design review' },
            missing: { id: missingId('PipelineStage'), name: 'ML design review' },
            async verify(payload) {
              expect(payload).toEqual({ stage: { id, name: 'ML design review' }, userErrors: [] });
              expect(await row('SELECT name FROM pipeline_stage WHERE id = $1', [databaseId(id)])).toEqual({
                name: 'ML design review',
              });
            },
          };
        },
      },
      {
        title: 'reorderPipelineStages',
        mutation: 'reorderPipelineStages',
        inputType: 'ReorderPipelineStagesInput',
        select: 'stages { id position }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const ids = r.stages.map((s) => s.id);
          [ids[1], ids[2]] = [ids[2], ids[1]];
          return {
            input: { requisitionId: r.id, stageIds: ids },
            missing: { requisitionId: missingId('Requisition'), stageIds: ids },
            async verify(payload) {
              expect(payload).toEqual({
                stages: ids.map((id, position) => ({ id, position })),
                userErrors: [],
              });
              const stored = await t.sql(
                'SELECT id FROM pipeline_stage WHERE requisition_id = $1 AND removed_at IS NULL ORDER BY position',
                [databaseId(r.id)],
              );
              expect(stored.map((s: { id: string }) => s.id)).toEqual(ids.map(databaseId));
            },
          };
        },
      },
      {
        title: 'removePipelineStage',
        mutation: 'removePipelineStage',
        inputType: 'RemovePipelineStageInput',
        select: 'removedStageId',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const id = stageNamed(r, 'ML system design');
          return {
            input: { id },
            missing: { id: missingId('PipelineStage') },
            async verify(payload) {
              expect(payload).toEqual({ removedStageId: id, userErrors: [] });
              expect(
                await countRows(t, 'pipeline_stage', 'id = $1 AND removed_at IS NOT NULL', [databaseId(id)]),
              ).toBe(1);
            },
          };
        },
      },
      {
        title: 'addRequisitionMember',
        mutation: 'addRequisitionMember',
        inputType: 'AddRequisitionMemberInput',
        select: 'member { role user { id } }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const newcomer = await t.userWithRole('INTERVIEWER');
          return {
            input: { requisitionId: r.id, userId: newcomer.id, role: 'INTERVIEWER' },
            missing: { requisitionId: missingId('Requisition'), userId: newcomer.id, role: 'INTERVIEWER' },
            async verify(payload) {
              expect(payload).toEqual({
                member: { role: 'INTERVIEWER', user: { id: newcomer.id } },
                userErrors: [],
              });
              expect(
                await row('SELECT role FROM requisition_member WHERE requisition_id = $1 AND user_id = $2', [
                  databaseId(r.id),
                  databaseId(newcomer.id),
                ]),
              ).toEqual({ role: 'INTERVIEWER' });
            },
          };
        },
      },
      {
        title: 'removeRequisitionMember',
        mutation: 'removeRequisitionMember',
        inputType: 'RemoveRequisitionMemberInput',
        select: 'member { role }',
        permission: 'requisitions:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const member = await t.userWithRole('INTERVIEWER');
          await addMember(r.id, member.id, 'INTERVIEWER');
          return {
            input: { requisitionId: r.id, userId: member.id },
            missing: { requisitionId: missingId('Requisition'), userId: member.id },
            async verify(payload) {
              expect(payload).toEqual({ member: null, userErrors: [] });
              expect(
                await countRows(t, 'requisition_member', 'requisition_id = $1 AND user_id = $2', [
                  databaseId(r.id),
                  databaseId(member.id),
                ]),
              ).toBe(0);
            },
          };
        },
      },
      {
        title: 'createCandidate',
        mutation: 'createCandidate',
        inputType: 'CreateCandidateInput',
        select: 'candidate { id fullName }',
        permission: 'candidates:write',
        scoped: false,
        async prepare() {
          const email = `grace.${unique()}@example.com`;
          return {
            input: { fullName: 'Grace Hopper', email },
            async verify(payload) {
              expect(payload).toEqual({
                candidate: { id: expect.any(String), fullName: 'Grace Hopper' },
                userErrors: [],
              });
              expect(await countRows(t, 'candidate', 'email = $1', [email])).toBe(1);
            },
          };
        },
      },
      {
        title: 'updateCandidate (of an own requisition)',
        mutation: 'updateCandidate',
        inputType: 'UpdateCandidateInput',
        select: 'candidate { id headline }',
        permission: 'candidates:write',
        scoped: false,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const candidate = await createCandidate(t);
          await createApplication(t, candidate.id, r.id);
          return {
            input: { id: candidate.id, headline: 'Ranking and retrieval' },
            async verify(payload) {
              expect(payload).toEqual({
                candidate: { id: candidate.id, headline: 'Ranking and retrieval' },
                userErrors: [],
              });
              expect(
                await row('SELECT headline FROM candidate WHERE id = $1', [databaseId(candidate.id)]),
              ).toEqual({
                headline: 'Ranking and retrieval',
              });
            },
          };
        },
      },
      {
        title: 'createApplication (on an own requisition)',
        mutation: 'createApplication',
        inputType: 'CreateApplicationInput',
        select: 'application { id status }',
        permission: 'applications:create',
        scoped: false,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const candidate = await createCandidate(t);
          return {
            input: { candidateId: candidate.id, requisitionId: r.id },
            async verify(payload) {
              expect(payload).toEqual({
                application: { id: expect.any(String), status: 'ACTIVE' },
                userErrors: [],
              });
              expect(
                await countRows(t, 'application', 'candidate_id = $1 AND requisition_id = $2', [
                  databaseId(candidate.id),
                  databaseId(r.id),
                ]),
              ).toBe(1);
            },
          };
        },
      },
      {
        title: 'moveApplication',
        mutation: 'moveApplication',
        inputType: 'MoveApplicationInput',
        select: 'application { id status version } transition { sequence toStatus }',
        permission: 'applications:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const application = await applicationOn(r);
          const stageId = stageNamed(r, 'Technical screen');
          return {
            input: { id: application.id, stageId },
            missing: { id: missingId('Application'), stageId },
            async verify(payload) {
              expect(payload).toEqual({
                application: { id: application.id, status: 'ACTIVE', version: 2 },
                transition: { sequence: 2, toStatus: 'ACTIVE' },
                userErrors: [],
              });
              expect(
                await row('SELECT stage_id FROM application WHERE id = $1', [databaseId(application.id)]),
              ).toEqual({
                stage_id: databaseId(stageId),
              });
            },
          };
        },
      },
      {
        title: 'hire (moveApplication into HIRED)',
        mutation: 'moveApplication',
        inputType: 'MoveApplicationInput',
        select: 'application { id status } transition { toStatus }',
        permission: 'applications:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const application = await applicationOn(r);
          const stageId = stageNamed(r, 'Hired');
          return {
            input: { id: application.id, stageId },
            missing: { id: missingId('Application'), stageId },
            async verify(payload) {
              expect(payload).toEqual({
                application: { id: application.id, status: 'HIRED' },
                transition: { toStatus: 'HIRED' },
                userErrors: [],
              });
              expect(
                await row('SELECT hired_count, status FROM requisition WHERE id = $1', [databaseId(r.id)]),
              ).toEqual({
                hired_count: 1,
                status: 'FILLED',
              });
            },
          };
        },
      },
      ...(
        [
          ['rejectApplication', 'RejectApplicationInput', 'REJECTED', 'ACTIVE'],
          ['withdrawApplication', 'WithdrawApplicationInput', 'WITHDRAWN', 'ACTIVE'],
          ['reopenApplication', 'ReopenApplicationInput', 'ACTIVE', 'REJECTED'],
        ] as const
      ).map(([mutation, inputType, status, from]): MutationCase => ({
        title: mutation,
        mutation,
        inputType,
        select: 'application { id status } transition { fromStatus toStatus }',
        permission: 'applications:write',
        scoped: true,
        async prepare(scope) {
          const r = await requisitionFor(scope);
          const application = await applicationOn(r);
          if (from === 'REJECTED') {
            await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Not this time' });
          }
          const reason =
            mutation === 'rejectApplication' ? { reason: 'Insufficient production ML experience' } : {};
          return {
            input: { id: application.id, ...reason },
            missing: { id: missingId('Application'), ...reason },
            async verify(payload) {
              expect(payload).toEqual({
                application: { id: application.id, status },
                transition: { fromStatus: from, toStatus: status },
                userErrors: [],
              });
              expect(
                await row('SELECT status FROM application WHERE id = $1', [databaseId(application.id)]),
              ).toEqual({
                status,
              });
            },
          };
        },
      })),
      {
        title: 'createUser',
        mutation: 'createUser',
        inputType: 'CreateUserInput',
        select: 'user { email role active }',
        permission: 'administer',
        scoped: false,
        async prepare() {
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
        permission: 'administer',
        scoped: false,
        async prepare() {
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
        permission: 'administer',
        scoped: false,
        async prepare() {
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
        permission: 'administer',
        scoped: false,
        async prepare() {
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
        permission: 'administer',
        scoped: false,
        async prepare() {
          const created = await t.ok<{ createApiKey: { apiKey: { id: string } } }>(
            `mutation { createApiKey(input: { name: "to revoke", scopes: ["requisitions:read"] }) { apiKey { id } userErrors { code } } }`,
          );
          const id = created.createApiKey.apiKey.id;
          return {
            input: { id },
            async verify(payload) {
              expect(payload).toEqual({ apiKey: { id, revokedAt: expect.any(String) }, userErrors: [] });
              expect(
                await countRows(t, 'api_key', 'id = $1 AND revoked_at IS NOT NULL', [databaseId(id)]),
              ).toBe(1);
            },
          };
        },
      },
    ];

    it('covers every mutation of the schema', async () => {
      const response = await t.gql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
        '{ __schema { mutationType { fields { name } } } }',
      );
      const inSchema = response.data.__schema.mutationType.fields
        .map((f) => f.name)
        .filter((name) => !COVERED_ELSEWHERE.mutations.includes(name))
        .sort();
      expect([...new Set(CASES.map((c) => c.mutation))].sort()).toEqual(inSchema);
    });

    const outcome = (p: PrincipalName, c: MutationCase, scope: Scope) => {
      const reach = PRINCIPALS[p].can[c.permission];
      if (reach === 'none') return 'FORBIDDEN' as const;
      return reach === 'all' || scope === 'own' ? ('allowed' as const) : ('NOT_FOUND' as const);
    };

    describe.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
      const rows = NAMES.flatMap((p) =>
        (c.scoped ? (['own', 'other'] as const) : (['own'] as const)).map(
          (scope) => [p, scope, outcome(p, c, scope)] as const,
        ),
      );
      it.each(rows)('by %s on the %s requisition → %s', async (p, scope, expected) => {
        const prepared = await c.prepare(scope);
        const document = `mutation($input: ${c.inputType}!) { ${c.mutation}(input: $input) { ${c.select} userErrors { code field message } } }`;
        const before = await writeCounts(t);
        const state = await mutableState(t);
        const response = await t.gqlAs(credential[p], document, { input: prepared.input });
        if (expected === 'allowed') {
          expectNoErrors(response);
          await prepared.verify(response.data[c.mutation]);
          return;
        }
        if (expected === 'FORBIDDEN') {
          expectForbidden(response, c.mutation);
        } else {
          // Beyond reach answers exactly as a record that does not exist.
          expectNoErrors(response);
          const payload = response.data[c.mutation];
          expect(payload.userErrors).toEqual([
            { code: 'NOT_FOUND', field: expect.any(Array), message: expect.stringMatching(/not found/) },
          ]);
          const missing = await t.gqlAs(credential[p], document, { input: prepared.missing });
          expectNoErrors(missing);
          expect(payload).toEqual(missing.data[c.mutation]);
        }
        expect(await writeCounts(t)).toEqual(before);
        expect(await mutableState(t)).toEqual(state);
      });
    });

    it("a hiring manager cannot add themselves to another team's requisition", async () => {
      const other = await requisitionFor('other');
      const before = await writeCounts(t);
      const response = await t.gqlAs(
        hm.token,
        `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code field } } }`,
        { input: { requisitionId: other.id, userId: hm.id, role: 'HIRING_MANAGER' } },
      );
      expectNoErrors(response);
      expect(response.data.addRequisitionMember).toEqual({
        member: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['input', 'requisitionId'] }],
      });
      expect(await writeCounts(t)).toEqual(before);
    });

    it("a hiring manager naming another requisition's stage in a move gets NOT_FOUND, as for a stage that does not exist", async () => {
      const own = await requisitionFor('own');
      const other = await requisitionFor('other');
      const application = await applicationOn(own);
      const document = `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { id } userErrors { code field message } } }`;
      const before = await writeCounts(t);
      const foreign = await t.gqlAs(hm.token, document, {
        input: { id: application.id, stageId: stageNamed(other, 'Offer') },
      });
      const missing = await t.gqlAs(hm.token, document, {
        input: { id: application.id, stageId: missingId('PipelineStage') },
      });
      expectNoErrors(foreign);
      expect(missing.data.moveApplication.userErrors[0].code).toBe('NOT_FOUND');
      expect(foreign.data).toEqual(missing.data);
      expect(await writeCounts(t)).toEqual(before);
    });

    it("a hiring manager naming another requisition's stage as a removal's target gets NOT_FOUND, as for a stage that does not exist", async () => {
      const own = await requisitionFor('own');
      const other = await requisitionFor('other');
      await applicationOn(own);
      const document = `mutation($input: RemovePipelineStageInput!) { removePipelineStage(input: $input) { removedStageId userErrors { code field message } } }`;
      const before = await writeCounts(t);
      const foreign = await t.gqlAs(hm.token, document, {
        input: { id: stageNamed(own, 'Applied'), moveApplicationsToStageId: stageNamed(other, 'Onsite') },
      });
      const missing = await t.gqlAs(hm.token, document, {
        input: { id: stageNamed(own, 'Applied'), moveApplicationsToStageId: missingId('PipelineStage') },
      });
      expectNoErrors(foreign);
      expect(missing.data.removePipelineStage.userErrors[0].code).toBe('NOT_FOUND');
      expect(foreign.data).toEqual(missing.data);
      expect(await writeCounts(t)).toEqual(before);
    });

    it("an interviewer's read-only view of their requisition: move and reject are FORBIDDEN", async () => {
      const own = await requisitionFor('own');
      const application = await applicationOn(own);
      const readable = await t.gqlAs(
        interviewer.token,
        `query($id: ID!) { application(id: $id) { id status } }`,
        {
          id: application.id,
        },
      );
      expect(readable.data.application).toEqual({ id: application.id, status: 'ACTIVE' });
      const before = await writeCounts(t);
      const move = await t.gqlAs(
        interviewer.token,
        `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { id } userErrors { code } } }`,
        { input: { id: application.id, stageId: stageNamed(own, 'Onsite') } },
      );
      expectForbidden(move, 'moveApplication');
      const reject = await t.gqlAs(
        interviewer.token,
        `mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { application { id } userErrors { code } } }`,
        { input: { id: application.id, reason: 'No' } },
      );
      expectForbidden(reject, 'rejectApplication');
      expect(await writeCounts(t)).toEqual(before);
    });

    it("write-only keys reading their own payload's related records get FORBIDDEN there, not an internal error", async () => {
      const r = await requisitionFor('other');
      const application = await applicationOn(r);
      const moved = await t.gqlAs(
        credential.KEY_APPLICATIONS_WRITE,
        `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) {
           application { id status stage { name } } transition { toStatus fromStage { name } toStage { name } application { id } } userErrors { code } } }`,
        { input: { id: application.id, stageId: stageNamed(r, 'Onsite') } },
      );
      expect(moved.data).toEqual({
        moveApplication: { application: null, transition: null, userErrors: [] },
      });
      // Once a non-null child fails, GraphQL nulls its parent and may drop its siblings' errors: every error that
      // is reported must be FORBIDDEN on one of these paths, and the first one always is.
      const paths = [
        'moveApplication.application.stage',
        'moveApplication.transition.application',
        'moveApplication.transition.fromStage',
        'moveApplication.transition.toStage',
      ];
      const reported = moved.errors!.map((e) => [e.path?.join('.'), e.extensions?.code]);
      expect(reported).toContainEqual(['moveApplication.application.stage', 'FORBIDDEN']);
      for (const [path, code] of reported) {
        expect(paths).toContain(path);
        expect(code).toBe('FORBIDDEN');
      }
      // The move itself was allowed and happened.
      expect(
        await row('SELECT stage_id FROM application WHERE id = $1', [databaseId(application.id)]),
      ).toEqual({
        stage_id: databaseId(stageNamed(r, 'Onsite')),
      });

      const added = await t.gqlAs(
        credential.KEY_REQUISITIONS_WRITE,
        `mutation($input: AddPipelineStageInput!) { addPipelineStage(input: $input) {
           stage { name requisition { id } } requisition { id } userErrors { code } } }`,
        { input: { requisitionId: r.id, name: 'Take-home', kind: 'TAKE_HOME' } },
      );
      expect(added.data).toEqual({
        addPipelineStage: { stage: null, requisition: { id: r.id }, userErrors: [] },
      });
      expect(added.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
        ['addPipelineStage.stage.requisition', 'FORBIDDEN'],
      ]);
    });
  });
});
