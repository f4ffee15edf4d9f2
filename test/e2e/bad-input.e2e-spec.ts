import { randomUUID } from 'node:crypto';
import {
  changeApplicationStatus,
  changeRequisitionStatus,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedApplication,
  CreatedCandidate,
  CreatedRequisition,
  databaseId,
  makeGlobalId,
  moveApplication,
  snapshotCounts,
  unique,
} from '../factories';
import { createTestApp, GraphQLResponse, TestApp } from '../support/test-app';

/**
 * The "bad input" table: every refusal answers clearly (user error with a code and a field path, or a
 * top-level 4xx error) and writes nothing. No response in this file may be a 500, an internal error or carry a
 * stack trace: every request goes through `gql`/`raw`, which check that.
 */

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
  existingId?: string | null;
}

const STACK_FRAME = /\bat [\w$.<>]+ \(?[^\s()]+\.(?:ts|js|mjs|cjs):\d+:\d+\)?/;

function expectNoLeak(status: number, body: unknown): void {
  expect(status).toBeLessThan(500);
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  expect(text).not.toMatch(/"stack(trace)?"\s*:/i);
  expect(text).not.toMatch(STACK_FRAME);
  expect(text).not.toMatch(/\\n\s+at /);
  expect(text).not.toContain('INTERNAL_SERVER_ERROR');
  expect(text).not.toMatch(
    /QueryFailedError|duplicate key value|violates (check|unique|foreign key) constraint/,
  );
}

const MUTATIONS: Record<string, [inputType: string, selection: string]> = {
  createRequisition: ['CreateRequisitionInput', 'requisition { id }'],
  updateRequisition: ['UpdateRequisitionInput', 'requisition { id }'],
  openRequisition: ['RequisitionStatusInput', 'requisition { id }'],
  holdRequisition: ['RequisitionStatusInput', 'requisition { id }'],
  closeRequisition: ['RequisitionStatusInput', 'requisition { id }'],
  addPipelineStage: ['AddPipelineStageInput', 'stage { id } requisition { id }'],
  reorderPipelineStages: ['ReorderPipelineStagesInput', 'stages { id } requisition { id }'],
  removePipelineStage: ['RemovePipelineStageInput', 'removedStageId requisition { id }'],
  createCandidate: ['CreateCandidateInput', 'candidate { id }'],
  updateCandidate: ['UpdateCandidateInput', 'candidate { id }'],
  createApplication: ['CreateApplicationInput', 'application { id }'],
  moveApplication: ['MoveApplicationInput', 'application { id } transition { id }'],
  rejectApplication: ['RejectApplicationInput', 'application { id } transition { id }'],
  reopenApplication: ['ReopenApplicationInput', 'application { id } transition { id }'],
  withdrawApplication: ['WithdrawApplicationInput', 'application { id } transition { id }'],
};

const codesAndFields = (errors: UserError[]) => errors.map((e) => ({ code: e.code, field: e.field }));

