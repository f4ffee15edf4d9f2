import { databaseId } from '../../../factories';
import { scheduleInterview, slot } from '../../../factories/evaluation';
import { TestUser } from '../../../support/test-app';
import { Matrix, MutationRow, nodeRow, QueryRow, QueryWorld } from '../harness';
import { levelOf } from '../matrix';
import { addMember, missingId, MutationKit } from '../world';

/**
 * Interviews and scorecards on a requisition whose hiring team the query callers are on (A) and another one (B):
 * on each an interview (xA, xB) with two interviewers who both submitted their scorecard. The team's own
 * interviewer is one of xA's, so blind feedback lets them read the other's scorecard (cardA).
 */
export interface EvaluationWorld extends QueryWorld {
  interview: { A: string; B: string };
  card: { A: string; B: string };
}

const reachOf = (right: 'interviews:read' | 'scorecards:read') => (p: Parameters<typeof levelOf>[0]) =>
  levelOf(p, right);

export const EVALUATION_QUERIES: QueryRow<EvaluationWorld>[] = [
  {
    fields: ['interview'],
    title:
      'interview(id) with its scorecards, by reach (interviewers: the interviews they are on; blind feedback)',
    reach: reachOf('interviews:read'),
    forbiddenWithoutReach: false,
    document: `query($a: ID!, $b: ID!) { a: interview(id: $a) { id scorecards { id } } b: interview(id: $b) { id } }`,
    variables: ({ interview }) => ({ a: interview.A, b: interview.B }),
    check(data, { p, reach, world: { interview, card } }) {
      const readsCards = levelOf(p, 'scorecards:read') !== 'none';
      expect(data.a).toEqual(
        reach === 'none'
          ? null
          : {
              id: interview.A,
              scorecards: readsCards ? expect.arrayContaining([{ id: card.A }]) : [],
            },
      );
      expect(data.b).toEqual(reach === 'all' ? { id: interview.B } : null);
    },
  },
  nodeRow<EvaluationWorld>('Interview', reachOf('interviews:read'), ({ interview }) => ({
    own: interview.A,
    other: interview.B,
  })),
  nodeRow<EvaluationWorld>('Scorecard', reachOf('scorecards:read'), ({ card }) => ({
    own: card.A,
    other: card.B,
  })),
];

let slots = 0;
/** A slot nobody else in the file uses: the principals interview in many of the rows' interviews. */
const freshSlot = (past: boolean) => slot((past ? -2000 : 2000) - 2 * ++slots);

async function teamInterviewer(kit: MutationKit, requisitionId: string): Promise<TestUser> {
  const user = await kit.t.userWithRole('INTERVIEWER');
  await addMember(kit.t, requisitionId, user.id, 'INTERVIEWER');
  return user;
}

/** An interview (as the administrator) on a requisition of the scope, with a fresh interviewer of its team. */
async function interviewFor(kit: MutationKit, scope: 'own' | 'other', past = false) {
  const requisition = await kit.requisitionFor(scope);
  const application = await kit.applicationOn(requisition);
  const interviewer = await teamInterviewer(kit, requisition.id);
  const result = await scheduleInterview(kit.t, {
    applicationId: application.id,
    ...freshSlot(past),
    interviewerIds: [interviewer.id],
  });
  return result.interview.id as string;
}

/** The mutation kit, and the principals' user ids (they interview in saveScorecard's interviews). */
export interface EvaluationKit extends MutationKit {
  userId: Matrix['userId'];
}

