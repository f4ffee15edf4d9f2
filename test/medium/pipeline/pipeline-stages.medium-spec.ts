import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { StageKind } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { PipelineStagesService } from '../../../src/pipeline/pipeline-stages.service';
import { makeCandidate, makeMember, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Shaping a requisition's pipeline: one requisition version and event per change, nothing on refusal. */
describe('pipeline stages (service and repository)', () => {
  let ctx: ServiceContext;
  let service: PipelineStagesService;
  const department = `medium-stages-${randomUUID()}`;

  /** The requisition's version, its events (type, sequence) and its live stages by name, as stored. */
  async function state(requisitionId: string) {
    const [{ version }] = await ctx.sql<{ version: number }>(
      `SELECT version FROM requisition WHERE id = $1`,
      [requisitionId],
    );
    const events = await ctx.sql<{ type: string; sequence: number }>(
      `SELECT type, sequence FROM event WHERE aggregate_id = $1 ORDER BY sequence`,
      [requisitionId],
    );
    const audit = await ctx.sql<{ action: string }>(
      `SELECT action FROM audit_entry WHERE $1 = ANY(subject_ids) ORDER BY occurred_at, action`,
      [requisitionId],
    );
    const stages = (await service.findLiveByRequisitionIds([requisitionId])).map((s) => s.name);
    return { version, events, audit: audit.map((a) => a.action), stages };
  }
  /** The change bumped the version once and wrote one event of `type` (the next sequence) and one audit entry. */
  async function expectOneChange(
    requisitionId: string,
    before: Awaited<ReturnType<typeof state>>,
    type: string,
  ) {
    const after = await state(requisitionId);
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toEqual([...before.events, { type, sequence: before.events.length + 1 }]);
    expect(after.audit).toHaveLength(before.audit.length + 1);
    return after;
  }

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule]);
    service = ctx.get(PipelineStagesService);
  });
  afterAll(() => ctx.close());

  it('add: just before HIRED by default, or where asked; names are trimmed', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const before = await state(requisition.id);
    const { stage } = await ctx.as(SYSTEM, () =>
      service.add({
        requisitionId: requisition.id,
        name: '  Take-home ',
        kind: StageKind.TAKE_HOME,
        expectedVersion: before.version,
      }),
    );
    expect(stage).toMatchObject({ name: 'Take-home', position: 6 });
    const after = await expectOneChange(requisition.id, before, 'pipeline_stage.added');
    expect(after.stages.slice(-3)).toEqual(['Offer', 'Take-home', 'Hired']);
    await ctx.as(SYSTEM, () =>
      service.add({ requisitionId: requisition.id, name: 'Sourcing', kind: StageKind.CUSTOM, position: 0 }),
    );
    expect((await state(requisition.id)).stages[0]).toBe('Sourcing');
  });

  it('add refuses a duplicate name, a second HIRED stage, a stale version and an unknown requisition', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const before = await state(requisition.id);
    const add = (overrides: Record<string, unknown>) =>
      refusal(
        ctx.as(SYSTEM, () =>
          service.add({ requisitionId: requisition.id, name: 'New', kind: StageKind.CUSTOM, ...overrides }),
        ),
      );
    expect(await add({ name: 'ONSITE' })).toEqual([
      expect.objectContaining({ code: UserErrorCode.DUPLICATE_STAGE_NAME, field: ['name'] }),
    ]);
    expect(await add({ kind: StageKind.HIRED })).toEqual([
      expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['kind'] }),
    ]);
    expect(await add({ expectedVersion: 1 })).toEqual([
      expect.objectContaining({ code: UserErrorCode.STALE_VERSION, field: ['expectedVersion'] }),
    ]);
    expect(await add({ requisitionId: NIL_UUID })).toEqual([
      expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['requisitionId'] }),
    ]);
    expect(await state(requisition.id)).toEqual(before);
  });

  it('update: renames (freeing the old name), refuses duplicates and turning stages into or out of HIRED; a no-op writes nothing', async () => {
    const { requisition, stages } = await makeRequisition(ctx, department);
    const before = await state(requisition.id);
    const update = (overrides: Record<string, unknown>) =>
      ctx.as(SYSTEM, () => service.update({ id: stages[1].id, ...overrides }));
    expect(await refusal(update({ name: 'applied' }))).toEqual([
      expect.objectContaining({ code: UserErrorCode.DUPLICATE_STAGE_NAME, field: ['name'] }),
    ]);
    expect(await refusal(update({ kind: StageKind.HIRED }))).toEqual([
      expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['kind'] }),
    ]);
    expect(await refusal(ctx.as(SYSTEM, () => service.update({ id: NIL_UUID, name: 'X' })))).toEqual([
      expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
    ]);
    expect(await update({})).toMatchObject({ stage: { name: 'Recruiter screen' } });
    expect(await state(requisition.id)).toEqual(before);
    await update({ name: 'Phone screen', expectedVersion: before.version });
    const after = await expectOneChange(requisition.id, before, 'pipeline_stage.updated');
    expect(after.stages[1]).toBe('Phone screen');
    await ctx.as(SYSTEM, () =>
      service.add({ requisitionId: requisition.id, name: 'Recruiter screen', kind: StageKind.SCREEN }),
    );
  });

  it('reorder: writes a complete new order, refusing incomplete, repeated and foreign lists', async () => {
    const { requisition, stages } = await makeRequisition(ctx, department);
    const other = await makeRequisition(ctx, department);
    const ids = stages.map((s) => s.id);
    const before = await state(requisition.id);
    const reorder = (stageIds: string[]) =>
      refusal(ctx.as(SYSTEM, () => service.reorder({ requisitionId: requisition.id, stageIds })));
    for (const list of [
      ids.slice(0, 6),
      [...ids.slice(0, 6), ids[0]],
      [...ids, ids[2]],
      [...ids.slice(0, 6), NIL_UUID],
      [...ids.slice(0, 6), other.stages[6].id],
    ]) {
      expect(await reorder(list)).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['stageIds'] }),
      ]);
    }
    expect(await state(requisition.id)).toEqual(before);
    const order = [ids[6], ...ids.slice(0, 6)];
    const { stages: reordered } = await ctx.as(SYSTEM, () =>
      service.reorder({ requisitionId: requisition.id, stageIds: order }),
    );
    expect(reordered.map((s) => [s.id, s.position])).toEqual(order.map((id, i) => [id, i]));
    await expectOneChange(requisition.id, before, 'pipeline_stage.reordered');
    const [data] = await ctx.sql<{ data: { stageIds: string[] } }>(
      `SELECT data FROM event WHERE aggregate_id = $1 ORDER BY sequence DESC LIMIT 1`,
      [requisition.id],
    );
    expect(data.data.stageIds).toHaveLength(7);
    // A new stage still goes just before HIRED, wherever that is now.
    const { stage } = await ctx.as(SYSTEM, () =>
      service.add({ requisitionId: requisition.id, name: 'Pre-screen', kind: StageKind.CUSTOM }),
    );
    expect(stage.position).toBe(0);
    expect((await state(requisition.id)).stages.slice(0, 2)).toEqual(['Pre-screen', 'Hired']);
  });

  it('remove: an empty stage goes; one holding applications moves them first, each with its own history entry and event', async () => {
    const { requisition, stages } = await makeRequisition(ctx, department);
    const applications = ctx.get(ApplicationsService);
    const inTechnical: string[] = [];
    for (let i = 0; i < 3; i++) {
      const candidate = await makeCandidate(ctx);
      const { application } = await ctx.as(SYSTEM, () =>
        applications.create({
          candidateId: candidate.id,
          requisitionId: requisition.id,
          stageId: stages[2].id,
        }),
      );
      inTechnical.push(application.id);
    }
    await ctx.as(SYSTEM, () => applications.changeStatus('reject', { id: inTechnical[2], reason: 'No' }));
    const elsewhere = await makeCandidate(ctx);
    const { application: stayer } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: elsewhere.id, requisitionId: requisition.id }),
    );

    const before = await state(requisition.id);
    expect(await refusal(ctx.as(SYSTEM, () => service.remove({ id: stages[2].id })))).toEqual([
      expect.objectContaining({ code: UserErrorCode.STAGE_NOT_EMPTY, field: ['moveApplicationsToStageId'] }),
    ]);
    expect(await state(requisition.id)).toEqual(before);

    await ctx.as(SYSTEM, () => service.remove({ id: stages[2].id, moveApplicationsToStageId: stages[4].id }));
    const after = await expectOneChange(requisition.id, before, 'pipeline_stage.removed');
    expect(after.stages).not.toContain('Technical screen');
    const moved = await ctx.sql<{
      id: string;
      status: string;
      stage_id: string;
      version: number;
      history: string;
    }>(
      `SELECT a.id, a.status, a.stage_id, a.version,
              (SELECT string_agg(t.sequence || ':' || t.from_status || '>' || t.to_status || ':' || coalesce(t.reason, ''), ',' ORDER BY t.sequence)
               FROM stage_transition t WHERE t.application_id = a.id AND t.from_stage_id = $2 AND t.to_stage_id <> $2)
              AS history
       FROM application a WHERE a.id = ANY($1::uuid[]) ORDER BY a.id`,
      [inTechnical, stages[2].id],
    );
    expect(Object.fromEntries(moved.map((m) => [m.id, [m.status, m.stage_id, m.history]]))).toEqual({
      [inTechnical[0]]: ['ACTIVE', stages[4].id, '2:ACTIVE>ACTIVE:Stage removed'],
      [inTechnical[1]]: ['ACTIVE', stages[4].id, '2:ACTIVE>ACTIVE:Stage removed'],
      [inTechnical[2]]: ['REJECTED', stages[4].id, '3:REJECTED>REJECTED:Stage removed'],
    });
    const events = await ctx.sql<{ aggregate_id: string; type: string; sequence: number }>(
      `SELECT aggregate_id, type, sequence FROM event WHERE aggregate_id = ANY($1::uuid[])
       AND data->>'reason' = 'Stage removed' ORDER BY aggregate_id`,
      [[...inTechnical, stayer.id]],
    );
    expect(events.map((e) => [e.aggregate_id, e.type])).toEqual(
      [...inTechnical].sort().map((id) => [id, 'application.stage_changed']),
    );
    const [untouched] = await ctx.sql<{ version: number }>(`SELECT version FROM application WHERE id = $1`, [
      stayer.id,
    ]);
    expect(untouched.version).toBe(1);
    // Gone for good: removing it again is NOT_FOUND; its name is free.
    expect(await refusal(ctx.as(SYSTEM, () => service.remove({ id: stages[2].id })))).toEqual([
      expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
    ]);
    await ctx.as(SYSTEM, () =>
      service.add({ requisitionId: requisition.id, name: 'Technical screen', kind: StageKind.TECHNICAL }),
    );
  });

  it('remove refuses the HIRED stage, bad targets, a stale version and stages beyond reach, writing nothing', async () => {
    const { requisition, stages } = await makeRequisition(ctx, department);
    const other = await makeRequisition(ctx, department);
    const candidate = await makeCandidate(ctx);
    await ctx.as(SYSTEM, () =>
      ctx
        .get(ApplicationsService)
        .create({ candidateId: candidate.id, requisitionId: requisition.id, stageId: stages[1].id }),
    );
    const member = await makeMember(ctx, [other.requisition.id]);
    const before = await state(requisition.id);
    const cases: [Record<string, unknown>, UserErrorCode, string[]][] = [
      [{ id: stages[6].id }, UserErrorCode.STAGE_NOT_REMOVABLE, ['id']],
      [
        { id: stages[6].id, moveApplicationsToStageId: stages[5].id },
        UserErrorCode.STAGE_NOT_REMOVABLE,
        ['id'],
      ],
      [
        { moveApplicationsToStageId: stages[6].id },
        UserErrorCode.INVALID_INPUT,
        ['moveApplicationsToStageId'],
      ],
      [
        { moveApplicationsToStageId: stages[1].id },
        UserErrorCode.INVALID_INPUT,
        ['moveApplicationsToStageId'],
      ],
      [
        { moveApplicationsToStageId: other.stages[1].id },
        UserErrorCode.STAGE_NOT_IN_REQUISITION,
        ['moveApplicationsToStageId'],
      ],
      [{ moveApplicationsToStageId: NIL_UUID }, UserErrorCode.NOT_FOUND, ['moveApplicationsToStageId']],
      [{ expectedVersion: 1 }, UserErrorCode.STALE_VERSION, ['expectedVersion']],
      [{ id: NIL_UUID }, UserErrorCode.NOT_FOUND, ['id']],
    ];
    for (const [overrides, code, field] of cases) {
      expect(await refusal(ctx.as(SYSTEM, () => service.remove({ id: stages[1].id, ...overrides })))).toEqual(
        [expect.objectContaining({ code, field })],
      );
    }
    expect(await refusal(ctx.as(SYSTEM, () => service.remove({ id: stages[2].id }, member)))).toEqual([
      expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
    ]);
    expect(await state(requisition.id)).toEqual(before);
  });
});
