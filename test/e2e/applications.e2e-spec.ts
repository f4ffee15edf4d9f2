import {
  APPLICATION_FIELDS,
  changeApplicationStatus,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedRequisition,
  eventsOf,
  moveApplication,
  snapshotCounts,
  TRANSITION_FIELDS,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

describe('applications', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const stage = (requisition: CreatedRequisition, name: string) => {
    const found = requisition.stages.find((s) => s.name === name);
    if (!found) throw new Error(`no stage ${name}`);
    return found;
  };

  const fetch = async (id: string) =>
    (
      await t.ok<{ application: any }>(
        `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} source { kind detail } appliedAt lastActivityAt
           candidate { id } requisition { id } } }`,
        { id },
      )
    ).application;

  // The whole path once, as a client would walk it: a requisition, a candidate on it, a move, the board.
  it('smoke: creates, applies, moves and reads the board', async () => {
    const requisition = await createRequisition(t);
    expect(requisition.status).toBe('OPEN');
    expect(requisition.stages.map((s) => s.name)).toEqual([
      'Applied',
      'Recruiter screen',
      'Technical screen',
      'ML system design',
      'Onsite',
      'Offer',
      'Hired',
    ]);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    expect(application.stage.name).toBe('Applied');
    const moved = await moveApplication(t, {
      id: application.id,
      stageId: requisition.stages[1].id,
      expectedVersion: application.version,
    });
    expect(moved.application.stage.name).toBe('Recruiter screen');
    const board = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { skills { skill { name } importance minYears } stages { name applicationCount applications(first: 25) { totalCount edges { node { candidate { fullName skills { skill { name } } } } } } } } }`,
      { id: requisition.id },
    );
    expect(board.requisition.skills.map((s: any) => s.skill.name)).toEqual([
      'Python',
      'PyTorch',
      'Kubernetes',
    ]);
    expect(board.requisition.stages[1]).toMatchObject({
      applicationCount: 1,
      applications: {
        totalCount: 1,
        edges: [{ node: { candidate: { fullName: candidate.fullName, skills: expect.any(Array) } } }],
      },
    });
  });

  describe('createApplication', () => {
    it('starts in the first stage, ACTIVE, with its source, one transition and one application.created event', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id, {
        source: { kind: 'REFERRAL', detail: '  Jane from the ranking team ' },
      });
      const applied = stage(requisition, 'Applied');
      expect(application).toEqual({
        id: expect.any(String),
        status: 'ACTIVE',
        version: 1,
        rejectionReason: null,
        stage: { id: applied.id, name: 'Applied', kind: 'APPLIED' },
      });
      const stored = await fetch(application.id);
      expect(stored).toMatchObject({
        source: { kind: 'REFERRAL', detail: 'Jane from the ranking team' },
        candidate: { id: candidate.id },
        requisition: { id: requisition.id },
      });
      expect(stored.appliedAt).toBe(stored.lastActivityAt);

      const events = await eventsOf(t, application.id);
      expect(events).toEqual([
        {
          type: 'application.created',
          aggregateType: 'application',
          sequence: 1,
          data: expect.objectContaining({
            applicationId: application.id,
            candidateId: candidate.id,
            requisitionId: requisition.id,
            fromStageId: null,
            toStageId: applied.id,
            fromStatus: null,
            toStatus: 'ACTIVE',
            sequence: 1,
          }),
        },
      ]);
    });

    it('defaults the source to SOURCED and can start in a later stage, but not in Hired', async () => {
      const requisition = await createRequisition(t);
      const sourced = await t.ok<any>(
        `mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
           application { source { kind detail } stage { name } } userErrors { code } } }`,
        {
          input: {
            candidateId: (await createCandidate(t)).id,
            requisitionId: requisition.id,
            stageId: stage(requisition, 'Technical screen').id,
          },
        },
      );
      expect(sourced.createApplication.application).toEqual({
        source: { kind: 'SOURCED', detail: null },
        stage: { name: 'Technical screen' },
      });
      const candidate = await createCandidate(t);
      const before = await snapshotCounts(t);
      const hired = await t.gql<any>(
        `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } userErrors { code field } } }`,
        {
          input: {
            candidateId: candidate.id,
            requisitionId: requisition.id,
            stageId: stage(requisition, 'Hired').id,
          },
        },
      );
      expect(hired.data.createApplication).toEqual({
        application: null,
        userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'stageId'] }],
      });
      expect(await snapshotCounts(t)).toEqual(before);
    });
  });

  describe('moving, rejecting, reopening, withdrawing', () => {
    let requisition: CreatedRequisition;
    let applicationId: string;

    beforeAll(async () => {
      requisition = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, requisition.id);
      applicationId = application.id;
    });

    it('moveApplication: changes the stage, writes a transition and an application.stage_changed event', async () => {
      const applied = stage(requisition, 'Applied');
      const technical = stage(requisition, 'Technical screen');
      const moved = await moveApplication(t, {
        id: applicationId,
        stageId: technical.id,
        expectedVersion: 1,
        reason: 'Strong recruiter screen',
      });
      expect(moved.userErrors).toEqual([]);
      expect(moved.application).toEqual({
        id: applicationId,
        status: 'ACTIVE',
        version: 2,
        rejectionReason: null,
        stage: { id: technical.id, name: 'Technical screen', kind: 'TECHNICAL' },
      });
      expect(moved.transition).toEqual({
        id: expect.any(String),
        sequence: 2,
        fromStatus: 'ACTIVE',
        toStatus: 'ACTIVE',
        reason: 'Strong recruiter screen',
        fromStage: { id: applied.id, name: 'Applied' },
        toStage: { id: technical.id, name: 'Technical screen' },
      });
      const board = await t.ok<any>(
        `query($id: ID!) { requisition(id: $id) { stages { name applicationCount } } }`,
        {
          id: requisition.id,
        },
      );
      expect(board.requisition.stages.filter((s: any) => s.applicationCount > 0)).toEqual([
        { name: 'Technical screen', applicationCount: 1 },
      ]);
    });

    it('moveApplication within ACTIVE: 7 statements (caller, transaction, lock, update with its history entry, event, audit, commit)', async () => {
      // Its own requisition: the others of this block count what is on theirs.
      const own = await createRequisition(t);
      const application = await createApplication(t, (await createCandidate(t)).id, own.id);
      const move = (stageName: string, expectedVersion: number) =>
        t.statements.measure(() =>
          t.gql<{ moveApplication: { application: { version: number } | null; userErrors: unknown[] } }>(
            `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) {
               application { id version } userErrors { code message } } }`,
            { input: { id: application.id, stageId: stage(own, stageName).id, expectedVersion } },
          ),
        );
      const first = await move('Recruiter screen', application.version);
      expect(first.result.data.moveApplication).toEqual({
        application: { id: application.id, version: application.version + 1 },
        userErrors: [],
      });
      // No retention recompute within ACTIVE (only a change of status pays it), and no read beyond the lock.
      expect(first.statements).toBe(7);
      // A stale expectedVersion is refused after the lock, writing nothing: caller, transaction, lock, rollback.
      const stale = await move('Applied', application.version);
      expect(stale.result.data.moveApplication.userErrors).toEqual([
        expect.objectContaining({ code: 'STALE_VERSION' }),
      ]);
      expect(stale.statements).toBe(4);
    });

    it('moveApplication to the stage it is in: no-op, transition null, nothing written', async () => {
      const before = await snapshotCounts(t);
      const moved = await moveApplication(t, {
        id: applicationId,
        stageId: stage(requisition, 'Technical screen').id,
      });
      expect(moved.userErrors).toEqual([]);
      expect(moved.transition).toBeNull();
      expect(moved.application).toMatchObject({
        status: 'ACTIVE',
        version: 2,
        stage: { name: 'Technical screen' },
      });
      expect(await snapshotCounts(t)).toEqual(before);
    });

    it('rejectApplication: REJECTED with the reason, same stage, application.status_changed', async () => {
      const rejected = await changeApplicationStatus(t, 'reject', {
        id: applicationId,
        reason: '  Insufficient production ML experience ',
        expectedVersion: 2,
      });
      expect(rejected.userErrors).toEqual([]);
      expect(rejected.application).toMatchObject({
        status: 'REJECTED',
        version: 3,
        rejectionReason: 'Insufficient production ML experience',
        stage: { name: 'Technical screen' },
      });
      expect(rejected.transition).toMatchObject({
        sequence: 3,
        fromStatus: 'ACTIVE',
        toStatus: 'REJECTED',
        reason: 'Insufficient production ML experience',
        fromStage: { name: 'Technical screen' },
        toStage: { name: 'Technical screen' },
      });
      // A rejected application no longer counts on the board.
      const board = await t.ok<any>(
        `query($id: ID!) { requisition(id: $id) { stages { applicationCount } } }`,
        {
          id: requisition.id,
        },
      );
      expect(board.requisition.stages.map((s: any) => s.applicationCount)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    });

    it('reopenApplication: back to ACTIVE in the same stage, reason cleared', async () => {
      const reopened = await changeApplicationStatus(t, 'reopen', {
        id: applicationId,
        reason: 'Hiring manager asked',
      });
      expect(reopened.userErrors).toEqual([]);
      expect(reopened.application).toMatchObject({
        status: 'ACTIVE',
        version: 4,
        rejectionReason: null,
        stage: { name: 'Technical screen' },
      });
      expect(reopened.transition).toMatchObject({
        sequence: 4,
        fromStatus: 'REJECTED',
        toStatus: 'ACTIVE',
        reason: 'Hiring manager asked',
        toStage: { name: 'Technical screen' },
      });
    });

    it('reopenApplication of an ACTIVE application: APPLICATION_NOT_REOPENABLE, nothing written', async () => {
      const before = await snapshotCounts(t);
      const refused = await changeApplicationStatus(t, 'reopen', { id: applicationId });
      expect(refused.application).toBeNull();
      expect(refused.transition).toBeNull();
      expect(refused.userErrors.map((e) => [e.code, e.field])).toEqual([
        ['APPLICATION_NOT_REOPENABLE', ['input', 'id']],
      ]);
      expect(await snapshotCounts(t)).toEqual(before);
      expect((await fetch(applicationId)).version).toBe(4);
    });

    it('withdrawApplication: WITHDRAWN, no rejection reason; it can be reopened again', async () => {
      const withdrawn = await changeApplicationStatus(t, 'withdraw', {
        id: applicationId,
        reason: 'Accepted another offer',
      });
      expect(withdrawn.userErrors).toEqual([]);
      expect(withdrawn.application).toMatchObject({ status: 'WITHDRAWN', version: 5, rejectionReason: null });
      expect(withdrawn.transition).toMatchObject({
        sequence: 5,
        fromStatus: 'ACTIVE',
        toStatus: 'WITHDRAWN',
        reason: 'Accepted another offer',
      });
      const reopened = await changeApplicationStatus(t, 'reopen', { id: applicationId });
      expect(reopened.application).toMatchObject({
        status: 'ACTIVE',
        version: 6,
        stage: { name: 'Technical screen' },
      });
      expect(reopened.transition).toMatchObject({
        sequence: 6,
        fromStatus: 'WITHDRAWN',
        toStatus: 'ACTIVE',
        reason: null,
      });
    });

    it('application.transitions lists the history newest first, paging with cursors', async () => {
      const query = `query($id: ID!, $first: Int, $after: String) { application(id: $id) {
        transitions(first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { sequence fromStatus toStatus fromStage { name } toStage { name } application { id } } } } } }`;
      const all = await t.ok<any>(query, { id: applicationId, first: 10 });
      const history = all.application.transitions;
      expect(history.totalCount).toBe(6);
      expect(history.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
      expect(history.edges.map((e: any) => e.node)).toEqual(
        [
          [6, 'WITHDRAWN', 'ACTIVE', 'Technical screen', 'Technical screen'],
          [5, 'ACTIVE', 'WITHDRAWN', 'Technical screen', 'Technical screen'],
          [4, 'REJECTED', 'ACTIVE', 'Technical screen', 'Technical screen'],
          [3, 'ACTIVE', 'REJECTED', 'Technical screen', 'Technical screen'],
          [2, 'ACTIVE', 'ACTIVE', 'Applied', 'Technical screen'],
          [1, null, 'ACTIVE', null, 'Applied'],
        ].map(([sequence, fromStatus, toStatus, from, to]) => ({
          sequence,
          fromStatus,
          toStatus,
          fromStage: from === null ? null : { name: from },
          toStage: { name: to },
          application: { id: applicationId },
        })),
      );

      const firstPage = (await t.ok<any>(query, { id: applicationId, first: 4 })).application.transitions;
      expect(firstPage.edges.map((e: any) => e.node.sequence)).toEqual([6, 5, 4, 3]);
      expect(firstPage.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const secondPage = (
        await t.ok<any>(query, { id: applicationId, first: 4, after: firstPage.pageInfo.endCursor })
      ).application.transitions;
      expect(secondPage.edges.map((e: any) => e.node.sequence)).toEqual([2, 1]);
      expect(secondPage.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

      // Each entry can be refetched by its id.
      const latest = await t.ok<any>(
        `query($id: ID!) { application(id: $id) { transitions(first: 1) { edges { node { ${TRANSITION_FIELDS} } } } } }`,
        {
          id: applicationId,
        },
      );
      const node = latest.application.transitions.edges[0].node;
      const refetched = await t.ok<any>(
        `query($id: ID!) { node(id: $id) { ... on StageTransition { ${TRANSITION_FIELDS} } } }`,
        {
          id: node.id,
        },
      );
      expect(refetched.node).toEqual(node);
    });
  });
});
