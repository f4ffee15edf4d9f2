import { createApplication, createCandidate, createRequisition, moveApplication } from '../factories';
import {
  addMember,
  applicationOn,
  createEvaluationWorld,
  EvaluationWorld,
  saveScorecard,
  scheduleInterview,
  slot,
} from '../factories/evaluation';
import { createTestApp, TestApp, TestUser } from '../support/test-app';

const ACTIVITY = `query($id: ID!, $first: Int, $after: String) { application(id: $id) {
  activity(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { __typename kind occurredAt actor { id }
      ... on StageTransitionActivity { transition { id } }
      ... on NoteActivity { note { id } }
      ... on InterviewActivity { startsAt endsAt interview { id status startsAt } }
      ... on ScorecardActivity { scorecard { id status author { id } } } } } } } }`;
const RESCHEDULE = `mutation($input: RescheduleInterviewInput!) { rescheduleInterview(input: $input) {
  interview { id } userErrors { code field message } } }`;
const CANCEL = `mutation($input: CancelInterviewInput!) { cancelInterview(input: $input) {
  interview { id } userErrors { code field message } } }`;
const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code } } }`;

/**
 * Interviews and scorecards on applications' timelines: their kinds among transitions and notes, what each role
 * sees of them (interviewers their interviews, blind feedback for scorecards), and the statement count.
 */
describe('interviews and scorecards on the activity timeline (e2e)', () => {
  let t: TestApp;
  let w: EvaluationWorld;
  let recruiter: TestUser;
  let offTeamManager: TestUser;
  let adminId: string;
  let applicationId: string;
  /** i0 and i1 on a past interview; i2 on one rescheduled then cancelled. */
  let pastInterview: string;
  let movedInterview: string;
  let movedTo: { startsAt: string; endsAt: string };
  let cardI1: string;
  let cardI0: string | undefined;

  const as = (credential: string, document: string, variables?: Record<string, unknown>) =>
    t.gqlAs<any>(credential, document, variables);
  const timeline = async (credential: string, first = 20) => {
    const response = await as(credential, ACTIVITY, { id: applicationId, first });
    expect(response.errors).toBeUndefined();
    return response.data.application?.activity as
      { totalCount: number; edges: { cursor: string; node: any }[] } | undefined;
  };
  const kinds = async (credential: string) =>
    (await timeline(credential))?.edges.map((e) => e.node.kind as string);
  const apiKey = async (scopes: string[]) =>
    (
      await t.ok<any>(
        `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
        { input: { name: scopes.join(' '), scopes } },
      )
    ).createApiKey.secret as string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    adminId = (await t.ok<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id;
    w = await createEvaluationWorld(t);
    recruiter = await t.userWithRole('RECRUITER');
    offTeamManager = await t.userWithRole('HIRING_MANAGER');
    await addMember(t, (await createRequisition(t)).id, offTeamManager.id, 'HIRING_MANAGER');
    const [i0, i1, i2] = w.interviewers;
    ({
      application: { id: applicationId },
    } = await applicationOn(t, w.requisition.id));
    const past = await scheduleInterview(t, {
      applicationId,
      ...slot(-5),
      interviewerIds: [i0.id, i1.id],
    });
    expect(past.userErrors).toEqual([]);
    pastInterview = past.interview.id;
    const moved = await scheduleInterview(t, { applicationId, ...slot(30), interviewerIds: [i2.id] });
    movedInterview = moved.interview.id;
    movedTo = slot(32);
    expect(
      (await t.ok<any>(RESCHEDULE, { input: { id: movedInterview, ...movedTo } })).rescheduleInterview
        .userErrors,
    ).toEqual([]);
    expect(
      (await t.ok<any>(CANCEL, { input: { id: movedInterview, reason: 'Candidate withdrew the slot' } }))
        .cancelInterview.userErrors,
    ).toEqual([]);
    // i1 submits; i0 only drafts (for now).
    const submitted = await saveScorecard(t, i1.token, {
      interviewId: pastInterview,
      ratings: [{ skillId: w.skills.Python, rating: 3 }],
      overallRecommendation: 'YES',
      submit: true,
    });
    expect(submitted.userErrors).toEqual([]);
    cardI1 = submitted.scorecard.id;
    const draft = await saveScorecard(t, i0.token, { interviewId: pastInterview, ratings: [] });
    expect(draft.userErrors).toEqual([]);
  });
  afterAll(() => t?.close());

  it('shows each scheduling, rescheduling and cancellation and each submitted scorecard, newest first', async () => {
    const activity = (await timeline(recruiter.token))!;
    expect(activity.totalCount).toBe(6);
    expect(activity.edges.map((e) => [e.node.__typename, e.node.kind, e.node.actor?.id ?? null])).toEqual([
      ['ScorecardActivity', 'scorecard.submitted', w.interviewers[1].id],
      ['InterviewActivity', 'interview.cancelled', adminId],
      ['InterviewActivity', 'interview.rescheduled', adminId],
      ['InterviewActivity', 'interview.scheduled', adminId],
      ['InterviewActivity', 'interview.scheduled', adminId],
      ['StageTransitionActivity', 'application.created', adminId],
    ]);
    const [card, cancelled, rescheduled, scheduled, first] = activity.edges.map((e) => e.node);
    expect(card.scorecard).toEqual({ id: cardI1, status: 'SUBMITTED', author: { id: w.interviewers[1].id } });
    // The interview as it is now; the slot as each change set it.
    expect(cancelled.interview).toEqual({
      id: movedInterview,
      status: 'CANCELLED',
      startsAt: movedTo.startsAt,
    });
    expect(rescheduled).toMatchObject({ startsAt: movedTo.startsAt, endsAt: movedTo.endsAt });
    expect(scheduled.interview.id).toBe(movedInterview);
    expect(scheduled.startsAt).not.toBe(movedTo.startsAt);
    expect(first.interview.id).toBe(pastInterview);
    const times = activity.edges.map((e) => Date.parse(e.node.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(activity.edges.map((e) => e.cursor)).size).toBe(6);
  });

  it('pages across every source to the same sequence', async () => {
    const all = (await timeline(recruiter.token))!.edges.map((e) => e.cursor);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const response = await as(recruiter.token, ACTIVITY, { id: applicationId, first: 2, after });
      const activity = response.data.application.activity;
      seen.push(...activity.edges.map((e: any) => e.cursor));
      after = activity.pageInfo.endCursor;
      if (!activity.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all);
  });

  it('hiring manager on the team: everything but drafts; off the team: not the application at all', async () => {
    expect(await kinds(w.manager.token)).toEqual([
      'scorecard.submitted',
      'interview.cancelled',
      'interview.rescheduled',
      'interview.scheduled',
      'interview.scheduled',
      'application.created',
    ]);
    const response = await as(offTeamManager.token, ACTIVITY, { id: applicationId, first: 20 });
    expect(response.data?.application ?? null).toBeNull();
  });

  it('interviewers: only the interviews they are on; others’ scorecards only once theirs is submitted', async () => {
    const [i0, , i2] = w.interviewers;
    // i0 is on the past interview, has only a draft: no scorecard at all, not even their own draft.
    expect(await kinds(i0.token)).toEqual(['interview.scheduled', 'application.created']);
    expect((await timeline(i0.token))!.edges[0].node.interview.id).toBe(pastInterview);
    // i2 is on the moved interview only, and wrote no scorecard.
    expect(await kinds(i2.token)).toEqual([
      'interview.cancelled',
      'interview.rescheduled',
      'interview.scheduled',
      'application.created',
    ]);
    // An interviewer off the team sees nothing of the application.
    const outsider = await as(w.outsider.token, ACTIVITY, { id: applicationId, first: 20 });
    expect(outsider.data?.application ?? null).toBeNull();

    // Once i0 submits, both scorecards show for them (their own and i1's); still none for i2.
    const submitted = await saveScorecard(t, i0.token, {
      interviewId: pastInterview,
      ratings: [],
      overallRecommendation: 'NO',
      submit: true,
    });
    expect(submitted.userErrors).toEqual([]);
    cardI0 = submitted.scorecard.id;
    const after = (await timeline(i0.token))!;
    expect(after.edges.map((e) => e.node.kind)).toEqual([
      'scorecard.submitted',
      'scorecard.submitted',
      'interview.scheduled',
      'application.created',
    ]);
    expect(after.edges.slice(0, 2).map((e) => e.node.scorecard.id)).toEqual([cardI0, cardI1]);
    expect((await kinds(i2.token))?.filter((k) => k.startsWith('scorecard'))).toEqual([]);
  });

  it('API keys: interviews with interviews:read, scorecards only with scorecards:read', async () => {
    const interviewsOnly = await apiKey(['candidates:read', 'interviews:read']);
    expect((await kinds(interviewsOnly))?.filter((k) => !k.startsWith('interview.'))).toEqual([
      'application.created',
    ]);
    expect((await kinds(interviewsOnly))?.filter((k) => k.startsWith('interview.'))).toHaveLength(4);
    const scorecardsOnly = await apiKey(['candidates:read', 'scorecards:read']);
    // Both submitted scorecards (i0's and i1's), never an interview.
    expect(await kinds(scorecardsOnly)).toEqual([
      'scorecard.submitted',
      'scorecard.submitted',
      'application.created',
    ]);
    const historyOnly = await apiKey(['candidates:read']);
    expect(await kinds(historyOnly)).toEqual(['application.created']);
  });

  it('costs the same number of SQL statements with interviews and scorecards mixed in, for any number of applications', async () => {
    const BOARD = `query($id: ID!) { requisition(id: $id) { applications(first: 10) { edges { node {
      activity(first: 6) { totalCount edges { cursor node { __typename kind occurredAt actor { id }
        ... on StageTransitionActivity { transition { toStage { name } } }
        ... on NoteActivity { note { body author { id } } }
        ... on InterviewActivity { startsAt interview { id status interviewers { id } } }
        ... on ScorecardActivity { scorecard { id overallRecommendation author { id } } } } } } } } } } }`;
    const measure = async (requisitionId: string) => {
      const { result, statements } = await t.statements.measure(() =>
        as(t.adminToken, BOARD, { id: requisitionId }),
      );
      expect(result.errors).toBeUndefined();
      return statements;
    };
    /** An application on the world's requisition with a transition, a note, an interview and a scorecard. */
    const everything = async (requisition: EvaluationWorld, n: number) => {
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.requisition.id);
      await moveApplication(t, { id: application.id, stageId: requisition.requisition.stages[1].id });
      await t.ok(ADD_NOTE, { input: { applicationId: application.id, body: `Note ${n}` } });
      const interviewer = requisition.interviewers[n % requisition.interviewers.length];
      const interview = await scheduleInterview(t, {
        applicationId: application.id,
        ...slot(-10 - 2 * n),
        interviewerIds: [interviewer.id],
      });
      expect(interview.userErrors).toEqual([]);
      const card = await saveScorecard(t, interviewer.token, {
        interviewId: interview.interview.id,
        ratings: [],
        overallRecommendation: 'YES',
        submit: true,
      });
      expect(card.userErrors).toEqual([]);
    };
    const small = await createEvaluationWorld(t, 1);
    await everything(small, 0);
    const large = await createEvaluationWorld(t, 3);
    for (let n = 0; n < 5; n++) await everything(large, n);
    // Some applications with transitions only: the mix differs per application.
    await createApplication(t, (await createCandidate(t)).id, large.requisition.id);
    const smallCount = await measure(small.requisition.id);
    const largeCount = await measure(large.requisition.id);
    process.stdout.write(
      `\nTimeline SQL statements with every kind: 1 application ${smallCount}; 6 applications ${largeCount}\n`,
    );
    expect(largeCount).toBe(smallCount);

    // The page itself, whatever kinds it holds: transitions only costs what every kind does.
    const PAGE = `query($id: ID!) { application(id: $id) { activity(first: 10) { totalCount edges { node { kind } } } } }`;
    const plain = await createApplication(t, (await createCandidate(t)).id, large.requisition.id);
    const pageOf = async (id: string) =>
      (await t.statements.measure(() => as(t.adminToken, PAGE, { id }))).statements;
    expect(await pageOf(applicationId)).toBe(await pageOf(plain.id));
  });
});
