import { randomUUID } from 'node:crypto';
import { PageRequest } from '../../../src/common/graphql/keyset';
import { UserRole } from '../../../src/identity/identity.enums';
import { Principal } from '../../../src/identity/principal';
import { UsersService } from '../../../src/identity/users.service';
import { noteSight } from '../../../src/notes/note.rules';
import { NotesModule } from '../../../src/notes/notes.module';
import { NotesRepository } from '../../../src/notes/notes.repository';
import { NotesService } from '../../../src/notes/notes.service';
import { ApplicationActivity } from '../../../src/pipeline/application-activity';
import {
  ActivityBranch,
  ApplicationActivityRepository,
} from '../../../src/pipeline/application-activity.repository';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { HiringTeamService } from '../../../src/requisitions/hiring-team.service';
import { MemberRole } from '../../../src/requisitions/requisition.enums';
import { makeCandidate, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * The SQL of notes and of applications' timelines on the real database: keyset order over the union of sources,
 * ties on the timestamp, both directions, reach per role, one statement per page for any number of applications.
 */
describe('notes and the activity timeline (repositories)', () => {
  let ctx: ServiceContext;
  let notes: NotesService;
  let notesRepository: NotesRepository;
  let activity: ApplicationActivity;
  let timeline: ApplicationActivityRepository;
  const department = `medium-notes-${randomUUID()}`;

  let recruiter: Principal;
  let manager: Principal;
  let interviewer: Principal;
  let outsider: Principal;
  let candidateId: string;
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
  const join = (requisition: string, principal: Principal, role: MemberRole) =>
    ctx.as(SYSTEM, () =>
      ctx
        .get(HiringTeamService)
        .add({ requisitionId: requisition, userId: (principal as { id: string }).id, role }, { kind: 'all' }),
    );
  const actorOf = (p: Principal) => ({ kind: 'user' as const, id: (p as { id: string }).id });
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
    ctx = await createServiceContext([NotesModule]);
    notes = ctx.get(NotesService);
    notesRepository = ctx.get(NotesRepository);
    activity = ctx.get(ApplicationActivity);
    timeline = ctx.get(ApplicationActivityRepository);
    [recruiter, manager, interviewer, outsider] = await Promise.all([
      user(UserRole.RECRUITER),
      user(UserRole.HIRING_MANAGER),
      user(UserRole.INTERVIEWER),
      user(UserRole.INTERVIEWER),
    ]);
    const [{ requisition, stages }, other] = await Promise.all([
      makeRequisition(ctx, department),
      makeRequisition(ctx, department),
    ]);

    await join(requisition.id, manager, MemberRole.HIRING_MANAGER);
    await join(requisition.id, interviewer, MemberRole.INTERVIEWER);
    await join(other.requisition.id, outsider, MemberRole.INTERVIEWER);
    const candidate = await makeCandidate(ctx);
    candidateId = candidate.id;
    const applications = ctx.get(ApplicationsService);
    applicationId = (
      await ctx.as(SYSTEM, () => applications.create({ candidateId, requisitionId: requisition.id }))
    ).application.id;
    otherApplicationId = (
      await ctx.as(SYSTEM, () => applications.create({ candidateId, requisitionId: other.requisition.id }))
    ).application.id;
    for (const stage of stages.slice(1, 4)) {
      await ctx.as(SYSTEM, () => applications.move({ id: applicationId, stageId: stage.id }));
    }
    for (const body of ['one', 'two', 'three']) {
      await ctx.as(actorOf(recruiter), () => notes.add({ applicationId, body }, recruiter));
    }
    await ctx.as(actorOf(recruiter), () => notes.add({ candidateId, body: 'person' }, recruiter));
    await ctx.as(actorOf(recruiter), () =>
      notes.add({ applicationId: otherApplicationId, body: 'other loop' }, recruiter),
    );
    // Ties across sources: a note and a transition at the same millisecond as another transition.
    await ctx.sql(
      `WITH t AS (SELECT occurred_at FROM stage_transition WHERE application_id = $1 ORDER BY sequence LIMIT 1 OFFSET 1)
       UPDATE note SET created_at = (SELECT occurred_at FROM t)
       WHERE id = (SELECT id FROM note WHERE application_id = $1 ORDER BY created_at LIMIT 1)`,
      [applicationId],
    );
    await ctx.sql(
      `UPDATE stage_transition SET occurred_at = (
         SELECT occurred_at FROM stage_transition WHERE application_id = $1 ORDER BY sequence LIMIT 1 OFFSET 1)
       WHERE application_id = $1 AND sequence = 3`,
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
           UNION ALL SELECT id, created_at FROM note WHERE application_id = $1) u
         ORDER BY occurred_at DESC, id DESC`,
        [applicationId],
      )
    ).map((r) => r.id);

  it('pages forward over the union in (occurred_at, id) order, ties included, without gaps or repeats', async () => {
    const all = await expected();
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: PageRequest['cursor'] = null;
    for (;;) {
      const rows = await timeline.findPages([applicationId], page(2, cursor), branches(recruiter));
      const shown = rows.slice(0, 2);
      seen.push(...shown.map((r) => r.id));
      if (rows.length <= 2) break;
      const last = shown[shown.length - 1];
      cursor = { key: last.occurredAt.getTime(), id: last.id };
    }
    expect(seen).toEqual(all);
    const times = (await timeline.findPages([applicationId], page(10), branches(recruiter))).map((r) =>
      r.occurredAt.getTime(),
    );
    // Three items (two transitions and a note) share one millisecond: the id breaks the tie.
    expect(
      Math.max(
        ...Object.values(
          times.reduce<Record<number, number>>((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {}),
        ),
      ),
    ).toBe(3);
    const kinds = (await timeline.findPages([applicationId], page(10), branches(recruiter))).map(
      (r) => r.source,
    );
    expect(kinds.filter((k) => k === 'note')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'stage_transition')).toHaveLength(4);
  });

  it('pages backward from a cursor: the rows just before it, nearest first', async () => {
    const all = await expected();
    const rows = await timeline.findPages([applicationId], page(10), branches(recruiter));
    const fifth = rows[4];
    const backward = await timeline.findPages(
      [applicationId],
      page(2, { key: fifth.occurredAt.getTime(), id: fifth.id }, false),
      branches(recruiter),
    );
    expect(backward.slice(0, 2).map((r) => r.id)).toEqual([all[3], all[2]]);
  });

  it('filters each source by what the caller may see', async () => {
    const sources = async (viewer: Principal, id = applicationId) =>
      (await timeline.findPages([id], page(20), branches(viewer))).map((r) => r.source).sort();
    const everything = ['note', 'note', 'note', ...Array(4).fill('stage_transition')];
    expect(await sources(recruiter)).toEqual(everything);
    expect(await sources(manager)).toEqual(everything);
    expect(await sources(interviewer)).toEqual(everything);
    expect(await sources(outsider)).toEqual([]);
    expect(await sources(outsider, otherApplicationId)).toEqual(['note', 'stage_transition']);
    expect(
      await sources({ kind: 'api_key', id: randomUUID(), name: 'k', scopes: ['candidates:read'] as never }),
    ).toEqual(Array(4).fill('stage_transition'));
    const counts = await timeline.countByApplicationIds(
      [applicationId, otherApplicationId],
      branches(interviewer),
    );
    expect(Object.fromEntries(counts)).toEqual({ [applicationId]: 7, [otherApplicationId]: 0 });
  });

  it('reads a page for many applications in one statement', async () => {
    const ids = [applicationId, otherApplicationId, randomUUID()];
    const one = await ctx.statements.measure(() =>
      timeline.findPages([applicationId], page(3), branches(recruiter)),
    );
    const many = await ctx.statements.measure(() => timeline.findPages(ids, page(3), branches(recruiter)));
    expect(one.statements).toBe(1);
    expect(many.statements).toBe(1);
    const byApplication = many.result.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [r.applicationId]: (acc[r.applicationId] ?? 0) + 1 }),
      {},
    );
    expect(byApplication).toEqual({ [applicationId]: 4, [otherApplicationId]: 2 });
  });

  it("lists a candidate's notes by sight: interviewers never see candidate-level notes", async () => {
    const bodies = async (viewer: Principal) =>
      (
        await notesRepository.findPagesByParents(
          'candidate_id',
          [candidateId],
          page(20),
          noteSight(viewer, 'notes:read'),
        )
      ).map((n) => n.body);
    expect(await bodies(recruiter)).toEqual(['other loop', 'person', 'three', 'two', 'one']);
    expect(await bodies(manager)).toEqual(['person', 'three', 'two', 'one']);
    expect(await bodies(interviewer)).toEqual(['three', 'two', 'one']);
    expect(await bodies(outsider)).toEqual(['other loop']);
  });

  it('keeps a note on an application about that application’s candidate (trigger)', async () => {
    const stranger = await makeCandidate(ctx);
    await expect(
      ctx.sql(`INSERT INTO note (candidate_id, application_id, actor, body) VALUES ($1, $2, 'system', 'x')`, [
        stranger.id,
        applicationId,
      ]),
    ).rejects.toThrow(/another candidate/);
  });

  it('refuses a note on a candidate beyond reach as NOT_FOUND, and writes nothing', async () => {
    const before = await ctx.sql(`SELECT count(*)::int AS n FROM note`);
    const stranger = await makeCandidate(ctx);
    expect(
      await refusal(
        ctx.as(actorOf(manager), () => notes.add({ candidateId: stranger.id, body: 'x' }, manager)),
      ),
    ).toEqual([
      { code: 'NOT_FOUND', message: 'Candidate not found.', field: ['candidateId'], existing: null },
    ]);
    expect(await ctx.sql(`SELECT count(*)::int AS n FROM note`)).toEqual(before);
  });
});
