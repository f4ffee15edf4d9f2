import { randomUUID } from 'node:crypto';
import { encodeCursor, toPageRequest } from '../../../src/common/graphql/keyset';
import { ALL_REACH, Reach } from '../../../src/identity/access.rules';
import { ApplicationsRepository } from '../../../src/pipeline/applications.repository';
import { ApplicationStatus } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { PipelineStageEntity } from '../../../src/pipeline/pipeline-stage.entity';
import { PipelineStagesRepository } from '../../../src/pipeline/pipeline-stages.repository';
import { StageTransitionsRepository } from '../../../src/pipeline/stage-transitions.repository';
import { makeMember, makeRequisition } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * The board's reads against the real database: counts per stage, keyset pages of applications for many parents in
 * one statement, reach filters for hiring-team members, the history's pages.
 */
describe('pipeline board (repositories)', () => {
  let ctx: ServiceContext;
  let applications: ApplicationsRepository;
  let stagesRepository: PipelineStagesRepository;
  const department = `medium-board-${randomUUID()}`;

  let requisitionId: string;
  let otherRequisitionId: string;
  let stages: PipelineStageEntity[];
  let member: Reach;
  /** Per stage index, the applications put there, newest first. */
  const placed = new Map<number, { id: string; status: string; candidateId: string }[]>();
  const SKILLS = ['Python', 'PyTorch', 'SQL'];

  /** Candidates with the taxonomy skills above (in that order), and their applications, straight into the tables. */
  async function seedApplications(requisition: string, stageIds: string[], statuses: string[]) {
    const tag = randomUUID().slice(0, 8);
    const candidates = await ctx.sql<{ id: string }>(
      `INSERT INTO candidate (full_name, email, event_sequence)
       SELECT 'Board ' || i, 'board.' || $1 || '.' || i || '@requisite.test', 1 FROM generate_series(1, $2) i
       RETURNING id`,
      [tag, stageIds.length],
    );
    await ctx.sql(
      `INSERT INTO candidate_skill (candidate_id, skill_id, years, position)
       SELECT c.id, s.id, k.i, k.i - 1 FROM unnest($1::uuid[]) c(id)
       CROSS JOIN unnest($2::text[]) WITH ORDINALITY k(name, i)
       JOIN skill s ON s.normalized_name = lower(k.name)`,
      [candidates.map((c) => c.id), SKILLS],
    );
    const base = Date.now() - 3_600_000;
    return ctx.sql<{ id: string; candidate_id: string; stage_id: string; status: string }>(
      `INSERT INTO application (candidate_id, requisition_id, stage_id, status, source_kind, rejection_reason,
                                applied_at, last_activity_at, version, event_sequence)
       SELECT x.c, $1, x.s, x.st, 'SOURCED', CASE WHEN x.st = 'REJECTED' THEN 'Imported as rejected' END,
              to_timestamp(($5::bigint - x.i * 1000) / 1000.0), now(), 1, 0
       FROM unnest($2::uuid[], $3::uuid[], $4::varchar[]) WITH ORDINALITY AS x(c, s, st, i)
       RETURNING id, candidate_id, stage_id, status`,
      [requisition, candidates.map((c) => c.id), stageIds, statuses, base],
    );
  }

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule]);
    applications = ctx.get(ApplicationsRepository);
    stagesRepository = ctx.get(PipelineStagesRepository);
    const made = await makeRequisition(ctx, department);
    requisitionId = made.requisition.id;
    stages = made.stages;
    // 7 in Applied (2 rejected), 3 in the second stage (1 withdrawn), none further on.
    const plan: [number, string][] = [
      ...Array.from({ length: 7 }, (_, i): [number, string] => [0, i % 3 === 1 ? 'REJECTED' : 'ACTIVE']),
      ...Array.from({ length: 3 }, (_, i): [number, string] => [1, i === 0 ? 'WITHDRAWN' : 'ACTIVE']),
    ];
    const rows = await seedApplications(
      requisitionId,
      plan.map(([stage]) => stages[stage].id),
      plan.map(([, status]) => status),
    );
    rows.forEach((row, i) => {
      const stage = plan[i][0];
      placed.set(stage, [
        ...(placed.get(stage) ?? []),
        { id: row.id, status: row.status, candidateId: row.candidate_id },
      ]);
    });
    const other = await makeRequisition(ctx, department);
    otherRequisitionId = other.requisition.id;
    await seedApplications(
      otherRequisitionId,
      [other.stages[0].id, other.stages[0].id],
      ['ACTIVE', 'ACTIVE'],
    );
    member = await makeMember(ctx, [otherRequisitionId]);
  });
  afterAll(() => ctx.close());

  it('counts ACTIVE applications per stage in one statement, zero for empty stages', async () => {
    const { result, statements } = await ctx.statements.measure(() =>
      applications.countActiveByStageIds(stages.map((s) => s.id)),
    );
    expect(statements).toBe(1);
    expect(stages.map((s) => result.get(s.id))).toEqual([5, 2, 0, 0, 0, 0, 0]);
  });

  it('pages every stage of a board in one statement, newest first, limit + 1 rows each', async () => {
    const page = toPageRequest({ first: 3 });
    const { result, statements } = await ctx.statements.measure(() =>
      applications.findPagesByParents(
        'stage_id',
        stages.map((s) => s.id),
        page,
        null,
        ALL_REACH,
      ),
    );
    expect(statements).toBe(1);
    const byStage = (index: number) =>
      result.filter((card) => card.application.stageId === stages[index].id).map((c) => c.application.id);
    expect(byStage(0)).toEqual(
      placed
        .get(0)!
        .slice(0, 4)
        .map((a) => a.id),
    );
    expect(byStage(1)).toEqual(placed.get(1)!.map((a) => a.id));
    expect(byStage(2)).toEqual([]);
    expect(result.every((card) => card.candidate === null && card.skills === null)).toBe(true);
  });

  it('brings the cards’ candidates and their skills (ids and years, in order) when asked, in the same statement', async () => {
    const { result, statements } = await ctx.statements.measure(() =>
      applications.findPagesByParents(
        'stage_id',
        [stages[1].id],
        toPageRequest({ first: 25 }),
        ApplicationStatus.ACTIVE,
        ALL_REACH,
        { candidate: true, skills: true },
      ),
    );
    expect(statements).toBe(1);
    expect(result.map((card) => card.application.id)).toEqual(
      placed
        .get(1)!
        .filter((a) => a.status === 'ACTIVE')
        .map((a) => a.id),
    );
    const skillIds = await ctx.sql<{ id: string }>(
      `SELECT s.id FROM unnest($1::text[]) WITH ORDINALITY n(name, i) JOIN skill s ON s.normalized_name = lower(n.name)
       ORDER BY n.i`,
      [SKILLS],
    );
    for (const card of result) {
      expect(card.candidate?.id).toBe(card.application.candidateId);
      expect(card.skills).toEqual(skillIds.map((s, i) => ({ skillId: s.id, years: i + 1 })));
    }
  });

  it('walks a requisition’s applications by keyset without gaps or repeats', async () => {
    const all = [...placed.values()].flat();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const rows = await applications.findPagesByParents(
        'requisition_id',
        [requisitionId],
        toPageRequest({ first: 4, after }),
        null,
        ALL_REACH,
      );
      const pageRows = rows.slice(0, 4).map((card) => card.application);
      seen.push(...pageRows.map((a) => a.id));
      if (rows.length <= 4) break;
      const last = pageRows[pageRows.length - 1];
      after = encodeCursor({ key: last.appliedAt.getTime(), id: last.id });
    }
    expect(seen).toEqual(all.map((a) => a.id));
    const counts = await applications.countByParents('requisition_id', [requisitionId], null, ALL_REACH);
    expect(counts.get(requisitionId)).toBe(all.length);
    const active = await applications.countByParents(
      'stage_id',
      [stages[0].id, stages[1].id],
      ApplicationStatus.ACTIVE,
      ALL_REACH,
    );
    expect([active.get(stages[0].id), active.get(stages[1].id)]).toEqual([5, 2]);
  });

  it('a member sees only their teams’ applications, stages and history, in pages, counts and lookups', async () => {
    const ids = [requisitionId, otherRequisitionId];
    const cards = await applications.findPagesByParents(
      'requisition_id',
      ids,
      toPageRequest({ first: 25 }),
      null,
      member,
    );
    expect(new Set(cards.map((c) => c.application.requisitionId))).toEqual(new Set([otherRequisitionId]));
    const counts = await applications.countByParents('requisition_id', ids, null, member);
    expect([counts.get(requisitionId), counts.get(otherRequisitionId)]).toEqual([undefined, 2]);
    expect(
      await applications.findByIds(
        placed.get(0)!.map((a) => a.id),
        member,
      ),
    ).toEqual([]);
    expect(
      await applications.findByIds(
        placed.get(0)!.map((a) => a.id),
        { kind: 'none' },
      ),
    ).toEqual([]);
    expect(await stagesRepository.findByIds([stages[0].id], undefined, member)).toEqual([]);
    expect(await stagesRepository.findByIds([stages[0].id])).toHaveLength(1);
  });

  it('pages an application’s history newest first and counts it', async () => {
    const transitions = ctx.get(StageTransitionsRepository);
    const [application] = placed.get(1)!;
    await ctx.dataSource.transaction((manager) =>
      transitions.insert(
        manager,
        [1, 2, 3].map((sequence) => ({
          applicationId: application.id,
          sequence,
          fromStageId: sequence === 1 ? null : stages[0].id,
          toStageId: stages[sequence === 1 ? 0 : 1].id,
          fromStatus: sequence === 1 ? null : ApplicationStatus.ACTIVE,
          toStatus: ApplicationStatus.ACTIVE,
          reason: null,
        })),
      ),
    );
    const first = await transitions.findPagesByApplicationIds([application.id], toPageRequest({ first: 2 }));
    expect(first.map((t) => t.sequence)).toEqual([3, 2, 1]);
    const last = first[1];
    const rest = await transitions.findPagesByApplicationIds(
      [application.id],
      toPageRequest({ first: 2, after: encodeCursor({ key: last.sequence, id: last.id }) }),
    );
    expect(rest.map((t) => t.sequence)).toEqual([1]);
    expect((await transitions.countByApplicationIds([application.id])).get(application.id)).toBe(3);
    expect(await transitions.findByIds([last.id], member)).toEqual([]);
    expect(await transitions.findByIds([last.id], ALL_REACH)).toHaveLength(1);
  });
});
