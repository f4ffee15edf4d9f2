import { databaseId } from '../../factories';
import {
  expectNoErrors,
  expectUnchanged,
  runMutationRows,
  runQueryRows,
  setUpMatrix,
  snapshot,
} from './harness';
import { REQUISITION_MUTATIONS, REQUISITION_QUERIES } from './rows/requisitions';
import { createReachWorld, missingId, MutationKit, mutationKit, ReachWorld, stageNamed } from './world';

/*
 * Requisitions, their pipeline stages and hiring teams, for every principal of the matrix (matrix.ts, from the
 * README's roles table) and on a requisition whose hiring team the caller is on (A) and another one (B).
 */
describe('permissions: requisitions, their stages and hiring teams', () => {
  const m = setUpMatrix();
  let world: ReachWorld;
  let kit: MutationKit;
  beforeAll(async () => {
    world = await createReachWorld(m.t);
    kit = mutationKit(m);
  });

  describe('queries', () => {
    runQueryRows(m, () => world, REQUISITION_QUERIES);
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, REQUISITION_MUTATIONS);

    it("a hiring manager cannot add themselves to another team's requisition", async () => {
      const other = await kit.requisitionFor('other');
      const before = await snapshot(m.t);
      const response = await m.t.gqlAs(
        m.credential.HIRING_MANAGER,
        `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code field } } }`,
        { input: { requisitionId: other.id, userId: m.userId.HIRING_MANAGER, role: 'HIRING_MANAGER' } },
      );
      expectNoErrors(response);
      expect(response.data.addRequisitionMember).toEqual({
        member: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['input', 'requisitionId'] }],
      });
      await expectUnchanged(m.t, before);
    });

    it("a hiring manager naming another requisition's stage as a removal's target gets NOT_FOUND, as for a stage that does not exist", async () => {
      const own = await kit.requisitionFor('own');
      const other = await kit.requisitionFor('other');
      await kit.applicationOn(own);
      const document = `mutation($input: RemovePipelineStageInput!) { removePipelineStage(input: $input) { removedStageId userErrors { code field message } } }`;
      const before = await snapshot(m.t);
      const foreign = await m.t.gqlAs(m.credential.HIRING_MANAGER, document, {
        input: { id: stageNamed(own, 'Applied'), moveApplicationsToStageId: stageNamed(other, 'Onsite') },
      });
      const missing = await m.t.gqlAs(m.credential.HIRING_MANAGER, document, {
        input: { id: stageNamed(own, 'Applied'), moveApplicationsToStageId: missingId('PipelineStage') },
      });
      expectNoErrors(foreign);
      expect(missing.data.removePipelineStage.userErrors[0].code).toBe('NOT_FOUND');
      expect(foreign.data).toEqual(missing.data);
      await expectUnchanged(m.t, before);
    });

    it("a write-only requisitions key reading its own payload's requisition through the stage gets FORBIDDEN there, not an internal error", async () => {
      const r = await kit.requisitionFor('other');
      const added = await m.t.gqlAs(
        m.credential.KEY_REQUISITIONS_WRITE,
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
      // The stage was added all the same.
      const [stage] = await m.t.sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM pipeline_stage WHERE requisition_id = $1 AND name = 'Take-home'",
        [databaseId(r.id)],
      );
      expect(stage.n).toBe(1);
    });
  });
});
