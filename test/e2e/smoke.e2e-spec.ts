import { createApplication, createCandidate, createRequisition } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates, applies and moves', async () => {
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
    const moved = await t.ok<any>(
      `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { status version stage { name } } transition { fromStage { name } toStage { name } } userErrors { code } } }`,
      {
        input: {
          id: application.id,
          stageId: requisition.stages[1].id,
          expectedVersion: application.version,
        },
      },
    );
    expect(moved.moveApplication.application.stage.name).toBe('Recruiter screen');
    const board = await t.ok<any>(
      `query($id: ID!) { requisition(id: $id) { skills { skill { name } importance minYears } stages { name applicationCount applications(first: 25) { totalCount edges { node { candidate { fullName skills { skill { name } } } } } } } } }`,
      { id: requisition.id },
    );
    expect(board.requisition.skills.map((s: any) => s.skill.name)).toEqual([
      'Python',
      'PyTorch',
      'Kubernetes',
    ]);
    expect(board.requisition.stages[1].applicationCount).toBe(1);
  });
});
