import { randomBytes, randomUUID } from 'node:crypto';
import { encodeCursor, toPageRequest } from '../../../src/common/graphql/keyset';
import { AuditEntriesService } from '../../../src/audit/audit-entries.service';
import { AuditEntryEntity } from '../../../src/audit/audit-entry.entity';
import { AuditLog } from '../../../src/audit/audit-log';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/**
 * The audit log against the real database: what an entry records, that it commits with its change and only then,
 * that nothing can change it afterwards, and its keyset pages. Each test writes entries under an action of its own.
 */
describe('audit log (service and repository)', () => {
  let ctx: ServiceContext;
  let log: AuditLog;
  let entries: AuditEntriesService;
  const actor = { kind: 'user', id: randomUUID() } as const;
  const newAction = () => `medium${randomBytes(6).toString('hex')}`;
  const record = (action: string, subjectId: string = randomUUID()) =>
    ctx.as(actor, () => log.record(null, { action, subjectType: 'user', subjectIds: [subjectId] }));
  const cursorOf = (entry: AuditEntryEntity) =>
    encodeCursor({ key: entry.occurredAt.getTime(), id: entry.id });

  beforeAll(async () => {
    ctx = await createServiceContext([]);
    log = ctx.get(AuditLog);
    entries = ctx.get(AuditEntriesService);
  });
  afterAll(() => ctx.close());

  it("records the request's actor, request id and the changes, on the caller's transaction", async () => {
    const action = newAction();
    const subjectId = randomUUID();
    await ctx.as(actor, () =>
      ctx.dataSource.transaction((manager) =>
        log.record(manager, {
          action,
          subjectType: 'user',
          subjectIds: [subjectId],
          changes: { name: { before: 'A', after: 'B' } },
        }),
      ),
    );
    const [entry] = await ctx.sql('SELECT * FROM audit_entry WHERE action = $1', [action]);
    expect(entry).toMatchObject({
      actor: `user:${actor.id}`,
      actor_id: actor.id,
      subject_type: 'user',
      subject_ids: [subjectId],
      changes: { name: { before: 'A', after: 'B' } },
      request_id: expect.stringMatching(/^medium-/),
      ip: null,
    });
  });

  it('an entry written on a transaction that rolls back is gone with it', async () => {
    const action = newAction();
    await expect(
      ctx.as(actor, () =>
        ctx.dataSource.transaction(async (manager) => {
          await log.record(manager, { action });
          throw new Error('the change failed');
        }),
      ),
    ).rejects.toThrow('the change failed');
    expect(await ctx.sql('SELECT id FROM audit_entry WHERE action = $1', [action])).toEqual([]);
  });

  it('is append-only: the trigger refuses UPDATE and DELETE of any entry, and TRUNCATE', async () => {
    const action = newAction();
    await record(action);
    const [{ id }] = await ctx.sql<{ id: string }>('SELECT id FROM audit_entry WHERE action = $1', [action]);
    await expect(
      ctx.sql(`UPDATE audit_entry SET actor = 'someone else' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.sql('DELETE FROM audit_entry WHERE id = $1', [id])).rejects.toThrow(/append-only/);
    // TRUNCATE skips row triggers; in a transaction so that, should it pass, nothing is lost.
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await expect(runner.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect(await ctx.sql('SELECT actor FROM audit_entry WHERE id = $1', [id])).toEqual([
      { actor: `user:${actor.id}` },
    ]);
  });

  it('pages newest first with first/after and last/before, filtered, one statement a page', async () => {
    const action = newAction();
    for (let i = 0; i < 5; i++) await record(action);
    const filter = { action };
    const all = await entries.findPage(filter, toPageRequest({ first: 100 }));
    expect(all).toHaveLength(5);
    const keys = all.map((e) => [e.occurredAt.getTime(), e.id] as const);
    expect([...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1))).toEqual(keys);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { result, statements } = await ctx.statements.measure(() =>
        entries.findPage(filter, toPageRequest({ first: 2, after })),
      );
      expect(statements).toBe(1);
      const page = result.slice(0, 2);
      seen.push(...page.map((e) => e.id));
      if (result.length <= 2) break;
      after = cursorOf(page[page.length - 1]);
    }
    expect(seen).toEqual(all.map((e) => e.id));
    // Backward from the oldest: the closer newer entries first (and one more, so another page exists).
    const newer = await entries.findPage(filter, toPageRequest({ last: 2, before: cursorOf(all[4]) }));
    expect(newer.map((e) => e.id)).toEqual([all[3].id, all[2].id, all[1].id]);
    expect(await entries.count(filter)).toBe(5);
  });

  it('filters by actor and by time', async () => {
    const action = newAction();
    await record(action);
    const other = { kind: 'api_key', id: randomUUID() } as const;
    await ctx.as(other, () => log.record(null, { action }));
    const byActor = await entries.findPage({ action, actor: `api_key:${other.id}` }, toPageRequest({}));
    expect(byActor.map((e) => e.actorId)).toEqual([other.id]);
    const [newest] = await entries.findPage({ action }, toPageRequest({ first: 1 }));
    const since = await entries.findPage({ action, since: newest.occurredAt }, toPageRequest({}));
    expect(since.map((e) => e.id)).toContain(newest.id);
    expect(await entries.count({ action, since: new Date(newest.occurredAt.getTime() + 1) })).toBe(0);
    expect((await entries.findByIds([newest.id, randomUUID()])).map((e) => e.id)).toEqual([newest.id]);
  });
});
