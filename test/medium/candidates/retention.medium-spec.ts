import { randomUUID } from 'node:crypto';
import { ConsentSource } from '../../../src/candidates/candidate.enums';
import { CandidatesService } from '../../../src/candidates/candidates.service';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { StageKind } from '../../../src/pipeline/pipeline.enums';
import { PipelineModule } from '../../../src/pipeline/pipeline.module';
import { RequisitionsService } from '../../../src/requisitions/requisitions.service';
import { makeCandidate, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
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
  let candidates: CandidatesService;
  const department = `medium-retention-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([PipelineModule], {
      CANDIDATE_RETENTION_DAYS: '400',
      CANDIDATE_CONSENT_RETENTION_DAYS: '900',
    });
    applications = ctx.get(ApplicationsService);
    requisitions = ctx.get(RequisitionsService);
    candidates = ctx.get(CandidatesService);
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
    const { candidateId, application } = await apply();
    const consentGivenAt = new Date(Date.now() - 60_000);
    await ctx.as(SYSTEM, () =>
      candidates.recordConsent({ id: candidateId, consentGivenAt, source: ConsentSource.EMAIL }),
    );
    // Consent alone decides nothing while the application is live.
    expect((await retention(candidateId)).retain_until).toBeNull();
    await reject(application.id);
    expect((await retention(candidateId)).retain_until?.getTime()).toBe(
      consentGivenAt.getTime() + 900 * DAY * 1000,
    );
  });

  it('a consent naming its end keeps the candidate until then; a bare consentGivenAt (to processing) extends nothing', async () => {
    const bare = await makeCandidate(ctx, { consentGivenAt: new Date() });
    const first = await apply(bare.id);
    await reject(first.application.id);
    expect(await secondsAfterEnd(bare.id, first.application.id, 'REJECTED')).toBe(400 * DAY);

    const { candidateId, application } = await apply();
    const until = new Date(Date.now() + 3000 * DAY * 1000);
    await reject(application.id);
    const candidate = await ctx.as(SYSTEM, () =>
      candidates.recordConsent({
        id: candidateId,
        consentGivenAt: new Date(),
        source: ConsentSource.PHONE,
        retainUntil: until,
      }),
    );
    expect(candidate.retainUntil?.getTime()).toBe(until.getTime());
    expect((await retention(candidateId)).retain_until?.getTime()).toBe(until.getTime());
  });

  describe('recordConsent', () => {
    const consentRows = (id: string) =>
      ctx.sql(
        `SELECT c.consent_given_at, c.consent_source, c.consent_retain_until, c.version,
                (SELECT count(*)::int FROM event WHERE aggregate_id = c.id) AS events,
                (SELECT count(*)::int FROM audit_entry WHERE c.id = ANY(subject_ids)) AS audit
         FROM candidate c WHERE c.id = $1`,
        [id],
      );

    it('stores the consent with its source, a candidate.updated event naming consent and an audit entry', async () => {
      const candidate = await makeCandidate(ctx);
      const consentGivenAt = new Date('2026-06-01T09:00:00.000Z');
      const row = await ctx.as(SYSTEM, () =>
        candidates.recordConsent({ id: candidate.id, consentGivenAt, source: ConsentSource.IN_PERSON }),
      );
      expect(row).toMatchObject({ consentGivenAt, consentSource: 'IN_PERSON', consentRetainUntil: null });
      // No application: the consent's own deadline.
      expect(row.retainUntil?.getTime()).toBe(consentGivenAt.getTime() + 900 * DAY * 1000);
      const [event] = await ctx.sql<{ data: unknown }>(
        `SELECT data FROM event WHERE aggregate_id = $1 AND type = 'candidate.updated'`,
        [candidate.id],
      );
      expect(event.data).toMatchObject({ changedFields: ['consent'] });
      const [audit] = await ctx.sql<{ action: string; changes: Record<string, unknown> }>(
        `SELECT action, changes FROM audit_entry WHERE $1 = ANY(subject_ids) AND action = 'recordCandidateConsent'`,
        [candidate.id],
      );
      expect(Object.keys(audit.changes).sort()).toEqual(['consentGivenAt', 'consentSource']);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['given in the future', { consentGivenAt: new Date(Date.now() + 86_400_000) }, ['consentGivenAt']],
      ['an end before it', { retainUntil: new Date(Date.now() - 86_400_000) }, ['retainUntil']],
      ['an end beyond ten years', { retainUntil: new Date(Date.now() + 3700 * 86_400_000) }, ['retainUntil']],
    ])('refuses consent %s and writes nothing', async (_name, overrides, fields) => {
      const candidate = await makeCandidate(ctx);
      const before = await consentRows(candidate.id);
      const errors = await refusal(
        ctx.as(SYSTEM, () =>
          candidates.recordConsent({
            id: candidate.id,
            consentGivenAt: new Date(),
            source: ConsentSource.EMAIL,
            ...overrides,
          }),
        ),
      );
      expect(errors.map((e) => [e.code, e.field])).toEqual(fields.map((f) => ['INVALID_INPUT', [f]]));
      expect(await consentRows(candidate.id)).toEqual(before);
    });

    it('withdrawing it (updateCandidate consentGivenAt: null) clears what it said and the deadline it set', async () => {
      const { candidateId, application } = await apply();
      await reject(application.id);
      await ctx.as(SYSTEM, () =>
        candidates.recordConsent({
          id: candidateId,
          consentGivenAt: new Date(),
          source: ConsentSource.EMAIL,
          retainUntil: new Date(Date.now() + 2000 * DAY * 1000),
        }),
      );
      const row = await ctx.as(SYSTEM, () => candidates.update({ id: candidateId, consentGivenAt: null }));
      expect(row).toMatchObject({ consentGivenAt: null, consentSource: null, consentRetainUntil: null });
      expect(await secondsAfterEnd(candidateId, application.id, 'REJECTED')).toBe(400 * DAY);
    });

    it('NOT_FOUND for an unknown candidate; STALE_VERSION for an old version', async () => {
      const unknown = await refusal(
        candidates.recordConsent({
          id: randomUUID(),
          consentGivenAt: new Date(),
          source: ConsentSource.EMAIL,
        }),
      );
      expect(unknown.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['id']]]);
      const candidate = await makeCandidate(ctx);
      const stale = await refusal(
        candidates.recordConsent({
          id: candidate.id,
          consentGivenAt: new Date(),
          source: ConsentSource.EMAIL,
          expectedVersion: 7,
        }),
      );
      expect(stale.map((e) => e.code)).toEqual(['STALE_VERSION']);
    });
  });

  it('a refused change writes nothing: a second rejection leaves retainUntil and the version as they were', async () => {
    const { candidateId, application } = await apply();
    await reject(application.id);
    const before = await retention(candidateId);
    await expect(reject(application.id)).rejects.toThrow();
    expect(await retention(candidateId)).toEqual(before);
  });
});
