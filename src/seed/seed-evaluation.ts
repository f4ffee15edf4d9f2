import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EvaluationReach } from '../evaluation/evaluation-reach-sql';
import { InterviewKind, Recommendation } from '../evaluation/evaluation.enums';
import { EvaluationRepository } from '../evaluation/evaluation.repository';
import { InterviewsService } from '../evaluation/interviews.service';
import { ScorecardsService } from '../evaluation/scorecards.service';
import { UsersService } from '../identity/users.service';
import { RequisitionKey } from './demo-data';
import { DemoDataRepository } from './demo-data.repository';
import { SeedLog } from './seed-context';
import { DEMO_USERS } from './seed-demo-users';
import { UserRole } from '../identity/identity.enums';

const ALL: EvaluationReach = { kind: 'all', userId: null };
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The loop of each interviewed application: what kind, and how the interviewers judged (by skill position). */
const LOOPS: {
  kind: InterviewKind;
  ratings: number[];
  interviewer: Recommendation;
  manager: Recommendation | null;
}[] = [
  {
    kind: InterviewKind.CODING,
    ratings: [4, 3, 3],
    interviewer: Recommendation.YES,
    manager: Recommendation.STRONG_YES,
  },
  { kind: InterviewKind.ML_SYSTEM_DESIGN, ratings: [3, 2, 2], interviewer: Recommendation.NO, manager: null },
  {
    kind: InterviewKind.ML_FUNDAMENTALS,
    ratings: [4, 4, 3],
    interviewer: Recommendation.STRONG_YES,
    manager: Recommendation.YES,
  },
  {
    kind: InterviewKind.PAPER_DISCUSSION,
    ratings: [2, 3, 1],
    interviewer: Recommendation.NO,
    manager: Recommendation.STRONG_NO,
  },
];

/**
 * Interviews and scorecards for the demo hiring team (the manager and the interviewer on the mid-level and senior
 * requisitions): for a few active applications past the first stage, an interview a few days ago with both of them
 * — the interviewer's scorecard submitted, the manager's submitted or still owed — and one in the coming days, so
 * the evaluation, the pending scorecards and the calendar feed show something on first start. Once the demo
 * requisitions have interviews, it adds none: a second run changes nothing.
 */
export async function seedEvaluation(
  app: INestApplicationContext,
  demoData: DemoDataRepository,
  requisitionIds: Record<RequisitionKey, string>,
  now: Date,
  log: SeedLog,
): Promise<{ interviews: number; scorecards: number }> {
  const users = app.get(UsersService);
  const interviews = app.get(InterviewsService);
  const scorecards = app.get(ScorecardsService);
  const repository = app.get(EvaluationRepository);
  const idOf = async (role: UserRole) =>
    (await users.findByEmail(DEMO_USERS.find((u) => u.role === role)!.email))!.id;
  const requisitions = [requisitionIds.mid, requisitionIds.senior];
  const existing = await demoData.countInterviews(requisitions);
  if (existing > 0) {
    log(`evaluation: ${existing} interviews already there`);
    return { interviews: 0, scorecards: 0 };
  }
  const manager = await idOf(UserRole.HIRING_MANAGER);
  const interviewer = await idOf(UserRole.INTERVIEWER);
  const candidates = (
    await demoData.findApplicationsToInterview([requisitionIds.mid, requisitionIds.senior])
  ).slice(0, LOOPS.length);
  const day = Math.floor(now.getTime() / DAY) * DAY;
  let interviewCount = 0;
  let scorecardCount = 0;
  for (const [i, application] of candidates.entries()) {
    const loop = LOOPS[i];
    // Different days for different applications: the two never double-book themselves.
    const heldAt = new Date(day - (2 + i) * DAY + 16 * HOUR);
    const held = await interviews.schedule(
      {
        applicationId: application.id,
        kind: loop.kind,
        startsAt: heldAt,
        endsAt: new Date(heldAt.getTime() + HOUR),
        timeZone: 'America/Los_Angeles',
        interviewerIds: [interviewer, manager],
        videoUrl: 'https://meet.example.com/requisite-demo',
      },
      ALL,
    );
    const upcomingAt = new Date(day + (1 + i) * DAY + 17 * HOUR);
    await interviews.schedule(
      {
        applicationId: application.id,
        kind: InterviewKind.HIRING_MANAGER,
        startsAt: upcomingAt,
        endsAt: new Date(upcomingAt.getTime() + 45 * 60_000),
        timeZone: 'Europe/Berlin',
        interviewerIds: [interviewer],
        location: 'Room Turing, 3rd floor',
      },
      ALL,
    );
    interviewCount += 2;
    const skills = await repository.requisitionSkillIds(
      app.get(DataSource).manager,
      application.requisition_id,
    );
    const rated = skills
      .slice(0, loop.ratings.length)
      .map((skillId, k) => ({ skillId, rating: loop.ratings[k] }));
    await scorecards.save(
      {
        interviewId: held.interview.id,
        authorId: interviewer,
        ratings: rated,
        overallRecommendation: loop.interviewer,
        notes: 'Walked through the trade-offs clearly; would like a deeper look at evaluation metrics.',
        submit: true,
      },
      ALL,
    );
    scorecardCount += 1;
    if (loop.manager) {
      await scorecards.save(
        {
          interviewId: held.interview.id,
          authorId: manager,
          ratings: rated.map((r) => ({
            ...r,
            rating: Math.max(
              1,
              Math.min(4, r.rating + (loop.manager === Recommendation.STRONG_YES ? 1 : -1)),
            ),
          })),
          overallRecommendation: loop.manager,
          submit: true,
        },
        ALL,
      );
      scorecardCount += 1;
    }
  }
  log(`evaluation: ${interviewCount} interviews, ${scorecardCount} scorecards created`);
  return { interviews: interviewCount, scorecards: scorecardCount };
}
