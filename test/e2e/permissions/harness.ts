import { randomUUID } from 'node:crypto';
import { makeGlobalId } from '../../factories';
import { createTestApp, GraphQLResponse, TestApp } from '../../support/test-app';
import {
  KEY_NAMES,
  Level,
  levelOf,
  Outcome,
  outcomeOf,
  PRINCIPAL_NAMES,
  PrincipalName,
  Right,
  roleOf,
  Scope,
  scopesOf,
  USER_NAMES,
} from './matrix';

/** One Nest application per spec file, with a credential for every principal of the matrix. */
export interface Matrix {
  t: TestApp;
  credential: Record<PrincipalName, string>;
  /** Global ids of the principals' users. */
  userId: Partial<Record<PrincipalName, string>>;
  /** Global ids of the principals' keys. */
  keyId: Partial<Record<PrincipalName, string>>;
}

/** Boots the app and the principals before the file's tests, closes it after; the fields are set in beforeAll. */
export function setUpMatrix(): Matrix {
  const m = { credential: {}, userId: {}, keyId: {} } as Matrix;
  beforeAll(async () => {
    // The matrix makes thousands of requests as the administrator; the rate limit has its own test.
    m.t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    const t = m.t;
    const admin = await t.ok<{ viewer: { id: string } }>('{ viewer { id } }');
    m.credential.ADMIN = t.adminToken;
    m.userId.ADMIN = admin.viewer.id;
    await Promise.all([
      ...USER_NAMES.filter((p) => p !== 'ADMIN').map(async (p) => {
        const user = await t.userWithRole(roleOf(p)!);
        m.credential[p] = user.token;
        m.userId[p] = user.id;
      }),
      ...KEY_NAMES.map(async (p) => {
        const data = await t.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }`,
          { input: { name: `matrix ${p}`, scopes: scopesOf(p) } },
        );
        m.credential[p] = data.createApiKey.secret;
        m.keyId[p] = data.createApiKey.apiKey.id;
      }),
    ]);
  });
  afterAll(() => m.t?.close());
  return m;
}

export function expectForbidden(response: GraphQLResponse, field: string): void {
  expect(response.status).toBe(200);
  expect(response.data).toBeNull();
  expect(response.errors?.map((e) => ({ code: e.extensions?.code, path: e.path }))).toEqual([
    { code: 'FORBIDDEN', path: [field] },
  ]);
}

export function expectNoErrors(response: GraphQLResponse): void {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  expect(response.status).toBe(200);
}

/** Every table a mutation writes: their row counts prove a refused mutation inserted and deleted nothing. */
const WRITTEN_TABLES = [
  'requisition',
  'requisition_skill',
  'pipeline_stage',
  'candidate',
  'candidate_skill',
  'application',
  'stage_transition',
  'event',
  'skill',
  'requisition_member',
  'app_user',
  'api_key',
  'audit_entry',
  'note',
  'note_mention',
  'interview',
  'interview_interviewer',
  'scorecard',
  'scorecard_rating',
  'calendar_feed',
  'rejection_reason',
  'offer',
  'offer_approval',
];

/** The rows mutations change in place: per table, the columns any of them writes, and an order. */
const CHANGED_IN_PLACE: Record<string, [columns: string, order: string]> = {
  requisition: ['id, version, status, title, hired_count', 'id'],
  pipeline_stage: ['id, name, kind, position, removed_at', 'id'],
  application: ['id, version, status, stage_id', 'id'],
  candidate: ['id, version, headline', 'id'],
  app_user: ['id, version, name, role, active', 'id'],
  api_key: ['id, revoked_at', 'id'],
  requisition_member: ['requisition_id, user_id, role', 'requisition_id, user_id'],
  note: ['id, version, body', 'id'],
  interview: ['id, version, status, starts_at, ends_at', 'id'],
  scorecard: ['id, version, status, overall_recommendation', 'id'],
  calendar_feed: ['user_id, token_hash', 'user_id'],
  rejection_reason: ['id, version, name, active', 'id'],
  offer: ['id, version, status', 'id'],
  offer_approval: ['offer_id, position, decision', 'offer_id, position'],
};

/**
 * Row counts of the written tables, and a digest of every row of those changed in place (a difference names the
 * table), read in one statement: the tables hold every suite's rows, so the rows themselves stay in the database.
 */
export interface Snapshot {
  counts: Record<string, number>;
  digests: Record<string, string>;
}

export async function snapshot(t: TestApp): Promise<Snapshot> {
  const counts = WRITTEN_TABLES.map((table) => `'${table}', (SELECT count(*) FROM ${table})`);
  const digests = Object.entries(CHANGED_IN_PLACE).map(
    ([table, [columns, order]]) =>
      `'${table}', (SELECT md5(coalesce(json_agg(r ORDER BY ${order})::text, '')) FROM (SELECT ${columns} FROM ${table}) r)`,
  );
  const [row] = await t.sql<Snapshot>(
    `SELECT json_build_object(${counts.join(', ')}) AS counts, json_build_object(${digests.join(', ')}) AS digests`,
  );
  return row;
}

export async function expectUnchanged(t: TestApp, before: Snapshot): Promise<void> {
  const after = await snapshot(t);
  expect(after.counts).toEqual(before.counts);
  expect(after.digests).toEqual(before.digests);
}

/** What a query row's check gets. */
export interface QueryCall<W> {
  p: PrincipalName;
  reach: Level;
  world: W;
  /** The variables the row's document was sent with. */
  variables: Record<string, unknown> | undefined;
  t: TestApp;
  /** Another request as the same caller (pages, follow-ups). */
  as: <T = any>(document: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<T>>;
}

export interface QueryRow<W> {
  /** The schema's top-level query fields this row covers. */
  fields: readonly string[];
  title: string | ((p: PrincipalName) => string);
  /** How much of what the row reads the caller reaches (matrix.ts). */
  reach(p: PrincipalName): Level;
  /** Without reach: a top-level FORBIDDEN (lists, admin lists). Otherwise `check` sees the nulls (by id). */
  forbiddenWithoutReach: boolean;
  /** Only for these callers (default: every principal). */
  only?(p: PrincipalName): boolean;
  document: string;
  variables?(world: W): Record<string, unknown>;
  /** Checks the data of an answer without errors. */
  check(data: any, call: QueryCall<W>): void | Promise<void>;
}

/** What query rows run on: fixtures, and the credentials that replace the principals' own (team members). */
export interface QueryWorld {
  credential?: Partial<Record<PrincipalName, string>>;
}

/** One test per principal and row: `as <principal> › <row> → <what they get>`. */
export function runQueryRows<W extends QueryWorld>(
  m: Matrix,
  world: () => W,
  rows: readonly QueryRow<W>[],
): void {
  describe.each(PRINCIPAL_NAMES)('as %s', (p) => {
    for (const row of rows.filter((r) => !r.only || r.only(p))) {
      const reach = row.reach(p);
      const forbidden = reach === 'none' && row.forbiddenWithoutReach;
      const title = typeof row.title === 'function' ? row.title(p) : row.title;
      it(`${title} → ${forbidden ? 'FORBIDDEN' : reach}`, async () => {
        const w = world();
        const credential = w.credential?.[p] ?? m.credential[p];
        const as = <T>(document: string, variables?: Record<string, unknown>) =>
          m.t.gqlAs<T>(credential, document, variables);
        const variables = row.variables?.(w);
        const response = await as<any>(row.document, variables);
        if (forbidden) return expectForbidden(response, row.fields[0]);
        expectNoErrors(response);
        await row.check(response.data, { p, reach, world: w, variables, t: m.t, as });
      });
    }
  });
}

export interface Prepared {
  input: Record<string, unknown>;
  /** The same input with the record beyond reach replaced by one that does not exist. */
  missing?: Record<string, unknown>;
  /** Checks the payload of an allowed call and what it wrote. */
  verify: (payload: any) => Promise<void>;
}

export interface MutationRow<K> {
  title: string;
  mutation: string;
  inputType: string;
  select: string;
  right: Right;
  /** Acts on one requisition's records: a hiring manager's reach depends on whose it is. */
  scoped: boolean;
  /**
   * Fresh records for one call (calls of a row are prepared concurrently, before the first one). `caller` is the
   * principal of an allowed call (records it must own, e.g. its own note); refused calls share one preparation
   * per scope and get null.
   */
  prepare(scope: Scope, kit: K, caller: PrincipalName | null): Promise<Prepared>;
}

/**
 * One test per row, principal and scope: allowed calls are verified with what they wrote; refused ones answer
 * FORBIDDEN, or NOT_FOUND exactly as for a record that does not exist, and write nothing at all.
 */
export function runMutationRows<K>(m: Matrix, kit: () => K, rows: readonly MutationRow<K>[]): void {
  describe.each(rows.map((row) => [row.title, row] as const))('%s', (_title, row) => {
    const document = `mutation($input: ${row.inputType}!) { ${row.mutation}(input: $input) { ${row.select} userErrors { code field message } } }`;
    const cases = PRINCIPAL_NAMES.flatMap((p) =>
      (row.scoped ? (['own', 'other'] as const) : (['own'] as const)).map(
        (scope) => [p, scope, outcomeOf(levelOf(p, row.right), scope)] as const,
      ),
    );
    // Each allowed call gets its own records; refused calls write nothing, so they share one set per scope.
    const preparationOf = (p: PrincipalName, scope: Scope, expected: Outcome) =>
      expected === 'ok' ? `${p} ${scope}` : `refused ${scope}`;
    const prepared = new Map<string, Prepared>();
    beforeAll(async () => {
      // All at once, and all before any call: a refused call's snapshot must see nothing else being written.
      const k = kit();
      const scopeOf = new Map(
        cases.map(([p, scope, expected]) => [
          preparationOf(p, scope, expected),
          { scope, caller: expected === 'ok' ? p : null },
        ]),
      );
      await Promise.all(
        [...scopeOf].map(async ([key, { scope, caller }]) =>
          prepared.set(key, await row.prepare(scope, k, caller)),
        ),
      );
    });
    const titled = cases.map(
      ([p, scope, expected]) =>
        [
          row.scoped ? `by ${p} on the ${scope} requisition → ${expected}` : `by ${p} → ${expected}`,
          p,
          scope,
          expected,
        ] as const,
    );
    it.each(titled)('%s', async (_title, p, scope, expected: Outcome) => {
      const t = m.t;
      const { input, missing, verify } = prepared.get(preparationOf(p, scope, expected))!;
      if (expected === 'ok') {
        const response = await t.gqlAs(m.credential[p], document, { input });
        expectNoErrors(response);
        await verify(response.data[row.mutation]);
        return;
      }
      const before = await snapshot(t);
      const response = await t.gqlAs(m.credential[p], document, { input });
      if (expected === 'forbidden') {
        expectForbidden(response, row.mutation);
      } else {
        // Beyond reach answers exactly as a record that does not exist.
        expectNoErrors(response);
        const payload = response.data[row.mutation];
        expect(payload.userErrors).toEqual([
          { code: 'NOT_FOUND', field: expect.any(Array), message: expect.stringMatching(/not found/) },
        ]);
        const absent = await t.gqlAs(m.credential[p], document, { input: missing });
        expectNoErrors(absent);
        expect(payload).toEqual(absent.data[row.mutation]);
      }
      await expectUnchanged(t, before);
    });
  });
}

/**
 * `node(id)` and `nodes(ids)` for one type: the record beyond reach is null exactly like an id that names nothing.
 */
export function nodeRow<W>(
  type: string,
  reach: (p: PrincipalName) => Level,
  ids: (world: W) => { own: string; other: string },
): QueryRow<W> {
  return {
    fields: ['node', 'nodes'],
    title: `node(id) and nodes(ids) of a ${type}: B is null exactly like an id that names nothing`,
    reach,
    forbiddenWithoutReach: false,
    document: `query($own: ID!, $other: ID!, $missing: ID!, $ids: [ID!]!) {
      own: node(id: $own) { id __typename } other: node(id: $other) { id __typename }
      missing: node(id: $missing) { id } many: nodes(ids: $ids) { id } }`,
    variables(world) {
      const { own, other } = ids(world);
      const missing = makeGlobalId(type, randomUUID());
      return { own, other, missing, ids: [own, other, makeGlobalId(type, randomUUID())] };
    },
    check(data, { reach: level, variables }) {
      const { own, other } = variables as { own: string; other: string };
      const ownNode = level === 'none' ? null : { id: own, __typename: type };
      const otherNode = level === 'all' ? { id: other, __typename: type } : null;
      expect(data).toEqual({
        own: ownNode,
        other: otherNode,
        missing: null,
        many: [ownNode && { id: own }, otherNode && { id: other }, null],
      });
    },
  };
}