describe('bad input gets a clear answer and writes nothing', () => {
  let t: TestApp;

  const gql = async (query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> => {
    const response = await t.gql(query, variables);
    expectNoLeak(response.status, response.body);
    return response;
  };

  /** The stored row (all columns), to prove that a refused mutation did not touch it. */
  const row = async (table: string, globalId: string): Promise<unknown> => {
    const [found] = await t.sql<{ row: unknown }>(`SELECT to_jsonb(x) AS row FROM ${table} x WHERE id = $1`, [
      databaseId(globalId),
    ]);
    expect(found).toBeDefined();
    return found.row;
  };

  /** Runs a mutation that must be refused with user errors; checks that no table gained or lost a row. */
  const refused = async (name: string, input: Record<string, unknown>): Promise<UserError[]> => {
    const [inputType, selection] = MUTATIONS[name];
    const before = await snapshotCounts(t);
    const response = await gql(
      `mutation($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { code field message existingId } } }`,
      { input },
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    const payload = response.data[name] as Record<string, unknown> & { userErrors: UserError[] };
    for (const [key, value] of Object.entries(payload)) if (key !== 'userErrors') expect(value).toBeNull();
    expect(payload.userErrors.length).toBeGreaterThan(0);
    for (const error of payload.userErrors) expect(error.message).toMatch(/\S/);
    expect(await snapshotCounts(t)).toEqual(before);
    return payload.userErrors;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('invalid values: INVALID_INPUT user errors with a field path', () => {
    const salary = (overrides: Record<string, unknown>) => ({
      salaryRange: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR', ...overrides },
    });
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['salary min above max', salary({ min: 150001, max: 150000 }), ['input', 'salaryRange', 'min']],
      ['negative salary', salary({ min: -1 }), ['input', 'salaryRange', 'min']],
      ['negative headcount', { headcount: -1 }, ['input', 'headcount']],
      ['zero headcount', { headcount: 0 }, ['input', 'headcount']],
      ['empty title', { title: '' }, ['input', 'title']],
      ['blank title', { title: '  \t  ' }, ['input', 'title']],
      ['201-character title', { title: 'x'.repeat(201) }, ['input', 'title']],
      ['title with a NUL character', { title: 'ML\u0000Engineer' }, ['input', 'title']],
      ['unknown currency code XYZ', salary({ currency: 'XYZ' }), ['input', 'salaryRange', 'currency']],
      ['malformed currency code usd1', salary({ currency: 'usd1' }), ['input', 'salaryRange', 'currency']],
      [
        'country that is not ISO 3166',
        { locations: [{ city: 'Paris', country: 'France' }] },
        ['input', 'locations', '0', 'country'],
      ],
      ['blank skill name', { skills: [{ name: '   ' }] }, ['input', 'skills', '0', 'name']],
      [
        'one skill named twice (after adding a new one)',
        { skills: [{ name: `Brand new skill ${unique()}` }, { name: 'torch' }, { name: 'PyTorch' }] },
        ['input', 'skills', '2', 'name'],
      ],
    ];

    it.each(cases)('createRequisition refuses %s', async (_label, overrides, field) => {
      const errors = await refused('createRequisition', {
        title: `Senior ML Engineer ${unique()}`,
        level: 'SENIOR',
        workplaceType: 'REMOTE',
        ...overrides,
      });
      expect(codesAndFields(errors)).toEqual([{ code: 'INVALID_INPUT', field }]);
    });

    describe('updateRequisition', () => {
      let requisition: CreatedRequisition;
      beforeAll(async () => {
        requisition = await createRequisition(t);
      });

      it.each(cases)('refuses %s and leaves the requisition as it was', async (_label, overrides, field) => {
        const before = await row('requisition', requisition.id);
        const skillsBefore = await t.sql(
          'SELECT * FROM requisition_skill WHERE requisition_id = $1 ORDER BY position',
          [databaseId(requisition.id)],
        );
        const errors = await refused('updateRequisition', {
          id: requisition.id,
          expectedVersion: requisition.version,
          ...overrides,
        });
        expect(codesAndFields(errors)).toEqual([{ code: 'INVALID_INPUT', field }]);
        expect(await row('requisition', requisition.id)).toEqual(before);
        expect(
          await t.sql('SELECT * FROM requisition_skill WHERE requisition_id = $1 ORDER BY position', [
            databaseId(requisition.id),
          ]),
        ).toEqual(skillsBefore);
      });

      it('refuses a null title (title may be omitted, not cleared)', async () => {
        const errors = await refused('updateRequisition', { id: requisition.id, title: null });
        // One error per failed constraint, all pointing at the title.
        expect(new Set(codesAndFields(errors).map((e) => JSON.stringify(e)))).toEqual(
          new Set([JSON.stringify({ code: 'INVALID_INPUT', field: ['input', 'title'] })]),
        );
      });
    });

    it('accepts a title of exactly 200 characters (the limit is inclusive)', async () => {
      const title = 'y'.repeat(200);
      const created = await createRequisition(t, { title }, { open: false });
      const [stored] = await t.sql<{ title: string }>('SELECT title FROM requisition WHERE id = $1', [
        databaseId(created.id),
      ]);
      expect(stored.title).toBe(title);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['malformed e-mail', { email: 'not-an-email' }, ['input', 'email']],
      ['blank full name', { fullName: '   ' }, ['input', 'fullName']],
      [
        'javascript: link',
        { links: [{ kind: 'GITHUB', url: 'javascript:alert(1)' }] },
        ['input', 'links', '0', 'url'],
      ],
      ['negative years of experience', { yearsOfExperience: -2 }, ['input', 'yearsOfExperience']],
      [
        'impossible certification date',
        { certifications: [{ name: 'GCP ML', issuedOn: '2023-02-30' }] },
        ['input', 'certifications', '0', 'issuedOn'],
      ],
      [
        'skill with a NUL character',
        { skills: [{ name: 'Py\u0000Torch' }] },
        ['input', 'skills', '0', 'name'],
      ],
    ])('createCandidate refuses a %s', async (_label, overrides, field) => {
      const errors = await refused('createCandidate', {
        fullName: `Grace Hopper ${unique()}`,
        email: `grace.${unique()}@example.com`,
        ...overrides,
      });
      expect(codesAndFields(errors)).toEqual([{ code: 'INVALID_INPUT', field }]);
    });

    it('rejectApplication refuses a blank reason and leaves the application ACTIVE', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const before = await row('application', application.id);
      for (const reason of ['', '   ']) {
        const errors = await refused('rejectApplication', { id: application.id, reason });
        expect(codesAndFields(errors)).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'reason'] }]);
      }
      expect(await row('application', application.id)).toEqual(before);
    });
  });

  describe('malformed GraphQL: a top-level error, HTTP 400, before any SQL', () => {
    const expectRejected = async (
      code: string,
      query: string,
      variables?: Record<string, unknown>,
    ): Promise<GraphQLResponse> => {
      const before = await snapshotCounts(t);
      const { result, statements } = await t.statements.measure(() => gql(query, variables));
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(result.errors!.map((e) => e.extensions?.code)).toEqual(result.errors!.map(() => code));
      expect(statements).toBe(0);
      expect(await snapshotCounts(t)).toEqual(before);
      return result;
    };

    const CREATE = `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { id } userErrors { code } } }`;
    const validInput = () => ({ title: `ML Engineer ${unique()}`, level: 'MID', workplaceType: 'REMOTE' });

    it('a GraphQL type error in the document (headcount: "three")', async () => {
      const result = await expectRejected(
        'GRAPHQL_VALIDATION_FAILED',
        `mutation { createRequisition(input: { title: "ML Engineer", level: MID, workplaceType: REMOTE, headcount: "three" }) { userErrors { code } } }`,
      );
      expect(result.errors![0].message).toContain('Int cannot represent non-integer value: "three"');
    });

    it('a GraphQL type error in the variables (headcount: "three")', async () => {
      const result = await expectRejected('BAD_USER_INPUT', CREATE, {
        input: { ...validInput(), headcount: 'three' },
      });
      expect(result.errors![0].message).toContain('input.headcount');
    });

    it('an enum value that does not exist', async () => {
      await expectRejected('BAD_USER_INPUT', CREATE, { input: { ...validInput(), level: 'GRANDMASTER' } });
    });

    it('a number too large for Int', async () => {
      await expectRejected(
        'GRAPHQL_VALIDATION_FAILED',
        `mutation { createRequisition(input: { title: "x", level: MID, workplaceType: REMOTE, headcount: 99999999999 }) { userErrors { code } } }`,
      );
    });

    it('an unknown input field in the document', async () => {
      const result = await expectRejected(
        'GRAPHQL_VALIDATION_FAILED',
        `mutation { createRequisition(input: { title: "x", level: MID, workplaceType: REMOTE, bonus: 5 }) { userErrors { code } } }`,
      );
      expect(result.errors![0].message).toContain('"bonus"');
    });

    it('an unknown input field in the variables', async () => {
      const result = await expectRejected('BAD_USER_INPUT', CREATE, { input: { ...validInput(), bonus: 5 } });
      expect(result.errors![0].message).toContain('"bonus"');
    });

    it('an unknown field in the selection', async () => {
      await expectRejected(
        'GRAPHQL_VALIDATION_FAILED',
        `{ requisitions(first: 1) { edges { node { id salary } } } }`,
      );
    });

    it('a required input field left out', async () => {
      await expectRejected('BAD_USER_INPUT', CREATE, { input: { title: 'x', level: 'MID' } });
    });

    it('a document that does not parse', async () => {
      await expectRejected('GRAPHQL_PARSE_FAILED', `{ requisitions(first: 1) { edges { node { id } }`);
    });

    describe('page sizes over 100 and first+last together, wherever they appear', () => {
      let requisition: CreatedRequisition;
      let candidate: CreatedCandidate;
      let application: CreatedApplication;
      beforeAll(async () => {
        requisition = await createRequisition(t);
        candidate = await createCandidate(t);
        application = await createApplication(t, candidate.id, requisition.id);
      });

      it.each<[string, string, Record<string, unknown>?]>([
        ['first: 1000 on requisitions', `{ requisitions(first: 1000) { edges { node { id } } } }`],
        [
          'first: 1000 on requisitions, as a variable',
          `query($n: Int) { requisitions(first: $n) { edges { node { id } } } }`,
          { n: 1000 },
        ],
        ['first: 101 on requisitions', `{ requisitions(first: 101) { edges { node { id } } } }`],
        ['last: 1000 on requisitions', `{ requisitions(last: 1000) { edges { node { id } } } }`],
        ['first: -1 on requisitions', `{ requisitions(first: -1) { edges { node { id } } } }`],
        ['first and last on requisitions', `{ requisitions(first: 1, last: 1) { edges { node { id } } } }`],
        [
          'first and last on requisitions, as variables',
          `query($f: Int, $l: Int) { requisitions(first: $f, last: $l) { edges { node { id } } } }`,
          { f: 5, l: 5 },
        ],
        ['first: 1000 on candidates', `{ candidates(first: 1000) { edges { node { id } } } }`],
        [
          "first: 500 on a requisition's applications",
          `query($id: ID!) { requisition(id: $id) { applications(first: 500) { totalCount } } }`,
        ],
        [
          "first: 500 on a requisition's applications, as a variable",
          `query($id: ID!, $n: Int) { requisition(id: $id) { applications(first: $n) { totalCount } } }`,
          { n: 500 },
        ],
        [
          "first and last on a stage's applications",
          `query($id: ID!) { requisition(id: $id) { stages { applications(first: 5, last: 5) { totalCount } } } }`,
        ],
        [
          'first: 500 inside a fragment',
          `query($id: ID!) { requisition(id: $id) { ...Board } } fragment Board on Requisition { applications(first: 500) { totalCount } }`,
        ],
        [
          'first: 500 inside an inline fragment on node',
          `query($id: ID!) { node(id: $id) { ... on Requisition { applications(first: 500) { totalCount } } } }`,
        ],
        [
          "last: 1000 on an application's transitions",
          `query($app: ID!) { application(id: $app) { transitions(last: 1000) { totalCount } } }`,
        ],
        [
          "first: 1000 on a candidate's applications",
          `query($cand: ID!) { candidate(id: $cand) { applications(first: 1000) { totalCount } } }`,
        ],
      ])('%s', async (_label, query, variables = {}) => {
        const vars: Record<string, unknown> = { ...variables };
        if (query.includes('$id')) vars.id = requisition.id;
        if (query.includes('$app')) vars.app = application.id;
        if (query.includes('$cand')) vars.cand = candidate.id;
        await expectRejected('BAD_USER_INPUT', query, vars);
      });

      it('first: 1000 in the selection of a mutation: refused before the mutation runs', async () => {
        const other = await createCandidate(t);
        await expectRejected(
          'BAD_USER_INPUT',
          `mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
             application { transitions(first: 1000) { totalCount } } userErrors { code } } }`,
          { input: { candidateId: other.id, requisitionId: requisition.id } },
        );
      });

      it('first: 100 is still accepted', async () => {
        const result = await gql(`{ requisitions(first: 100) { edges { node { id } } } }`);
        expect(result.status).toBe(200);
        expect(result.errors).toBeUndefined();
      });
    });
  });

  describe('ids that are malformed, unknown or of the wrong type', () => {
    let requisition: CreatedRequisition;
    let candidate: CreatedCandidate;
    let application: CreatedApplication;
    let stageId: string;
    const unknownRequisition = makeGlobalId('Requisition', randomUUID());
    const notAUuid = makeGlobalId('Requisition', 'not-a-uuid');
    const huge = 'A'.repeat(5000);

    beforeAll(async () => {
      requisition = await createRequisition(t);
      candidate = await createCandidate(t);
      application = await createApplication(t, candidate.id, requisition.id);
      stageId = requisition.stages[2].id;
    });

    it.each<[string, string, () => Record<string, unknown>, string[]]>([
      ['updateRequisition', 'a Candidate id', () => ({ id: candidate.id, title: 'x' }), ['input', 'id']],
      ['updateRequisition', 'an Application id', () => ({ id: application.id, title: 'x' }), ['input', 'id']],
      ['updateRequisition', '"garbage"', () => ({ id: 'garbage', title: 'x' }), ['input', 'id']],
      ['updateRequisition', 'an empty id', () => ({ id: '', title: 'x' }), ['input', 'id']],
      ['updateRequisition', 'a 5000-character id', () => ({ id: huge, title: 'x' }), ['input', 'id']],
      [
        'updateRequisition',
        'an id of a record that does not exist',
        () => ({ id: unknownRequisition, title: 'x' }),
        ['input', 'id'],
      ],
      [
        'updateRequisition',
        'a type-tagged id without a uuid',
        () => ({ id: notAUuid, title: 'x' }),
        ['input', 'id'],
      ],
      ['openRequisition', 'a Candidate id', () => ({ id: candidate.id }), ['input', 'id']],
      ['closeRequisition', '"garbage"', () => ({ id: 'garbage' }), ['input', 'id']],
      [
        'addPipelineStage',
        'a Candidate id',
        () => ({ requisitionId: candidate.id, name: 'Paper review' }),
        ['input', 'requisitionId'],
      ],
      [
        'reorderPipelineStages',
        '"garbage"',
        () => ({ requisitionId: 'garbage', stageIds: [stageId] }),
        ['input', 'requisitionId'],
      ],
      ['removePipelineStage', 'a Requisition id', () => ({ id: requisition.id }), ['input', 'id']],
      ['updateCandidate', 'a Requisition id', () => ({ id: requisition.id, headline: 'x' }), ['input', 'id']],
      ['updateCandidate', 'an empty id', () => ({ id: '', headline: 'x' }), ['input', 'id']],
      [
        'createApplication',
        'a Requisition id as candidate',
        () => ({ candidateId: requisition.id, requisitionId: requisition.id }),
        ['input', 'candidateId'],
      ],
      [
        'createApplication',
        'a Candidate id as requisition',
        () => ({ candidateId: candidate.id, requisitionId: candidate.id }),
        ['input', 'requisitionId'],
      ],
      [
        'createApplication',
        '"garbage" as candidate',
        () => ({ candidateId: 'garbage', requisitionId: requisition.id }),
        ['input', 'candidateId'],
      ],
      ['moveApplication', 'a Requisition id', () => ({ id: requisition.id, stageId }), ['input', 'id']],
      ['moveApplication', 'an empty id', () => ({ id: '', stageId }), ['input', 'id']],
      [
        'moveApplication',
        'a Candidate id as stage',
        () => ({ id: application.id, stageId: candidate.id }),
        ['input', 'stageId'],
      ],
      [
        'moveApplication',
        '"garbage" as stage',
        () => ({ id: application.id, stageId: 'garbage' }),
        ['input', 'stageId'],
      ],
      ['rejectApplication', 'a Candidate id', () => ({ id: candidate.id, reason: 'No' }), ['input', 'id']],
      ['reopenApplication', '"garbage"', () => ({ id: 'garbage' }), ['input', 'id']],
      ['withdrawApplication', 'a PipelineStage id', () => ({ id: stageId }), ['input', 'id']],
    ])('%s with %s: NOT_FOUND', async (mutation, _label, input, field) => {
      const before = await row('application', application.id);
      const requisitionBefore = await row('requisition', requisition.id);
      const errors = await refused(mutation, input());
      expect(codesAndFields(errors)).toEqual([{ code: 'NOT_FOUND', field }]);
      expect(await row('application', application.id)).toEqual(before);
      expect(await row('requisition', requisition.id)).toEqual(requisitionBefore);
    });

    it.each<[string, string, () => string]>([
      ['requisition', 'a Candidate id', () => candidate.id],
      ['requisition', '"garbage"', () => 'garbage'],
      ['requisition', 'an empty id', () => ''],
      ['requisition', 'an id of a record that does not exist', () => unknownRequisition],
      ['requisition', 'a type-tagged id without a uuid', () => notAUuid],
      ['requisition', 'a 5000-character id', () => huge],
      ['candidate', 'a Requisition id', () => requisition.id],
      ['candidate', '"garbage"', () => 'garbage'],
      ['application', 'a PipelineStage id', () => stageId],
      ['application', 'an empty id', () => ''],
      ['node', '"garbage"', () => 'garbage'],
      ['node', 'an empty id', () => ''],
      ['node', 'an id of a record that does not exist', () => unknownRequisition],
      ['node', 'an id of an unknown type', () => makeGlobalId('Invoice', randomUUID())],
    ])('query %s with %s answers null', async (field, _label, id) => {
      const result = await gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: id() });
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ [field]: null });
    });

    // Text no id can hold is refused at the edge like in any other argument, naming the argument.
    it.each<[string, string, () => string]>([
      ['requisition', 'a NUL character', () => `${requisition.id}\u0000`],
      ['node', 'a NUL character', () => 'Req\u0000uisition'],
      ['candidate', 'a lone surrogate', () => `${candidate.id}\ud800`],
    ])('query %s with an id holding %s is BAD_USER_INPUT on the id', async (field, _label, id) => {
      const result = await gql(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: id() });
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ [field]: null });
      expect(result.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'BAD_USER_INPUT',
            userErrors: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['id'] })],
          }),
        }),
      ]);
    });

    it('nodes answers null in place of each id that names nothing', async () => {
      const result = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
        ids: ['garbage', requisition.id, candidate.id.slice(0, -2), '', application.id],
      });
      expect(result.errors).toBeUndefined();
      expect(result.data.nodes).toEqual([null, { id: requisition.id }, null, null, { id: application.id }]);
    });
  });

  describe('business-rule refusals', () => {
    it.each([
      ['an older', -1],
      ['a newer', 1],
    ])('STALE_VERSION on updateRequisition with %s expectedVersion', async (_label, delta) => {
      const requisition = await createRequisition(t);
      const before = await row('requisition', requisition.id);
      const errors = await refused('updateRequisition', {
        id: requisition.id,
        expectedVersion: requisition.version + delta,
        title: 'Overwritten',
      });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STALE_VERSION', field: ['input', 'expectedVersion'] },
      ]);
      expect(await row('requisition', requisition.id)).toEqual(before);
    });

    it('STALE_VERSION on holdRequisition', async () => {
      const requisition = await createRequisition(t);
      const errors = await refused('holdRequisition', {
        id: requisition.id,
        expectedVersion: requisition.version - 1,
      });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STALE_VERSION', field: ['input', 'expectedVersion'] },
      ]);
    });

    it('STALE_VERSION on updateCandidate', async () => {
      const candidate = await createCandidate(t);
      const before = await row('candidate', candidate.id);
      const errors = await refused('updateCandidate', {
        id: candidate.id,
        expectedVersion: candidate.version + 1,
        headline: 'Changed',
      });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STALE_VERSION', field: ['input', 'expectedVersion'] },
      ]);
      expect(await row('candidate', candidate.id)).toEqual(before);
    });

    it('STALE_VERSION on moveApplication and rejectApplication after someone else moved it', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const first = await moveApplication(t, {
        id: application.id,
        stageId: requisition.stages[1].id,
        expectedVersion: application.version,
      });
      expect(first.userErrors).toEqual([]);
      expect(first.application.version).toBe(application.version + 1);
      const before = await row('application', application.id);

      const move = await refused('moveApplication', {
        id: application.id,
        stageId: requisition.stages[2].id,
        expectedVersion: application.version,
      });
      expect(codesAndFields(move)).toEqual([{ code: 'STALE_VERSION', field: ['input', 'expectedVersion'] }]);
      const reject = await refused('rejectApplication', {
        id: application.id,
        reason: 'Not a fit',
        expectedVersion: application.version,
      });
      expect(codesAndFields(reject)).toEqual([
        { code: 'STALE_VERSION', field: ['input', 'expectedVersion'] },
      ]);
      expect(await row('application', application.id)).toEqual(before);
    });

    it("STAGE_NOT_IN_REQUISITION when moving to another requisition's stage", async () => {
      const own = await createRequisition(t);
      const other = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, own.id);
      const before = await row('application', application.id);
      const errors = await refused('moveApplication', { id: application.id, stageId: other.stages[1].id });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STAGE_NOT_IN_REQUISITION', field: ['input', 'stageId'] },
      ]);
      expect(await row('application', application.id)).toEqual(before);
    });

    it('NOT_FOUND when moving to a stage that has been removed', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      await t.ok(
        `mutation($input: RemovePipelineStageInput!) { removePipelineStage(input: $input) { removedStageId userErrors { code } } }`,
        { input: { id: requisition.stages[3].id } },
      );
      const errors = await refused('moveApplication', {
        id: application.id,
        stageId: requisition.stages[3].id,
      });
      expect(codesAndFields(errors)).toEqual([{ code: 'NOT_FOUND', field: ['input', 'stageId'] }]);
    });

    it('APPLICATION_NOT_ACTIVE when moving, rejecting or withdrawing a rejected or withdrawn application', async () => {
      const requisition = await createRequisition(t);
      const rejected = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const withdrawn = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      expect(
        (await changeApplicationStatus(t, 'reject', { id: rejected.id, reason: 'Not a fit' })).userErrors,
      ).toEqual([]);
      expect((await changeApplicationStatus(t, 'withdraw', { id: withdrawn.id })).userErrors).toEqual([]);

      for (const application of [rejected, withdrawn]) {
        const before = await row('application', application.id);
        const attempts: [string, Record<string, unknown>][] = [
          ['moveApplication', { id: application.id, stageId: requisition.stages[1].id }],
          ['rejectApplication', { id: application.id, reason: 'Again' }],
          ['withdrawApplication', { id: application.id }],
        ];
        for (const [mutation, input] of attempts) {
          const errors = await refused(mutation, input);
          expect(codesAndFields(errors)).toEqual([
            { code: 'APPLICATION_NOT_ACTIVE', field: ['input', 'id'] },
          ]);
        }
        expect(await row('application', application.id)).toEqual(before);
      }
    });

    it.each<[string, ('hold' | 'close')[], boolean]>([
      ['DRAFT', [], false],
      ['ON_HOLD', ['hold'], true],
      ['CLOSED', ['close'], true],
    ])('REQUISITION_NOT_OPEN when applying to a %s requisition', async (status, actions, open) => {
      const requisition = await createRequisition(t, {}, { open });
      for (const action of actions) {
        expect((await changeRequisitionStatus(t, action, { id: requisition.id })).userErrors).toEqual([]);
      }
      const [stored] = await t.sql<{ status: string }>('SELECT status FROM requisition WHERE id = $1', [
        databaseId(requisition.id),
      ]);
      expect(stored.status).toBe(status);
      const candidate = await createCandidate(t);
      const errors = await refused('createApplication', {
        candidateId: candidate.id,
        requisitionId: requisition.id,
      });
      expect(codesAndFields(errors)).toEqual([
        { code: 'REQUISITION_NOT_OPEN', field: ['input', 'requisitionId'] },
      ]);
    });

    it('DUPLICATE_APPLICATION names the existing application', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const original = await createApplication(t, candidate.id, requisition.id);
      const errors = await refused('createApplication', {
        candidateId: candidate.id,
        requisitionId: requisition.id,
        source: { kind: 'REFERRAL', detail: 'A colleague' },
      });
      expect(errors).toEqual([
        {
          code: 'DUPLICATE_APPLICATION',
          field: ['input', 'candidateId'],
          message: expect.stringMatching(/\S/),
          existingId: original.id,
        },
      ]);
    });

    it('DUPLICATE_APPLICATION also for a rejected application of the same pair', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const original = await createApplication(t, candidate.id, requisition.id);
      await changeApplicationStatus(t, 'reject', { id: original.id, reason: 'Not now' });
      const errors = await refused('createApplication', {
        candidateId: candidate.id,
        requisitionId: requisition.id,
      });
      expect(errors.map((e) => [e.code, e.existingId])).toEqual([['DUPLICATE_APPLICATION', original.id]]);
    });

    it('DUPLICATE_CANDIDATE for the same e-mail in another case names the existing candidate', async () => {
      const email = `Yann.${unique()}@Example.com`;
      const original = await createCandidate(t, { email });
      for (const variant of [email.toUpperCase(), email.toLowerCase()]) {
        const errors = await refused('createCandidate', { fullName: 'Someone Else', email: variant });
        expect(errors).toEqual([
          {
            code: 'DUPLICATE_CANDIDATE',
            field: ['input', 'email'],
            message: expect.stringMatching(/\S/),
            existingId: original.id,
          },
        ]);
      }
    });

    it("DUPLICATE_CANDIDATE when changing a candidate's e-mail to another's", async () => {
      const first = await createCandidate(t);
      const second = await createCandidate(t);
      const before = await row('candidate', second.id);
      const errors = await refused('updateCandidate', { id: second.id, email: first.email.toUpperCase() });
      expect(errors.map((e) => [e.code, e.field, e.existingId])).toEqual([
        ['DUPLICATE_CANDIDATE', ['input', 'email'], first.id],
      ]);
      expect(await row('candidate', second.id)).toEqual(before);
    });

    it('STAGE_NOT_EMPTY when removing a stage that holds applications without naming a target', async () => {
      const requisition = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const stage = requisition.stages[0];
      expect(application.stage.id).toBe(stage.id);
      const requisitionBefore = await row('requisition', requisition.id);
      const stageBefore = await row('pipeline_stage', stage.id);
      const errors = await refused('removePipelineStage', { id: stage.id });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STAGE_NOT_EMPTY', field: ['input', 'moveApplicationsToStageId'] },
      ]);
      expect(await row('pipeline_stage', stage.id)).toEqual(stageBefore);
      expect(await row('requisition', requisition.id)).toEqual(requisitionBefore);
    });

    it('STAGE_NOT_EMPTY also when the only application in the stage is rejected (history points at it)', async () => {
      const requisition = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Not a fit' });
      const errors = await refused('removePipelineStage', { id: requisition.stages[0].id });
      expect(codesAndFields(errors)).toEqual([
        { code: 'STAGE_NOT_EMPTY', field: ['input', 'moveApplicationsToStageId'] },
      ]);
    });
  });

  describe('hostile values in queries', () => {
    it.each<[string, string, Record<string, unknown>]>([
      [
        'a cursor that is not one',
        `query($a: String) { requisitions(first: 2, after: $a) { edges { cursor } } }`,
        { a: 'garbage' },
      ],
      [
        'a cursor with an out-of-range timestamp',
        `query($a: String) { requisitions(first: 2, after: $a) { edges { cursor } } }`,
        { a: Buffer.from(JSON.stringify([1e300, randomUUID()])).toString('base64url') },
      ],
      [
        'a cursor with a fractional key',
        `query($a: String) { candidates(last: 2, before: $a) { edges { cursor } } }`,
        { a: Buffer.from(JSON.stringify([1.5, randomUUID()])).toString('base64url') },
      ],
      [
        'a cursor whose id only looks like a uuid',
        `query($a: String) { requisitions(first: 2, after: $a) { edges { cursor } } }`,
        { a: Buffer.from(JSON.stringify([Date.now(), '-'.repeat(36)])).toString('base64url') },
      ],
      [
        'a search with a NUL character',
        `query($s: String) { requisitions(filter: { search: $s }) { totalCount } }`,
        { s: 'ML\u0000' },
      ],
      [
        'a skill search with a NUL character',
        `query($s: String) { skills(search: $s) { name } }`,
        { s: 'torch\u0000' },
      ],
    ])('%s: BAD_USER_INPUT, not an internal error', async (_label, query, variables) => {
      const result = await gql(query, variables);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });

    it('a transition cursor with a key beyond the integer range', async () => {
      const requisition = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      const page = (key: number) =>
        gql(
          `query($id: ID!, $after: String) { application(id: $id) { transitions(first: 5, after: $after) { edges { cursor } } } }`,
          {
            id: application.id,
            after: Buffer.from(JSON.stringify([key, randomUUID()])).toString('base64url'),
          },
        );
      for (const key of [1.5, 1e300, -Infinity]) {
        const result = await page(key);
        expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      }
      // A large but whole key is a valid position: everything (the one "created" entry) comes after it.
      const beyond = await page(2 ** 40);
      expect(beyond.errors).toBeUndefined();
      expect(beyond.data.application.transitions.edges).toHaveLength(1);
    });
  });

  describe('HTTP-level refusals are problem details, never 500', () => {
    const raw = async (response: {
      status: number;
      body: unknown;
      text: string;
      headers: Record<string, string>;
    }) => {
      expectNoLeak(response.status, response.text);
      return response;
    };

    it('a request body over 1 MB: 413, and nothing is written', async () => {
      const before = await snapshotCounts(t);
      const body = JSON.stringify({
        query: `mutation($input: CreateRequisitionInput!) { createRequisition(input: $input) { requisition { id } userErrors { code } } }`,
        variables: {
          input: {
            title: 'Huge',
            level: 'MID',
            workplaceType: 'REMOTE',
            description: 'x'.repeat(1024 * 1024 + 1),
          },
        },
      });
      const response = await raw(
        await t.http.post('/graphql').set('content-type', 'application/json').send(body),
      );
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(await snapshotCounts(t)).toEqual(before);
    });

    it.each([
      ['truncated JSON', '{"query": "{ requisitions { totalCount } }"'],
      ['not JSON at all', 'query { requisitions { totalCount } }'],
      ['an empty body', ''],
    ])('malformed JSON (%s): 400 problem details', async (_label, body) => {
      const response = await raw(
        await t.http.post('/graphql').set('content-type', 'application/json').send(body),
      );
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'BAD_REQUEST', title: 'Bad Request' });
    });

    it.each([
      ['GET', '/no-such-route'],
      ['GET', '/v1/nothing/here'],
      ['POST', '/no-such-route'],
    ])('%s on an unknown route (%s): 404 problem details', async (method, path) => {
      const request = method === 'GET' ? t.http.get(path) : t.http.post(path).send({});
      const response = await raw(await request);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: path });
    });

    it('a JSON body that is not a GraphQL request: 400', async () => {
      for (const body of [
        '[1, 2]',
        '{"variables": {}}',
        '{"query": "{ __typename }", "variables": "x"}',
        '42',
      ]) {
        const response = await raw(
          await t.http.post('/graphql').set('content-type', 'application/json').send(body),
        );
        expect(response.status).toBe(400);
      }
    });
  });
});
