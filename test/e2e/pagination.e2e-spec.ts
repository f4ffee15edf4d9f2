import { randomUUID } from 'node:crypto';
import {
  createApplication,
  createCandidate,
  CreatedRequisition,
  createRequisition,
  unique,
} from '../factories';
import { globalIdOf, insertApplications, insertCandidates, MOVE_APPLICATION, rawId } from '../factories/bulk';
import { createTestApp, TestApp } from '../support/test-app';

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

interface Page<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
}

interface PageArgs {
  first?: number;
  after?: string;
  last?: number;
  before?: string;
}

type Fetch<N> = (args: PageArgs) => Promise<Page<N>>;

const PAGE_FIELDS = `totalCount edges { cursor node { id appliedAt status stage { id } } }
  pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

interface ApplicationNode {
  id: string;
  appliedAt: string;
  status: string;
  stage: { id: string };
}

/** Pages forwards with `first: size` until hasNextPage is false; returns every page in the order fetched. */
async function walkForward<N>(fetch: Fetch<N>, size: number): Promise<Page<N>[]> {
  const pages: Page<N>[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch({ first: size, after });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor!;
  }
  throw new Error('walkForward does not end');
}

/** Pages backwards with `last: size` until hasPreviousPage is false; returns every page in the order fetched. */
async function walkBackward<N>(fetch: Fetch<N>, size: number): Promise<Page<N>[]> {
  const pages: Page<N>[] = [];
  let before: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch({ last: size, before });
    pages.push(page);
    if (!page.pageInfo.hasPreviousPage) return pages;
    before = page.pageInfo.startCursor!;
  }
  throw new Error('walkBackward does not end');
}

/** Page sizes a list of `total` items splits into. */
function pageSizes(total: number, size: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes;
}

/** Start/end cursors always name the first and last edge of the page. */
function expectCursorsMatchEdges(page: Page<unknown>): void {
  expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
}

/** Checks a forward walk: sizes, pageInfo on first/middle/last pages, totalCount on every page. */
function expectForwardWalk(pages: Page<unknown>[], total: number, size: number): void {
  expect(pages.map((p) => p.edges.length)).toEqual(pageSizes(total, size));
  pages.forEach((page, i) => {
    expect(page.totalCount).toBe(total);
    expect(page.pageInfo.hasNextPage).toBe(i < pages.length - 1);
    expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
    expectCursorsMatchEdges(page);
  });
}

/** Checks a backward walk: the first page fetched is the oldest, the last one fetched the newest. */
function expectBackwardWalk(pages: Page<unknown>[], total: number, size: number): void {
  expect(pages.map((p) => p.edges.length)).toEqual(pageSizes(total, size));
  pages.forEach((page, i) => {
    expect(page.totalCount).toBe(total);
    expect(page.pageInfo.hasPreviousPage).toBe(i < pages.length - 1);
    expect(page.pageInfo.hasNextPage).toBe(i > 0);
    expectCursorsMatchEdges(page);
  });
}

/** The items of a backward walk in list order (newest first). */
const backwardItems = <N>(pages: Page<N>[]): N[] =>
  [...pages].reverse().flatMap((p) => p.edges.map((e) => e.node));
const forwardItems = <N>(pages: Page<N>[]): N[] => pages.flatMap((p) => p.edges.map((e) => e.node));

/** Newest first: appliedAt descending, ties broken by id descending. */
function compareNewestFirst(
  a: { appliedAt: number; id: string },
  b: { appliedAt: number; id: string },
): number {
  if (a.appliedAt !== b.appliedAt) return b.appliedAt - a.appliedAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function expectStrictlyNewestFirst(nodes: ApplicationNode[]): void {
  for (let i = 1; i < nodes.length; i++) {
    const previous = { appliedAt: Date.parse(nodes[i - 1].appliedAt), id: rawId(nodes[i - 1].id) };
    const current = { appliedAt: Date.parse(nodes[i].appliedAt), id: rawId(nodes[i].id) };
    expect(compareNewestFirst(previous, current)).toBeLessThan(0);
  }
}

/** Global ids ordered as the API must list them: created_at descending, then id descending. */
async function newestFirstOf(
  t: TestApp,
  table: 'requisition' | 'candidate',
  ids: string[],
): Promise<string[]> {
  const rows = await t.sql<{ id: string; created_at: Date }>(
    `SELECT id, created_at FROM ${table} WHERE id = ANY($1)`,
    [ids.map(rawId)],
  );
  const byRaw = new Map(ids.map((id) => [rawId(id), id]));
  return rows
    .map((r) => ({ id: r.id, appliedAt: new Date(r.created_at).getTime() }))
    .sort(compareNewestFirst)
    .map((r) => byRaw.get(r.id)!);
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('Relay pagination', () => {
  let t: TestApp;
  let requisition: CreatedRequisition;
  /** Global ids of every application of `requisition`, newest first (appliedAt desc, id desc). */
  let expectedOrder: string[];
  /** Global ids of the applications in the screen stage, newest first. */
  let expectedScreenOrder: string[];
  let screenStageId: string;
  let movedTransitionId: string;
  let apiApplicationIds: string[];
  let apiCandidateId: string;

  beforeAll(async () => {
    t = await createTestApp();
    requisition = await createRequisition(t);
    screenStageId = requisition.stages[1].id;

    // Some through the real API: 6 applications, 3 of them moved to the screen stage.
    apiApplicationIds = [];
    for (let i = 0; i < 6; i++) {
      const candidate = await createCandidate(t);
      if (i === 0) apiCandidateId = candidate.id;
      const application = await createApplication(t, candidate.id, requisition.id);
      apiApplicationIds.push(application.id);
      if (i % 2 === 0) {
        const moved = await t.ok<any>(MOVE_APPLICATION, {
          input: { id: application.id, stageId: screenStageId, expectedVersion: application.version },
        });
        movedTransitionId = moved.moveApplication.transition.id;
      }
    }

    // The bulk straight into the tables: 126 older applications in the screen stage, in pairs sharing one
    // appliedAt (so the id breaks ties), and 10 applications of the same candidates to another requisition.
    const candidates = await insertCandidates(t, 126, { namePrefix: 'Paged Candidate' });
    const base = Date.now() - 24 * 3600 * 1000;
    await insertApplications(
      t,
      rawId(requisition.id),
      candidates.map((c, i) => ({
        candidateId: c.id,
        stageId: rawId(screenStageId),
        appliedAt: new Date(base - Math.floor(i / 2) * 1000),
        status: i % 10 === 3 ? 'REJECTED' : 'ACTIVE',
      })),
    );
    const other = await createRequisition(t);
    await insertApplications(
      t,
      rawId(other.id),
      candidates.slice(0, 10).map((c, i) => ({
        candidateId: c.id,
        stageId: rawId(other.stages[0].id),
        appliedAt: new Date(base - i * 1000 + 500),
      })),
    );

    const rows = await t.sql<{ id: string; applied_at: Date; stage_id: string }>(
      'SELECT id, applied_at, stage_id FROM application WHERE requisition_id = $1',
      [rawId(requisition.id)],
    );
    const sorted = rows
      .map((r) => ({ id: r.id, appliedAt: new Date(r.applied_at).getTime(), stageId: r.stage_id }))
      .sort(compareNewestFirst);
    expectedOrder = sorted.map((r) => globalIdOf('Application', r.id));
    expectedScreenOrder = sorted
      .filter((r) => r.stageId === rawId(screenStageId))
      .map((r) => globalIdOf('Application', r.id));
  });
  afterAll(() => t.close());

  const requisitionPage =
    (extra: Record<string, unknown> = {}): Fetch<ApplicationNode> =>
    async (args) => {
      const data = await t.ok<any>(
        `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $stageId: ID, $status: ApplicationStatus) {
          requisition(id: $id) {
            applications(first: $first, after: $after, last: $last, before: $before, stageId: $stageId, status: $status) { ${PAGE_FIELDS} }
          }
        }`,
        { id: requisition.id, ...args, ...extra },
      );
      return data.requisition.applications;
    };

  const stagePage: Fetch<ApplicationNode> = async (args) => {
    const data = await t.ok<any>(
      `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
        node(id: $id) { __typename ... on PipelineStage { applications(first: $first, after: $after, last: $last, before: $before) { ${PAGE_FIELDS} } } }
      }`,
      { id: screenStageId, ...args },
    );
    expect(data.node.__typename).toBe('PipelineStage');
    return data.node.applications;
  };

  it('has built the data the tests rely on', () => {
    expect(expectedOrder).toHaveLength(132);
    expect(expectedScreenOrder).toHaveLength(129);
    for (const id of apiApplicationIds) expect(expectedOrder).toContain(id);
  });

  describe("a requisition's applications", () => {
    it('walks forwards with first: 25, newest first, each application exactly once', async () => {
      const pages = await walkForward(requisitionPage(), 25);
      expectForwardWalk(pages, 132, 25);
      const items = forwardItems(pages);
      expect(items.map((n) => n.id)).toEqual(expectedOrder);
      expect(new Set(items.map((n) => n.id)).size).toBe(132);
      expectStrictlyNewestFirst(items);
      // The 6 applications made through the API are the newest, most recent first.
      expect(new Set(items.slice(0, 6).map((n) => n.id))).toEqual(new Set(apiApplicationIds));
    });

    it('walks backwards with last: 25, each page newest first, the same order overall', async () => {
      const pages = await walkBackward(requisitionPage(), 25);
      expectBackwardWalk(pages, 132, 25);
      for (const page of pages) expectStrictlyNewestFirst(page.edges.map((e) => e.node));
      const items = backwardItems(pages);
      expect(items.map((n) => n.id)).toEqual(expectedOrder);
      expect(new Set(items.map((n) => n.id)).size).toBe(132);
      // The first page fetched backwards holds the 25 oldest; the last one fetched the 7 newest.
      expect(pages[0].edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(-25));
      expect(pages[pages.length - 1].edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(0, 7));
    });

    it('pages with a cursor from the middle, in both directions', async () => {
      const fetch = requisitionPage();
      const all = forwardItems(await walkForward(fetch, 100));
      expect(all.map((n) => n.id)).toEqual(expectedOrder);
      const firstPage = await fetch({ first: 50 });
      const pivot = firstPage.edges[49].cursor; // the cursor of item #49
      const after = await fetch({ first: 25, after: pivot });
      expect(after.edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(50, 75));
      expect(after.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      const before = await fetch({ last: 10, before: pivot });
      expect(before.edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(39, 49));
      expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
      // `first` with `before`: the newest items before the cursor.
      const firstBefore = await fetch({ first: 5, before: pivot });
      expect(firstBefore.edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(0, 5));
      // The last page exactly: nothing after it.
      const tail = await fetch({ first: 25, after: after.edges[24].cursor });
      expect(tail.edges.map((e) => e.node.id)).toEqual(expectedOrder.slice(75, 100));
      const oldest = (await fetch({ last: 1 })).edges[0];
      expect(oldest.node.id).toBe(expectedOrder[131]);
      const end = await fetch({ first: 100, after: oldest.cursor });
      expect(end.edges).toEqual([]);
      expect(end.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: null,
        endCursor: null,
      });
    });

    it('answers first: 0 and last: 0 with no edges but the right totals', async () => {
      const fetch = requisitionPage();
      const none = await fetch({ first: 0 });
      expect(none.edges).toEqual([]);
      expect(none.totalCount).toBe(132);
      expect(none.pageInfo).toEqual({
        hasNextPage: true,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
      const noneBackwards = await fetch({ last: 0 });
      expect(noneBackwards.edges).toEqual([]);
      expect(noneBackwards.totalCount).toBe(132);
      expect(noneBackwards.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: true,
        startCursor: null,
        endCursor: null,
      });
    });

    it('filters by stage and by status, with totals to match', async () => {
      const screen = await walkForward(requisitionPage({ stageId: screenStageId }), 25);
      expectForwardWalk(screen, 129, 25);
      expect(forwardItems(screen).map((n) => n.id)).toEqual(expectedScreenOrder);
      const rejected = await walkForward(requisitionPage({ status: 'REJECTED' }), 25);
      expect(forwardItems(rejected).every((n) => n.status === 'REJECTED')).toBe(true);
      // i % 10 === 3 for i < 126: 13 rejected.
      expectForwardWalk(rejected, 13, 25);
      // A stage of another requisition holds none of this requisition's applications.
      const other = await createRequisition(t);
      const foreign = await requisitionPage({ stageId: other.stages[0].id })({ first: 10 });
      expect(foreign.edges).toEqual([]);
      expect(foreign.totalCount).toBe(0);
    });

    it.each<[string, Record<string, unknown>]>([
      ['after: not a cursor', { first: 5, after: 'not-a-cursor' }],
      ['before: not a cursor', { last: 5, before: '%%%' }],
      ['after: an empty string', { first: 5, after: '' }],
      ['after: a cursor of the wrong shape', { first: 5, after: cursorOf({ key: 1 }) }],
      ['after: a cursor with a non-uuid id', { first: 5, after: cursorOf([1700000000000, 'x']) }],
      ['before: a cursor with a non-numeric key', { last: 5, before: cursorOf(['yesterday', randomUUID()]) }],
      [
        'after and before together',
        { first: 5, after: cursorOf([1, randomUUID()]), before: cursorOf([2, randomUUID()]) },
      ],
    ])('rejects %s with a top-level BAD_USER_INPUT', async (_name, args) => {
      const response = await t.gql(
        `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
          requisition(id: $id) { applications(first: $first, after: $after, last: $last, before: $before) { totalCount edges { cursor } } }
        }`,
        { id: requisition.id, ...args },
      );
      expect(response.status).toBeLessThan(500);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors![0].message).not.toMatch(/at .*\.ts:\d+/);
      expect(response.data?.requisition ?? null).toBeNull();
    });

    it.each<[string, Record<string, unknown>]>([
      ['first: 101', { first: 101 }],
      ['last: 1000', { last: 1000 }],
      ['first: -1', { first: -1 }],
      ['first and last together', { first: 5, last: 5 }],
    ])('rejects %s before any resolver runs', async (_name, args) => {
      const { statements, result } = await t.statements.measure(() =>
        t.gql(
          `query($id: ID!, $first: Int, $last: Int) { requisition(id: $id) { applications(first: $first, last: $last) { totalCount } } }`,
          { id: requisition.id, ...args },
        ),
      );
      expect(result.status).toBe(400);
      expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(statements).toBe(0);
    });
  });

  describe("a stage's applications", () => {
    it('walks forwards with first: 25', async () => {
      const pages = await walkForward(stagePage, 25);
      expectForwardWalk(pages, 129, 25);
      const items = forwardItems(pages);
      expect(items.map((n) => n.id)).toEqual(expectedScreenOrder);
      expect(new Set(items.map((n) => n.id)).size).toBe(129);
      expect(items.every((n) => n.stage.id === screenStageId)).toBe(true);
      expectStrictlyNewestFirst(items);
    });

    it('walks backwards with last: 25', async () => {
      const pages = await walkBackward(stagePage, 25);
      expectBackwardWalk(pages, 129, 25);
      for (const page of pages) expectStrictlyNewestFirst(page.edges.map((e) => e.node));
      const items = backwardItems(pages);
      expect(items.map((n) => n.id)).toEqual(expectedScreenOrder);
      expect(new Set(items.map((n) => n.id)).size).toBe(129);
    });

    it('answers first: 0 with no edges and rejects a malformed cursor', async () => {
      const none = await stagePage({ first: 0 });
      expect(none.edges).toEqual([]);
      expect(none.totalCount).toBe(129);
      const response = await t.gql(
        `query($id: ID!) { node(id: $id) { ... on PipelineStage { applications(first: 5, after: "garbage") { totalCount } } } }`,
        { id: screenStageId },
      );
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.data?.node ?? null).toBeNull();
    });
  });

  describe('requisitions and candidates', () => {
    it('pages requisitions with first: 2 forwards and last: 2 backwards', async () => {
      const token = `Pager${unique().replace(/-/g, '')}`;
      const created: string[] = [];
      for (let i = 0; i < 5; i++)
        created.push(
          (await createRequisition(t, { title: `ML Engineer ${token} ${i}` }, { open: i % 2 === 0 })).id,
        );
      const newestFirst = await newestFirstOf(t, 'requisition', created);
      const fetch: Fetch<{ id: string; title: string }> = async (args) =>
        (
          await t.ok<any>(
            `query($first: Int, $after: String, $last: Int, $before: String, $filter: RequisitionFilter) {
              requisitions(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
                totalCount edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }`,
            { ...args, filter: { search: token } },
          )
        ).requisitions;
      const forward = await walkForward(fetch, 2);
      expectForwardWalk(forward, 5, 2);
      expect(forwardItems(forward).map((n) => n.id)).toEqual(newestFirst);
      const backward = await walkBackward(fetch, 2);
      expectBackwardWalk(backward, 5, 2);
      expect(backwardItems(backward).map((n) => n.id)).toEqual(newestFirst);
      expect((await fetch({ first: 0 })).edges).toEqual([]);
      // Unfiltered, the list holds at least these and still pages without repeats.
      const everything = forwardItems(
        await walkForward(
          async (args) =>
            (
              await t.ok<any>(
                `query($first: Int, $after: String) { requisitions(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
                { ...args },
              )
            ).requisitions,
          7,
        ),
      ).map((n: any) => n.id);
      expect(new Set(everything).size).toBe(everything.length);
      for (const id of created) expect(everything).toContain(id);
    });

    it('pages candidates with first: 2 forwards and last: 2 backwards', async () => {
      const token = `pager${unique().replace(/-/g, '')}`;
      const created: string[] = [];
      for (let i = 0; i < 5; i++)
        created.push((await createCandidate(t, { fullName: `Grace Hopper ${token} ${i}` })).id);
      const newestFirst = await newestFirstOf(t, 'candidate', created);
      const fetch: Fetch<{ id: string; fullName: string }> = async (args) =>
        (
          await t.ok<any>(
            `query($first: Int, $after: String, $last: Int, $before: String, $filter: CandidateFilter) {
              candidates(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
                totalCount edges { cursor node { id fullName } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }`,
            { ...args, filter: { search: token } },
          )
        ).candidates;
      // A search ranks (keyset over rank and id): the walks give the order of one page of them all.
      const ranked = (await fetch({ first: 50 })).edges.map((e) => e.node.id);
      expect([...ranked].sort()).toEqual([...newestFirst].sort());
      const forward = await walkForward(fetch, 2);
      expectForwardWalk(forward, 5, 2);
      expect(forwardItems(forward).map((n) => n.id)).toEqual(ranked);
      const backward = await walkBackward(fetch, 2);
      expectBackwardWalk(backward, 5, 2);
      expect(backwardItems(backward).map((n) => n.id)).toEqual(ranked);
      const bad = await t.gql(`query { candidates(first: 2, after: "nope") { totalCount } }`);
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it("pages a candidate's applications", async () => {
      const data = await t.ok<any>(
        `query($id: ID!) { candidate(id: $id) { applications(first: 5) { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } } }`,
        { id: apiCandidateId },
      );
      expect(data.candidate.applications).toEqual({
        totalCount: 1,
        edges: [{ node: { id: apiApplicationIds[0] } }],
        pageInfo: { hasNextPage: false, hasPreviousPage: false },
      });
    });
  });

  describe('node and nodes', () => {
    const NODE = `query($id: ID!) { node(id: $id) { __typename id
      ... on Requisition { code requisitionStatus: status }
      ... on PipelineStage { name kind position }
      ... on Candidate { fullName }
      ... on Application { status stage { id } }
      ... on StageTransition { toStatus toStage { id } }
      ... on Skill { name category }
    } }`;

    it('refetches every node type by its id', async () => {
      const skills = await t.ok<any>(`query { skills(search: "torch") { id name } }`);
      const pytorch = skills.skills.find((s: any) => s.name === 'PyTorch');
      expect(pytorch).toBeDefined();
      const application = await t.ok<any>(
        `query($id: ID!) { application(id: $id) { id candidate { id fullName } transitions(first: 10) { edges { node { id sequence } } } } }`,
        { id: apiApplicationIds[0] },
      );
      const createdTransition = application.application.transitions.edges.find(
        (e: any) => e.node.sequence === 1,
      ).node.id;

      const cases: [string, string, Record<string, unknown>][] = [
        ['Requisition', requisition.id, { code: requisition.code, requisitionStatus: 'OPEN' }],
        ['PipelineStage', screenStageId, { name: 'Recruiter screen', kind: 'SCREEN', position: 1 }],
        [
          'Candidate',
          application.application.candidate.id,
          { fullName: application.application.candidate.fullName },
        ],
        ['Application', apiApplicationIds[0], { status: 'ACTIVE', stage: { id: screenStageId } }],
        ['StageTransition', movedTransitionId, { toStatus: 'ACTIVE', toStage: { id: screenStageId } }],
        [
          'StageTransition',
          createdTransition,
          { toStatus: 'ACTIVE', toStage: { id: requisition.stages[0].id } },
        ],
        ['Skill', pytorch.id, { name: 'PyTorch', category: 'DEEP_LEARNING' }],
      ];
      for (const [typename, id, fields] of cases) {
        const response = await t.gql(NODE, { id });
        expect(response.errors).toBeUndefined();
        expect(response.data.node).toEqual({ __typename: typename, id, ...fields });
      }
    });

    it.each<[string, () => string]>([
      ['a malformed id', () => 'definitely not an id'],
      ['an empty id', () => ''],
      ['base64 without a type', () => Buffer.from(randomUUID()).toString('base64url')],
      ['an unknown type', () => globalIdOf('Widget', randomUUID())],
      ['a well-formed id naming nothing', () => globalIdOf('Application', randomUUID())],
      ['an id of the wrong type', () => globalIdOf('Requisition', rawId(apiApplicationIds[0]))],
      ['a type tag with a bad uuid', () => globalIdOf('Candidate', 'not-a-uuid')],
    ])('answers %s with null and no error', async (_name, id) => {
      const response = await t.gql(NODE, { id: id() });
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ node: null });
    });

    it('refetches a mix of ids with nodes(ids:), null in place of the bad ones', async () => {
      const skills = await t.ok<any>(`query { skills(search: "kubernetes") { id name } }`);
      const ids = [
        requisition.id,
        'garbage!',
        globalIdOf('Requisition', rawId(apiCandidateId)),
        apiApplicationIds[1],
        globalIdOf('Application', randomUUID()),
        globalIdOf('Widget', randomUUID()),
        skills.skills[0].id,
        screenStageId,
        apiCandidateId,
        movedTransitionId,
      ];
      const response = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
      expect(response.errors).toBeUndefined();
      expect(response.data.nodes).toEqual([
        { __typename: 'Requisition', id: requisition.id },
        null,
        null,
        { __typename: 'Application', id: apiApplicationIds[1] },
        null,
        null,
        { __typename: 'Skill', id: skills.skills[0].id },
        { __typename: 'PipelineStage', id: screenStageId },
        { __typename: 'Candidate', id: apiCandidateId },
        { __typename: 'StageTransition', id: movedTransitionId },
      ]);
    });

    it('refetches many nodes of every type in a number of statements that does not grow with the ids', async () => {
      const skills = await t.ok<any>(`query { skills(search: "a") { id } }`);
      expect(skills.skills.length).toBeGreaterThanOrEqual(6);
      const one = [
        requisition.id,
        screenStageId,
        apiCandidateId,
        apiApplicationIds[0],
        movedTransitionId,
        skills.skills[0].id,
      ];
      const many = [
        ...one,
        ...apiApplicationIds.slice(1),
        ...requisition.stages.map((s) => s.id),
        ...skills.skills.slice(1, 6).map((s: { id: string }) => s.id),
      ];
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
      const small = await t.statements.measure(() => t.gql<any>(query, { ids: one }));
      const large = await t.statements.measure(() => t.gql<any>(query, { ids: many }));
      expect(small.result.data.nodes.every((n: unknown) => n !== null)).toBe(true);
      expect(large.result.data.nodes.map((n: { id: string }) => n.id)).toEqual(many);
      expect(large.statements).toBe(small.statements);
    });

    it('answers the typed lookups with null for ids of another type', async () => {
      const response = await t.gql(
        `query($r: ID!, $c: ID!, $a: ID!) { requisition(id: $r) { id } candidate(id: $c) { id } application(id: $a) { id } }`,
        { r: apiCandidateId, c: requisition.id, a: 'zzz' },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ requisition: null, candidate: null, application: null });
    });
  });
});
