import type { TestApp, TestUser } from '../support/test-app';
import { createApplication, createCandidate, createRequisition, CreatedRequisition } from './index';

export const INTERVIEW_FIELDS = `id kind status startsAt endsAt timeZone location videoUrl version cancelReason
  interviewers { id } stage { id name } application { id } rubric { skill { name } importance minYears }`;

/** An hour from `hoursFromNow` hours from now, on whole minutes (ISO strings). */
export function slot(hoursFromNow: number, lengthHours = 1): { startsAt: string; endsAt: string } {
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + hoursFromNow * 3_600_000);
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + lengthHours * 3_600_000).toISOString(),
  };
}

/** A requisition (Python, PyTorch required; Kubernetes preferred) whose hiring team is a manager and interviewers. */
export interface EvaluationWorld {
  requisition: CreatedRequisition;
  manager: TestUser;
  interviewers: TestUser[];
  /** An interviewer who is not on the team. */
  outsider: TestUser;
  skills: Record<'Python' | 'PyTorch' | 'Kubernetes', string>;
}

export const addMember = (t: TestApp, requisitionId: string, userId: string, role: string) =>
  t.ok(
    `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code } } }`,
    { input: { requisitionId, userId, role } },
  );

export async function createEvaluationWorld(t: TestApp, interviewerCount = 3): Promise<EvaluationWorld> {
  const requisition = await createRequisition(t);
  const manager = await t.userWithRole('HIRING_MANAGER');
  const interviewers: TestUser[] = [];
  for (let i = 0; i < interviewerCount; i++) interviewers.push(await t.userWithRole('INTERVIEWER'));
  const outsider = await t.userWithRole('INTERVIEWER');
  await addMember(t, requisition.id, manager.id, 'HIRING_MANAGER');
  for (const user of interviewers) await addMember(t, requisition.id, user.id, 'INTERVIEWER');
  const data = await t.ok<{ requisition: { skills: { skill: { id: string; name: string } }[] } }>(
    `query($id: ID!) { requisition(id: $id) { skills { skill { id name } } } }`,
    { id: requisition.id },
  );
  const skills = Object.fromEntries(
    data.requisition.skills.map((s) => [s.skill.name, s.skill.id]),
  ) as EvaluationWorld['skills'];
  return { requisition, manager, interviewers, outsider, skills };
}

export async function applicationOn(t: TestApp, requisitionId: string, fullName?: string) {
  const candidate = await createCandidate(t, fullName ? { fullName } : {});
  return { candidate, application: await createApplication(t, candidate.id, requisitionId) };
}

export const SCHEDULE = `mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) {
  interview { ${INTERVIEW_FIELDS} } userErrors { code field message existingId } } }`;

/** Schedules an interview as the given credential (the administrator by default) and returns the payload. */
export async function scheduleInterview(
  t: TestApp,
  input: Record<string, unknown>,
  credential: string = t.adminToken,
): Promise<{ interview: any; userErrors: any[] }> {
  const response = await t.gqlAs<{ scheduleInterview: any }>(credential, SCHEDULE, {
    input: { kind: 'CODING', timeZone: 'Europe/Berlin', ...input },
  });
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data.scheduleInterview;
}

export const SAVE_SCORECARD = `mutation($input: SaveScorecardInput!) { saveScorecard(input: $input) {
  scorecard { id status overallRecommendation notes version submittedAt ratings { skill { name } rating note onRubric } }
  userErrors { code field message } } }`;

export async function saveScorecard(
  t: TestApp,
  credential: string,
  input: Record<string, unknown>,
): Promise<{ scorecard: any; userErrors: any[] }> {
  const response = await t.gqlAs<{ saveScorecard: any }>(credential, SAVE_SCORECARD, { input });
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data.saveScorecard;
}