export const EVALUATION_MUTATIONS: MutationRow<EvaluationKit>[] = [
  {
    title: 'scheduleInterview',
    mutation: 'scheduleInterview',
    inputType: 'ScheduleInterviewInput',
    select: 'interview { id status }',
    right: 'interviews:write',
    scoped: true,
    async prepare(scope, kit) {
      const requisition = await kit.requisitionFor(scope);
      const application = await kit.applicationOn(requisition);
      const interviewer = await teamInterviewer(kit, requisition.id);
      const input = {
        applicationId: application.id,
        kind: 'CODING',
        timeZone: 'Europe/London',
        ...freshSlot(false),
        interviewerIds: [interviewer.id],
      };
      return {
        input,
        missing: { ...input, applicationId: missingId('Application') },
        async verify(payload) {
          expect(payload.interview.status).toBe('SCHEDULED');
          expect(
            await kit.row('SELECT application_id FROM interview WHERE id = $1', [
              databaseId(payload.interview.id),
            ]),
          ).toEqual({ application_id: databaseId(application.id) });
        },
      };
    },
  },
  {
    title: 'rescheduleInterview',
    mutation: 'rescheduleInterview',
    inputType: 'RescheduleInterviewInput',
    select: 'interview { id version startsAt }',
    right: 'interviews:write',
    scoped: true,
    async prepare(scope, kit) {
      const id = await interviewFor(kit, scope);
      const input = { id, ...freshSlot(false) };
      return {
        input,
        missing: { ...input, id: missingId('Interview') },
        async verify(payload) {
          expect(payload.interview).toEqual({ id, version: 2, startsAt: input.startsAt });
        },
      };
    },
  },
  {
    title: 'cancelInterview',
    mutation: 'cancelInterview',
    inputType: 'CancelInterviewInput',
    select: 'interview { id status }',
    right: 'interviews:write',
    scoped: true,
    async prepare(scope, kit) {
      const id = await interviewFor(kit, scope);
      return {
        input: { id, reason: 'Role paused' },
        missing: { id: missingId('Interview'), reason: 'Role paused' },
        async verify(payload) {
          expect(payload.interview).toEqual({ id, status: 'CANCELLED' });
        },
      };
    },
  },
  {
    title: 'markInterviewNoShow',
    mutation: 'markInterviewNoShow',
    inputType: 'MarkInterviewNoShowInput',
    select: 'interview { id status }',
    right: 'interviews:write',
    scoped: true,
    async prepare(scope, kit) {
      const id = await interviewFor(kit, scope, true);
      return {
        input: { id },
        missing: { id: missingId('Interview') },
        async verify(payload) {
          expect(payload.interview).toEqual({ id, status: 'NO_SHOW' });
        },
      };
    },
  },
  {
    title: 'saveScorecard (by an interviewer of the interview)',
    mutation: 'saveScorecard',
    inputType: 'SaveScorecardInput',
    select: 'scorecard { id status overallRecommendation }',
    right: 'scorecards:write',
    scoped: true,
    async prepare(scope, kit) {
      // Every user principal who can be on the requisition's team interviews: on the other requisition, that is
      // the administrator and the recruiter (the hiring manager and interviewer principals are not on its team).
      const requisition = await kit.requisitionFor(scope);
      const application = await kit.applicationOn(requisition);
      const principals =
        scope === 'own'
          ? (['ADMIN', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] as const)
          : (['ADMIN', 'RECRUITER'] as const);
      for (const p of ['ADMIN', 'RECRUITER'] as const)
        await addMember(kit.t, requisition.id, kit.userId[p]!, 'INTERVIEWER');
      const result = await scheduleInterview(kit.t, {
        applicationId: application.id,
        ...freshSlot(true),
        interviewerIds: principals.map((p) => kit.userId[p]!),
      });
      const input = {
        interviewId: result.interview.id,
        ratings: [],
        overallRecommendation: 'YES',
        submit: true,
      };
      return {
        input,
        missing: { ...input, interviewId: missingId('Interview') },
        async verify(payload) {
          expect(payload.scorecard).toEqual({
            id: expect.any(String),
            status: 'SUBMITTED',
            overallRecommendation: 'YES',
          });
        },
      };
    },
  },
  {
    title: 'rotateCalendarFeedToken',
    mutation: 'rotateCalendarFeedToken',
    inputType: 'RotateCalendarFeedTokenInput',
    select: 'calendarFeedUrl',
    right: 'scorecards:write',
    scoped: false,
    prepare() {
      return Promise.resolve({
        input: {},
        async verify(payload) {
          expect(payload.calendarFeedUrl).toMatch(/\/v1\/calendars\/[A-Za-z0-9_-]{43}\.ics$/);
        },
      });
    },
  },
];
