import { randomUUID } from 'node:crypto';
import { PageRequest, positionalBinder } from '../../../src/common/graphql/keyset';
import { EvaluationRepository } from '../../../src/evaluation/evaluation.repository';
import { EvaluationReach } from '../../../src/evaluation/evaluation-reach-sql';
import { InterviewKind, Recommendation } from '../../../src/evaluation/evaluation.enums';
import { EvaluationModule } from '../../../src/evaluation/evaluation.module';
import { InterviewsService } from '../../../src/evaluation/interviews.service';
import { ScorecardsService } from '../../../src/evaluation/scorecards.service';
import { UserRole } from '../../../src/identity/identity.enums';
import { Principal } from '../../../src/identity/principal';
import { UsersService } from '../../../src/identity/users.service';
import { NotesModule } from '../../../src/notes/notes.module';
import { NotesService } from '../../../src/notes/notes.service';
import { ApplicationActivity } from '../../../src/pipeline/application-activity';
import {
  ActivityBranch,
  ApplicationActivityRepository,
} from '../../../src/pipeline/application-activity.repository';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { HiringTeamService } from '../../../src/requisitions/hiring-team.service';
import { MemberRole } from '../../../src/requisitions/requisition.enums';
import { makeCandidate, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

const ALL: EvaluationReach = { kind: 'all', userId: null };
const HOUR = 3_600_000;

/**
 * Applications' timelines with every source registered (transitions, notes, interviews, scorecards) on the real
 * database: one keyset order over the union, ties across sources broken by id, both directions, no gaps or
 * repeats, and one statement per page for many applications.
 */
describe('the activity timeline over every source (repositories)', () => {
  let ctx: ServiceContext;
  let activity: ApplicationActivity;
  let timeline: ApplicationActivityRepository;
  const department = `medium-activity-${randomUUID()}`;
  let recruiter: Principal;
  let applicationId: string;
  let otherApplicationId: string;

  const user = async (role: UserRole): Promise<Principal> => {
    const row = await ctx.get(UsersService).create({
      email: `${role.toLowerCase()}.${randomUUID()}@requisite.test`,
      name: role,
      role,
      password: null,
    });
    return { kind: 'user', id: row.id, email: row.email, name: row.name, role };
  };
  const idOf = (p: Principal) => (p as { id: string }).id;
  const branches = (viewer: Principal): ActivityBranch[] =>
    activity.sources().map((source) => ({
      name: source.name,
      select: (expr, bind) => source.select(viewer, expr, bind),
    }));
  const page = (limit: number, cursor: PageRequest['cursor'] = null, forward = true): PageRequest => ({
    forward,
    limit,
    cursor,
  });

  beforeAll(async () => {
    ctx = await createServiceContext([EvaluationModule, NotesModule]);
    activity = ctx.get(ApplicationActivity);
    timeline = ctx.get(ApplicationActivityRepository);
    recruiter = await user(UserRole.RECRUITER);
    const [a, b] = [await user(UserRole.INTERVIEWER), await user(UserRole.INTERVIEWER)];
    const { requisition, stages } = await makeRequisition(ctx, department);
    for (const member of [a, b]) {
      await ctx.as(SYSTEM, () =>
        ctx
          .get(HiringTeamService)
          .add(
            { requisitionId: requisition.id, userId: idOf(member), role: MemberRole.INTERVIEWER },
            { kind: 'all' },
          ),
      );
    }
    const applications = ctx.get(ApplicationsService);
    const create = async () =>
      (
        await ctx.as(SYSTEM, async () =>
          applications.create({ candidateId: (await makeCandidate(ctx)).id, requisitionId: requisition.id }),
        )
      ).application.id;
    applicationId = await create();
    otherApplicationId = await create();
    const interviews = ctx.get(InterviewsService);
    const schedule = (id: string, interviewerIds: string[], startsAt: Date) =>
      ctx.as(SYSTEM, () =>
        interviews.schedule(
          {
            applicationId: id,
            kind: InterviewKind.CODING,
            startsAt,
            endsAt: new Date(startsAt.getTime() + HOUR),
            timeZone: 'UTC',
            interviewerIds,
          },
          ALL,
        ),
      );
    await ctx.as(SYSTEM, () => applications.move({ id: applicationId, stageId: stages[1].id }));
    const held = await schedule(applicationId, [idOf(a), idOf(b)], new Date(Date.now() - 6 * HOUR));
    const later = await schedule(applicationId, [idOf(a)], new Date(Date.now() + 40 * HOUR));
    await ctx.as(SYSTEM, () =>
      interviews.reschedule(
        {
          id: later.interview.id,
          startsAt: new Date(Date.now() + 42 * HOUR),
          endsAt: new Date(Date.now() + 43 * HOUR),
        },
        ALL,
      ),
    );
    await ctx.as(SYSTEM, () =>
      ctx.get(NotesService).add({ applicationId, body: 'After the loop.' }, recruiter),
    );
    for (const author of [a, b]) {
      await ctx.as(SYSTEM, () =>
        ctx.get(ScorecardsService).save(
          {
            interviewId: held.interview.id,
            authorId: idOf(author),
            ratings: [],
            overallRecommendation: Recommendation.YES,
            submit: true,
          },
          ALL,
        ),
      );
    }
    await ctx.as(SYSTEM, () => applications.move({ id: applicationId, stageId: stages[2].id }));
    await schedule(otherApplicationId, [idOf(b)], new Date(Date.now() + 60 * HOUR));
    // Ties across every source: one item of each at the same millisecond as the first move.
    await ctx.sql(
      `WITH t AS (SELECT occurred_at FROM stage_transition WHERE application_id = $1 AND sequence = 2)
       UPDATE event SET occurred_at = (SELECT occurred_at FROM t)
       WHERE aggregate_type = 'interview' AND aggregate_id = $2 AND sequence = 1`,
      [applicationId, held.interview.id],
    );
    await ctx.sql(
      `UPDATE scorecard SET submitted_at = (SELECT occurred_at FROM stage_transition WHERE application_id = $1 AND sequence = 2)
       WHERE id = (SELECT id FROM scorecard WHERE application_id = $1 ORDER BY id LIMIT 1)`,
      [applicationId],
    );
    await ctx.sql(
      `UPDATE note SET created_at = (SELECT occurred_at FROM stage_transition WHERE application_id = $1 AND sequence = 2)
       WHERE application_id = $1`,
      [applicationId],
    );
  });
  afterAll(() => ctx.close());

  /** The application's whole timeline as the database orders it: (occurred_at, id) descending. */
  const expected = async () =>
    (
      await ctx.sql<{ id: string }>(
        `SELECT id FROM (
           SELECT id, occurred_at FROM stage_transition WHERE application_id = $1
           UNION ALL SELECT id, created_at FROM note WHERE application_id = $1
           UNION ALL SELECT e.id, e.occurred_at FROM event e JOIN interview i ON e.aggregate_type = 'interview'
             AND e.aggregate_id = i.id WHERE i.application_id = $1
           UNION ALL SELECT id, submitted_at FROM scorecard WHERE application_id = $1 AND status = 'SUBMITTED') u
         ORDER BY occurred_at DESC, id DESC`,
        [applicationId],
      )
    ).map((r) => r.id);

  it('pages forward over all four sources in (occurred_at, id) order, ties included, without gaps or repeats', async () => {
    const all = await expected();
    // 3 transitions, 1 note, 3 interview changes, 2 scorecards.
    expect(all).toHaveLength(9);
    for (const size of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: PageRequest['cursor'] = null;
      for (;;) {
        const rows = await timeline.findPages([applicationId], page(size, cursor), branches(recruiter));
        const shown = rows.slice(0, size);
        seen.push(...shown.map((r) => r.id));
        if (rows.length <= size) break;
        const last = shown[shown.length - 1];
        cursor = { key: last.occurredAt.getTime(), id: last.id };
      }
      expect(seen).toEqual(all);
    }
    const rows = await timeline.findPages([applicationId], page(20), branches(recruiter));
    expect(rows.map((r) => r.source).sort()).toEqual(
      [
        ...Array<string>(3).fill('stage_transition'),
        'note',
        ...Array<string>(3).fill('interview'),
        ...Array<string>(2).fill('scorecard'),
      ].sort(),
    );
    // Four items, one of each source, share one millisecond: the id breaks the tie.
    const tied = rows.filter(
      (r) => r.occurredAt.getTime() === rows.find((x) => x.source === 'note')!.occurredAt.getTime(),
    );
    expect(new Set(tied.map((r) => r.source))).toEqual(
      new Set(['stage_transition', 'note', 'interview', 'scorecard']),
    );
  });

  it('pages backward from a cursor: the rows just before it, nearest first', async () => {
    const all = await expected();
    const rows = await timeline.findPages([applicationId], page(20), branches(recruiter));
    const sixth = rows[5];
    const backward = await timeline.findPages(
      [applicationId],
      page(3, { key: sixth.occurredAt.getTime(), id: sixth.id }, false),
      branches(recruiter),
    );
    expect(backward.slice(0, 3).map((r) => r.id)).toEqual([all[4], all[3], all[2]]);
  });

  it('reads a page and the counts for many applications in one statement each', async () => {
    const ids = [applicationId, otherApplicationId, randomUUID()];
    const pages = await ctx.statements.measure(() => timeline.findPages(ids, page(4), branches(recruiter)));
    expect(pages.statements).toBe(1);
    const perApplication = pages.result.reduce<Record<string, string[]>>(
      (acc, r) => ({ ...acc, [r.applicationId]: [...(acc[r.applicationId] ?? []), r.source] }),
      {},
    );
    expect(perApplication[applicationId]).toHaveLength(5);
    expect(perApplication[otherApplicationId].sort()).toEqual(['interview', 'stage_transition']);
    const counts = await ctx.statements.measure(() =>
      timeline.countByApplicationIds(ids, branches(recruiter)),
    );
    expect(counts.statements).toBe(1);
    expect(Object.fromEntries(counts.result)).toEqual({
      [applicationId]: 9,
      [otherApplicationId]: 2,
      [ids[2]]: 0,
    });
  });
  it('reads indexes for its branches: the partial scorecard index, interviews by application, events by aggregate', async () => {
    const repository = ctx.get(EvaluationRepository);
    const plan = async (select: (expr: string, bind: (v: unknown) => string) => string | null) => {
      const params: unknown[] = [applicationId];
      const sql = select('$1::uuid', positionalBinder(params))!;
      // The tables are tiny: make the planner show which index it would use on a large one.
      return ctx.dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        const rows = await manager.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN SELECT * FROM (${sql}) b ORDER BY occurred_at DESC, id DESC LIMIT 3`,
          params,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    expect(await plan((expr, bind) => repository.scorecardActivitySelect(ALL, expr, bind))).toContain(
      'scorecard_application_submitted',
    );
    const interviews = await plan((expr, bind) => repository.interviewActivitySelect(ALL, expr, bind));
    expect(interviews).toContain('interview_application');
    expect(interviews).toContain('event_aggregate_sequence');
  });
});
