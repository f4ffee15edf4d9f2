import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inTransaction } from '../../../src/common/database/transaction';
import { Environment } from '../../../src/config/environment';
import { EventOutbox } from '../../../src/events/event-outbox';
import { EventType } from '../../../src/events/event-types';
import { WebhookAttempter } from '../../../src/webhooks/webhook-attempter';
import { WebhookConcurrencyGate } from '../../../src/webhooks/webhook-concurrency-gate';
import { WebhookDeliveriesRepository } from '../../../src/webhooks/webhook-deliveries.repository';
import { subscriptionWants } from '../../../src/webhooks/webhook-delivery.rules';
import { WebhookDispatcher } from '../../../src/webhooks/webhook-dispatcher';
import { WebhookFanOutJob } from '../../../src/webhooks/webhook-fan-out.job';
import { cancelAttempts, FAN_OUT_PRIORITY } from '../../../src/webhooks/webhook-jobs';
import { WebhookOutcomeRecorder } from '../../../src/webhooks/webhook-outcome-recorder';
import { WebhookRetentionJob } from '../../../src/webhooks/webhook-retention.job';
import { WebhookResponse } from '../../../src/webhooks/webhook-sender';
import { WebhooksModule } from '../../../src/webhooks/webhooks.module';
import { createServiceContext, ServiceContext } from '../../support/service-context';
import { sleep } from '../../support/wait';
import { WEBHOOK_MEDIUM_ENV, WebhookFixtures } from './webhook-fixtures';

const { APPLICATION_STAGE_CHANGED: MOVED, APPLICATION_CREATED: CREATED, CANDIDATE_UPDATED } = EventType;
const AN_HOUR_AGO = `now() - interval '1 hour'`;

/**
 * The delivery pipeline's SQL, without the worker (jobs and claims are run by calling them): fan-out, the queue's
 * claims, lanes and leases, every statement of the outcome recorder, and retention. Real deliveries to a real
 * receiver are in test/e2e/webhooks*.e2e-spec.ts.
 */
