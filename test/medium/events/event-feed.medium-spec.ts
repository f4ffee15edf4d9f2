import { randomBytes, randomUUID } from 'node:crypto';
import { EventFeed, FeedPage } from '../../../src/events/event-feed';
import { FeedCursor } from '../../../src/events/event-feed-cursor';
import { EventOutbox } from '../../../src/events/event-outbox';
import { EventType } from '../../../src/events/event-types';
import { createServiceContext, ServiceContext } from '../../support/service-context';

// Holding a transaction open while another commits needs two real sessions; the embedded engine serves one.
const serverOnly = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded' ? it.skip : it;

/**
 * The feed's statement against the real database: commit-safe order, pages both ways, filters. Each test writes
 * events of a type of its own and reads only that type, so other rows of the shared event table do not matter.
 */
describe('event feed (service and repository)', () => {
  let ctx: ServiceContext;
  let feed: EventFeed;
  let outbox: EventOutbox;

  /** A type no other test writes: `types` then reads this test's events only. */
  const newType = () => `medium_${randomBytes(4).toString('hex').replace(/\d/g, 'x')}.happened` as EventType;

  /** Appends one event of `type` in a transaction of its own and returns its aggregate id. */
  const appendOne = async (type: EventType): Promise<string> => {
    const aggregateId = randomUUID();
    await ctx.dataSource.transaction((manager) =>
      outbox.append(manager, [
        { type, aggregateType: 'candidate', aggregateId, sequence: 1, data: { candidateId: aggregateId } },
      ]),
    );
    return aggregateId;
  };
  const appendMany = async (type: EventType, n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await appendOne(type));
    return ids;
  };

  const forward = (type: EventType, limit: number, cursor: FeedCursor | null = null) =>
    feed.read({ direction: 'forward', cursor, limit, types: [type], since: null });
  const backward = (type: EventType, limit: number, cursor: FeedCursor | null = null) =>
    feed.read({ direction: 'backward', cursor, limit, types: [type], since: null });
  const cursorOf = (page: FeedPage, which: 'startCursor' | 'endCursor'): FeedCursor => {
    const [transactionId, position] = JSON.parse(
      Buffer.from(page[which]!, 'base64url').toString('utf8'),
    ) as string[];
    return { transactionId, position };
  };
  const ids = (page: FeedPage) => page.events.map((e) => e.aggregateId);

  /**
   * Transaction ids are cluster-wide, so a write transaction in another database on the same server (another test
   * run) can hold the feed back for a moment: read until the expected number of events is there.
   */
  const until = async (read: () => Promise<FeedPage>, count: number): Promise<FeedPage> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const page = await read();
      if (page.events.length >= count || Date.now() > deadline) return page;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    ctx = await createServiceContext([]);
    feed = ctx.get(EventFeed);
    outbox = ctx.get(EventOutbox);
  });
  afterAll(() => ctx.close());

  it('pages forward with first/after, oldest first, one statement a page; an empty page keeps its cursor', async () => {
    const type = newType();
    const written = await appendMany(type, 5);
    await until(() => forward(type, 100), 5);

    const seen: string[] = [];
    let cursor: FeedCursor | null = null;
    let page: FeedPage;
    for (;;) {
      const measured: { result: FeedPage; statements: number } = await ctx.statements.measure(() =>
        forward(type, 2, cursor),
      );
      expect(measured.statements).toBe(1);
      page = measured.result;
      seen.push(...ids(page));
      expect(page.hasPreviousPage).toBe(cursor !== null);
      if (!page.hasNextPage) break;
      cursor = cursorOf(page, 'endCursor');
    }
    expect(seen).toEqual(written);
    const end = cursorOf(page, 'endCursor');
    const empty = await forward(type, 2, end);
    expect(empty).toMatchObject({
      events: [],
      hasNextPage: false,
      startCursor: null,
      endCursor: page.endCursor,
    });
  });

  it('pages backward with last/before: the newest released events first, each page still oldest first', async () => {
    const type = newType();
    const [e1, e2, e3, e4, e5] = await appendMany(type, 5);
    const newest = await until(() => backward(type, 2), 2);
    expect(ids(newest)).toEqual([e4, e5]);
    expect(newest).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    // The newest page's end is where a poller continues forward: nothing after it yet.
    expect((await forward(type, 10, cursorOf(newest, 'endCursor'))).events).toEqual([]);

    const middle = await backward(type, 2, cursorOf(newest, 'startCursor'));
    expect(ids(middle)).toEqual([e2, e3]);
    expect(middle).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const oldest = await backward(type, 2, cursorOf(middle, 'startCursor'));
    expect(ids(oldest)).toEqual([e1]);
    expect(oldest).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // Before the very first event: nothing, and the cursor it was read before stays the start.
    const none = await backward(type, 2, cursorOf(oldest, 'startCursor'));
    expect(none).toMatchObject({
      events: [],
      hasPreviousPage: false,
      startCursor: oldest.startCursor,
      endCursor: null,
    });
    // Both ways agree on the order.
    expect(ids(await forward(type, 10))).toEqual([e1, e2, e3, e4, e5]);
  });

  it('filters by time: since is inclusive', async () => {
    const type = newType();
    const written = await appendMany(type, 4);
    const all = await until(() => forward(type, 10), 4);
    const since = all.events[2].occurredAt;
    const page = await feed.read({ direction: 'forward', cursor: null, limit: 10, types: [type], since });
    expect(ids(page)).toEqual(written.filter((_id, i) => all.events[i].occurredAt >= since));
    expect(ids(page)).toEqual(expect.arrayContaining(written.slice(2)));
  });

  serverOnly(
    "holds back a still-open transaction's events and everything committed after it began, both ways",
    async () => {
      const type = newType();
      const [before] = await appendMany(type, 1);
      const start = await until(() => forward(type, 10), 1);
      expect(ids(start)).toEqual([before]);
      const afterBefore = cursorOf(start, 'endCursor');

      // A: written first (lower position, older transaction), committed last.
      const slow = ctx.dataSource.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      const late = randomUUID();
      try {
        await outbox.append(slow.manager, [
          { type, aggregateType: 'candidate', aggregateId: late, sequence: 1, data: { candidateId: late } },
        ]);
        // B: written and committed while A is still open.
        const [committed] = await appendMany(type, 1);
        await new Promise((resolve) => setTimeout(resolve, 200));
        const whileOpen = await forward(type, 10, afterBefore);
        expect(whileOpen).toMatchObject({ events: [], hasNextPage: false, endCursor: start.endCursor });
        // The newest released events are still only what was there before A began.
        expect(ids(await backward(type, 10))).toEqual([before]);

        await slow.commitTransaction();
        // In transaction order: A's events come first although B committed first, and nothing lands behind the
        // cursor a reader already held.
        const afterCommit = await until(() => forward(type, 10, afterBefore), 2);
        expect(ids(afterCommit)).toEqual([late, committed]);
        expect(ids(await backward(type, 10))).toEqual([before, late, committed]);
      } finally {
        if (slow.isTransactionActive) await slow.rollbackTransaction();
        await slow.release();
      }
    },
  );

  it('finds events by id', async () => {
    const type = newType();
    const [aggregateId] = await appendMany(type, 1);
    const [{ id }] = await ctx.sql<{ id: string }>('SELECT id FROM event WHERE aggregate_id = $1', [
      aggregateId,
    ]);
    const found = await feed.findByIds([id, randomUUID()]);
    expect(found.map((e) => e.aggregateId)).toEqual([aggregateId]);
  });
});
