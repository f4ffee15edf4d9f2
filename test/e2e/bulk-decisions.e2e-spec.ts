import { randomUUID } from 'node:crypto';
import {
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  databaseId,
  makeGlobalId,
  snapshotCounts,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const BULK_REJECT = `mutation($input: BulkRejectApplicationsInput!) { bulkRejectApplications(input: $input) {
  results { id application { id status rejectionReason closingReason { name } } userErrors { code field message } }
  userErrors { code field message } } }`;
const BULK_MOVE = `mutation($input: BulkMoveApplicationsInput!) { bulkMoveApplications(input: $input) {
  results { id application { id status stage { id } } userErrors { code field message } }
  userErrors { code field message } } }`;

/** Bulk decisions: each item its own transaction and result, in input order; only the call's shape refuses it all. */
describe('bulk decisions (GraphQL)', () => {
  let t: TestApp;
  let requisition: CreatedRequisition;
  let other: CreatedRequisition;
  let skillsGap: string;

  const applications = async (n: number, on = requisition) => {
    const made: string[] = [];
    for (let i = 0; i < n; i++) {
      const candidate = await createCandidate(t);
      made.push((await createApplication(t, candidate.id, on.id)).id);
    }
    return made;
  };
  const historyOf = async (ids: string[]) =>
    t.sql<{ id: string; transitions: number; events: number; audit: number }>(
      `SELECT a.id,
              (SELECT count(*)::int FROM stage_transition s WHERE s.application_id = a.id) AS transitions,
              (SELECT count(*)::int FROM event e WHERE e.aggregate_id = a.id) AS events,
              (SELECT count(*)::int FROM audit_entry x WHERE a.id = ANY(x.subject_ids)) AS audit
       FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, n) ORDER BY n`,
      [ids.map(databaseId)],
    );

  beforeAll(async () => {
    t = await createTestApp();
    requisition = await createRequisition(t);
    other = await createRequisition(t);
    const data = await t.ok<{ rejectionReasons: { edges: { node: { id: string; name: string } }[] } }>(
      '{ rejectionReasons(first: 100, category: WE_REJECTED) { edges { node { id name } } } }',
    );
    skillsGap = data.rejectionReasons.edges.find((e) => e.node.name === 'Skills gap')!.node.id;
  });
  afterAll(() => t.close());

  it('rejects each item on its own: results in input order, failures do not undo the others', async () => {
    const [a, b, c] = await applications(3);
    await changeApplicationStatus(t, 'withdraw', { id: b });
    const missing = makeGlobalId('Application', randomUUID());
    const before = await historyOf([a, b, c]);
    const data = await t.ok<any>(BULK_REJECT, {
      input: { ids: [c, missing, b, a], reasonId: skillsGap, reason: 'No production PyTorch' },
    });
    const { results, userErrors } = data.bulkRejectApplications;
    expect(userErrors).toEqual([]);
    expect(results.map((r: any) => r.id)).toEqual([c, missing, b, a]);
    const rejected = {
      status: 'REJECTED',
      rejectionReason: 'No production PyTorch',
      closingReason: { name: 'Skills gap' },
    };
    expect(results[0]).toEqual({ id: c, application: { id: c, ...rejected }, userErrors: [] });
    expect(results[1]).toEqual({
      id: missing,
      application: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'ids', '1'], message: expect.any(String) }],
    });
    expect(results[2]).toEqual({
      id: b,
      application: null,
      userErrors: [
        { code: 'APPLICATION_NOT_ACTIVE', field: ['input', 'ids', '2'], message: expect.any(String) },
      ],
    });
    expect(results[3]).toEqual({ id: a, application: { id: a, ...rejected }, userErrors: [] });
    // One transition, event and audit entry more for each rejected one; none for the refused one.
    const after = await historyOf([a, b, c]);
    expect(after.map((row, i) => row.transitions - before[i].transitions)).toEqual([1, 0, 1]);
    expect(after.map((row, i) => row.events - before[i].events)).toEqual([1, 0, 1]);
    expect(after.map((row, i) => row.audit - before[i].audit)).toEqual([1, 0, 1]);
    // Each rejection committed in a transaction of its own.
    const tx = await t.sql<{ tx: string }>(
      `SELECT DISTINCT xmin::text AS tx FROM application WHERE id = ANY($1::uuid[])`,
      [[a, c].map(databaseId)],
    );
    expect(tx).toHaveLength(2);
  });

  it("moves each item on its own; another requisition's application is refused for itself", async () => {
    const [a, b] = await applications(2);
    const [foreign] = await applications(1, other);
    const screen = requisition.stages[1];
    const data = await t.ok<any>(BULK_MOVE, { input: { ids: [a, foreign, b], stageId: screen.id } });
    const { results } = data.bulkMoveApplications;
    expect(results.map((r: any) => r.application?.stage.id ?? r.userErrors[0].code)).toEqual([
      screen.id,
      'STAGE_NOT_IN_REQUISITION',
      screen.id,
    ]);
    expect(results[1].userErrors[0].field).toEqual(['input', 'stageId']);
  });

  describe('shape errors refuse the whole call up front, with no results and nothing written', () => {
    const cases: [string, () => Promise<Record<string, unknown>>, string, string[]][] = [
      ['no ids', async () => ({ ids: [], reason: 'x' }), BULK_REJECT, ['input', 'ids']],
      [
        '501 ids',
        async () => ({
          ids: Array.from({ length: 501 }, () => makeGlobalId('Application', randomUUID())),
          reason: 'x',
        }),
        BULK_REJECT,
        ['input', 'ids'],
      ],
      [
        'an id listed twice',
        async () => {
          const [a, b] = await applications(2);
          return { ids: [a, b, a], reason: 'x' };
        },
        BULK_REJECT,
        ['input', 'ids'],
      ],
      [
        'an unknown reason',
        async () => ({ ids: await applications(1), reasonId: makeGlobalId('RejectionReason', randomUUID()) }),
        BULK_REJECT,
        ['input', 'reasonId'],
      ],
      [
        'a reason of the other category',
        async () => {
          const data = await t.ok<any>(
            '{ rejectionReasons(first: 1, category: THEY_WITHDREW) { edges { node { id } } } }',
          );
          return { ids: await applications(1), reasonId: data.rejectionReasons.edges[0].node.id };
        },
        BULK_REJECT,
        ['input', 'reasonId'],
      ],
      ['no reason at all', async () => ({ ids: await applications(1) }), BULK_REJECT, ['input', 'reason']],
      [
        'too many ids to move',
        async () => ({
          ids: Array.from({ length: 501 }, () => makeGlobalId('Application', randomUUID())),
          stageId: requisition.stages[1].id,
        }),
        BULK_MOVE,
        ['input', 'ids'],
      ],
    ];
    it.each(cases)('%s', async (_label, input, document, field) => {
      const variables = { input: await input() };
      const before = await snapshotCounts(t);
      const response = await t.gql<any>(document, variables);
      expect(response.errors).toBeUndefined();
      const payload = Object.values(response.data)[0] as any;
      expect(payload.results).toEqual([]);
      expect(payload.userErrors).toEqual([
        expect.objectContaining({ code: 'INVALID_INPUT', field: expect.arrayContaining(field) }),
      ]);
      expect(await snapshotCounts(t)).toEqual(before);
    });
  });
});
