import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  changeRequisitionStatus,
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  eventsOf,
  makeGlobalId,
  moveApplication,
  unique,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const BOARD =
  'id name slug kind active lastFeedFetchAt lastFeedUserAgent feedUrl jobsUrl indeedApplyUrl version';
const POSTING =
  'id status referenceNumber publishedAt unpublishedAt url board { id slug } requisition { id }';
const BASE = 'https://jobs.acme.test';

const slug = () =>
  `board-${unique()}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-');

describe('job boards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      ORGANIZATION_NAME: 'Acme AI & Söhne',
      ORGANIZATION_URL: 'https://acme.test',
      PUBLIC_BASE_URL: `${BASE}/`,
    });
  });
  afterAll(() => t.close());

  const createBoard = async (input: Record<string, unknown> = {}) =>
    (
      await t.ok<{ createJobBoard: { jobBoard: any; secret: string } }>(
        `mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { ${BOARD} } secret userErrors { code field message } } }`,
        { input: { name: 'Indeed US', slug: slug(), kind: 'INDEED', ...input } },
      )
    ).createJobBoard;

  const publish = async (requisitionId: string, boardIds: string[]) => {
    const response = await t.gql<{ publishRequisition: any }>(
      `mutation($input: PublishRequisitionInput!) { publishRequisition(input: $input) {
         requisition { id status } postings { ${POSTING} } userErrors { code field message } } }`,
      { input: { requisitionId, boardIds } },
    );
    expect(response.errors).toBeUndefined();
    return response.data.publishRequisition;
  };

  const unpublish = async (requisitionId: string, boardIds?: string[]) => {
    const response = await t.gql<{ unpublishRequisition: any }>(
      `mutation($input: UnpublishRequisitionInput!) { unpublishRequisition(input: $input) {
         postings { ${POSTING} } userErrors { code field message } } }`,
      { input: { requisitionId, boardIds } },
    );
    expect(response.errors).toBeUndefined();
    return response.data.unpublishRequisition;
  };

  const postingRows = (requisitionId: string) =>
    t.sql<{ id: string; status: string; reference_number: string; xmin: string }>(
      `SELECT id, status, reference_number, xmin::text FROM job_posting WHERE requisition_id = $1 ORDER BY created_at, id`,
      [databaseId(requisitionId)],
    );

  describe('managing boards', () => {
    it('creates a board and shows its signing secret once, never storing it in the audit log or events', async () => {
      const s = slug();
      const { jobBoard, secret } = await createBoard({
        name: '  Career page  ',
        slug: s,
        kind: 'CAREER_PAGE',
      });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
      expect(jobBoard).toMatchObject({
        name: 'Career page',
        slug: s,
        kind: 'CAREER_PAGE',
        active: true,
        lastFeedFetchAt: null,
        feedUrl: `${BASE}/v1/boards/${s}/feed.xml`,
        jobsUrl: `${BASE}/v1/boards/${s}/jobs`,
        indeedApplyUrl: `${BASE}/v1/integrations/indeed/${s}/applications`,
      });
      const [stored] = await t.sql(`SELECT signing_secret FROM job_board WHERE id = $1`, [
        databaseId(jobBoard.id),
      ]);
      expect(stored.signing_secret).toBe(secret);
      const leaks = await t.sql(
        `SELECT (SELECT count(*)::int FROM audit_entry WHERE changes::text LIKE $1) AS audit,
                (SELECT count(*)::int FROM event WHERE data::text LIKE $1) AS events`,
        [`%${secret.slice(6, 30)}%`],
      );
      expect(leaks[0]).toEqual({ audit: 0, events: 0 });
      const [audit] = await t.sql(`SELECT action FROM audit_entry WHERE $1 = ANY(subject_ids)`, [
        databaseId(jobBoard.id),
      ]);
      expect(audit.action).toBe('createJobBoard');
      // The schema has nowhere to read it back from.
      const refetch = await t.gql(`query($id: ID!) { node(id: $id) { ... on JobBoard { slug } } }`, {
        id: jobBoard.id,
      });
      expect(refetch.data.node).toEqual({ slug: s });
    });

    it.each<[string, Record<string, unknown>, string, string[]]>([
      ['an upper-case slug', { slug: 'Indeed-US' }, 'INVALID_INPUT', ['input', 'slug']],
      ['a slug with spaces', { slug: 'indeed us' }, 'INVALID_INPUT', ['input', 'slug']],
      ['a blank name', { name: '   ' }, 'INVALID_INPUT', ['input', 'name']],
    ])('refuses %s', async (_case, input, code, field) => {
      const before = await t.sql(`SELECT count(*)::int AS n FROM job_board`);
      const response = await t.gql<any>(
        `mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { id } secret userErrors { code field } } }`,
        { input: { name: 'X', slug: slug(), kind: 'GENERIC', ...input } },
      );
      expect(response.data.createJobBoard).toEqual({
        jobBoard: null,
        secret: null,
        userErrors: [expect.objectContaining({ code, field })],
      });
      expect(await t.sql(`SELECT count(*)::int AS n FROM job_board`)).toEqual(before);
    });

    it('refuses a slug another board has, naming it', async () => {
      const first = await createBoard();
      const response = await t.gql<any>(
        `mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { id } userErrors { code field existingId } } }`,
        { input: { name: 'Again', slug: first.jobBoard.slug, kind: 'GENERIC' } },
      );
      expect(response.data.createJobBoard.userErrors).toEqual([
        { code: 'DUPLICATE_JOB_BOARD', field: ['input', 'slug'], existingId: first.jobBoard.id },
      ]);
    });

    it('updates, deactivates and rotates the secret', async () => {
      const { jobBoard, secret } = await createBoard();
      const s = slug();
      const updated = await t.ok<any>(
        `mutation($input: UpdateJobBoardInput!) { updateJobBoard(input: $input) { jobBoard { ${BOARD} } userErrors { code } } }`,
        { input: { id: jobBoard.id, name: 'LinkedIn', slug: s, kind: 'LINKEDIN' } },
      );
      expect(updated.updateJobBoard.jobBoard).toMatchObject({
        name: 'LinkedIn',
        slug: s,
        kind: 'LINKEDIN',
        version: jobBoard.version + 1,
      });
      const rotated = await t.ok<any>(
        `mutation($input: JobBoardIdInput!) { rotateJobBoardSecret(input: $input) { jobBoard { id } secret userErrors { code } } }`,
        { input: { id: jobBoard.id } },
      );
      expect(rotated.rotateJobBoardSecret.secret).toMatch(/^whsec_/);
      expect(rotated.rotateJobBoardSecret.secret).not.toBe(secret);
      const [stored] = await t.sql(`SELECT signing_secret FROM job_board WHERE id = $1`, [
        databaseId(jobBoard.id),
      ]);
      expect(stored.signing_secret).toBe(rotated.rotateJobBoardSecret.secret);
      const [audit] = await t.sql(
        `SELECT changes FROM audit_entry WHERE action = 'rotateJobBoardSecret' AND $1 = ANY(subject_ids)`,
        [databaseId(jobBoard.id)],
      );
      expect(audit.changes).toEqual({ signingSecret: { before: '[redacted]', after: '[redacted]' } });

      const deactivated = await t.ok<any>(
        `mutation($input: JobBoardIdInput!) { deactivateJobBoard(input: $input) { jobBoard { active } userErrors { code } } }`,
        { input: { id: jobBoard.id } },
      );
      expect(deactivated.deactivateJobBoard.jobBoard.active).toBe(false);
      expect((await t.http.get(`/v1/boards/${s}/jobs`)).status).toBe(404);
    });

    it('answers NOT_FOUND for an id that names no board', async () => {
      const response = await t.gql<any>(
        `mutation($input: JobBoardIdInput!) { deactivateJobBoard(input: $input) { jobBoard { id } userErrors { code field } } }`,
        { input: { id: makeGlobalId('JobBoard', '00000000-0000-4000-8000-000000000000') } },
      );
      expect(response.data.deactivateJobBoard.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'id'] },
      ]);
    });

    it('is for administrators and job_boards:manage keys only', async () => {
      const recruiter = await t.userWithRole('RECRUITER');
      const manager = await t.userWithRole('HIRING_MANAGER');
      const key = async (scopes: string[]) =>
        (
          await t.ok<any>(
            `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
            { input: { name: `key ${unique()}`, scopes } },
          )
        ).createApiKey.secret as string;
      const boardsKey = await key(['job_boards:manage']);
      const otherKey = await key(['requisitions:write', 'candidates:write']);
      const create = `mutation($input: CreateJobBoardInput!) { createJobBoard(input: $input) { jobBoard { slug } userErrors { code } } }`;
      const input = () => ({ input: { name: 'X', slug: slug(), kind: 'GENERIC' } });
      const before = await t.sql(`SELECT count(*)::int AS n FROM job_board`);
      for (const credential of [recruiter.token, manager.token, otherKey]) {
        const refused = await t.gqlAs(credential, create, input());
        expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
        const list = await t.gqlAs(credential, `{ jobBoards { totalCount } }`);
        expect(list.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect((await t.gqlAs(null, create, input())).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await t.sql(`SELECT count(*)::int AS n FROM job_board`)).toEqual(before);

      const allowed = await t.gqlAs<any>(boardsKey, create, input());
      expect(allowed.errors).toBeUndefined();
      expect(allowed.data.createJobBoard.userErrors).toEqual([]);
      // Boards and postings are not visible through node() to those who do not manage them.
      const board = (await createBoard()).jobBoard;
      const seen = await t.gqlAs<any>(recruiter.token, `query($id: ID!) { node(id: $id) { id } }`, {
        id: board.id,
      });
      expect(seen.data.node).toBeNull();
    });
  });

  describe('publishing', () => {
    it('publishes only OPEN requisitions, and writes nothing when it refuses', async () => {
      const board = (await createBoard()).jobBoard;
      const draft = await createRequisition(t, {}, { open: false });
      const eventsBefore = await t.sql(`SELECT count(*)::int AS n FROM event`);
      const refused = await publish(draft.id, [board.id]);
      expect(refused).toEqual({
        requisition: null,
        postings: null,
        userErrors: [
          expect.objectContaining({ code: 'REQUISITION_NOT_OPEN', field: ['input', 'requisitionId'] }),
        ],
      });
      expect(await postingRows(draft.id)).toEqual([]);
      expect(await t.sql(`SELECT count(*)::int AS n FROM event`)).toEqual(eventsBefore);

      const nowhere = await createRequisition(t, { workplaceType: 'REMOTE', locations: [] });
      expect((await publish(nowhere.id, [board.id])).userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'requisitionId'] }),
      ]);
    });

    it('refuses unknown and deactivated boards, pointing at the one at fault', async () => {
      const good = (await createBoard()).jobBoard;
      const off = (await createBoard()).jobBoard;
      await t.ok(
        `mutation($input: JobBoardIdInput!) { deactivateJobBoard(input: $input) { userErrors { code } } }`,
        {
          input: { id: off.id },
        },
      );
      const requisition = await createRequisition(t);
      expect((await publish(requisition.id, [good.id, 'nonsense'])).userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'boardIds', '1'] }),
      ]);
      expect((await publish(requisition.id, [good.id, off.id])).userErrors).toEqual([
        expect.objectContaining({ code: 'JOB_BOARD_INACTIVE', field: ['input', 'boardIds', '1'] }),
      ]);
      expect(await postingRows(requisition.id)).toEqual([]);
      const missing = await publish(makeGlobalId('Requisition', '00000000-0000-4000-8000-000000000000'), [
        good.id,
      ]);
      expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    });

    it('publishes on several boards with reference numbers that never change, and events', async () => {
      const a = (await createBoard()).jobBoard;
      const b = (await createBoard()).jobBoard;
      const requisition = await createRequisition(t);
      const first = await publish(requisition.id, [a.id, b.id, a.id]);
      expect(first.userErrors).toEqual([]);
      expect(first.postings).toHaveLength(2);
      for (const posting of first.postings) {
        expect(posting).toMatchObject({
          status: 'PUBLISHED',
          unpublishedAt: null,
          requisition: { id: requisition.id },
        });
        expect(posting.referenceNumber).toMatch(/^JP-\d{6}$/);
        expect(posting.url).toBe(`${BASE}/jobs/${databaseId(posting.id)}`);
      }
      expect(first.postings.map((p: any) => p.board.id)).toEqual([a.id, b.id]);
      const [onA] = first.postings;
      expect(await eventsOf(t, onA.id)).toEqual([
        expect.objectContaining({
          type: 'job_posting.published',
          aggregateType: 'job_posting',
          sequence: 1,
          data: expect.objectContaining({
            postingId: onA.id,
            requisitionId: requisition.id,
            boardId: a.id,
            referenceNumber: onA.referenceNumber,
            status: 'PUBLISHED',
          }),
        }),
      ]);

      // Publishing again is a no-op: no new posting, no event.
      const again = await publish(requisition.id, [a.id]);
      expect(again.postings[0]).toMatchObject({ id: onA.id, publishedAt: onA.publishedAt });
      expect(await eventsOf(t, onA.id)).toHaveLength(1);

      const down = await unpublish(requisition.id, [a.id]);
      expect(down.userErrors).toEqual([]);
      expect(down.postings).toEqual([expect.objectContaining({ id: onA.id, status: 'UNPUBLISHED' })]);
      expect(down.postings[0].unpublishedAt).not.toBeNull();

      const back = await publish(requisition.id, [a.id]);
      expect(back.postings[0]).toMatchObject({
        id: onA.id,
        status: 'PUBLISHED',
        referenceNumber: onA.referenceNumber,
        unpublishedAt: null,
      });
      expect((await eventsOf(t, onA.id)).map((e) => [e.type, e.sequence])).toEqual([
        ['job_posting.published', 1],
        ['job_posting.unpublished', 2],
        ['job_posting.published', 3],
      ]);

      const listed = await t.ok<any>(
        `query($id: ID!) { requisition(id: $id) { postings { id status board { id } } } }`,
        {
          id: requisition.id,
        },
      );
      expect(listed.requisition.postings).toEqual([
        { id: onA.id, status: 'PUBLISHED', board: { id: a.id } },
        { id: first.postings[1].id, status: 'PUBLISHED', board: { id: b.id } },
      ]);

      // Unpublishing from a board it is not on names the board.
      const c = (await createBoard()).jobBoard;
      expect((await unpublish(requisition.id, [c.id])).userErrors).toEqual([
        expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'boardIds', '0'] }),
      ]);
      // Without boards: every one.
      const all = await unpublish(requisition.id);
      expect(all.postings.map((p: any) => p.status)).toEqual(['UNPUBLISHED', 'UNPUBLISHED']);
    });

    it("pages through a board's postings", async () => {
      const board = (await createBoard()).jobBoard;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const requisition = await createRequisition(t);
        ids.push((await publish(requisition.id, [board.id])).postings[0].id);
      }
      const page = async (after: string | null) =>
        (
          await t.ok<any>(
            `query($id: ID!, $after: String) { node(id: $id) { ... on JobBoard { postings(first: 2, after: $after) {
               totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`,
            { id: board.id, after },
          )
        ).node.postings;
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const p: any = await page(after);
        expect(p.totalCount).toBe(5);
        seen.push(...p.edges.map((e: any) => e.node.id));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual([...ids].reverse());
      const boards = await t.ok<any>(`{ jobBoards(first: 100) { edges { node { id } } } }`);
      expect(boards.jobBoards.edges.map((e: any) => e.node.id)).toContain(board.id);

      // Nested pages are batched: the statement count does not grow with the number of boards.
      const nested = (first: number) =>
        t.statements.measure(() =>
          t.ok<any>(
            `query($first: Int!) { jobBoards(first: $first) { edges { node { id
               postings(first: 2) { totalCount edges { node { id referenceNumber board { id } requisition { id } } } }
               inboundDeliveries(first: 2) { totalCount edges { node { id } } } } } } }`,
            { first },
          ),
        );
      const small = await nested(2);
      const large = await nested(20);
      expect(large.result.jobBoards.edges.length).toBeGreaterThan(small.result.jobBoards.edges.length);
      expect(large.statements).toBe(small.statements);
    });
  });

  describe('requisition status changes take postings down in the same transaction', () => {
    const setup = async (overrides: Record<string, unknown> = {}) => {
      const boards = [(await createBoard()).jobBoard, (await createBoard()).jobBoard];
      const requisition = await createRequisition(t, overrides);
      const { postings } = await publish(
        requisition.id,
        boards.map((b) => b.id),
      );
      return { requisition, postings };
    };

    /** The requisition row and the postings were last written by one and the same transaction. */
    const sameTransaction = async (requisitionId: string) => {
      const [requisition] = await t.sql(`SELECT xmin::text FROM requisition WHERE id = $1`, [
        databaseId(requisitionId),
      ]);
      const postings = await postingRows(requisitionId);
      for (const posting of postings) expect(posting.xmin).toBe(requisition.xmin);
    };

    it('holding unpublishes; reopening does not republish', async () => {
      const { requisition, postings } = await setup();
      const held = await changeRequisitionStatus(t, 'hold', { id: requisition.id });
      expect(held.userErrors).toEqual([]);
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual([
        'UNPUBLISHED',
        'UNPUBLISHED',
      ]);
      await sameTransaction(requisition.id);
      for (const posting of postings) {
        expect((await eventsOf(t, posting.id)).map((e) => e.type)).toEqual([
          'job_posting.published',
          'job_posting.unpublished',
        ]);
      }
      await changeRequisitionStatus(t, 'open', { id: requisition.id });
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual([
        'UNPUBLISHED',
        'UNPUBLISHED',
      ]);
      // Closing later closes them too, unpublished or not.
      await changeRequisitionStatus(t, 'close', { id: requisition.id });
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual(['CLOSED', 'CLOSED']);
    });

    it('closing closes', async () => {
      const { requisition, postings } = await setup();
      await changeRequisitionStatus(t, 'close', { id: requisition.id });
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual(['CLOSED', 'CLOSED']);
      await sameTransaction(requisition.id);
      expect((await eventsOf(t, postings[0].id)).map((e) => e.type)).toEqual([
        'job_posting.published',
        'job_posting.closed',
      ]);
      const view = await t.http.get(`/jobs/${databaseId(postings[0].id)}`);
      expect(view.status).toBe(410);
    });

    it('filling (the last hire) closes', async () => {
      const { requisition } = await setup({ headcount: 1 });
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const hired = requisition.stages.find((s) => s.kind === 'HIRED')!;
      const moved = await moveApplication(t, { id: application.id, stageId: hired.id });
      expect(moved.userErrors).toEqual([]);
      const [row] = await t.sql(`SELECT status FROM requisition WHERE id = $1`, [databaseId(requisition.id)]);
      expect(row.status).toBe('FILLED');
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual(['CLOSED', 'CLOSED']);
      await sameTransaction(requisition.id);
    });

    it('a refused status change leaves the postings published', async () => {
      const { requisition } = await setup();
      const refused = await changeRequisitionStatus(t, 'hold', { id: requisition.id, expectedVersion: 1 });
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION' })]);
      expect((await postingRows(requisition.id)).map((p) => p.status)).toEqual(['PUBLISHED', 'PUBLISHED']);
    });
  });

  describe('public board API', () => {
    let board: any;
    let other: any;
    const published: { requisitionId: string; postingId: string; title: string }[] = [];
    let hidden: string;

    beforeAll(async () => {
      board = (await createBoard({ kind: 'CAREER_PAGE' })).jobBoard;
      other = (await createBoard()).jobBoard;
      for (let i = 0; i < 3; i++) {
        const title = `Applied Scientist ${i} ${unique()}`;
        const requisition = await createRequisition(t, {
          title,
          description: `Research & ship <models> #${i}`,
          responsibilities: ['Train models'],
          educationRequirement: 'MSc or PhD',
        });
        const { postings } = await publish(requisition.id, [board.id, other.id]);
        published.push({ requisitionId: requisition.id, postingId: databaseId(postings[0].id), title });
      }
      const down = await createRequisition(t);
      hidden = databaseId((await publish(down.id, [board.id])).postings[0].id);
      await unpublish(down.id);
    });

    it('lists published postings with pay, newest first, page by page', async () => {
      const first = await t.http.get(`/v1/boards/${board.slug}/jobs?first=2`);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.headers['cache-control']).toMatch(/public, max-age=\d+/);
      expect(first.headers.etag).toBeTruthy();
      expect(first.body.data).toHaveLength(2);
      expect(first.body.pageInfo.hasNextPage).toBe(true);
      const second = await t.http
        .get(`/v1/boards/${board.slug}/jobs`)
        .query({ first: 2, after: first.body.pageInfo.endCursor });
      expect(second.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      const ids = [...first.body.data, ...second.body.data].map((j: any) => j.id);
      expect(ids).toEqual(published.map((p) => p.postingId).reverse());
      expect(ids).not.toContain(hidden);
      const job = first.body.data[0];
      expect(job).toMatchObject({
        id: published[2].postingId,
        title: published[2].title,
        level: 'MID',
        workplaceType: 'HYBRID',
        locations: [{ city: 'San Francisco', region: 'CA', country: 'US', postalCode: null }],
        salaryRange: { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' },
        url: `${BASE}/jobs/${published[2].postingId}`,
      });
      expect(job.referenceNumber).toMatch(/^JP-\d{6}$/);
      expect(job.skills.map((s: any) => s.name)).toEqual(['Python', 'PyTorch', 'Kubernetes']);
      expect(job).not.toHaveProperty('description');

      const withContent = await t.http.get(`/v1/boards/${board.slug}/jobs?first=1&content=true`);
      expect(withContent.body.data[0]).toMatchObject({
        description: 'Research & ship <models> #2',
        responsibilities: ['Train models'],
        educationRequirement: 'MSc or PhD',
      });
    });

    it('answers 304 when the caller has the current version, on every public read', async () => {
      for (const path of [
        `/v1/boards/${board.slug}/jobs`,
        `/v1/boards/${board.slug}/jobs/${published[0].postingId}`,
        `/jobs/${published[0].postingId}`,
        `/v1/boards/${board.slug}/feed.xml`,
      ]) {
        const first = await t.http.get(path);
        expect(first.status).toBe(200);
        const again = await t.http.get(path).set('if-none-match', first.headers.etag);
        expect(again.status).toBe(304);
      }
      // A change shows at once: another ETag.
      const before = await t.http.get(`/v1/boards/${board.slug}/feed.xml`);
      const requisition = await createRequisition(t);
      await publish(requisition.id, [board.id]);
      const after = await t.http
        .get(`/v1/boards/${board.slug}/feed.xml`)
        .set('if-none-match', before.headers.etag);
      expect(after.status).toBe(200);
      await unpublish(requisition.id);
    });

    it.each<[string, number]>([
      ['?first=0', 400],
      ['?first=101', 400],
      ['?first=abc', 400],
      ['?after=not-a-cursor', 400],
      ['?content=yes', 400],
      ['?unknown=1', 400],
    ])('refuses %s with a problem', async (query, status) => {
      const response = await t.http.get(`/v1/boards/${board.slug}/jobs${query}`);
      expect(response.status).toBe(status);
      // Fastify answers 414 itself, before the app's problem-details handling (see the report).
      if (status === 404) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.status).toBe(status);
    });

    // Path parameters over 100 characters are 414 and a NUL character is refused like in any other input (400);
    // every answer is problem details.
    it.each<[string, number]>([
      ['no-such-board', 404],
      ['UPPER', 404],
      ['%00', 400],
      ['a%20b', 404],
      ['x'.repeat(300), 414],
    ])('answers board %j with %i', async (s, status) => {
      const response = await t.http.get(`/v1/boards/${s}/jobs`);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('needs no credentials', async () => {
      const response = await t.http
        .get(`/v1/boards/${board.slug}/jobs`)
        .set('authorization', 'Bearer nonsense');
      expect([200, 401]).toContain(response.status);
      expect((await t.http.get(`/v1/boards/${board.slug}/feed.xml`)).status).toBe(200);
    });

    it('shows one posting with schema.org JSON-LD, on-site', async () => {
      const { postingId, title } = published[0];
      const response = await t.http.get(`/v1/boards/${board.slug}/jobs/${postingId}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        id: postingId,
        title,
        description: 'Research & ship <models> #0',
      });
      const ld = response.body.jsonLd;
      for (const property of ['title', 'description', 'datePosted', 'hiringOrganization', 'jobLocation']) {
        expect(ld[property]).toBeTruthy();
      }
      expect(ld).toMatchObject({
        '@context': 'https://schema.org/',
        '@type': 'JobPosting',
        title,
        hiringOrganization: { '@type': 'Organization', name: 'Acme AI & Söhne', sameAs: 'https://acme.test' },
        jobLocation: [
          {
            '@type': 'Place',
            address: {
              '@type': 'PostalAddress',
              addressLocality: 'San Francisco',
              addressRegion: 'CA',
              addressCountry: 'US',
            },
          },
        ],
        employmentType: 'FULL_TIME',
        baseSalary: {
          '@type': 'MonetaryAmount',
          currency: 'USD',
          value: { '@type': 'QuantitativeValue', minValue: 120000, maxValue: 150000, unitText: 'YEAR' },
        },
        identifier: { '@type': 'PropertyValue', value: response.body.referenceNumber },
        educationRequirements: { credentialCategory: 'postgraduate degree' },
        experienceRequirements: { monthsOfExperience: 36 },
        skills: 'Python, PyTorch, Kubernetes',
        directApply: false,
        url: `${BASE}/jobs/${postingId}`,
      });
      expect(ld.description).toContain('Research &amp; ship &lt;models&gt; #0');
      expect(new Date(ld.validThrough).getTime()).toBeGreaterThan(Date.now());
      expect(ld).not.toHaveProperty('jobLocationType');
    });

    it('marks a remote role TELECOMMUTE with applicant countries', async () => {
      const requisition = await createRequisition(t, {
        workplaceType: 'REMOTE',
        locations: [{ country: 'US' }, { country: 'CA' }],
      });
      const postingId = databaseId((await publish(requisition.id, [board.id])).postings[0].id);
      const { body } = await t.http.get(`/v1/boards/${board.slug}/jobs/${postingId}`);
      expect(body.jsonLd).toMatchObject({
        jobLocationType: 'TELECOMMUTE',
        applicantLocationRequirements: [
          { '@type': 'Country', name: 'US' },
          { '@type': 'Country', name: 'CA' },
        ],
        // Other periods and currencies are covered by the builder's unit tests; the permission tests expect every
        // requisition of the shared database to have the factory's range.
        baseSalary: { currency: 'USD', value: { minValue: 120000, maxValue: 150000, unitText: 'YEAR' } },
      });
      expect(body.jsonLd).not.toHaveProperty('jobLocation');
      await unpublish(requisition.id);
    });

    it('answers 410 for a posting taken down and 404 for one that is not on the board', async () => {
      const gone = await t.http.get(`/v1/boards/${board.slug}/jobs/${hidden}`);
      expect(gone.status).toBe(410);
      expect(gone.body).toMatchObject({ status: 410, code: 'GONE' });
      for (const path of [
        `/v1/boards/${other.slug}/jobs/${hidden}`,
        `/v1/boards/${board.slug}/jobs/00000000-0000-4000-8000-000000000000`,
        `/v1/boards/${board.slug}/jobs/not-a-uuid`,
      ]) {
        const response = await t.http.get(path);
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('answers a path parameter over 100 characters with a 414 problem, a malformed one with 400', async () => {
      const long = 'a'.repeat(101);
      for (const [method, path] of [
        ['get', `/v1/boards/${board.slug}/jobs/${long}`],
        ['get', `/jobs/${long}`],
        ['post', `/v1/boards/${board.slug}/jobs/${long}/applications`],
      ] as const) {
        const response = await t.http[method](path);
        expect(response.status).toBe(414);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({
          status: 414,
          code: 'URI_TOO_LONG',
          title: 'URI Too Long',
          detail: 'A path parameter is longer than 100 characters.',
          instance: path,
        });
      }
      // 100 characters is still a parameter (of no posting).
      expect((await t.http.get(`/v1/boards/${board.slug}/jobs/${'a'.repeat(100)}`)).status).toBe(404);
      // A parameter that is not valid percent-encoding is a problem too.
      const malformed = await t.http.get(`/v1/boards/${board.slug}/jobs/%E0%A4%A`);
      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(malformed.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    });

    it('serves the job page with its JSON-LD, escaping everything', async () => {
      const requisition = await createRequisition(t, {
        title: `ML </script><script>alert(1)</script> & Co ${unique()}`,
        description: '<img src=x onerror=alert(1)> Zürich',
      });
      const postingId = databaseId((await publish(requisition.id, [board.id])).postings[0].id);
      const page = await t.http.get(`/jobs/${postingId}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['cache-control']).toMatch(/public/);
      expect(page.text.match(/<script/g)).toHaveLength(1);
      expect(page.text).not.toContain('<img');
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt; Zürich');
      const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.text)![1];
      const ld = JSON.parse(json);
      const detail = await t.http.get(`/v1/boards/${board.slug}/jobs/${postingId}`);
      expect({ ...ld, validThrough: null }).toEqual({ ...detail.body.jsonLd, validThrough: null });
      expect(ld.title).toContain('</script>');

      await unpublish(requisition.id);
      const gone = await t.http.get(`/jobs/${postingId}`);
      expect(gone.status).toBe(410);
      expect(gone.text).toContain('no longer available');
      expect((await t.http.get('/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await t.http.get('/jobs/%3Cscript%3E')).status).toBe(404);
    });
  });

  describe('Indeed XML feed', () => {
    it('lists every published posting, well-formed whatever the text, and records the fetch', async () => {
      const board = (await createBoard()).jobBoard;
      const hostile = `R&D <Lead> ]]> Zürich 東京 🤖 \u0007 ${unique()}`;
      const requisitions = [
        await createRequisition(t, {
          title: hostile,
          description: `Line with ]]> and <b>bold</b> & "quotes"\u0001 ñ`,
          responsibilities: ['Ship ]]> models'],
        }),
      ];
      for (let i = 0; i < 24; i++) requisitions.push(await createRequisition(t));
      for (const requisition of requisitions) await publish(requisition.id, [board.id]);
      const down = await createRequisition(t);
      await publish(down.id, [board.id]);
      await changeRequisitionStatus(t, 'close', { id: down.id });

      const response = await t.http
        .get(`/v1/boards/${board.slug}/feed.xml`)
        .set('user-agent', 'Indeed-Crawler/2.0');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      const xml = response.text;
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, trimValues: false }).parse(
        xml,
      ).source;
      expect(feed.publisher).toBe('Acme AI & Söhne');
      expect(feed.publisherurl).toBe('https://acme.test');
      const jobs: any[] = feed.job;
      const expected = await t.sql(
        `SELECT reference_number FROM job_posting WHERE board_id = $1 AND status = 'PUBLISHED' ORDER BY reference_number`,
        [databaseId(board.id)],
      );
      expect(expected).toHaveLength(25);
      expect(jobs.map((j) => j.referencenumber).sort()).toEqual(expected.map((r) => r.reference_number));
      const special = jobs.find((j) => j.title.startsWith('R&D'));
      expect(special.title).toBe(hostile.replace('\u0007', ''));
      expect(special.description).toContain(
        'Line with ]]&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; ñ',
      );
      expect(special.description).toContain('Ship ]]&gt; models');
      expect(special).toMatchObject({
        company: 'Acme AI & Söhne',
        city: 'San Francisco',
        state: 'CA',
        country: 'US',
        salary: '120000 - 150000 USD per year',
        jobtype: 'fulltime',
        remotetype: 'Hybrid remote',
      });
      const apply = new URLSearchParams(special['indeed-apply-data']);
      expect(apply.get('indeed-apply-postUrl')).toBe(
        `${BASE}/v1/integrations/indeed/${board.slug}/applications`,
      );
      expect(special.url).toBe(`${BASE}/jobs/${apply.get('indeed-apply-jobId')}`);

      const seen = await t.ok<any>(
        `query($id: ID!) { jobBoard(id: $id) { lastFeedFetchAt lastFeedUserAgent } }`,
        {
          id: board.id,
        },
      );
      expect(seen.jobBoard.lastFeedUserAgent).toBe('Indeed-Crawler/2.0');
      expect(Date.now() - new Date(seen.jobBoard.lastFeedFetchAt).getTime()).toBeLessThan(60_000);
    });

    it('is a valid empty feed for a board with nothing published', async () => {
      const board = (await createBoard()).jobBoard;
      const response = await t.http.get(`/v1/boards/${board.slug}/feed.xml`);
      expect(XMLValidator.validate(response.text)).toBe(true);
    });
  });
});
