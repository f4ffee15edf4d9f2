import { createRequisition, unique } from '../../factories';
import { applicationOn, saveScorecard, scheduleInterview, slot } from '../../factories/evaluation';
import { TestApp, TestUser } from '../../support/test-app';
import { runMutationRows, runQueryRows, setUpMatrix } from './harness';
import { EVALUATION_MUTATIONS, EVALUATION_QUERIES, EvaluationKit, EvaluationWorld } from './rows/evaluation';
import { addMember, mutationKit } from './world';

async function submittedInterview(
  t: TestApp,
  requisitionId: string,
  interviewers: TestUser[],
  hoursAgo: number,
) {
  const { application } = await applicationOn(t, requisitionId);
  const scheduled = await scheduleInterview(t, {
    applicationId: application.id,
    ...slot(-hoursAgo),
    interviewerIds: interviewers.map((u) => u.id),
  });
  const cards: string[] = [];
  for (const user of interviewers) {
    const saved = await saveScorecard(t, user.token, {
      interviewId: scheduled.interview.id,
      ratings: [],
      overallRecommendation: 'YES',
      submit: true,
    });
    cards.push(saved.scorecard.id);
  }
  return { interview: scheduled.interview.id as string, cards };
}

async function createEvaluationWorld(t: TestApp): Promise<EvaluationWorld> {
  const [hm, interviewer, mate, b1, b2] = await Promise.all([
    t.userWithRole('HIRING_MANAGER'),
    t.userWithRole('INTERVIEWER'),
    t.userWithRole('INTERVIEWER'),
    t.userWithRole('INTERVIEWER'),
    t.userWithRole('INTERVIEWER'),
  ]);
  const A = await createRequisition(t, { title: `ML engineer A ${unique()}` });
  const B = await createRequisition(t, { title: `ML engineer B ${unique()}` });
  await addMember(t, A.id, hm.id, 'HIRING_MANAGER');
  for (const u of [interviewer, mate]) await addMember(t, A.id, u.id, 'INTERVIEWER');
  for (const u of [b1, b2]) await addMember(t, B.id, u.id, 'INTERVIEWER');
  const onA = await submittedInterview(t, A.id, [interviewer, mate], 5);
  const onB = await submittedInterview(t, B.id, [b1, b2], 5);
  return {
    credential: { HIRING_MANAGER: hm.token, INTERVIEWER: interviewer.token },
    interview: { A: onA.interview, B: onB.interview },
    card: { A: onA.cards[1], B: onB.cards[0] },
  };
}

/*
 * Interviews and scorecards for every principal of the matrix (matrix.ts, from the README's roles table), on a
 * requisition whose hiring team the caller is on and another one.
 */
describe('permissions: interviews and scorecards', () => {
  const m = setUpMatrix();
  let world: EvaluationWorld;
  let kit: EvaluationKit;
  beforeAll(async () => {
    world = await createEvaluationWorld(m.t);
    kit = { ...mutationKit(m), userId: m.userId };
  });

  describe('queries', () => {
    runQueryRows(m, () => world, EVALUATION_QUERIES);
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, EVALUATION_MUTATIONS);
  });
});
