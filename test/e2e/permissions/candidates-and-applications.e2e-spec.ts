import { databaseId } from '../../factories';
import {
  expectForbidden,
  expectNoErrors,
  expectUnchanged,
  runMutationRows,
  runQueryRows,
  setUpMatrix,
  snapshot,
} from './harness';
import {
  CANDIDATE_AND_APPLICATION_MUTATIONS,
  CANDIDATE_AND_APPLICATION_QUERIES,
} from './rows/candidates-and-applications';
import { createPeopleWorld, missingId, MutationKit, mutationKit, PeopleWorld, stageNamed } from './world';

/*
 * Candidates, applications and their history, for every principal of the matrix (matrix.ts, from the README's
 * roles table) and on a requisition whose hiring team the caller is on (A) and another one (B).
 */
describe('permissions: candidates and applications', () => {
  const m = setUpMatrix();
  let world: PeopleWorld;
  let kit: MutationKit;
  beforeAll(async () => {
    world = await createPeopleWorld(m.t);
    kit = mutationKit(m);
  });

  describe('queries', () => {
    runQueryRows(m, () => world, CANDIDATE_AND_APPLICATION_QUERIES);

    it('a hiring manager with no team sees empty lists, not FORBIDDEN, and nothing by id', async () => {
      const loner = await m.t.userWithRole('HIRING_MANAGER');
      const response = await m.t.gqlAs(
        loner.token,
        `query($a: ID!, $c: ID!) { requisitions { totalCount edges { node { id } } }
           candidates { totalCount edges { node { id } } } requisition(id: $a) { id } candidate(id: $c) { id } }`,
        { a: world.req.A3.id, c: world.cand.cA.id },
      );
      expectNoErrors(response);
      expect(response.data).toEqual({
        requisitions: { totalCount: 0, edges: [] },
        candidates: { totalCount: 0, edges: [] },
        requisition: null,
        candidate: null,
      });
    });

    it("nested paths do not leak: a hiring manager reaching a shared candidate through A's application sees only A's side", async () => {
      const response = await m.t.gqlAs(
        world.members.HIRING_MANAGER.token,
        `query($id: ID!) { application(id: $id) { candidate { applications { totalCount edges { node { id requisition { id title } } } } } } }`,
        { id: world.app.appAB_A.id },
      );
      expectNoErrors(response);
      expect(response.data.application.candidate.applications).toEqual({
        totalCount: 1,
        edges: [
          {
            node: {
              id: world.app.appAB_A.id,
              requisition: { id: world.req.A3.id, title: expect.any(String) },
            },
          },
        ],
      });
    });

    it("a hiring manager cannot reach B's applications through A's applications filtered by B's stage", async () => {
      const response = await m.t.gqlAs(
        world.members.HIRING_MANAGER.token,
        `query($id: ID!, $stage: ID!) { requisition(id: $id) { applications(stageId: $stage) { totalCount edges { node { id } } } } }`,
        { id: world.req.A3.id, stage: stageNamed(world.req.B1, 'Recruiter screen') },
      );
      expectNoErrors(response);
      expect(response.data.requisition.applications).toEqual({ totalCount: 0, edges: [] });
    });
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, CANDIDATE_AND_APPLICATION_MUTATIONS);

    it("a hiring manager naming another requisition's stage in a move gets NOT_FOUND, as for a stage that does not exist", async () => {
      const own = await kit.requisitionFor('own');
      const other = await kit.requisitionFor('other');
      const application = await kit.applicationOn(own);
      const document = `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { id } userErrors { code field message } } }`;
      const before = await snapshot(m.t);
      const foreign = await m.t.gqlAs(m.credential.HIRING_MANAGER, document, {
        input: { id: application.id, stageId: stageNamed(other, 'Offer') },
      });
      const missing = await m.t.gqlAs(m.credential.HIRING_MANAGER, document, {
        input: { id: application.id, stageId: missingId('PipelineStage') },
      });
      expectNoErrors(foreign);
      expect(missing.data.moveApplication.userErrors[0].code).toBe('NOT_FOUND');
      expect(foreign.data).toEqual(missing.data);
      await expectUnchanged(m.t, before);
    });

    it("an interviewer's read-only view of their requisition: move and reject are FORBIDDEN", async () => {
      const own = await kit.requisitionFor('own');
      const application = await kit.applicationOn(own);
      const interviewer = m.credential.INTERVIEWER;
      const readable = await m.t.gqlAs(
        interviewer,
        `query($id: ID!) { application(id: $id) { id status } }`,
        {
          id: application.id,
        },
      );
      expect(readable.data.application).toEqual({ id: application.id, status: 'ACTIVE' });
      const before = await snapshot(m.t);
      const move = await m.t.gqlAs(
        interviewer,
        `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { id } userErrors { code } } }`,
        { input: { id: application.id, stageId: stageNamed(own, 'Onsite') } },
      );
      expectForbidden(move, 'moveApplication');
      const reject = await m.t.gqlAs(
        interviewer,
        `mutation($input: RejectApplicationInput!) { rejectApplication(input: $input) { application { id } userErrors { code } } }`,
        { input: { id: application.id, reason: 'No' } },
      );
      expectForbidden(reject, 'rejectApplication');
      await expectUnchanged(m.t, before);
    });

    it("a write-only applications key reading its own payload's related records gets FORBIDDEN there, not an internal error", async () => {
      const r = await kit.requisitionFor('other');
      const application = await kit.applicationOn(r);
      const moved = await m.t.gqlAs(
        m.credential.KEY_APPLICATIONS_WRITE,
        `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) {
           application { id status stage { name } } transition { toStatus fromStage { name } toStage { name } application { id } } userErrors { code } } }`,
        { input: { id: application.id, stageId: stageNamed(r, 'Onsite') } },
      );
      expect(moved.data).toEqual({
        moveApplication: { application: null, transition: null, userErrors: [] },
      });
      // Once a non-null child fails, GraphQL nulls its parent and may drop its siblings' errors: every error that
      // is reported must be FORBIDDEN on one of these paths, and the first one always is.
      const paths = [
        'moveApplication.application.stage',
        'moveApplication.transition.application',
        'moveApplication.transition.fromStage',
        'moveApplication.transition.toStage',
      ];
      const reported = moved.errors!.map((e) => [e.path?.join('.'), e.extensions?.code]);
      expect(reported).toContainEqual(['moveApplication.application.stage', 'FORBIDDEN']);
      for (const [path, code] of reported) {
        expect(paths).toContain(path);
        expect(code).toBe('FORBIDDEN');
      }
      // The move itself was allowed and happened.
      expect(
        await kit.row('SELECT stage_id FROM application WHERE id = $1', [databaseId(application.id)]),
      ).toEqual({ stage_id: databaseId(stageNamed(r, 'Onsite')) });
    });
  });
});
