import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventOutbox } from '../../src/events/event-outbox';
import { EventType } from '../../src/events/event-types';
import { createApplication, createCandidate, createRequisition, moveApplication } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const FEED = `query($first: Int, $after: String, $types: [String!], $since: DateTime) {
  events(first: $first, after: $after, types: $types, since: $since) {
    edges { cursor node { id type aggregateType aggregateId sequence occurredAt data actor } }
    pageInfo { hasNextPage endCursor } } }`;

interface FeedPage {
  events: {
    edges: { cursor: string; node: any }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

// Holding a transaction open while another commits needs two real sessions; the embedded engine serves one.
const serverOnly = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded' ? it.skip : it;

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

  serverOnly(
    'never lets an event that commits late land behind a reader: a long transaction holds the feed back',
    async () => {
      const before = await createCandidate(t);
      const { endCursor: start } = await readUntil(null, (found) =>
        found.some((n) => n.aggregateId === before.id),
      );
      const dataSource = t.app.get(DataSource);
      const outbox = t.app.get(EventOutbox);
      // A: written first (lower position), committed last.
      const slow = dataSource.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      const aggregateId = randomUUID();
      await outbox.append(slow.manager, [
        {
          type: EventType.CANDIDATE_UPDATED,
          aggregateType: 'candidate',
          aggregateId,
          sequence: 1,
          data: { candidateId: aggregateId, changedFields: ['tags'] },
        },
      ]);
      try {
        // B: written and committed while A is still open.
        const candidate = await createCandidate(t);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const whileOpen = await readAll(start);
        expect(whileOpen.nodes).toEqual([]);
        expect(whileOpen.endCursor).toBe(start);

        await slow.commitTransaction();
        const afterCommit = await readUntil(whileOpen.endCursor, (found) => found.length >= 2);
        const types = afterCommit.nodes.map((n) => n.type);
        expect(types).toEqual(['candidate.updated', 'candidate.created']);
        expect(afterCommit.nodes[1].aggregateId).toBe(candidate.id);
      } finally {
        if (slow.isTransactionActive) await slow.rollbackTransaction();
        await slow.release();
      }
    },
  );

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
