import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { ALL_REACH } from '../../../src/identity/access.rules';
import { ApplicationsRepository } from '../../../src/pipeline/applications.repository';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { ApplicationSourceKind, ApplicationStatus, StageKind } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { PipelineStageEntity } from '../../../src/pipeline/pipeline-stage.entity';
import { RequisitionStatus } from '../../../src/requisitions/requisition.enums';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import {
  makeCandidate,
  makeMember,
  makeRequisition,
  refusal,
  SYSTEM,
  writtenFor,
} from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Applications' use cases against the real database: history, events and audit in one transaction, locks, rules. */
describe('applications (service and repository)', () => {
  let ctx: ServiceContext;
  let service: ApplicationsService;
  let repository: ApplicationsRepository;
  const department = `medium-applications-${randomUUID()}`;

  const named = (stages: PipelineStageEntity[], kind: StageKind) => stages.find((s) => s.kind === kind)!;
  const apply = async (overrides: { headcount?: number } = {}) => {
    const { requisition, stages } = await makeRequisition(ctx, department, overrides);
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      service.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    return { requisition, stages, candidate, application };
  };
  /** Who wrote what for the application, with the transaction (xmin) each row was written in. */
  const writes = (applicationId: string) =>
    ctx.sql<{ kind: string; sequence: number | null; what: string; tx: string }>(
      `SELECT 'transition' AS kind, sequence, to_status AS what, xmin::text AS tx FROM stage_transition
         WHERE application_id = $1
       UNION ALL SELECT 'event', sequence, type, xmin::text FROM event WHERE aggregate_id = $1
       UNION ALL SELECT 'audit', NULL, action, xmin::text FROM audit_entry WHERE $1 = ANY(subject_ids)
       ORDER BY kind, sequence, what`,
      [applicationId],
    );

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule]);
    service = ctx.get(ApplicationsService);
    repository = ctx.get(ApplicationsRepository);
  });
  afterAll(() => ctx.close());

  describe('create', () => {
    it('starts ACTIVE in the first stage, SOURCED by default; its history entry, event and audit entry share its transaction', async () => {
      const { stages, application } = await apply();
      expect(application).toMatchObject({
        status: ApplicationStatus.ACTIVE,
        stageId: stages[0].id,
        sourceKind: ApplicationSourceKind.SOURCED,
        sourceDetail: null,
        version: 1,
        eventSequence: 1,
      });
      const rows = await writes(application.id);
      expect(rows.map(({ kind, sequence, what }) => [kind, sequence, what])).toEqual([
        ['audit', null, 'createApplication'],
        ['event', 1, 'application.created'],
        ['transition', 1, 'ACTIVE'],
      ]);
      const [row] = await ctx.sql<{ tx: string }>(`SELECT xmin::text AS tx FROM application WHERE id = $1`, [
        application.id,
      ]);
      expect(new Set(rows.map((r) => r.tx))).toEqual(new Set([row.tx]));
    });

    it('keeps a trimmed source and may start in a later stage, never in HIRED nor in a stage of another requisition', async () => {
      const { requisition, stages } = await makeRequisition(ctx, department);
      const other = await makeRequisition(ctx, department);
      const candidate = await makeCandidate(ctx);
      const refused = (stageId: string) =>
        refusal(
          ctx.as(SYSTEM, () =>
            service.create({ candidateId: candidate.id, requisitionId: requisition.id, stageId }),
          ),
        );
      expect(await refused(named(stages, StageKind.HIRED).id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['stageId'] }),
      ]);
      expect(await refused(other.stages[1].id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.STAGE_NOT_IN_REQUISITION, field: ['stageId'] }),
      ]);
      expect(await refused(NIL_UUID)).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['stageId'] }),
      ]);
      const [{ n }] = await ctx.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM application WHERE candidate_id = $1`,
        [candidate.id],
      );
      expect(n).toBe(0);
      const { application } = await ctx.as(SYSTEM, () =>
        service.create({
          candidateId: candidate.id,
          requisitionId: requisition.id,
          stageId: stages[2].id,
          source: { kind: ApplicationSourceKind.REFERRAL, detail: '  Jane from ranking ' },
        }),
      );
      expect(application).toMatchObject({
        stageId: stages[2].id,
        sourceKind: ApplicationSourceKind.REFERRAL,
        sourceDetail: 'Jane from ranking',
      });
    });

    it('refuses unknown ids on their own fields, and requisitions that are not OPEN', async () => {
      const { requisition } = await makeRequisition(ctx, department, {}, { open: false });
      const candidate = await makeCandidate(ctx);
      const create = (candidateId: string, requisitionId: string) =>
        refusal(ctx.as(SYSTEM, () => service.create({ candidateId, requisitionId })));
      expect(await create(candidate.id, NIL_UUID)).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['requisitionId'] }),
      ]);
      expect(await create(NIL_UUID, requisition.id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['candidateId'] }),
      ]);
      expect(await create(candidate.id, requisition.id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.REQUISITION_NOT_OPEN, field: ['requisitionId'] }),
      ]);
    });

    it('a second application of the candidate is DUPLICATE_APPLICATION naming the first', async () => {
      const { requisition, candidate, application } = await apply();
      const command = { candidateId: candidate.id, requisitionId: requisition.id };
      expect(await refusal(ctx.as(SYSTEM, () => service.create(command)))).toEqual([
        expect.objectContaining({
          code: UserErrorCode.DUPLICATE_APPLICATION,
          field: ['candidateId'],
          existing: { type: 'Application', id: application.id },
        }),
      ]);
    });
  });

  describe('move', () => {
    it('writes the new stage, its history entry, event and audit entry in one transaction', async () => {
      const { stages, application } = await apply();
      const { application: moved, transition } = await ctx.as(SYSTEM, () =>
        service.move({ id: application.id, stageId: stages[2].id, expectedVersion: 1, reason: 'Strong' }),
      );
      expect(moved).toMatchObject({ stageId: stages[2].id, version: 2, eventSequence: 2 });
      expect(transition).toMatchObject({
        sequence: 2,
        fromStageId: stages[0].id,
        toStageId: stages[2].id,
        fromStatus: ApplicationStatus.ACTIVE,
        toStatus: ApplicationStatus.ACTIVE,
        reason: 'Strong',
        actor: 'system',
      });
      const rows = (await writes(application.id)).filter(
        (r) => r.sequence !== 1 && r.what !== 'createApplication',
      );
      expect(rows.map(({ kind, sequence, what }) => [kind, sequence, what])).toEqual([
        ['audit', null, 'moveApplication'],
        ['event', 2, 'application.stage_changed'],
        ['transition', 2, 'ACTIVE'],
      ]);
      const [row] = await ctx.sql<{ tx: string }>(`SELECT xmin::text AS tx FROM application WHERE id = $1`, [
        application.id,
      ]);
      expect(new Set(rows.map((r) => r.tx))).toEqual(new Set([row.tx]));
      // To where it already is: nothing to write.
      const again = await ctx.as(SYSTEM, () => service.move({ id: application.id, stageId: stages[2].id }));
      expect(again).toEqual({ application: expect.objectContaining({ version: 2 }), transition: null });
      expect((await writes(application.id)).length).toBe(6);
    });

    it('refusals write nothing: a stale version, unknown ids, a stage of another requisition', async () => {
      const { stages, application } = await apply();
      const other = await makeRequisition(ctx, department);
      const before = await writtenFor(ctx, application.id);
      const move = (id: string, stageId: string, expectedVersion?: number) =>
        refusal(ctx.as(SYSTEM, () => service.move({ id, stageId, expectedVersion })));
      expect(await move(application.id, stages[1].id, 7)).toEqual([
        expect.objectContaining({ code: UserErrorCode.STALE_VERSION, field: ['expectedVersion'] }),
      ]);
      expect(await move(NIL_UUID, stages[1].id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
      ]);
      expect(await move(application.id, NIL_UUID)).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['stageId'] }),
      ]);
      expect(await move(application.id, other.stages[1].id)).toEqual([
        expect.objectContaining({ code: UserErrorCode.STAGE_NOT_IN_REQUISITION, field: ['stageId'] }),
      ]);
      expect(await writtenFor(ctx, application.id)).toEqual(before);
      const [row] = await repository.findByIds([application.id], ALL_REACH);
      expect(row).toMatchObject({ stageId: stages[0].id, version: 1 });
    });

    it('lockApplication reads the requisition’s status and the target stage with the locked row', async () => {
      const { requisition, stages, application } = await apply();
      const locked = await ctx.dataSource.transaction((manager) =>
        repository.lockApplication(manager, application.id, { stageId: stages[3].id, reach: ALL_REACH }),
      );
      expect(locked).toMatchObject({
        application: { id: application.id, version: 1 },
        requisitionStatus: RequisitionStatus.OPEN,
        targetStage: { id: stages[3].id, requisitionId: requisition.id },
      });
    });

    it('a member moves only applications of their teams; a stage beyond reach is no stage at all', async () => {
      const mine = await apply();
      const theirs = await apply();
      const member = await makeMember(ctx, [mine.requisition.id]);
      expect(
        await refusal(
          ctx.as(SYSTEM, () =>
            service.move({ id: theirs.application.id, stageId: theirs.stages[1].id }, member),
          ),
        ),
      ).toEqual([expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] })]);
      const locked = await ctx.dataSource.transaction((manager) =>
        repository.lockApplication(manager, mine.application.id, {
          stageId: theirs.stages[1].id,
          reach: member,
        }),
      );
      expect(locked?.targetStage).toBeNull();
      const { application } = await ctx.as(SYSTEM, () =>
        service.move({ id: mine.application.id, stageId: mine.stages[1].id }, member),
      );
      expect(application.stageId).toBe(mine.stages[1].id);
    });
  });

  describe('status changes', () => {
    it('reject keeps the stage and the reason; reopen restores ACTIVE there and clears it; withdraw ends it again', async () => {
      const { stages, application } = await apply();
      const change = (action: 'reject' | 'reopen' | 'withdraw', reason?: string) =>
        ctx.as(SYSTEM, () => service.changeStatus(action, { id: application.id, reason }));
      const rejected = await change('reject', '  Not enough production ML ');
      expect(rejected.application).toMatchObject({
        status: ApplicationStatus.REJECTED,
        stageId: stages[0].id,
        rejectionReason: 'Not enough production ML',
      });
      expect(rejected.transition).toMatchObject({ fromStatus: 'ACTIVE', toStatus: 'REJECTED' });
      const reopened = await change('reopen');
      expect(reopened.application).toMatchObject({ status: 'ACTIVE', rejectionReason: null, version: 3 });
      const withdrawn = await change('withdraw', 'Took another offer');
      expect(withdrawn.application).toMatchObject({ status: 'WITHDRAWN', rejectionReason: null });
      const events = await ctx.sql<{ type: string; sequence: number }>(
        `SELECT type, sequence FROM event WHERE aggregate_id = $1 ORDER BY sequence`,
        [application.id],
      );
      expect(events.map((e) => e.type)).toEqual([
        'application.created',
        'application.status_changed',
        'application.status_changed',
        'application.status_changed',
      ]);
      expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    });

    it('refuses what the rules forbid, on the id, writing nothing', async () => {
      const { stages, application } = await apply();
      const before = await writtenFor(ctx, application.id);
      const status = (action: 'reject' | 'reopen' | 'withdraw') =>
        refusal(ctx.as(SYSTEM, () => service.changeStatus(action, { id: application.id, reason: 'x' })));
      expect(await status('reopen')).toEqual([
        expect.objectContaining({ code: UserErrorCode.APPLICATION_NOT_REOPENABLE, field: ['id'] }),
      ]);
      expect(await writtenFor(ctx, application.id)).toEqual(before);
      await ctx.as(SYSTEM, () => service.changeStatus('withdraw', { id: application.id }));
      expect(await status('reject')).toEqual([
        expect.objectContaining({ code: UserErrorCode.APPLICATION_NOT_ACTIVE, field: ['id'] }),
      ]);
      expect(
        await refusal(ctx.as(SYSTEM, () => service.move({ id: application.id, stageId: stages[1].id }))),
      ).toEqual([expect.objectContaining({ code: UserErrorCode.APPLICATION_NOT_ACTIVE, field: ['id'] })]);
    });

    it('a hire counts on the requisition and fills it at headcount; then its pipeline is closed', async () => {
      const first = await apply({ headcount: 1 });
      const hired = named(first.stages, StageKind.HIRED);
      const candidate = await makeCandidate(ctx);
      const { application: second } = await ctx.as(SYSTEM, () =>
        service.create({ candidateId: candidate.id, requisitionId: first.requisition.id }),
      );
      const { application } = await ctx.as(SYSTEM, () =>
        service.move({ id: first.application.id, stageId: hired.id }),
      );
      expect(application.status).toBe(ApplicationStatus.HIRED);
      const [requisition] = await ctx.get(RequisitionsService).findByIds([first.requisition.id]);
      expect(requisition).toMatchObject({ hiredCount: 1, status: RequisitionStatus.FILLED });
      const [filled] = await ctx.sql<{ type: string; tx: string }>(
        `SELECT type, xmin::text AS tx FROM event WHERE aggregate_id = $1 ORDER BY sequence DESC LIMIT 1`,
        [first.requisition.id],
      );
      const [hiring] = await ctx.sql<{ type: string; tx: string }>(
        `SELECT type, xmin::text AS tx FROM event WHERE aggregate_id = $1 ORDER BY sequence DESC LIMIT 1`,
        [application.id],
      );
      expect([filled, hiring]).toEqual([
        { type: 'requisition.status_changed', tx: hiring.tx },
        { type: 'application.status_changed', tx: filled.tx },
      ]);
      expect(
        await refusal(ctx.as(SYSTEM, () => service.move({ id: second.id, stageId: first.stages[1].id }))),
      ).toEqual([expect.objectContaining({ code: UserErrorCode.REQUISITION_CLOSED, field: ['id'] })]);
    });
  });

  describe('reapplyWithin', () => {
    it('makes a closed application ACTIVE again in the first stage; an open one is a duplicate', async () => {
      const { stages, application } = await apply();
      await ctx.as(SYSTEM, () => service.move({ id: application.id, stageId: stages[2].id }));
      expect(
        await refusal(
          ctx.as(SYSTEM, () =>
            ctx.dataSource.transaction((manager) => service.reapplyWithin(manager, application.id, 'Again')),
          ),
        ),
      ).toEqual([
        expect.objectContaining({
          code: UserErrorCode.DUPLICATE_APPLICATION,
          existing: { type: 'Application', id: application.id },
        }),
      ]);
      await ctx.as(SYSTEM, () => service.changeStatus('reject', { id: application.id, reason: 'No' }));
      const { application: again, transition } = await ctx.as(SYSTEM, () =>
        ctx.dataSource.transaction((manager) =>
          service.reapplyWithin(manager, application.id, 'Applied again'),
        ),
      );
      expect(again).toMatchObject({ status: 'ACTIVE', stageId: stages[0].id, rejectionReason: null });
      expect(again.appliedAt.getTime()).toBeGreaterThan(application.appliedAt.getTime());
      expect(transition).toMatchObject({
        fromStatus: 'REJECTED',
        toStatus: 'ACTIVE',
        reason: 'Applied again',
      });
    });
  });
});
