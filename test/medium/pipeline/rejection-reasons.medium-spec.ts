import { randomUUID } from 'node:crypto';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { ApplicationStatus, RejectionCategory } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { RejectionReasonsService } from '../../../src/pipeline/rejection-reasons.service';
import { makeCandidate, makeRequisition, refusal, SYSTEM, writtenFor } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Structured rejection reasons: the seeded list, administration, and their use on reject and withdraw. */
describe('rejection reasons (service and repository)', () => {
  let ctx: ServiceContext;
  let reasons: RejectionReasonsService;
  let applications: ApplicationsService;
  const department = `medium-reasons-${randomUUID()}`;

  const apply = async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const candidate = await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    return application;
  };
  const seeded = async (name: string) => {
    const [row] = await ctx.sql<{ id: string }>(`SELECT id FROM rejection_reason WHERE name = $1`, [name]);
    return row.id;
  };

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule]);
    reasons = ctx.get(RejectionReasonsService);
    applications = ctx.get(ApplicationsService);
  });
  afterAll(() => ctx.close());

  it('the migration seeds both categories, listed in the seeded order', async () => {
    const page = await reasons.findPage(
      { category: RejectionCategory.WE_REJECTED },
      { forward: true, limit: 100, cursor: null },
    );
    const defaults = ['Skills gap', 'Experience level', 'Compensation expectations', 'Location or visa'];
    // Other files may add reasons (listed first: newest first); the seeded ones keep their order.
    expect(page.map((r) => r.name).filter((n) => defaults.includes(n))).toEqual(defaults);
    const withdrew = await reasons.findPage(
      { category: RejectionCategory.THEY_WITHDREW },
      { forward: true, limit: 100, cursor: null },
    );
    expect(withdrew.map((r) => r.name)).toEqual(
      expect.arrayContaining(['Accepted another offer', 'Not interested']),
    );
  });

  it('creates, renames and deactivates; a name is unique per category, case-insensitively', async () => {
    const name = `Team fit ${randomUUID().slice(0, 6)}`;
    const created = await ctx.as(SYSTEM, () =>
      reasons.create({ name: `  ${name} `, category: RejectionCategory.WE_REJECTED }),
    );
    expect(created).toMatchObject({ name, active: true, version: 1 });
    expect(
      await refusal(
        ctx.as(SYSTEM, () =>
          reasons.create({ name: name.toUpperCase(), category: RejectionCategory.WE_REJECTED }),
        ),
      ),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.DUPLICATE_REJECTION_REASON, field: ['name'] })]);
    // The other category may have the same name.
    await ctx.as(SYSTEM, () => reasons.create({ name, category: RejectionCategory.THEY_WITHDREW }));

    const off = await ctx.as(SYSTEM, () =>
      reasons.update({ id: created.id, active: false, expectedVersion: 1 }),
    );
    expect(off).toMatchObject({ active: false, version: 2 });
    expect(
      await refusal(ctx.as(SYSTEM, () => reasons.update({ id: created.id, name: 'x', expectedVersion: 1 }))),
    ).toEqual([expect.objectContaining({ code: UserErrorCode.STALE_VERSION })]);
    const listed = await reasons.findPage(
      { category: RejectionCategory.WE_REJECTED },
      { forward: true, limit: 100, cursor: null },
    );
    expect(listed.map((r) => r.id)).not.toContain(created.id);
    const all = await reasons.findPage(
      { category: RejectionCategory.WE_REJECTED, includeInactive: true },
      { forward: true, limit: 100, cursor: null },
    );
    expect(all.map((r) => r.id)).toContain(created.id);
    const audit = await ctx.sql<{ action: string }>(
      `SELECT action FROM audit_entry WHERE $1 = ANY(subject_ids) ORDER BY occurred_at`,
      [created.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['createRejectionReason', 'updateRejectionReason']);
  });

  it('a rejection with a reasonId stores it on the application, its history entry and its event', async () => {
    const application = await apply();
    const reasonId = await seeded('Skills gap');
    const { application: rejected, transition } = await ctx.as(SYSTEM, () =>
      applications.changeStatus('reject', { id: application.id, reasonId, reason: 'No PyTorch' }),
    );
    expect(rejected).toMatchObject({
      status: ApplicationStatus.REJECTED,
      reasonId,
      rejectionReason: 'No PyTorch',
    });
    expect(transition?.reasonId).toBe(reasonId);
    const [event] = await ctx.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM event WHERE aggregate_id = $1 AND type = 'application.status_changed'`,
      [application.id],
    );
    expect(event.data.reasonId).toEqual(expect.any(String));
    // Reopening clears the structured reason with the free text.
    const { application: reopened } = await ctx.as(SYSTEM, () =>
      applications.changeStatus('reopen', { id: application.id }),
    );
    expect(reopened).toMatchObject({ reasonId: null, rejectionReason: null });
  });

  it("a reasonId alone is enough to reject: the reason's name becomes the free text", async () => {
    const application = await apply();
    const reasonId = await seeded('Experience level');
    const { application: rejected } = await ctx.as(SYSTEM, () =>
      applications.changeStatus('reject', { id: application.id, reasonId }),
    );
    expect(rejected.rejectionReason).toBe('Experience level');
  });

  it('refuses a reason of the wrong category, an unknown or inactive one, or none at all, writing nothing', async () => {
    const application = await apply();
    const before = await writtenFor(ctx, application.id);
    const withdrewReason = await seeded('Not interested');
    const rejectedReason = await seeded('Skills gap');
    const inactive = await ctx.as(SYSTEM, () =>
      reasons.create({
        name: `Retired ${randomUUID().slice(0, 6)}`,
        category: RejectionCategory.WE_REJECTED,
      }),
    );
    await ctx.as(SYSTEM, () => reasons.update({ id: inactive.id, active: false }));
    const cases: [Promise<unknown>, UserErrorCode, string[]][] = [
      [
        applications.changeStatus('reject', { id: application.id, reasonId: withdrewReason }),
        UserErrorCode.INVALID_INPUT,
        ['reasonId'],
      ],
      [
        applications.changeStatus('withdraw', { id: application.id, reasonId: rejectedReason }),
        UserErrorCode.INVALID_INPUT,
        ['reasonId'],
      ],
      [
        applications.changeStatus('reject', { id: application.id, reasonId: randomUUID() }),
        UserErrorCode.NOT_FOUND,
        ['reasonId'],
      ],
      [
        applications.changeStatus('reject', { id: application.id, reasonId: inactive.id }),
        UserErrorCode.INVALID_INPUT,
        ['reasonId'],
      ],
      [
        applications.changeStatus('reject', { id: application.id, reason: '  ' }),
        UserErrorCode.INVALID_INPUT,
        ['reason'],
      ],
      [
        applications.changeStatus('reopen', { id: application.id, reasonId: rejectedReason }),
        UserErrorCode.INVALID_INPUT,
        ['reasonId'],
      ],
    ];
    for (const [work, code, field] of cases) {
      expect(await refusal(ctx.as(SYSTEM, () => work))).toEqual([expect.objectContaining({ code, field })]);
    }
    expect(await writtenFor(ctx, application.id)).toEqual(before);
    const [row] = await ctx.sql<{ status: string }>(`SELECT status FROM application WHERE id = $1`, [
      application.id,
    ]);
    expect(row.status).toBe('ACTIVE');
  });

  it('a withdrawal takes a THEY_WITHDREW reason', async () => {
    const application = await apply();
    const reasonId = await seeded('Accepted another offer');
    const { application: withdrawn } = await ctx.as(SYSTEM, () =>
      applications.changeStatus('withdraw', { id: application.id, reasonId }),
    );
    expect(withdrawn).toMatchObject({ status: ApplicationStatus.WITHDRAWN, reasonId, rejectionReason: null });
  });
});
