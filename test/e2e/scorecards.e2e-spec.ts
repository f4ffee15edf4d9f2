import { changeApplicationStatus, countRows, createRequisition, databaseId, eventsOf } from '../factories';
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

const EVALUATION = `query($a: ID!) { application(id: $a) { evaluation {
  scorecardCount recommendations { recommendation count }
  skills { skill { name } importance minYears onRubric meanRating ratings }
  owedScorecards { interview { id } interviewer { id } } } } }`;

const SEEN = `query($x: ID!, $a: ID!, $cards: [ID!]!) {
  interview(id: $x) { id scorecards { id author { id } status } }
  application(id: $a) { evaluation { scorecardCount } }
  cards: nodes(ids: $cards) { id } }`;

describe('scorecards (GraphQL)', () => {
  let t: TestApp;
  let w: EvaluationWorld;
  let recruiter: TestUser;
  let otherManager: TestUser;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    w = await createEvaluationWorld(t);
    recruiter = await t.userWithRole('RECRUITER');
    otherManager = await t.userWithRole('HIRING_MANAGER');
    // The other manager leads another requisition, not this one.
    const other = await createRequisition(t);
    await addMember(t, other.id, otherManager.id, 'HIRING_MANAGER');
    const created = await t.ok<any>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
      {
        input: {
          name: 'evaluation reader',
          scopes: ['interviews:read', 'scorecards:read', 'candidates:read'],
        },
      },
    );
    key = created.createApiKey.secret;
  });
  afterAll(() => t.close());

  async function pastInterview(
    applicationId: string,
    interviewers: TestUser[],
    hoursAgo = 3,
    focus?: string[],
  ) {
    const result = await scheduleInterview(t, {
      applicationId,
      ...slot(-hoursAgo),
      interviewerIds: interviewers.map((u) => u.id),
      ...(focus ? { focusSkillIds: focus } : {}),
    });
    expect(result.userErrors).toEqual([]);
    return result.interview.id as string;
  }

  it('saves a draft, then submits it (needs a recommendation); off-rubric ratings are allowed and flagged', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const x = await pastInterview(application.id, [w.interviewers[0]], 3, [w.skills.Python]);
    const [i0] = w.interviewers;
    const draft = await saveScorecard(t, i0.token, {
      interviewId: x,
      ratings: [
        { skillId: w.skills.Python, rating: 3, note: 'Idiomatic, tested' },
        { skillId: w.skills.Kubernetes, rating: 2 },
      ],
      notes: 'Solid **coding**.',
    });
    expect(draft).toEqual({
      scorecard: {
        id: expect.any(String),
        status: 'DRAFT',
        overallRecommendation: null,
        notes: 'Solid **coding**.',
        version: 1,
        submittedAt: null,
        ratings: [
          { skill: { name: 'Python' }, rating: 3, note: 'Idiomatic, tested', onRubric: true },
          { skill: { name: 'Kubernetes' }, rating: 2, note: null, onRubric: false },
        ],
      },
      userErrors: [],
    });
    const noRecommendation = await saveScorecard(t, i0.token, { interviewId: x, ratings: [], submit: true });
    expect(noRecommendation.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'overallRecommendation'] }),
    ]);
    const stale = await saveScorecard(t, i0.token, {
      interviewId: x,
      ratings: [],
      overallRecommendation: 'YES',
      submit: true,
      expectedVersion: 9,
    });
    expect(stale.userErrors).toEqual([expect.objectContaining({ code: 'STALE_VERSION' })]);
    const submitted = await saveScorecard(t, i0.token, {
      interviewId: x,
      ratings: [{ skillId: w.skills.Python, rating: 4 }],
      overallRecommendation: 'STRONG_YES',
      submit: true,
      expectedVersion: 1,
    });
    expect(submitted.userErrors).toEqual([]);
    expect(submitted.scorecard).toMatchObject({
      status: 'SUBMITTED',
      overallRecommendation: 'STRONG_YES',
      version: 2,
    });
    expect(submitted.scorecard.submittedAt).toEqual(expect.any(String));
    const events = await eventsOf(t, submitted.scorecard.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([['scorecard.submitted', 1]]);
    expect(events[0].data).toMatchObject({
      interviewId: x,
      applicationId: application.id,
      overallRecommendation: 'STRONG_YES',
    });
    expect(JSON.stringify(events[0].data)).not.toMatch(/coding|Idiomatic/);
    // Its only interviewer submitted and it has ended: COMPLETED.
    const done = await t.ok<any>(`query($id: ID!) { interview(id: $id) { status } }`, { id: x });
    expect(done.interview.status).toBe('COMPLETED');
  });

  let earlier = 0;
  let loops = 0;
  it.each([
    ['a rating of 0', [{ rating: 0 }], ['input', 'ratings', '0', 'rating']],
    ['a rating of 5', [{ rating: 5 }], ['input', 'ratings', '0', 'rating']],
    ['a skill rated twice', [{ rating: 2 }, { rating: 3 }], ['input', 'ratings', '1', 'skillId']],
  ])('%s is INVALID_INPUT naming the field, and nothing is written', async (_title, ratings, field) => {
    const { application } = await applicationOn(t, w.requisition.id);
    const x = await pastInterview(application.id, [w.interviewers[1]], 30 + 2 * ++earlier);
    const before = await countRows(t, 'scorecard');
    const result = await saveScorecard(t, w.interviewers[1].token, {
      interviewId: x,
      ratings: ratings.map((r) => ({ skillId: w.skills.Python, ...r })),
    });
    expect(result.scorecard).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field })]);
    expect(await countRows(t, 'scorecard')).toBe(before);
  });

  it('only the interview’s interviewers write scorecards for it', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const x = await pastInterview(application.id, [w.interviewers[0]], 40);
    const before = await countRows(t, 'scorecard');
    const admin = await saveScorecard(t, t.adminToken, { interviewId: x, ratings: [] });
    expect(admin.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_AN_INTERVIEWER', field: ['input', 'interviewId'] }),
    ]);
    // An interviewer of the team who is not on this interview cannot even see it.
    const teammate = await saveScorecard(t, w.interviewers[2].token, { interviewId: x, ratings: [] });
    expect(teammate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'interviewId'] }),
    ]);
    const key = await t.gqlAs(
      keyOrNull(),
      `mutation($input: SaveScorecardInput!) { saveScorecard(input: $input) { userErrors { code } } }`,
      {
        input: { interviewId: x, ratings: [] },
      },
    );
    expect(key.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await countRows(t, 'scorecard')).toBe(before);
  });

  const keyOrNull = () => key;

  it("a requisition's applications with their interviews and evaluations cost the same statements for 2 or 6 of them", async () => {
    const requisition = await createRequisition(t);
    await addMember(t, requisition.id, w.interviewers[0].id, 'INTERVIEWER');
    const skills = await t.ok<any>(`query($id: ID!) { requisition(id: $id) { skills { skill { id } } } }`, {
      id: requisition.id,
    });
    const skillId = skills.requisition.skills[0].skill.id;
    const query = `query($id: ID!) { requisition(id: $id) { applications(first: 10) { edges { node {
      interviews { id status interviewers { id } rubric { skill { name } } scorecards { ratings { rating onRubric skill { name } } author { id } } }
      evaluation { scorecardCount skills { skill { name } meanRating } owedScorecards { interviewer { id } } } } } } } }`;
    const measure = async () => {
      const { result, statements } = await t.statements.measure(() =>
        t.gql<any>(query, { id: requisition.id }),
      );
      expect(result.errors).toBeUndefined();
      return statements;
    };
    const addInterviewed = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const { application } = await applicationOn(t, requisition.id);
        const x = await pastInterview(application.id, [w.interviewers[0]], 1000 + 2 * ++loops);
        await saveScorecard(t, w.interviewers[0].token, {
          interviewId: x,
          ratings: [{ skillId, rating: 3 }],
          overallRecommendation: 'YES',
          submit: true,
        });
      }
    };
    await addInterviewed(2);
    const few = await measure();
    await addInterviewed(4);
    expect(await measure()).toBe(few);
  });

  it('an interview whose scorecards all came in before it ended reads as COMPLETED once it has ended', async () => {
    const { application } = await applicationOn(t, w.requisition.id);
    const running = await scheduleInterview(t, {
      applicationId: application.id,
      ...slot(-0.5),
      interviewerIds: [w.interviewers[2].id],
    });
    const id = running.interview.id;
    await saveScorecard(t, w.interviewers[2].token, {
      interviewId: id,
      ratings: [],
      overallRecommendation: 'NO',
      submit: true,
    });
    const statusOf = async () =>
      (await t.ok<any>(`query($id: ID!) { interview(id: $id) { status } }`, { id })).interview.status;
    expect(await statusOf()).toBe('SCHEDULED');
    // Time passes: the hour is over.
    for (const table of ['interview', 'interview_interviewer']) {
      await t.sql(
        `UPDATE ${table} SET starts_at = starts_at - interval '1 hour', ends_at = ends_at - interval '1 hour'
         WHERE ${table === 'interview' ? 'id' : 'interview_id'} = $1`,
        [databaseId(id)],
      );
    }
    expect(await statusOf()).toBe('COMPLETED');
  });

  describe('blind feedback, enforced in SQL', () => {
    let application: { id: string };
    let x: string;
    let y: string;
    let card0: string;
    let draft1: string;
    let card2: string;

    beforeAll(async () => {
      ({ application } = await applicationOn(t, w.requisition.id));
      // Interview X with interviewers 0 and 1; Y with interviewer 2.
      x = await pastInterview(application.id, [w.interviewers[0], w.interviewers[1]], 60);
      y = await pastInterview(application.id, [w.interviewers[2]], 58);
      card0 = (
        await saveScorecard(t, w.interviewers[0].token, {
          interviewId: x,
          ratings: [{ skillId: w.skills.Python, rating: 4 }],
          overallRecommendation: 'YES',
          submit: true,
        })
      ).scorecard.id;
      draft1 = (
        await saveScorecard(t, w.interviewers[1].token, {
          interviewId: x,
          ratings: [{ skillId: w.skills.Python, rating: 1 }],
        })
      ).scorecard.id;
      card2 = (
        await saveScorecard(t, w.interviewers[2].token, {
          interviewId: y,
          ratings: [{ skillId: w.skills.PyTorch, rating: 2 }],
          overallRecommendation: 'NO',
          submit: true,
        })
      ).scorecard.id;
    });

    const seenBy = async (credential: string) => {
      const response = await t.gqlAs<any>(credential, SEEN, {
        x,
        a: application.id,
        cards: [card0, draft1, card2],
      });
      if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
      const data = response.data;
      return {
        onX: data.interview?.scorecards.map((s: any) => s.id) ?? null,
        count: data.application?.evaluation?.scorecardCount ?? null,
        nodes: data.cards.map((c: any) => c?.id ?? null),
      };
    };

    it('INTERVIEWER who has not submitted: only their own draft, nothing of the others', async () => {
      expect(await seenBy(w.interviewers[1].token)).toEqual({
        onX: [draft1],
        count: 0,
        nodes: [null, draft1, null],
      });
    });

    it('INTERVIEWER who has submitted: every submitted scorecard of the application, never others’ drafts', async () => {
      expect(await seenBy(w.interviewers[0].token)).toEqual({
        onX: [card0],
        count: 2,
        nodes: [card0, null, card2],
      });
      // Interviewer 2 is not on X: X stays out of sight, but the scorecards on the application do not.
      expect(await seenBy(w.interviewers[2].token)).toEqual({
        onX: null,
        count: 2,
        nodes: [card0, null, card2],
      });
    });

    it('HIRING_MANAGER on the team: every submitted scorecard, no drafts', async () => {
      expect(await seenBy(w.manager.token)).toEqual({ onX: [card0], count: 2, nodes: [card0, null, card2] });
    });

    it('HIRING_MANAGER of another team: nothing', async () => {
      expect(await seenBy(otherManager.token)).toEqual({ onX: null, count: null, nodes: [null, null, null] });
    });

    it('RECRUITER: every submitted scorecard, no drafts', async () => {
      expect(await seenBy(recruiter.token)).toEqual({ onX: [card0], count: 2, nodes: [card0, null, card2] });
    });

    it('ADMIN: every submitted scorecard, no drafts', async () => {
      expect(await seenBy(t.adminToken)).toEqual({ onX: [card0], count: 2, nodes: [card0, null, card2] });
    });

    it('API key with scorecards:read: every submitted scorecard, no drafts', async () => {
      expect(await seenBy(key)).toEqual({ onX: [card0], count: 2, nodes: [card0, null, card2] });
    });

    it('the evaluation sums up per skill and recommendation, and names who still owes a scorecard', async () => {
      const data = await t.ok<any>(EVALUATION, { a: application.id });
      expect(data.application.evaluation).toEqual({
        scorecardCount: 2,
        recommendations: [
          { recommendation: 'STRONG_NO', count: 0 },
          { recommendation: 'NO', count: 1 },
          { recommendation: 'YES', count: 1 },
          { recommendation: 'STRONG_YES', count: 0 },
        ],
        skills: [
          {
            skill: { name: 'Python' },
            importance: 'REQUIRED',
            minYears: 3,
            onRubric: true,
            meanRating: 4,
            ratings: [4],
          },
          {
            skill: { name: 'PyTorch' },
            importance: 'REQUIRED',
            minYears: null,
            onRubric: true,
            meanRating: 2,
            ratings: [2],
          },
          {
            skill: { name: 'Kubernetes' },
            importance: 'PREFERRED',
            minYears: null,
            onRubric: true,
            meanRating: null,
            ratings: [],
          },
        ],
        owedScorecards: [{ interview: { id: x }, interviewer: { id: w.interviewers[1].id } }],
      });
      const pending = await t.gqlAs<any>(
        w.interviewers[1].token,
        `{ viewer { pendingScorecards { interview { id } draft { id status } } } }`,
      );
      expect(pending.data.viewer.pendingScorecards.filter((p: any) => p.interview.id === x)).toEqual([
        { interview: { id: x }, draft: { id: draft1, status: 'DRAFT' } },
      ]);
      const none = await t.gqlAs<any>(
        w.interviewers[0].token,
        `{ viewer { pendingScorecards { interview { id } } } }`,
      );
      expect(none.data.viewer.pendingScorecards.filter((p: any) => p.interview.id === x)).toEqual([]);
    });

    it('a submitted scorecard is amended (audited) while the application is ACTIVE, and frozen after', async () => {
      const amended = await saveScorecard(t, w.interviewers[0].token, {
        interviewId: x,
        ratings: [{ skillId: w.skills.Python, rating: 3 }],
        overallRecommendation: 'STRONG_YES',
        submit: false,
      });
      expect(amended.scorecard).toMatchObject({
        status: 'SUBMITTED',
        overallRecommendation: 'STRONG_YES',
        version: 2,
      });
      const audit = await t.sql(
        `SELECT action, changes FROM audit_entry WHERE $1 = ANY(subject_ids) ORDER BY occurred_at, id`,
        [databaseId(card0)],
      );
      expect(audit.map((a) => a.action)).toEqual(['submitScorecard', 'amendScorecard']);
      expect(audit[1].changes).toMatchObject({
        overallRecommendation: { before: 'YES', after: 'STRONG_YES' },
        ratings: {
          before: { [databaseId(w.skills.Python)]: 4 },
          after: { [databaseId(w.skills.Python)]: 3 },
        },
      });
      // One event: the submission; amendments are audited, not announced again.
      expect((await eventsOf(t, card0)).map((e) => e.type)).toEqual(['scorecard.submitted']);
      await changeApplicationStatus(t, 'reject', { id: application.id, reason: 'Another candidate' });
      const frozen = await saveScorecard(t, w.interviewers[0].token, {
        interviewId: x,
        ratings: [],
        overallRecommendation: 'NO',
      });
      expect(frozen.userErrors).toEqual([expect.objectContaining({ code: 'APPLICATION_NOT_ACTIVE' })]);
    });
  });
});
