import {
  changeApplicationStatus,
  countRows,
  createApplication,
  createCandidate,
  CreatedRequisition,
  databaseId,
  unique,
} from '../../../factories';
import { expectNoErrors, MutationRow, nodeRow, QueryRow } from '../harness';
import { candidateReach, PrincipalName, requisitionReach, sees } from '../matrix';
import { missingId, MutationKit, PeopleWorld, PHONE, stageNamed } from '../world';

const contact = (shown: boolean) => (shown ? 'contact details shown' : 'contact details hidden');
const shownAs = (p: PrincipalName) => (c: { id: string; email: string }) => ({
  id: c.id,
  email: sees(p, 'contact') ? c.email : null,
  phone: sees(p, 'contact') ? PHONE : null,
});

const APPLICATION = `id status requisition { id } candidate { id email phone } stage { name }
  transitions { totalCount edges { node { id toStage { name } } } }`;

/** Candidates, applications and their history: README "Roles", `read candidates, applications, history`. */
export const CANDIDATE_AND_APPLICATION_QUERIES: QueryRow<PeopleWorld>[] = [
  {
    fields: ['candidates'],
    title: (p) => `candidates by reach; ${contact(sees(p, 'contact'))}`,
    reach: candidateReach,
    forbiddenWithoutReach: true,
    document: '{ candidates(first: 100) { totalCount edges { node { id email phone } } } }',
    async check(data, { p, reach, world: { cand }, t }) {
      const { totalCount, edges } = data.candidates;
      const nodes = edges.map((e: any) => e.node);
      const shown = shownAs(p);
      if (reach === 'own') {
        expect(totalCount).toBe(3);
        expect(nodes).toEqual([shown(cand.cA), shown(cand.cAB), shown(cand.cA1)]);
      } else {
        // Erased candidates (test/e2e/candidate-erasure.e2e-spec.ts, on the same database) are listed by no one.
        expect(totalCount).toBe(await countRows(t, 'candidate', 'erased_at IS NULL'));
        expect(nodes).toEqual(expect.arrayContaining(Object.values(cand).map(shown)));
      }
    },
  },
  {
    fields: ['candidates'],
    title: 'candidates pages by reach, and a search cannot widen it',
    reach: candidateReach,
    only: (p) => candidateReach(p) === 'own',
    forbiddenWithoutReach: true,
    document:
      'query($after: String) { candidates(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
    variables: () => ({ after: null }),
    async check(first, { p, world: { cand }, as }) {
      expect(first.candidates.totalCount).toBe(3);
      expect(first.candidates.edges.map((e: any) => e.node.id)).toEqual([cand.cA.id, cand.cAB.id]);
      expect(first.candidates.pageInfo.hasNextPage).toBe(true);
      const second = await as<any>(
        'query($after: String) { candidates(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after: first.candidates.pageInfo.endCursor },
      );
      expectNoErrors(second);
      expect(second.data.candidates.edges.map((e: any) => e.node.id)).toEqual([cand.cA1.id]);
      expect(second.data.candidates.pageInfo.hasNextPage).toBe(false);

      const search = (s: string) =>
        as<any>(
          'query($s: String) { candidates(first: 10, filter: { search: $s }) { totalCount edges { node { id } } } }',
          { s },
        );
      const other = await search(cand.cB.email);
      expectNoErrors(other);
      expect(other.data.candidates).toEqual({ totalCount: 0, edges: [] });

      // Searching by e-mail (exact, any case) is reading it: whoever may not see e-mails cannot probe them either.
      const probe = await search(cand.cA.email.toUpperCase());
      expectNoErrors(probe);
      expect(probe.data.candidates).toEqual(
        sees(p, 'contact')
          ? { totalCount: 1, edges: [{ node: { id: cand.cA.id } }] }
          : { totalCount: 0, edges: [] },
      );
    },
  },
  {
    fields: ['candidate'],
    title: 'candidate(id) and its applications, down to their requisitions, by reach',
    reach: candidateReach,
    forbiddenWithoutReach: false,
    document: `query($ab: ID!, $b: ID!) {
      ab: candidate(id: $ab) { id email phone applications { totalCount edges { node { id requisition { id } } } } }
      b: candidate(id: $b) { id } }`,
    variables: ({ cand }) => ({ ab: cand.cAB.id, b: cand.cB.id }),
    check(data, { p, reach, world: { cand, app, req } }) {
      const edge = (a: { id: string }, r: CreatedRequisition) => ({
        node: { id: a.id, requisition: { id: r.id } },
      });
      const { email, phone } = shownAs(p)(cand.cAB);
      expect(data).toEqual({
        ab:
          reach === 'none'
            ? null
            : {
                id: cand.cAB.id,
                email,
                phone,
                applications:
                  reach === 'all'
                    ? { totalCount: 2, edges: [edge(app.appAB_B, req.B1), edge(app.appAB_A, req.A3)] }
                    : { totalCount: 1, edges: [edge(app.appAB_A, req.A3)] },
              },
        b: reach === 'all' ? { id: cand.cB.id } : null,
      });
    },
  },
  {
    fields: ['application'],
    title: 'application(id) with its candidate, requisition, stage and history, by reach',
    reach: candidateReach,
    forbiddenWithoutReach: false,
    document: `query($a: ID!, $b: ID!) { a: application(id: $a) { ${APPLICATION} } b: application(id: $b) { ${APPLICATION} } }`,
    variables: ({ app }) => ({ a: app.appA.id, b: app.appB.id }),
    check(data, { p, reach, world: { app, req, cand, transition } }) {
      const shape = (
        a: { id: string },
        r: CreatedRequisition,
        c: { id: string; email: string },
        moved: string,
      ) => ({
        id: a.id,
        status: 'ACTIVE',
        requisition: { id: r.id },
        candidate: shownAs(p)(c),
        stage: { name: 'Recruiter screen' },
        transitions: {
          totalCount: 2,
          edges: [
            { node: { id: moved, toStage: { name: 'Recruiter screen' } } },
            { node: { id: expect.any(String), toStage: { name: 'Applied' } } },
          ],
        },
      });
      expect(data).toEqual({
        a: reach === 'none' ? null : shape(app.appA, req.A3, cand.cA, transition.A),
        b: reach === 'all' ? shape(app.appB, req.B1, cand.cB, transition.B) : null,
      });
    },
  },
  {
    fields: ['requisition'],
    title: "a requisition's applications and its stages' applications and counts, filtered by reach",
    reach: requisitionReach,
    forbiddenWithoutReach: false,
    document: `query($id: ID!) { requisition(id: $id) {
      applications(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage } }
      stages { name applicationCount applications { totalCount edges { node { id } } } } } }`,
    variables: ({ req }) => ({ id: req.A3.id }),
    check(data, { p, reach, world: { app } }) {
      if (reach === 'none') return expect(data).toEqual({ requisition: null });
      const readsApplications = candidateReach(p) !== 'none';
      const stage = (name: string, ids: string[]) => ({
        name,
        applicationCount: readsApplications ? ids.length : 0,
        applications: {
          totalCount: readsApplications ? ids.length : 0,
          edges: readsApplications ? ids.map((id) => ({ node: { id } })) : [],
        },
      });
      expect(data.requisition).toEqual({
        applications: readsApplications
          ? { totalCount: 2, edges: [{ node: { id: app.appA.id } }], pageInfo: { hasNextPage: true } }
          : { totalCount: 0, edges: [], pageInfo: { hasNextPage: false } },
        stages: [
          stage('Applied', [app.appAB_A.id]),
          stage('Recruiter screen', [app.appA.id]),
          stage('Technical screen', []),
          stage('ML system design', []),
          stage('Onsite', []),
          stage('Offer', []),
          stage('Hired', []),
        ],
      });
    },
  },
  nodeRow<PeopleWorld>('Candidate', candidateReach, ({ cand }) => ({ own: cand.cA.id, other: cand.cB.id })),
  nodeRow<PeopleWorld>('Application', candidateReach, ({ app }) => ({
    own: app.appA.id,
    other: app.appB.id,
  })),
  nodeRow<PeopleWorld>('StageTransition', candidateReach, ({ transition }) => ({
    own: transition.A,
    other: transition.B,
  })),
];

