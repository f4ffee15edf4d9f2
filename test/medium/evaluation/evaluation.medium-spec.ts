import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { EvaluationReach } from '../../../src/evaluation/evaluation-reach-sql';
import { InterviewKind, Recommendation } from '../../../src/evaluation/evaluation.enums';
import { EvaluationModule } from '../../../src/evaluation/evaluation.module';
import { EvaluationRepository } from '../../../src/evaluation/evaluation.repository';
import { InterviewsService } from '../../../src/evaluation/interviews.service';
import { ScorecardsService } from '../../../src/evaluation/scorecards.service';
import { UserRole } from '../../../src/identity/identity.enums';
import { UsersService } from '../../../src/identity/users.service';
import { ApplicationActivityRepository } from '../../../src/pipeline/application-activity.repository';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { HiringTeamService } from '../../../src/requisitions/hiring-team.service';
import { MemberRole } from '../../../src/requisitions/requisition.enums';
import { makeCandidate, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

const ALL: EvaluationReach = { kind: 'all', userId: null };
const HOUR = 3_600_000;

/** The evaluation repository's reach SQL (blind feedback) and the double-booking constraint, on the real database. */
describe('evaluation (service and repository)', () => {
  let ctx: ServiceContext;
  let repository: EvaluationRepository;
  let interviews: InterviewsService;
  let scorecards: ScorecardsService;
  const department = `medium-evaluation-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([EvaluationModule]);
    repository = ctx.get(EvaluationRepository);
    interviews = ctx.get(InterviewsService);
    scorecards = ctx.get(ScorecardsService);
  });
  afterAll(() => ctx.close());

  const user = (role: UserRole) =>
    ctx
      .get(UsersService)
      .create({ email: `${role}.${randomUUID()}@requisite.test`, name: role, role, password: null });

  /** An ACTIVE application on a new requisition whose team is the given users. */
  async function applicationWithTeam(members: string[]) {
    const { requisition } = await makeRequisition(ctx, department);
    for (const userId of members) {
      await ctx.as(SYSTEM, () =>
        ctx
          .get(HiringTeamService)
          .add({ requisitionId: requisition.id, userId, role: MemberRole.INTERVIEWER }, { kind: 'all' }),
      );
    }
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      ctx.get(ApplicationsService).create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    return application;
  }

  const schedule = (applicationId: string, interviewerIds: string[], startsAt: Date) =>
    ctx.as(SYSTEM, () =>
      interviews.schedule(
        {
          applicationId,
          kind: InterviewKind.CODING,
          startsAt,
          endsAt: new Date(startsAt.getTime() + HOUR),
          timeZone: 'UTC',
          interviewerIds,
        },
        ALL,
      ),
    );

  it('scorecardVisible: drafts only for their author; interviewers blind until their own is submitted', async () => {
    const [a, b, manager, stranger] = await Promise.all([
      user(UserRole.INTERVIEWER),
      user(UserRole.INTERVIEWER),
      user(UserRole.HIRING_MANAGER),
      user(UserRole.HIRING_MANAGER),
    ]);
    const application = await applicationWithTeam([a.id, b.id, manager.id]);
    const { interview } = await schedule(application.id, [a.id, b.id], new Date(Date.now() - 5 * HOUR));
    const save = (authorId: string, submit: boolean) =>
      ctx.as(SYSTEM, () =>
        scorecards.save(
          {
            interviewId: interview.id,
            authorId,
            ratings: [],
            overallRecommendation: Recommendation.YES,
            submit,
          },
          ALL,
        ),
      );
    const cardA = (await save(a.id, true)).scorecard.id;
    const draftB = (await save(b.id, false)).scorecard.id;
    const visible = async (reach: EvaluationReach) =>
      (await repository.findScorecardsByIds([cardA, draftB], reach)).map((s) => s.id).sort();
    expect(await visible(ALL)).toEqual([cardA]);
    expect(await visible({ kind: 'all', userId: b.id })).toEqual([cardA, draftB].sort());
    expect(await visible({ kind: 'team', userId: manager.id })).toEqual([cardA]);
    expect(await visible({ kind: 'team', userId: stranger.id })).toEqual([]);
    expect(await visible({ kind: 'interviewer', userId: b.id })).toEqual([draftB]);
    expect(await visible({ kind: 'interviewer', userId: a.id })).toEqual([cardA]);
    expect(await visible({ kind: 'none' })).toEqual([]);
    await save(b.id, true);
    expect(await visible({ kind: 'interviewer', userId: b.id })).toEqual([cardA, draftB].sort());
    // The draft took no event sequence; its submission is the scorecard's event 1.
    const [row] = await ctx.sql(`SELECT event_sequence FROM scorecard WHERE id = $1`, [draftB]);
    expect(row.event_sequence).toBe(1);
    // Both in and ended: COMPLETED, without an event of its own.
    const [done] = await ctx.sql(`SELECT status, event_sequence FROM interview WHERE id = $1`, [
      interview.id,
    ]);
    expect(done).toEqual({ status: 'COMPLETED', event_sequence: 1 });
  });

  it('interviewWithinReach: interviewers reach only the interviews they are on', async () => {
    const [a, b] = await Promise.all([user(UserRole.INTERVIEWER), user(UserRole.INTERVIEWER)]);
    const application = await applicationWithTeam([a.id, b.id]);
    const { interview } = await schedule(application.id, [a.id], new Date(Date.now() + 50 * HOUR));
    const ids = async (reach: EvaluationReach) =>
      (await repository.findInterviewsByIds([interview.id], reach)).map((i) => i.id);
    expect(await ids({ kind: 'interviewer', userId: a.id })).toEqual([interview.id]);
    expect(await ids({ kind: 'interviewer', userId: b.id })).toEqual([]);
    expect(await ids({ kind: 'team', userId: b.id })).toEqual([interview.id]);
    // The timeline's view of it: its changes, newest first, within the same reach.
    await ctx.as(SYSTEM, () =>
      interviews.reschedule(
        {
          id: interview.id,
          startsAt: new Date(Date.now() + 52 * HOUR),
          endsAt: new Date(Date.now() + 53 * HOUR),
        },
        ALL,
      ),
    );
    const activity = async (reach: EvaluationReach) =>
      (
        await ctx
          .get(ApplicationActivityRepository)
          .findPages([application.id], { forward: true, limit: 10, cursor: null }, [
            {
              name: 'interview',
              select: (expr, bind) => repository.interviewActivitySelect(reach, expr, bind),
            },
          ])
      ).map((r) => r.data.kind);
    expect(await activity({ kind: 'interviewer', userId: a.id })).toEqual([
      'interview.rescheduled',
      'interview.scheduled',
    ]);
    expect(await activity({ kind: 'interviewer', userId: b.id })).toEqual([]);
  });

  it('the exclusion constraint refuses an overlapping SCHEDULED row of one interviewer (23P01), not a cancelled one', async () => {
    const a = await user(UserRole.INTERVIEWER);
    const application = await applicationWithTeam([a.id]);
    const start = new Date(Date.now() + 80 * HOUR);
    const { interview } = await schedule(application.id, [a.id], start);
    const other = await schedule(application.id, [a.id], new Date(start.getTime() + 2 * HOUR));
    const overlapping = {
      ...other.interview,
      startsAt: new Date(start.getTime() + HOUR / 2),
      endsAt: new Date(start.getTime() + 2 * HOUR),
    };
    const error = await ctx.dataSource
      .transaction((manager) => repository.replaceInterviewers(manager, overlapping, [a.id]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(
      (error as QueryFailedError & { driverError: { code: string; constraint: string } }).driverError,
    ).toMatchObject({
      code: '23P01',
      constraint: 'interview_interviewer_no_double_booking',
    });
    await ctx.as(SYSTEM, () => interviews.cancel({ id: interview.id }, ALL));
    await ctx.dataSource.transaction((manager) =>
      repository.replaceInterviewers(manager, overlapping, [a.id]),
    );
  });
});
