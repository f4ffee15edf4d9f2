import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../../src/common/database/transaction';
import { DEFAULT_MAX_ATTEMPTS, enqueueJobs, removeJobs } from '../../../src/jobs/job-queue';
import { createServiceContext, ServiceContext } from '../../support/service-context';

// A job only this file enqueues (no worker knows it; the file completes its jobs at the end).
declare module '../../../src/jobs/job-queue' {
  interface JobPayloads {
    'test.job_queue': { marker: string; n: number };
  }
}

/** The typed enqueueing functions against the real graphile-worker schema. */
describe('job queue (enqueueJobs, removeJobs)', () => {
  let ctx: ServiceContext;

  beforeAll(async () => {
    ctx = await createServiceContext([]);
  });
  afterAll(async () => {
    await ctx.sql(
      `SELECT graphile_worker.complete_jobs(array_agg(id)) FROM graphile_worker.jobs
        WHERE task_identifier = 'test.job_queue'`,
    );
    await ctx.close();
  });

  /** This file's jobs by key, with the payload graphile-worker stored (its public view leaves the payload out). */
  const jobs = (keys: string[]) =>
    ctx.sql<{
      key: string;
      task: string;
      queue: string | null;
      runAt: Date;
      maxAttempts: number;
      payload: unknown;
    }>(
      `SELECT j.key, j.task_identifier AS task, j.queue_name AS queue, j.run_at AS "runAt",
              j.max_attempts AS "maxAttempts", p.payload
         FROM graphile_worker.jobs j JOIN graphile_worker._private_jobs p ON p.id = j.id
        WHERE j.key = ANY($1::text[]) ORDER BY j.key`,
      [keys],
    );

  it('enqueues a batch in one statement, each job with its own payload, queue, run time and key', async () => {
    const marker = randomUUID();
    const keys = [`${marker}:a`, `${marker}:b`, `${marker}:c`];
    const later = new Date(Date.now() + 3_600_000);
    const { statements } = await inTransaction(ctx.dataSource, (manager) =>
      ctx.statements.measure(() =>
        enqueueJobs(manager, 'test.job_queue', [
          { payload: { marker, n: 1 }, jobKey: keys[0] },
          { payload: { marker, n: 2 }, jobKey: keys[1], queueName: `test:${marker}`, runAt: later },
          { payload: { marker, n: 3 }, jobKey: keys[2], maxAttempts: 3 },
        ]),
      ),
    );
    expect(statements).toBe(1);
    const queued = await jobs(keys);
    expect(queued).toEqual([
      expect.objectContaining({
        key: keys[0],
        task: 'test.job_queue',
        queue: null,
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
      }),
      expect.objectContaining({ key: keys[1], queue: `test:${marker}`, runAt: later }),
      expect.objectContaining({ key: keys[2], queue: null, maxAttempts: 3 }),
    ]);
    expect(queued.map((job) => job.payload)).toEqual([1, 2, 3].map((n) => ({ marker, n })));
    expect(Math.abs(queued[0].runAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('enqueues nothing (and sends no statement) for an empty batch', async () => {
    const { statements } = await ctx.statements.measure(() =>
      enqueueJobs(ctx.dataSource.manager, 'test.job_queue', []),
    );
    expect(statements).toBe(0);
  });

  it('jobs exist exactly when the transaction commits: a rollback takes them away with it', async () => {
    const marker = randomUUID();
    const keys = [`${marker}:rolled-back`, `${marker}:other`];
    await expect(
      inTransaction(ctx.dataSource, async (manager) => {
        await enqueueJobs(
          manager,
          'test.job_queue',
          keys.map((jobKey, n) => ({ payload: { marker, n }, jobKey })),
        );
        expect(
          await manager.query(`SELECT 1 FROM graphile_worker.jobs WHERE key = ANY($1)`, [keys]),
        ).toHaveLength(2);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await jobs(keys)).toEqual([]);
  });

  it('a job key replaces the pending job rather than adding a second', async () => {
    const key = `${randomUUID()}:replaced`;
    const runAt = new Date(Date.now() + 60_000);
    await enqueueJobs(ctx.dataSource.manager, 'test.job_queue', [
      { payload: { marker: key, n: 1 }, jobKey: key },
    ]);
    await enqueueJobs(ctx.dataSource.manager, 'test.job_queue', [
      { payload: { marker: key, n: 2 }, jobKey: key, runAt },
    ]);
    const queued = await jobs([key]);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ payload: { marker: key, n: 2 }, runAt });
  });

  it('removeJobs takes waiting jobs off by key, in one statement, ignoring keys without a job', async () => {
    const marker = randomUUID();
    const keys = [`${marker}:1`, `${marker}:2`, `${marker}:3`];
    await enqueueJobs(
      ctx.dataSource.manager,
      'test.job_queue',
      keys.map((jobKey, n) => ({ payload: { marker, n }, jobKey })),
    );
    const { statements } = await ctx.statements.measure(() =>
      removeJobs(ctx.dataSource.manager, [keys[0], keys[2], `${marker}:never-enqueued`]),
    );
    expect(statements).toBe(1);
    expect((await jobs(keys)).map((job) => job.key)).toEqual([keys[1]]);
    expect((await ctx.statements.measure(() => removeJobs(ctx.dataSource.manager, []))).statements).toBe(0);
  });
});