describe('webhook deliveries (fan-out, the queue, outcomes, retention)', () => {
  let ctx: ServiceContext;
  let fx: WebhookFixtures;
  let env: Environment;

  beforeAll(async () => {
    ctx = await createServiceContext([WebhooksModule], WEBHOOK_MEDIUM_ENV);
    fx = new WebhookFixtures(ctx);
    env = ctx.get(Environment);
  });
  afterAll(async () => {
    await fx.cleanUp();
    await ctx.close();
  });

  const near = (actual: Date | null, expectedMs: number, toleranceMs: number) => {
    expect(actual).not.toBeNull();
    expect(Math.abs(actual!.getTime() - expectedMs)).toBeLessThanOrEqual(toleranceMs);
  };

  describe('fan-out', () => {
    it('makes one delivery per (event, matching subscription): by type, requisition, creation time and status', async () => {
      const [reqA, reqB] = [randomUUID(), randomUUID()];
      const filters = {
        all: { eventTypes: ['*'], requisitionIds: [] },
        moves: { eventTypes: [MOVED], requisitionIds: [] },
        ofA: { eventTypes: [MOVED, CREATED], requisitionIds: [reqA] },
      };
      const subscriptions = {
        all: await fx.subscription({ ...filters.all, createdAt: AN_HOUR_AGO }),
        moves: await fx.subscription({ ...filters.moves, createdAt: AN_HOUR_AGO }),
        ofA: await fx.subscription({ ...filters.ofA, createdAt: AN_HOUR_AGO }),
        // Created after the events: they were never meant for it (replay reaches them).
        later: await fx.subscription({ createdAt: `now() + interval '1 hour'` }),
        disabled: await fx.subscription({ status: 'DISABLED', createdAt: AN_HOUR_AGO }),
      };
      const events = [
        { type: MOVED, requisitionId: reqA },
        { type: MOVED, requisitionId: reqB },
        { type: CREATED, requisitionId: reqA },
        // About no requisition: only subscriptions narrowed to none get it.
        { type: CANDIDATE_UPDATED, requisitionId: null },
      ];
      const eventIds = await fx.events(events);

      await ctx.get(WebhookFanOutJob).run(eventIds);

      const pairs = await fx.deliveredPairs(Object.values(subscriptions));
      const expected = (['all', 'moves', 'ofA'] as const).flatMap((name) =>
        events.flatMap((event, i) =>
          subscriptionWants(filters[name], event) ? [`${subscriptions[name]}:${eventIds[i]}`] : [],
        ),
      );
      expect(pairs.map((p) => `${p.subscriptionId}:${p.eventId}`).sort()).toEqual(expected.sort());
      const count = (id: string) => pairs.filter((p) => p.subscriptionId === id).length;
      expect([subscriptions.all, subscriptions.moves, subscriptions.ofA].map(count)).toEqual([4, 2, 2]);

      // Each delivery waits in the queue, due after the schedule's first delay, unleased, with a job that wakes a
      // claimer then.
      for (const pair of pairs) {
        const row = await fx.deliveryRow(pair.id);
        near(row.nextAttemptAt, Date.now() + 60_000, 15_000);
        expect(row.leaseExpiresAt).toBeNull();
      }
      const jobs = await fx.attemptJobs(pairs.map((p) => p.id));
      expect(jobs.map((job) => job.payload.deliveryId).sort()).toEqual(pairs.map((p) => p.id).sort());
      for (const job of jobs) {
        expect(job).toMatchObject({ task: 'webhooks.deliver', queue: null });
        near(job.runAt, Date.now() + 60_000, 15_000);
      }
    });

    it('run again, even twice at once, it creates nothing twice; a rerun leaves what exists to the queue', async () => {
      const subscription = await fx.subscription({ createdAt: AN_HOUR_AGO });
      const eventIds = await fx.events([{ type: MOVED }, { type: MOVED }]);
      const fanOut = ctx.get(WebhookFanOutJob);
      await Promise.all([fanOut.run(eventIds), fanOut.run(eventIds)]);
      await fanOut.run(eventIds);
      const pairs = await fx.deliveredPairs([subscription]);
      expect(pairs).toHaveLength(2);

      // The worker died mid-fan-out, and the jobs are gone with it (the worst case): the deliveries are still in
      // the queue, so the rerun makes nothing and schedules nothing; the claimer has them once due (and any lease
      // the dead worker held has run out).
      const ids = pairs.map((p) => p.id);
      await cancelAttempts(ctx.dataSource.manager, ids);
      // Its first run was attempting one of them itself (its lease); a claimer holds the other.
      await ctx.sql(
        `UPDATE webhook_delivery SET lease_expires_at = now() + interval '1 minute',
                lease_holder = CASE WHEN id = $1 THEN 'fan-out:7' ELSE 'claimer' END
          WHERE id = ANY($2::uuid[])`,
        [ids[0], ids],
      );
      await fanOut.run(eventIds, undefined, true, '7');
      // The dead run's lease is taken back at once (no waiting for it to run out); the claimer's stays.
      expect((await fx.deliveryRow(ids[0])).leaseExpiresAt).toBeNull();
      expect((await fx.deliveryRow(ids[1])).leaseExpiresAt).not.toBeNull();

      expect(await fx.deliveredPairs([subscription])).toHaveLength(2);
      expect(await fx.attemptJobs(ids)).toEqual([]);
      for (const id of ids)
        expect(await fx.deliveryRow(id)).toMatchObject({ status: 'PENDING', attemptCount: 0 });
    });

    it('the unique constraint backs it up: a second delivery of an event to a subscription is refused', async () => {
      const subscription = await fx.subscription();
      const [eventId] = await fx.events([{ type: MOVED }]);
      await fx.delivery(subscription, eventId);
      await expect(fx.delivery(subscription, eventId)).rejects.toThrow(/webhook_delivery_subscription_event/);
    });

    it('is queued with the events, in their transaction: a rollback leaves neither events nor a fan-out job', async () => {
      const fanOutJobsOf = (eventIds: string[]) =>
        ctx.sql<{ priority: number; payload: { eventIds: string[] } }>(
          `SELECT j.priority, p.payload FROM graphile_worker.jobs j
             JOIN graphile_worker._private_jobs p ON p.id = j.id
            WHERE j.task_identifier = 'webhooks.fan_out' AND p.payload::jsonb -> 'eventIds' ?| $1::text[]`,
          [eventIds],
        );
      let rolledBack: string[] = [];
      await expect(
        inTransaction(ctx.dataSource, async (manager) => {
          const aggregateId = randomUUID();
          await ctx
            .get(EventOutbox)
            .append(manager, [
              { type: MOVED, aggregateType: 'application', aggregateId, sequence: 1, data: {} },
            ]);
          const rows = await manager.query<{ id: string }[]>(`SELECT id FROM event WHERE aggregate_id = $1`, [
            aggregateId,
          ]);
          rolledBack = rows.map((row) => row.id);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      expect(rolledBack).toHaveLength(1);
      expect(await ctx.sql(`SELECT 1 FROM event WHERE id = ANY($1::uuid[])`, [rolledBack])).toEqual([]);
      expect(await fanOutJobsOf(rolledBack)).toEqual([]);

      const committed = await fx.events([{ type: MOVED }, { type: CREATED }], { keepFanOut: true });
      const jobs = await fanOutJobsOf(committed);
      expect(jobs).toHaveLength(1);
      expect(jobs[0].priority).toBe(FAN_OUT_PRIORITY);
      expect(jobs[0].payload.eventIds.sort()).toEqual([...committed].sort());
    });
  });

  describe('the queue: claims, lanes and leases', () => {
    /** n due deliveries, oldest first: each a second older than the next, so "oldest first" is the array's order. */
    const due = async (subscription: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const [eventId] = await fx.events([{ type: MOVED }]);
        ids.push(await fx.delivery(subscription, eventId));
      }
      await ctx.sql(
        `UPDATE webhook_delivery d SET next_attempt_at = now() - interval '1 second' * (100 - o.ordinality)
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ordinality) WHERE d.id = o.id`,
        [ids],
      );
      return ids;
    };

    it('claims due deliveries of the lanes asked for, oldest first, under a lease, loaded in one statement', async () => {
      const [a, b] = [await fx.subscription(), await fx.subscription()];
      const ofA = await due(a, 3);
      const ofB = await due(b, 2);
      const [eventId] = await fx.events([{ type: MOVED }]);
      const settled = await fx.delivery(a, eventId, { status: 'SUCCEEDED', attemptCount: 1 });
      await ctx.sql(`UPDATE webhook_delivery SET next_attempt_at = now() + interval '1 hour' WHERE id = $1`, [
        ofB[1],
      ]);
      const lanes = await ctx.get(WebhookDeliveriesRepository).findDueLanes(4);
      expect(lanes.filter((l) => [a, b].includes(l.subscriptionId)).sort((x, y) => x.due - y.due)).toEqual([
        { subscriptionId: b, due: 1 },
        { subscriptionId: a, due: 3 },
      ]);

      const { result: claimed, statements } = await ctx.statements.measure(() =>
        ctx.get(WebhookDeliveriesRepository).claim(
          [
            { subscriptionId: a, count: 2 },
            { subscriptionId: b, count: 4 },
          ],
          30_000,
        ),
      );
      expect(statements).toBe(1);
      expect(claimed.map((c) => c.delivery.id).sort()).toEqual([...ofA.slice(0, 2), ofB[0]].sort());
      for (const c of claimed) {
        expect(c.event?.type).toBe(MOVED);
        expect(c.subscription.id).toBe(c.delivery.subscriptionId);
        near(c.delivery.leaseExpiresAt, Date.now() + 30_000, 5_000);
      }
      expect((await fx.deliveryRow(settled)).leaseExpiresAt).toBeNull();
      // Under a live lease they are neither due nor claimed again.
      const again = await ctx
        .get(WebhookDeliveriesRepository)
        .claim([{ subscriptionId: a, count: 4 }], 30_000);
      expect(again.map((c) => c.delivery.id)).toEqual([ofA[2]]);
    });

    it('two claimers at once never take the same delivery', async () => {
      const subscription = await fx.subscription();
      const ids = await due(subscription, 8);
      const repository = ctx.get(WebhookDeliveriesRepository);
      const claims = await Promise.all(
        [1, 2, 3].map(() => repository.claim([{ subscriptionId: subscription, count: 4 }], 30_000)),
      );
      // A claim may come back short while another holds rows it skipped; what is left is claimed next time.
      const rest = await repository.claim([{ subscriptionId: subscription, count: 8 }], 30_000);
      const claimed = [...claims, rest].flatMap((c) => c.map((d) => d.delivery.id));
      expect(new Set(claimed).size).toBe(claimed.length);
      expect([...claimed].sort()).toEqual([...ids].sort());
    });

    it('a full lane is skipped: its subscription is not claimed while another one is', async () => {
      const [slow, healthy] = [await fx.subscription(), await fx.subscription()];
      await due(slow, 2);
      const ofHealthy = await due(healthy, 1);
      const gate = ctx.get(WebhookConcurrencyGate);
      const others = (await ctx.get(WebhookDeliveriesRepository).findDueLanes(4))
        .map((l) => l.subscriptionId)
        .filter((id) => id !== slow && id !== healthy);
      // Every lane but the healthy one is full (as if a slow endpoint held all of its slots).
      const held = [slow, ...others].flatMap((id) =>
        Array.from({ length: env.WEBHOOK_SUBSCRIPTION_CONCURRENCY }, () => ({ id, slot: gate.take(id)! })),
      );
      const dispatcher = ctx.get(WebhookDispatcher);
      try {
        expect(await dispatcher.claimOnce()).toBe(1);
      } finally {
        held.forEach(({ id, slot }) => gate.release(id, slot));
      }
      expect((await fx.deliveryRow(ofHealthy[0])).leaseExpiresAt).not.toBeNull();
      const slowRows = await ctx.sql<{ lease: Date | null }>(
        `SELECT lease_expires_at AS lease FROM webhook_delivery WHERE subscription_id = $1`,
        [slow],
      );
      expect(slowRows).toEqual([{ lease: null }, { lease: null }]);
    });

    it('a lease that ran out (its worker died) is claimed again by another worker, and delivered once', async () => {
      const received: string[] = [];
      const server = createServer((req, res) => {
        received.push(String(req.headers['webhook-id']));
        res.writeHead(204).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const subscription = await fx.subscription();
        await ctx.sql(`UPDATE webhook_subscription SET url = $2 WHERE id = $1`, [
          subscription,
          `http://127.0.0.1:${port}/hook`,
        ]);
        const [deliveryId] = await due(subscription, 1);
        // Worker A claims it with a short lease, then dies before sending anything.
        const repository = ctx.get(WebhookDeliveriesRepository);
        expect(
          (await repository.claim([{ subscriptionId: subscription, count: 4 }], 300)).map(
            (c) => c.delivery.id,
          ),
        ).toEqual([deliveryId]);
        // While the lease lives, worker B's claimer leaves it alone.
        const dispatcher = ctx.get(WebhookDispatcher);
        await dispatcher.claimOnce();
        await sleep(200);
        expect(received).toEqual([]);
        expect((await fx.deliveryRow(deliveryId)).status).toBe('PENDING');

        await sleep(300);
        const deadline = Date.now() + 10_000;
        while ((await fx.deliveryRow(deliveryId)).status === 'PENDING' && Date.now() < deadline) {
          await dispatcher.claimOnce();
          await sleep(50);
        }
        expect(await fx.deliveryRow(deliveryId)).toMatchObject({
          status: 'SUCCEEDED',
          attemptCount: 1,
          leaseExpiresAt: null,
        });
        // And never again, however often it claims.
        await dispatcher.claimOnce();
        await sleep(200);
        expect(received).toEqual([`msg_${deliveryId.replace(/-/g, '')}`]);
        expect(await fx.attempts(deliveryId)).toEqual([
          { responseStatus: 204, durationMs: expect.any(Number), error: null },
        ]);
      } finally {
        server.close();
      }
    });

    it('fails a delivery whose subscription was disabled, without sending anything', async () => {
      const subscription = await fx.subscription({ status: 'DISABLED' });
      const [eventId] = await fx.events([{ type: MOVED }]);
      const deliveryId = await fx.delivery(subscription, eventId);
      const [loaded] = await ctx.get(WebhookDeliveriesRepository).findToAttempt([deliveryId]);
      expect(await ctx.get(WebhookAttempter).attempt(loaded)).toBe(false);
      expect(await fx.deliveryRow(deliveryId)).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
      expect(await fx.attempts(deliveryId)).toEqual([]);
    });
  });

  describe('the outcome recorder', () => {
    const response = (status: number | null, extra: Partial<WebhookResponse> = {}): WebhookResponse => ({
      status,
      durationMs: 12,
      error: status !== null && status >= 200 && status < 300 ? null : `answered ${status}`,
      retryAfter: null,
      ...extra,
    });

    async function pending(subscription: { failingSince?: Date | null; attemptCount?: number } = {}) {
      const subscriptionId = await fx.subscription({ failingSince: subscription.failingSince ?? null });
      const [eventId] = await fx.events([{ type: MOVED }]);
      const id = await fx.delivery(subscriptionId, eventId, { attemptCount: subscription.attemptCount });
      return { id, subscriptionId };
    }

    const record = (
      delivery: { id: string; subscriptionId: string },
      answer: WebhookResponse,
      options: { failingSince?: Date | null; interrupted?: boolean; attemptedAt?: Date } = {},
    ) =>
      ctx
        .get(WebhookOutcomeRecorder)
        .record(
          delivery,
          options.failingSince ?? null,
          options.attemptedAt ?? new Date(),
          answer,
          options.interrupted ?? false,
        );

    it('success: one statement logs the attempt, settles the delivery and ends the failure streak', async () => {
      const failingSince = new Date(Date.now() - 3_600_000);
      const delivery = await pending({ failingSince });
      const attemptedAt = new Date(Date.now() - 50);
      const { result, statements } = await ctx.statements.measure(() =>
        record(delivery, response(204), { failingSince, attemptedAt }),
      );
      expect(result).toBe(true);
      expect(statements).toBe(1);
      expect(await fx.attempts(delivery.id)).toEqual([{ responseStatus: 204, durationMs: 12, error: null }]);
      expect(await fx.deliveryRow(delivery.id)).toEqual({
        status: 'SUCCEEDED',
        attemptCount: 1,
        nextAttemptAt: null,
        lastAttemptedAt: attemptedAt,
        leaseExpiresAt: null,
      });
      expect((await fx.subscriptionRow(delivery.subscriptionId)).failingSince).toBeNull();
    });

    it('success of a delivery settled meanwhile (a redelivery, a concurrent attempt) is logged and changes nothing', async () => {
      const subscriptionId = await fx.subscription();
      const [eventId] = await fx.events([{ type: MOVED }]);
      const id = await fx.delivery(subscriptionId, eventId, { status: 'FAILED', attemptCount: 4 });
      await record({ id, subscriptionId }, response(200));
      expect(await fx.attempts(id)).toHaveLength(1);
      expect(await fx.deliveryRow(id)).toMatchObject({ status: 'FAILED', attemptCount: 4 });
    });

    it('failure: logged with its reason, retried on the schedule by its job, and the failure streak starts', async () => {
      const delivery = await pending();
      const attemptedAt = new Date(Date.now() - 20);
      expect(await record(delivery, response(500), { attemptedAt })).toBe(false);
      expect(await fx.attempts(delivery.id)).toEqual([
        { responseStatus: 500, durationMs: 12, error: 'answered 500' },
      ]);
      const row = await fx.deliveryRow(delivery.id);
      expect(row).toMatchObject({ status: 'PENDING', attemptCount: 1, lastAttemptedAt: attemptedAt });
      // The schedule's second entry (5 s) with up to 10 % jitter.
      near(row.nextAttemptAt, Date.now() + 5_000, 1_000);
      const [job] = await fx.attemptJobs([delivery.id]);
      expect(job).toMatchObject({
        runAt: row.nextAttemptAt,
        queue: null,
        payload: { deliveryId: delivery.id },
      });
      expect(await fx.subscriptionRow(delivery.subscriptionId)).toMatchObject({
        status: 'ACTIVE',
        failingSince: attemptedAt,
      });
    });

    it('honours a Retry-After longer than the schedule', async () => {
      const delivery = await pending();
      await record(delivery, response(429, { retryAfter: '120' }));
      near((await fx.deliveryRow(delivery.id)).nextAttemptAt, Date.now() + 120_000, 2_000);
    });

    it('the schedule exhausted: the delivery is FAILED (the dead letter), with no further job', async () => {
      const delivery = await pending({ attemptCount: 3 });
      await record(delivery, response(503));
      expect(await fx.deliveryRow(delivery.id)).toMatchObject({
        status: 'FAILED',
        attemptCount: 4,
        nextAttemptAt: null,
      });
      expect(await fx.attemptJobs([delivery.id])).toEqual([]);
    });

    it('410 Gone: the delivery fails and the subscription is disabled, saying why', async () => {
      const delivery = await pending();
      await record(delivery, response(410));
      expect(await fx.deliveryRow(delivery.id)).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
      expect(await fx.attemptJobs([delivery.id])).toEqual([]);
      const subscription = await fx.subscriptionRow(delivery.subscriptionId);
      expect(subscription).toMatchObject({
        status: 'DISABLED',
        disabledReason: 'The endpoint answered 410 Gone.',
      });
      near(subscription.disabledAt, Date.now(), 10_000);
    });

    it('five days of failures: the subscription is disabled, naming when the failures began', async () => {
      const failingSince = new Date(Date.now() - env.WEBHOOK_DISABLE_AFTER_SECONDS * 1000 - 60_000);
      const delivery = await pending({ failingSince });
      await record(delivery, response(503), { failingSince });
      expect(await fx.subscriptionRow(delivery.subscriptionId)).toMatchObject({
        status: 'DISABLED',
        failingSince,
        disabledReason: `Every delivery attempt has failed since ${failingSince.toISOString()}; last: answered 503`,
      });
      // The delivery keeps its schedule (a later attempt fails without sending while the subscription is disabled).
      expect(await fx.deliveryRow(delivery.id)).toMatchObject({ status: 'PENDING', attemptCount: 1 });
    });

    it('interrupted by shutdown: logged, not counted, and due again at once', async () => {
      const delivery = await pending();
      await record(delivery, response(null, { error: 'interrupted: the worker shut down' }), {
        interrupted: true,
      });
      expect(await fx.attempts(delivery.id)).toEqual([
        { responseStatus: null, durationMs: 12, error: 'interrupted: the worker shut down' },
      ]);
      const row = await fx.deliveryRow(delivery.id);
      expect(row).toMatchObject({ status: 'PENDING', attemptCount: 0 });
      near(row.nextAttemptAt, Date.now(), 10_000);
      const [job] = await fx.attemptJobs([delivery.id]);
      expect(job.runAt).toEqual(row.nextAttemptAt);
      expect((await fx.subscriptionRow(delivery.subscriptionId)).failingSince).toBeNull();
    });

    it('an outcome whose subscription was deleted meanwhile is not logged, and is no error', async () => {
      const delivery = await pending();
      await ctx.sql(`DELETE FROM webhook_subscription WHERE id = $1`, [delivery.subscriptionId]);
      await expect(record(delivery, response(500))).resolves.toBe(false);
      await expect(record(delivery, response(204))).resolves.toBe(true);
      expect(await fx.attempts(delivery.id)).toEqual([]);
    });

    it('a success recorded while its subscription is being deleted logs nothing and does not fail', async () => {
      const delivery = await pending();
      // The deletion has begun (its transaction holds the delivery row) when the attempt's success is recorded.
      const deletion = ctx.dataSource.createQueryRunner();
      await deletion.connect();
      try {
        await deletion.startTransaction();
        await deletion.query(`DELETE FROM webhook_subscription WHERE id = $1`, [delivery.subscriptionId]);
        const recording = record(delivery, response(200), { failingSince: new Date() });
        await sleep(300);
        await deletion.commitTransaction();
        await expect(recording).resolves.toBe(true);
      } finally {
        await deletion.release();
      }
      expect(await fx.attempts(delivery.id)).toEqual([]);
    });
  });

  describe('retention', () => {
    it('deletes finished deliveries past the retention period with their attempts, in batches; keeps pending and recent ones', async () => {
      const subscription = await fx.subscription();
      const eventIds = await fx.events(Array.from({ length: 6 }, () => ({ type: MOVED })));
      const days = env.WEBHOOK_DELIVERY_RETENTION_DAYS;
      const ago = (n: number) => `now() - interval '${n} days'`;
      const old = [
        await fx.delivery(subscription, eventIds[0], { status: 'SUCCEEDED', updatedAt: ago(days + 1) }),
        await fx.delivery(subscription, eventIds[1], { status: 'SUCCEEDED', updatedAt: ago(days + 2) }),
        await fx.delivery(subscription, eventIds[2], { status: 'FAILED', updatedAt: ago(days + 9) }),
      ];
      // Still to be attempted, however long ago it last changed.
      const oldPending = await fx.delivery(subscription, eventIds[3], { updatedAt: ago(days * 3) });
      const recent = await fx.delivery(subscription, eventIds[4], {
        status: 'SUCCEEDED',
        updatedAt: ago(days - 1),
      });
      for (const id of [old[0], recent]) {
        await ctx.sql(
          `INSERT INTO webhook_attempt (delivery_id, attempted_at, response_status, duration_ms) VALUES ($1, now(), 204, 5)`,
          [id],
        );
      }

      const { result, statements } = await ctx.statements.measure(() =>
        ctx.get(WebhookRetentionJob).prune(2),
      );

      expect(result).toBeGreaterThanOrEqual(old.length);
      // Batches of two: three old deliveries take at least two statements (and one that finds fewer than two).
      expect(statements).toBeGreaterThanOrEqual(2);
      const left = await fx.deliveredPairs([subscription]);
      expect(left.map((d) => d.id).sort()).toEqual([oldPending, recent].sort());
      expect(await fx.attempts(old[0])).toEqual([]);
      expect(await fx.attempts(recent)).toHaveLength(1);
      // The events stay: the feed and replays still reach them.
      expect(await ctx.sql(`SELECT 1 FROM event WHERE id = ANY($1::uuid[])`, [eventIds])).toHaveLength(6);
    });

    it('skips a delivery another transaction holds (a redelivery under way), and takes it next time', async () => {
      const subscription = await fx.subscription();
      const [eventId] = await fx.events([{ type: MOVED }]);
      const days = env.WEBHOOK_DELIVERY_RETENTION_DAYS;
      const held = await fx.delivery(subscription, eventId, {
        status: 'FAILED',
        updatedAt: `now() - interval '${days + 1} days'`,
      });
      const redelivery = ctx.dataSource.createQueryRunner();
      await redelivery.connect();
      try {
        await redelivery.startTransaction();
        await redelivery.query(`SELECT 1 FROM webhook_delivery WHERE id = $1 FOR UPDATE`, [held]);
        await ctx.get(WebhookRetentionJob).prune();
        expect(await fx.deliveredPairs([subscription])).toHaveLength(1);
        await redelivery.commitTransaction();
      } finally {
        await redelivery.release();
      }
      await ctx.get(WebhookRetentionJob).prune();
      expect(await fx.deliveredPairs([subscription])).toEqual([]);
    });
  });
});
