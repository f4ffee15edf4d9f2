import { randomUUID } from 'node:crypto';
import { AuditLog } from '../../../src/audit/audit-log';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NotesService } from '../../../src/notes/notes.service';
import { ApplicationsService } from '../../../src/pipeline/applications.service';
import { ApplicationStatus } from '../../../src/pipeline/pipeline.enums';
import { CandidateErasureService } from '../../../src/privacy/candidate-erasure.service';
import { PrivacyModule } from '../../../src/privacy/privacy.module';
import { makeCandidate, makeRequisition, refusal, SYSTEM } from '../../factories/medium';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * Erasure's use case against the real database: the lock that keeps an application from being made for a
 * candidate being erased, the retention run's bounds, and which audit entries the redaction touches.
 */
describe('candidate erasure (service and repositories)', () => {
  let ctx: ServiceContext;
  let erasure: CandidateErasureService;
  let applications: ApplicationsService;
  const department = `medium-privacy-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([PrivacyModule]);
    erasure = ctx.get(CandidateErasureService);
    applications = ctx.get(ApplicationsService);
  });
  afterAll(() => ctx.close());

  const erasedAt = async (id: string) =>
    (await ctx.sql(`SELECT erased_at FROM candidate WHERE id = $1`, [id]))[0].erased_at as Date | null;

  /** Runs `attempt` while another transaction holds the candidate as an erasure does, then erases them. */
  async function racingAnErasure(candidateId: string, attempt: () => Promise<unknown>, table: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const erasing = ctx.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM candidate WHERE id = $1 FOR UPDATE`, [candidateId]);
      await held;
      await manager.query(`UPDATE candidate SET erased_at = now() WHERE id = $1`, [candidateId]);
    });
    const attempted = refusal(attempt());
    await new Promise((resolve) => setTimeout(resolve, 200));
    const count = async () =>
      (await ctx.sql(`SELECT count(*)::int AS n FROM ${table} WHERE candidate_id = $1`, [candidateId]))[0].n;
    expect(await count()).toBe(0);
    release();
    await erasing;
    expect((await attempted)[0].code).toBe(UserErrorCode.NOT_FOUND);
    expect(await count()).toBe(0);
  }

  it('a note racing an erasure waits for it, then finds no candidate', async () => {
    const candidate = await makeCandidate(ctx);
    await racingAnErasure(
      candidate.id,
      () =>
        ctx.as(SYSTEM, () => ctx.get(NotesService).add({ candidateId: candidate.id, body: 'Hello' }, SYSTEM)),
      'note',
    );
  });

  it('an application racing an erasure waits for it, then finds no candidate: none is made for an erased person', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const candidate = await makeCandidate(ctx);
    // The erasure's transaction holds the candidate's row lock while the application is attempted.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const erasing = ctx.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM candidate WHERE id = $1 FOR UPDATE`, [candidate.id]);
      await held;
      await manager.query(`UPDATE candidate SET erased_at = now() WHERE id = $1`, [candidate.id]);
    });
    const applying = refusal(
      ctx.as(SYSTEM, () => applications.create({ candidateId: candidate.id, requisitionId: requisition.id })),
    );
    // The application is blocked on the lock, not done.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [waiting] = await ctx.sql(`SELECT count(*)::int AS n FROM application WHERE candidate_id = $1`, [
      candidate.id,
    ]);
    expect(waiting.n).toBe(0);
    release();
    await erasing;
    expect((await applying)[0].code).toBe(UserErrorCode.NOT_FOUND);
    expect(
      (await ctx.sql(`SELECT count(*)::int AS n FROM application WHERE candidate_id = $1`, [candidate.id]))[0]
        .n,
    ).toBe(0);
  });

  it('the retention run erases at most its cap, in batches, oldest retainUntil first; the rest wait', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await makeCandidate(ctx)).id);
    // Far in the past, so these come before any other test file's candidates in the job's order.
    await ctx.sql(
      `UPDATE candidate SET retain_until = timestamptz '2001-01-01' + make_interval(days => pos::int)
       FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, pos) WHERE candidate.id = x.id`,
      [ids],
    );
    expect(await erasure.eraseDue(2, 3)).toBe(3);
    expect(await Promise.all(ids.map(async (id) => (await erasedAt(id)) !== null))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(await erasure.eraseDue(2, 2)).toBe(2);
    expect((await erasedAt(ids[4])) !== null).toBe(true);
  });

  it('keeps candidates with an ACTIVE or HIRED application past retainUntil', async () => {
    const { requisition } = await makeRequisition(ctx, department);
    const active = await makeCandidate(ctx);
    const hired = await makeCandidate(ctx);
    const made = await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: hired.id, requisitionId: requisition.id }),
    );
    await ctx.as(SYSTEM, () =>
      applications.create({ candidateId: active.id, requisitionId: requisition.id }),
    );
    await ctx.sql(`UPDATE application SET status = $2 WHERE id = $1`, [
      made.application.id,
      ApplicationStatus.HIRED,
    ]);
    await ctx.sql(`UPDATE candidate SET retain_until = timestamptz '2000-06-01' WHERE id = ANY($1::uuid[])`, [
      [active.id, hired.id],
    ]);
    await erasure.eraseDue(100, 100);
    expect(await erasedAt(active.id)).toBeNull();
    expect(await erasedAt(hired.id)).toBeNull();
  });

  it('redacts the audit entries about the person only, keeping their keys; others stay as written', async () => {
    const person = await makeCandidate(ctx, { phone: '+1 415 555 0199' });
    const other = await makeCandidate(ctx, { phone: '+1 415 555 0198' });
    const audit = ctx.get(AuditLog);
    await ctx.dataSource.transaction((manager) =>
      audit.record(manager, {
        action: 'touchBoth',
        subjectType: 'candidate',
        subjectIds: [other.id],
        changes: { note: { before: null, after: 'about the other one' } },
      }),
    );
    await ctx.as(SYSTEM, () => erasure.erase({ id: person.id, reason: '  DPO-7  ' }));
    const entries = await ctx.sql<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_entry WHERE subject_ids && $1::uuid[] ORDER BY occurred_at, id`,
      [[person.id, other.id]],
    );
    const about = (id: string) =>
      ctx.sql<{ action: string; changes: Record<string, unknown> }>(
        `SELECT action, changes FROM audit_entry WHERE $1 = ANY(subject_ids) ORDER BY occurred_at, id`,
        [id],
      );
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(await about(person.id)).toEqual([
      {
        action: 'createCandidate',
        changes: {
          email: { before: '[erased]', after: '[erased]' },
          fullName: { before: '[erased]', after: '[erased]' },
        },
      },
      {
        action: 'eraseCandidate',
        changes: {
          reason: { before: null, after: 'DPO-7' },
          auditEntriesRedacted: { before: null, after: 1 },
        },
      },
    ]);
    expect(await about(other.id)).toEqual([
      {
        action: 'createCandidate',
        changes: {
          email: { before: null, after: other.email },
          fullName: { before: null, after: other.fullName },
        },
      },
      { action: 'touchBoth', changes: { note: { before: null, after: 'about the other one' } } },
    ]);
  });
});
