import { countRows, databaseId, unique } from '../../../factories';
import { expectNoErrors, MutationRow, nodeRow, QueryRow } from '../harness';
import { levelOf, requisitionReach, sees } from '../matrix';
import { addMember, missingId, MutationKit, ReachWorld, stageNamed } from '../world';

const salary = (shown: boolean) => (shown ? 'salary shown' : 'salary hidden');
const fixtureIds = (req: ReachWorld['req']) => [req.A1.id, req.B1.id, req.A2.id, req.B2.id, req.A3.id];

/** Requisitions, their stages and hiring teams: README "Roles", first row, and `see salaryRange`. */
export const REQUISITION_QUERIES: QueryRow<ReachWorld>[] = [
  {
    fields: ['requisitions'],
    title: (p) => `requisitions, filtered in SQL; ${salary(sees(p, 'salary'))}`,
    reach: (p) => levelOf(p, 'requisitions:read'),
    forbiddenWithoutReach: true,
    document:
      '{ requisitions(first: 100) { totalCount edges { node { id salaryRange { min max } } } pageInfo { hasNextPage } } }',
    async check(data, { p, reach, world: { req }, t }) {
      const { totalCount, edges } = data.requisitions;
      const ids = edges.map((e: any) => e.node.id);
      if (reach === 'own') {
        expect(totalCount).toBe(3);
        expect(ids).toEqual([req.A3.id, req.A2.id, req.A1.id]);
      } else {
        expect(totalCount).toBe(await countRows(t, 'requisition'));
        expect(ids).toEqual(expect.arrayContaining(fixtureIds(req)));
      }
      // Other suites' requisitions share the database (and their own pay bands): only this matrix's are checked.
      const fixtures = new Set(fixtureIds(req));
      const salaries = edges.filter((e: any) => fixtures.has(e.node.id)).map((e: any) => e.node.salaryRange);
      expect(salaries.length).toBe(reach === 'own' ? 3 : 5);
      const expected = sees(p, 'salary') ? { min: 120000, max: 150000 } : null;
      expect(salaries.filter((s: unknown) => JSON.stringify(s) !== JSON.stringify(expected))).toEqual([]);
    },
  },
  {
    fields: ['requisitions'],
    title: 'requisitions pages by reach: first 2, then the rest, with the same totalCount',
    reach: (p) => levelOf(p, 'requisitions:read'),
    only: (p) => levelOf(p, 'requisitions:read') === 'own',
    forbiddenWithoutReach: true,
    document:
      'query($after: String) { requisitions(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    variables: () => ({ after: null }),
    async check(first, { world: { req }, as }) {
      expect(first.requisitions.totalCount).toBe(3);
      expect(first.requisitions.edges.map((e: any) => e.node.id)).toEqual([req.A3.id, req.A2.id]);
      expect(first.requisitions.pageInfo.hasNextPage).toBe(true);
      const second = await as<any>(
        'query($after: String) { requisitions(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after: first.requisitions.pageInfo.endCursor },
      );
      expectNoErrors(second);
      expect(second.data.requisitions.totalCount).toBe(3);
      expect(second.data.requisitions.edges.map((e: any) => e.node.id)).toEqual([req.A1.id]);
      expect(second.data.requisitions.pageInfo.hasNextPage).toBe(false);
    },
  },
  {
    fields: ['requisition'],
    title: (p) => `requisition(id): A and B by reach; ${salary(sees(p, 'salary'))}`,
    reach: requisitionReach,
    forbiddenWithoutReach: false,
    document: `query($a: ID!, $b: ID!) {
      a: requisition(id: $a) { id salaryRange { min max currency period } }
      b: requisition(id: $b) { id salaryRange { min max currency period } } }`,
    variables: ({ req }) => ({ a: req.A3.id, b: req.B1.id }),
    check(data, { p, reach, world: { req } }) {
      const salaryRange = sees(p, 'salary')
        ? { min: 120000, max: 150000, currency: 'USD', period: 'YEAR' }
        : null;
      expect(data).toEqual({
        a: reach === 'none' ? null : { id: req.A3.id, salaryRange },
        b: reach === 'all' ? { id: req.B1.id, salaryRange } : null,
      });
    },
  },
  nodeRow<ReachWorld>('Requisition', requisitionReach, ({ req }) => ({ own: req.A3.id, other: req.B1.id })),
  nodeRow<ReachWorld>('PipelineStage', requisitionReach, ({ req }) => ({
    own: stageNamed(req.A3, 'Applied'),
    other: stageNamed(req.B1, 'Applied'),
  })),
];

/** Creating and editing requisitions, their status, pipeline stages and hiring teams. */
export const REQUISITION_MUTATIONS: MutationRow<MutationKit>[] = [
  {
    title: 'createRequisition',
    mutation: 'createRequisition',
    inputType: 'CreateRequisitionInput',
    select: 'requisition { id title status }',
    right: 'requisitions:create',
    scoped: false,
    async prepare(_scope, { t }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { requisitionFor, row }) {
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
  ).map(([mutation, open, status]): MutationRow<MutationKit> => ({
    title: mutation,
    mutation,
    inputType: 'RequisitionStatusInput',
    select: 'requisition { id status }',
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { requisitionFor, row }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { requisitionFor, row }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor }) {
      const r = await requisitionFor(scope);
      const ids = r.stages.map((s) => s.id);
      [ids[1], ids[2]] = [ids[2], ids[1]];
      return {
        input: { requisitionId: r.id, stageIds: ids },
        missing: { requisitionId: missingId('Requisition'), stageIds: ids },
        async verify(payload) {
          expect(payload).toEqual({ stages: ids.map((id, position) => ({ id, position })), userErrors: [] });
          const stored = await t.sql<{ id: string }>(
            'SELECT id FROM pipeline_stage WHERE requisition_id = $1 AND removed_at IS NULL ORDER BY position',
            [databaseId(r.id)],
          );
          expect(stored.map((s) => s.id)).toEqual(ids.map(databaseId));
        },
      };
    },
  },
  {
    title: 'removePipelineStage',
    mutation: 'removePipelineStage',
    inputType: 'RemovePipelineStageInput',
    select: 'removedStageId',
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor, row }) {
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
    right: 'requisitions:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor }) {
      const r = await requisitionFor(scope);
      const member = await t.userWithRole('INTERVIEWER');
      await addMember(t, r.id, member.id, 'INTERVIEWER');
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
];
