import { createApplication, createCandidate, createRequisition, moveApplication } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const FEED = `query($first: Int, $after: String, $types: [String!], $since: DateTime) {
  events(first: $first, after: $after, types: $types, since: $since) {
    edges { cursor node { id type aggregateType aggregateId sequence occurredAt data actor } }
    pageInfo { hasNextPage endCursor } } }`;

const BACKWARD = `query($last: Int, $before: String, $types: [String!]) {
  events(last: $last, before: $before, types: $types) {
    edges { cursor node { id type aggregateId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
const BACKWARD_ANY = `query($first: Int, $after: String, $last: Int, $before: String) {
  events(first: $first, after: $after, last: $last, before: $before) { edges { cursor } } }`;

interface FeedPage {
  events: {
    edges: { cursor: string; node: any }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage?: boolean;
      startCursor?: string | null;
      endCursor: string | null;
    };
  };
}

// How the feed holds back a transaction that is slow to commit is pinned in test/medium/events/.

describe('Event feed (events query)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  async function readAll(
    after: string | null,
    types?: string[],
  ): Promise<{ nodes: any[]; endCursor: string | null }> {
    const nodes: any[] = [];
    let cursor = after;
    for (;;) {
      const page = await t.ok<FeedPage>(FEED, { first: 100, after: cursor, types });
      nodes.push(...page.events.edges.map((e) => e.node));
      cursor = page.events.pageInfo.endCursor;
      if (!page.events.pageInfo.hasNextPage) return { nodes, endCursor: cursor };
    }
  }

  /**
   * Transaction ids are cluster-wide, so a write transaction in another database on the same server (another test
   * run, say) can hold the feed back for a moment: read until the expected events are there.
   */
  async function readUntil(
    after: string | null,
    done: (nodes: any[]) => boolean,
    types?: string[],
  ): Promise<{ nodes: any[]; endCursor: string | null }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await readAll(after, types);
      if (done(page.nodes) || Date.now() > deadline) return page;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('lists events oldest first with stable ids, and continues from a cursor without repeats', async () => {
    const { endCursor: start } = await readAll(null);
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });

    const { nodes, endCursor } = await readUntil(start, (found) => found.length >= 5);
    expect(nodes.map((n) => n.type)).toEqual([
      'requisition.created',
      'requisition.status_changed',
      'candidate.created',
      'application.created',
      'application.stage_changed',
    ]);
    expect(nodes.find((n) => n.type === 'application.stage_changed')).toMatchObject({
      aggregateType: 'application',
      aggregateId: application.id,
      sequence: 2,
      data: expect.objectContaining({ applicationId: application.id, toStageId: requisition.stages[1].id }),
    });
    // Reading again from the same place gives the same events with the same ids.
    const again = await readAll(start);
    expect(again.nodes.map((n) => n.id)).toEqual(nodes.map((n) => n.id));
    // Nothing new: an empty page that keeps the cursor.
    const empty = await t.ok<FeedPage>(FEED, { first: 10, after: endCursor });
    expect(empty.events.edges).toEqual([]);
    expect(empty.events.pageInfo.endCursor).toBe(endCursor);
  });

  it('filters by type and by time', async () => {
    const { endCursor: start } = await readAll(null);
    const since = new Date();
    await createRequisition(t);
    await createCandidate(t);
    const { nodes } = await readUntil(start, (found) => found.length >= 1, ['candidate.created']);
    expect(nodes.map((n) => n.type)).toEqual(['candidate.created']);
    const bySince = await t.ok<FeedPage>(FEED, { first: 100, since: since.toISOString() });
    expect(bySince.events.edges.length).toBeGreaterThanOrEqual(3);
    for (const edge of bySince.events.edges) {
      expect(new Date(edge.node.occurredAt).getTime()).toBeGreaterThanOrEqual(since.getTime());
    }
  });

  it('last/before read the newest events backward, each page oldest first, and a poller continues from the end', async () => {
    await createCandidate(t);
    const { endCursor: start } = await readAll(null);
    const created = [await createCandidate(t), await createCandidate(t), await createCandidate(t)];
    await readUntil(start, (found) => found.length >= 3, ['candidate.created']);
    const newest = await t.ok<FeedPage>(BACKWARD, { last: 2, types: ['candidate.created'] });
    expect(newest.events.edges.map((e) => e.node.aggregateId)).toEqual([created[1].id, created[2].id]);
    expect(newest.events.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: newest.events.edges[0].cursor,
      endCursor: newest.events.edges[1].cursor,
    });
    const older = await t.ok<FeedPage>(BACKWARD, {
      last: 1,
      before: newest.events.pageInfo.startCursor,
      types: ['candidate.created'],
    });
    expect(older.events.edges.map((e) => e.node.aggregateId)).toEqual([created[0].id]);
    expect(older.events.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    // The newest page's end is where to poll forward: the next event ends up there.
    const next = await createCandidate(t);
    const { nodes } = await readUntil(newest.events.pageInfo.endCursor, (found) => found.length >= 1, [
      'candidate.created',
    ]);
    expect(nodes.map((n) => n.aggregateId)).toEqual([next.id]);
  });

  it.each([
    [{ last: 2, after: 'x' }, 'after'],
    [{ first: 2, before: 'x' }, 'first'],
    [{ last: 0 }, 'last'],
    [{ last: 101 }, 'last'],
    [{ last: 2, before: 'bm90IGEgY3Vyc29y' }, 'before'],
  ])('refuses %j', async (variables, field) => {
    const response = await t.gql(BACKWARD_ANY, variables);
    expect(response.errors?.[0]).toMatchObject({
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    });
    expect(JSON.stringify(response.errors)).toContain(field);
  });

  it('node(id) refetches an event for those who read the feed, and is null for everyone else', async () => {
    const candidate = await createCandidate(t);
    const { nodes } = await readUntil(null, (found) => found.some((n) => n.aggregateId === candidate.id), [
      'candidate.created',
    ]);
    const event = nodes.find((n) => n.aggregateId === candidate.id);
    const NODE = `query($id: ID!) { node(id: $id) { __typename ... on Event { id type aggregateId } } }`;
    const recruiter = await t.userWithRole('RECRUITER');
    const manager = await t.userWithRole('HIRING_MANAGER');
    const expected = {
      __typename: 'Event',
      id: event.id,
      type: 'candidate.created',
      aggregateId: candidate.id,
    };
    expect((await t.ok<any>(NODE, { id: event.id })).node).toEqual(expected);
    expect((await t.gqlAs(recruiter.token, NODE, { id: event.id })).data.node).toEqual(expected);
    const refused = await t.gqlAs(manager.token, NODE, { id: event.id });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.node).toBeNull();
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 501 }, 'first'],
    [{ after: 'bm90IGEgY3Vyc29y' }, 'after'],
    [{ after: Buffer.from('["1","x"]').toString('base64url') }, 'after'],
  ])('refuses %j', async (variables, field) => {
    const response = await t.gql(FEED, variables);
    expect(response.errors?.[0]).toMatchObject({
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    });
    expect(JSON.stringify(response.errors)).toContain(field);
  });

  it('is for administrators, recruiters and events:read keys', async () => {
    const interviewer = await t.userWithRole('INTERVIEWER');
    const manager = await t.userWithRole('HIRING_MANAGER');
    const recruiter = await t.userWithRole('RECRUITER');
    for (const user of [interviewer, manager]) {
      const response = await t.gqlAs(user.token, FEED, { first: 1 });
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const allowed = await t.gqlAs(recruiter.token, FEED, { first: 1 });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.events.edges).toHaveLength(1);
  });
});