/** Creating and editing candidates, putting them on requisitions, moving, rejecting, reopening, withdrawing, hiring. */
export const CANDIDATE_AND_APPLICATION_MUTATIONS: MutationRow<MutationKit>[] = [
  {
    title: 'createCandidate',
    mutation: 'createCandidate',
    inputType: 'CreateCandidateInput',
    select: 'candidate { id fullName }',
    right: 'candidates:write',
    scoped: false,
    async prepare(_scope, { t }) {
      const email = `grace.${unique()}@example.com`;
      return {
        input: { fullName: 'Grace Hopper', email },
        async verify(payload) {
          expect(payload).toEqual({
            candidate: { id: expect.any(String), fullName: 'Grace Hopper' },
            userErrors: [],
          });
          expect(await countRows(t, 'candidate', 'email = $1', [email])).toBe(1);
        },
      };
    },
  },
  {
    title: 'updateCandidate (of an own requisition)',
    mutation: 'updateCandidate',
    inputType: 'UpdateCandidateInput',
    select: 'candidate { id headline }',
    right: 'candidates:write',
    scoped: false,
    async prepare(scope, { t, requisitionFor, row }) {
      const r = await requisitionFor(scope);
      const candidate = await createCandidate(t);
      await createApplication(t, candidate.id, r.id);
      return {
        input: { id: candidate.id, headline: 'Ranking and retrieval' },
        async verify(payload) {
          expect(payload).toEqual({
            candidate: { id: candidate.id, headline: 'Ranking and retrieval' },
            userErrors: [],
          });
          expect(
            await row('SELECT headline FROM candidate WHERE id = $1', [databaseId(candidate.id)]),
          ).toEqual({
            headline: 'Ranking and retrieval',
          });
        },
      };
    },
  },
  {
    title: 'recordCandidateConsent',
    mutation: 'recordCandidateConsent',
    inputType: 'RecordCandidateConsentInput',
    select: 'candidate { id consentSource }',
    right: 'candidates:write',
    scoped: false,
    async prepare(scope, { t, requisitionFor, row }) {
      const r = await requisitionFor(scope);
      const candidate = await createCandidate(t);
      await createApplication(t, candidate.id, r.id);
      return {
        input: { id: candidate.id, consentGivenAt: new Date().toISOString(), source: 'EMAIL' },
        async verify(payload) {
          expect(payload).toEqual({
            candidate: { id: candidate.id, consentSource: 'EMAIL' },
            userErrors: [],
          });
          expect(
            await row('SELECT consent_source FROM candidate WHERE id = $1', [databaseId(candidate.id)]),
          ).toEqual({ consent_source: 'EMAIL' });
        },
      };
    },
  },
  {
    title: 'createApplication (on an own requisition)',
    mutation: 'createApplication',
    inputType: 'CreateApplicationInput',
    select: 'application { id status }',
    right: 'applications:create',
    scoped: false,
    async prepare(scope, { t, requisitionFor }) {
      const r = await requisitionFor(scope);
      const candidate = await createCandidate(t);
      return {
        input: { candidateId: candidate.id, requisitionId: r.id },
        async verify(payload) {
          expect(payload).toEqual({
            application: { id: expect.any(String), status: 'ACTIVE' },
            userErrors: [],
          });
          expect(
            await countRows(t, 'application', 'candidate_id = $1 AND requisition_id = $2', [
              databaseId(candidate.id),
              databaseId(r.id),
            ]),
          ).toBe(1);
        },
      };
    },
  },
  {
    title: 'moveApplication',
    mutation: 'moveApplication',
    inputType: 'MoveApplicationInput',
    select: 'application { id status version } transition { sequence toStatus }',
    right: 'applications:write',
    scoped: true,
    async prepare(scope, { requisitionFor, applicationOn, row }) {
      const r = await requisitionFor(scope);
      const application = await applicationOn(r);
      const stageId = stageNamed(r, 'Technical screen');
      return {
        input: { id: application.id, stageId },
        missing: { id: missingId('Application'), stageId },
        async verify(payload) {
          expect(payload).toEqual({
            application: { id: application.id, status: 'ACTIVE', version: 2 },
            transition: { sequence: 2, toStatus: 'ACTIVE' },
            userErrors: [],
          });
          expect(
            await row('SELECT stage_id FROM application WHERE id = $1', [databaseId(application.id)]),
          ).toEqual({
            stage_id: databaseId(stageId),
          });
        },
      };
    },
  },
  {
    title: 'hire (moveApplication into HIRED)',
    mutation: 'moveApplication',
    inputType: 'MoveApplicationInput',
    select: 'application { id status } transition { toStatus }',
    right: 'applications:write',
    scoped: true,
    async prepare(scope, { requisitionFor, applicationOn, row }) {
      const r = await requisitionFor(scope);
      const application = await applicationOn(r);
      const stageId = stageNamed(r, 'Hired');
      return {
        input: { id: application.id, stageId },
        missing: { id: missingId('Application'), stageId },
        async verify(payload) {
          expect(payload).toEqual({
            application: { id: application.id, status: 'HIRED' },
            transition: { toStatus: 'HIRED' },
            userErrors: [],
          });
          expect(
            await row('SELECT hired_count, status FROM requisition WHERE id = $1', [databaseId(r.id)]),
          ).toEqual({
            hired_count: 1,
            status: 'FILLED',
          });
        },
      };
    },
  },
  ...(
    [
      ['rejectApplication', 'RejectApplicationInput', 'REJECTED', 'ACTIVE'],
      ['withdrawApplication', 'WithdrawApplicationInput', 'WITHDRAWN', 'ACTIVE'],
      ['reopenApplication', 'ReopenApplicationInput', 'ACTIVE', 'REJECTED'],
    ] as const
  ).map(([mutation, inputType, status, from]): MutationRow<MutationKit> => ({
    title: mutation,
    mutation,
    inputType,
    select: 'application { id status } transition { fromStatus toStatus }',
    right: 'applications:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor, applicationOn, row }) {
      const r = await requisitionFor(scope);
      const application = await applicationOn(r);
      if (from === 'REJECTED') {
        await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Not this time' });
      }
      const reason =
        mutation === 'rejectApplication' ? { reason: 'Insufficient production ML experience' } : {};
      return {
        input: { id: application.id, ...reason },
        missing: { id: missingId('Application'), ...reason },
        async verify(payload) {
          expect(payload).toEqual({
            application: { id: application.id, status },
            transition: { fromStatus: from, toStatus: status },
            userErrors: [],
          });
          expect(
            await row('SELECT status FROM application WHERE id = $1', [databaseId(application.id)]),
          ).toEqual({
            status,
          });
        },
      };
    },
  })),
];
