import { randomUUID } from 'node:crypto';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { StageKind } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import { makeCandidate, makeRequisition, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

const DAY = 86_400;

/**
 * The automatic retention period (docs/privacy.md): `retainUntil` follows the candidate's applications in the
 * transaction that changes them, CANDIDATE_RETENTION_DAYS after the last one ended, unless consent reaches further.
 * Days are set apart from the defaults, so a test passing on the defaults alone would fail here.
 */
describe('candidate retention period (pipeline and candidates against the database)', () => {
  let ctx: ServiceContext;
  let applications: ApplicationsService;
  let requisitions: RequisitionsService;
  const department = `medium-retention-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule], {
      CANDIDATE_RETENTION_DAYS: '400',
      CANDIDATE_CONSENT_RETENTION_DAYS: '900',
    });
    applications = ctx.get(ApplicationsService);
    requisitions = ctx.get(RequisitionsService);
  });
  afterAll(() => ctx.close());

  const apply = async (candidateId?: string) => {
    const { requisition, stages } = await makeRequisition(ctx, department, { headcount: 3 });
    const candidate = candidateId ? { id: candidateId } : await makeCandidate(ctx);
    const { application } = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: candidate.id, requisitionId: requisition.id }),
    );
    return { requisition, stages, candidateId: candidate.id, application };
  };
  const retention = async (candidateId: string) => {
    const [row] = await ctx.sql<{ retain_until: Date | null; version: number; xmin: string }>(
      `SELECT retain_until, version, xmin::text FROM candidate WHERE id = $1`,
      [candidateId],
    );
    return row;
  };
  /** Seconds from the moment the application entered `status` (its history) to the candidate's retainUntil. */
  const secondsAfterEnd = async (candidateId: string, applicationId: string, status: string) => {
    const [row] = await ctx.sql<{ seconds: number | null }>(
      `SELECT extract(epoch FROM c.retain_until - t.occurred_at)::float8 AS seconds
       FROM candidate c, stage_transition t
       WHERE c.id = $1 AND t.application_id = $2 AND t.to_status = $3`,
      [candidateId, applicationId, status],
    );
    return row.seconds;
  };
  const reject = (id: string) =>
    ctx.as(SYSTEM, () => applications.changeStatus('reject', { id, reason: 'Skills gap' }));

  it('a rejection sets retainUntil 400 days after it, in the same transaction', async () => {
    const { candidateId, application } = await apply();
    expect((await retention(candidateId)).retain_until).toBeNull();
    await reject(application.id);
    expect(await secondsAfterEnd(candidateId, application.id, 'REJECTED')).toBe(400 * DAY);
    const [app] = await ctx.sql<{ xmin: string }>(`SELECT xmin::text FROM application WHERE id = $1`, [
      application.id,
    ]);
    expect((await retention(candidateId)).xmin).toBe(app.xmin);
  });

  it('a withdrawal sets it too; reopening clears it', async () => {
    const { candidateId, application } = await apply();
    await ctx.as(SYSTEM, () => applications.changeStatus('withdraw', { id: application.id }));
    expect(await secondsAfterEnd(candidateId, application.id, 'WITHDRAWN')).toBe(400 * DAY);
    await ctx.as(SYSTEM, () => applications.changeStatus('reopen', { id: application.id }));
    expect((await retention(candidateId)).retain_until).toBeNull();
  });

  it('nothing is due while another application is live; the last one to end counts', async () => {
    const first = await apply();
    const second = await apply(first.candidateId);
    await reject(first.application.id);
    expect((await retention(first.candidateId)).retain_until).toBeNull();
    await reject(second.application.id);
    expect(await secondsAfterEnd(first.candidateId, second.application.id, 'REJECTED')).toBe(400 * DAY);
    // A new application makes the candidate live again.
    const third = await apply(first.candidateId);
    expect((await retention(third.candidateId)).retain_until).toBeNull();
  });

  it('closing the requisition ends its ACTIVE applications: 400 days after the closing', async () => {
    const { requisition, candidateId } = await apply();
    const closed = await ctx.as(SYSTEM, () => requisitions.changeStatus('close', { id: requisition.id }));
    const [row] = await ctx.sql<{ seconds: number }>(
      `SELECT extract(epoch FROM c.retain_until - r.updated_at)::float8 AS seconds
       FROM candidate c, requisition r WHERE c.id = $1 AND r.id = $2`,
      [candidateId, requisition.id],
    );
    expect(row.seconds).toBe(400 * DAY);
    expect(closed.status).toBe('CLOSED');
  });

  it('a hire is never due, even after another application of theirs is rejected', async () => {
    const { stages, candidateId, application } = await apply();
    const other = await apply(candidateId);
    const hired = stages.find((s) => s.kind === StageKind.HIRED)!;
    await ctx.as(SYSTEM, () => applications.move({ id: application.id, stageId: hired.id }));
    await reject(other.application.id);
    expect((await retention(candidateId)).retain_until).toBeNull();
  });

  it('consent reaching further wins: 900 days after consentGivenAt', async () => {
    const candidate = await makeCandidate(ctx, { consentGivenAt: new Date() });
    const { application } = await apply(candidate.id);
    await reject(application.id);
    const [row] = await ctx.sql<{ seconds: number }>(
      `SELECT extract(epoch FROM retain_until - consent_given_at)::float8 AS seconds FROM candidate WHERE id = $1`,
      [candidate.id],
    );
    expect(row.seconds).toBe(900 * DAY);
  });

  it('a refused change writes nothing: a second rejection leaves retainUntil and the version as they were', async () => {
    const { candidateId, application } = await apply();
    await reject(application.id);
    const before = await retention(candidateId);
    await expect(reject(application.id)).rejects.toThrow();
    expect(await retention(candidateId)).toEqual(before);
  });
});
