import { randomUUID } from 'node:crypto';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { ApplicationEntity } from '../../../src/pipeline/application.entity';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { StageKind } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { PipelineStagesService } from '../../../src/pipeline/pipeline-stages.service';
import { RequisitionStatus } from '../../../src/requisitions/requisition.enums';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import {
  candidateCommand,
  makeCandidate,
  makeRequisition,
  refusalFrom,
  SYSTEM,
} from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * Concurrency claims, made good by locks, version checks and unique constraints: many use cases at once, each in
 * its own transaction on its own connection (as parallel requests would be), then the invariant.
 */
describe('application races (service and repository)', () => {
  let ctx: ServiceContext;
  let service: ApplicationsService;
  const department = `medium-races-${randomUUID()}`;

  /** Starts every call at once and waits for all of them to succeed or be refused. */
  const race = <T>(count: number, work: (index: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: count }, (_, i) => ctx.as(SYSTEM, () => work(i))));
  const codes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'OK' : refusalFrom(r.reason)[0].code)).sort();
  const history = (applicationId: string) =>
    ctx.sql<{ sequence: number; from_stage_id: string | null; to_stage_id: string; type: string }>(
      `SELECT t.sequence, t.from_stage_id, t.to_stage_id, e.type FROM stage_transition t
       JOIN event e ON e.aggregate_id = t.application_id AND e.sequence = t.sequence
       WHERE t.application_id = $1 ORDER BY t.sequence`,
      [applicationId],
    );
  const row = async (applicationId: string) =>
    (
      await ctx.sql<{ version: number; event_sequence: number; stage_id: string; status: string }>(
        `SELECT version, event_sequence, stage_id, status FROM application WHERE id = $1`,
        [applicationId],
      )
    )[0];
  const apply = async (requisitionId: string, stageId?: string) => {
    const candidate = await makeCandidate(ctx);
    return (await ctx.as(SYSTEM, () => service.create({ candidateId: candidate.id, requisitionId, stageId })))
      .application;
  };

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule]);
    service = ctx.get(ApplicationsService);
  });
  afterAll(() => ctx.close());

  it('16 moves expecting the same version: exactly one wins, 15 are STALE_VERSION, one history entry', async () => {
    const { stages, requisition } = await makeRequisition(ctx, department);
    const application = await apply(requisition.id);
    const results = await race(16, () =>
      service.move({ id: application.id, stageId: stages[1].id, expectedVersion: 1 }),
    );
    expect(codes(results)).toEqual(['OK', ...Array(15).fill(UserErrorCode.STALE_VERSION)]);
    expect((await history(application.id)).map((h) => [h.sequence, h.type])).toEqual([
      [1, 'application.created'],
      [2, 'application.stage_changed'],
    ]);
    expect(await row(application.id)).toMatchObject({
      version: 2,
      event_sequence: 2,
      stage_id: stages[1].id,
    });
  });

  it('16 moves without a version are serialised: none lost, a gap-free chain of history and events', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    for (let i = 1; i <= 11; i++) {
      await ctx.as(SYSTEM, () =>
        ctx
          .get(PipelineStagesService)
          .add({ requisitionId: requisition.id, name: `Panel ${i}`, kind: StageKind.CUSTOM }),
      );
    }
    const stages = await ctx.get(PipelineStagesService).findLiveByRequisitionIds([requisition.id]);
    const application = await apply(requisition.id);
    const targets = stages.filter((s) => s.kind !== StageKind.HIRED && s.id !== application.stageId);
    expect(targets).toHaveLength(16);
    const results = await race(16, (i) => service.move({ id: application.id, stageId: targets[i].id }));
    const versions = results.map((r) => (r.status === 'fulfilled' ? r.value.application.version : 0));
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 2));
    const entries = await history(application.id);
    expect(entries.map((h) => h.sequence)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    // Each move starts where the one before it ended.
    for (let i = 1; i < entries.length; i++)
      expect(entries[i].from_stage_id).toBe(entries[i - 1].to_stage_id);
    expect(new Set(entries.slice(1).map((h) => h.to_stage_id))).toEqual(new Set(targets.map((s) => s.id)));
    expect(await row(application.id)).toMatchObject({
      version: 17,
      event_sequence: 17,
      stage_id: entries[16].to_stage_id,
    });
  });

  it('10 applications of one candidate to one requisition: one is made, 9 are DUPLICATE_APPLICATION naming it', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const candidate = await makeCandidate(ctx);
    const results = await race(10, () =>
      service.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.application.id] : []));
    expect(made).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(refusalFrom(result.reason)).toEqual([
        expect.objectContaining({
          code: UserErrorCode.DUPLICATE_APPLICATION,
          field: ['candidateId'],
          existing: { type: 'Application', id: made[0] },
        }),
      ]);
    }
    expect((await history(made[0])).map((h) => h.type)).toEqual(['application.created']);
  });

  it('10 candidates with one e-mail in different cases: one is made, 9 are DUPLICATE_CANDIDATE naming it', async () => {
    const local = `race.${randomUUID().slice(0, 8)}`;
    // A different mix of upper and lower case for each: bits of i over the letters of "race".
    const spellings = Array.from({ length: 10 }, (_, i) =>
      [...`${local}@example.com`].map((ch, k) => (k < 4 && (i >> k) & 1 ? ch.toUpperCase() : ch)).join(''),
    );
    const results = await race(10, (i) =>
      ctx
        .get(CandidatesService)
        .create(candidateCommand({ email: spellings[i], skills: [{ name: 'Python' }] })),
    );
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.id] : []));
    expect(made).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(refusalFrom(result.reason)).toEqual([
        expect.objectContaining({
          code: UserErrorCode.DUPLICATE_CANDIDATE,
          field: ['email'],
          existing: { type: 'Candidate', id: made[0] },
        }),
      ]);
    }
    const [written] = await ctx.sql<{ candidates: number; skills: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM candidate WHERE lower(email) = lower($1)) AS candidates,
              (SELECT count(*)::int FROM candidate_skill WHERE candidate_id = $2) AS skills,
              (SELECT count(*)::int FROM event WHERE aggregate_id = $2) AS events`,
      [spellings[0], made[0]],
    );
    expect(written).toEqual({ candidates: 1, skills: 1, events: 1 });
  });

  it('two hires racing for the last seat: one HIRED, the other REQUISITION_CLOSED and untouched; the requisition FILLED', async () => {
    // Several rounds: the race has more than one interleaving.
    for (let round = 0; round < 4; round++) {
      const { requisition, stages } = await makeRequisition(ctx, department, { headcount: 1 });
      const offer = stages.find((s) => s.kind === StageKind.OFFER)!;
      const hired = stages.find((s) => s.kind === StageKind.HIRED)!;
      const applications = [await apply(requisition.id, offer.id), await apply(requisition.id, offer.id)];
      const results = await race(2, (i) => service.move({ id: applications[i].id, stageId: hired.id }));
      expect(codes(results)).toEqual(['OK', UserErrorCode.REQUISITION_CLOSED]);
      const loser = applications[results.findIndex((r) => r.status === 'rejected')];
      expect(await row(loser.id)).toMatchObject({ version: 1, status: 'ACTIVE', stage_id: offer.id });
      const [after] = await ctx.get(RequisitionsService).findByIds([requisition.id]);
      expect(after).toMatchObject({ status: RequisitionStatus.FILLED, hiredCount: 1 });
      const statuses = await ctx.sql<{ to: string }>(
        `SELECT data->>'toStatus' AS to FROM event WHERE aggregate_id = $1 AND type = 'requisition.status_changed'
         ORDER BY sequence`,
        [requisition.id],
      );
      expect(statuses.map((s) => s.to)).toEqual(['OPEN', 'FILLED']);
    }
  });

  it('never lets hires exceed headcount: 8 racing for 3 seats, or one more after headcount is lowered', async () => {
    const { requisition, stages } = await makeRequisition(ctx, department, { headcount: 3 });
    const offer = stages.find((s) => s.kind === StageKind.OFFER)!;
    const hired = stages.find((s) => s.kind === StageKind.HIRED)!;
    const applications: ApplicationEntity[] = [];
    for (let i = 0; i < 8; i++) applications.push(await apply(requisition.id, offer.id));
    const results = await race(8, (i) => service.move({ id: applications[i].id, stageId: hired.id }));
    expect(codes(results)).toEqual([
      ...Array(3).fill('OK'),
      ...Array(5).fill(UserErrorCode.REQUISITION_CLOSED),
    ]);
    const [filled] = await ctx.get(RequisitionsService).findByIds([requisition.id]);
    expect(filled).toMatchObject({ status: RequisitionStatus.FILLED, hiredCount: 3 });

    // Headcount lowered to the number already hired: the next hire is refused, as a rule, not by a constraint.
    const other = await makeRequisition(ctx, department, { headcount: 2 });
    const otherHired = other.stages.find((s) => s.kind === StageKind.HIRED)!;
    const [first, second] = [await apply(other.requisition.id), await apply(other.requisition.id)];
    await ctx.as(SYSTEM, () => service.move({ id: first.id, stageId: otherHired.id }));
    await ctx.as(SYSTEM, () =>
      ctx.get(RequisitionsService).update({ id: other.requisition.id, headcount: 1 }),
    );
    const refused = await race(1, () => service.move({ id: second.id, stageId: otherHired.id }));
    expect(codes(refused)).toEqual([UserErrorCode.REQUISITION_CLOSED]);
    expect(await row(second.id)).toMatchObject({ version: 1, status: 'ACTIVE' });
  });
});
