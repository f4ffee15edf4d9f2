import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../src/common/errors/domain-error';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { EventType } from '../../../src/events/event-types';
import { WebhookDeliveriesRepository } from '../../../src/webhooks/webhook-deliveries.repository';
import { WebhookDeliveriesService } from '../../../src/webhooks/webhook-deliveries.service';
import { WebhookSubscriptionsService } from '../../../src/webhooks/webhook-subscriptions.service';
import { WebhooksModule } from '../../../src/webhooks/webhooks.module';
import { createServiceContext, ServiceContext } from '../../support/service-context';
import { WEBHOOK_MEDIUM_ENV, WebhookFixtures } from './webhook-fixtures';

const { APPLICATION_STAGE_CHANGED: MOVED, APPLICATION_CREATED: CREATED } = EventType;

/**
 * The administrator's use cases on the real database, as transports call them (database ids; an id that names
 * nothing is the nil uuid): refusals with domain paths that write nothing, versions, the audit log, and the SQL of
 * replay and redelivery. The transports' shapes are in test/e2e/webhooks*.e2e-spec.ts.
 */
describe('webhook administration (services)', () => {
  let ctx: ServiceContext;
  let fx: WebhookFixtures;
  let subscriptions: WebhookSubscriptionsService;
  let deliveries: WebhookDeliveriesService;
  const system = { kind: 'system' } as const;
  // This file's subscriptions carry the marker in their description.
  const marker = `medium-${randomUUID()}`;

  beforeAll(async () => {
    ctx = await createServiceContext([WebhooksModule], WEBHOOK_MEDIUM_ENV);
    fx = new WebhookFixtures(ctx);
    subscriptions = ctx.get(WebhookSubscriptionsService);
    deliveries = ctx.get(WebhookDeliveriesService);
  });
  afterAll(async () => {
    await ctx.sql(`DELETE FROM webhook_subscription WHERE description = $1`, [marker]);
    await fx.cleanUp();
    await ctx.close();
  });

  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).errors;
  };
  const refused = (code: UserErrorCode, field: string[]) => [expect.objectContaining({ code, field })];
  const mine = () =>
    ctx.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_subscription WHERE description = $1`, [
      marker,
    ]);
  const auditOf = (id: string) =>
    ctx.sql<{ action: string; actor: string; changes: Record<string, unknown> }>(
      `SELECT action, actor, changes FROM audit_entry WHERE $1 = ANY(subject_ids) ORDER BY occurred_at, id`,
      [id],
    );
  const create = (overrides: Record<string, unknown> = {}) =>
    ctx.as(system, () =>
      subscriptions.create({
        url: ' https://1.1.1.1/hooks ',
        eventTypes: [MOVED],
        description: marker,
        ...overrides,
      }),
    );

  describe('subscriptions', () => {
    it('creates one as given, normalised, with a fresh secret and its audit entry (never the secret)', async () => {
      const { subscription, secret } = await create({
        eventTypes: [` ${MOVED}`, CREATED, MOVED],
        description: `  ${marker} `,
      });
      expect(subscription).toMatchObject({
        url: 'https://1.1.1.1/hooks',
        eventTypes: [MOVED, CREATED],
        requisitionIds: [],
        description: marker,
        status: 'ACTIVE',
        version: 1,
        createdBy: 'system',
      });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(subscription.secret).toBe(secret);
      const audit = await auditOf(subscription.id);
      expect(audit).toEqual([
        expect.objectContaining({ action: 'createWebhookSubscription', actor: 'system' }),
      ]);
      expect(JSON.stringify(audit)).not.toContain(secret.slice('whsec_'.length));
      // "*" with other types is just "*".
      expect((await create({ eventTypes: [MOVED, '*'] })).subscription.eventTypes).toEqual(['*']);
    });

    it.each([
      [
        'an unknown event type',
        { eventTypes: ['application.teleported'] },
        UserErrorCode.INVALID_INPUT,
        ['eventTypes'],
      ],
      [
        'a private address',
        { url: 'https://10.0.0.1/hooks' },
        UserErrorCode.WEBHOOK_URL_NOT_ALLOWED,
        ['url'],
      ],
      [
        'a URL with credentials',
        { url: 'https://user:pw@1.1.1.1/x' },
        UserErrorCode.WEBHOOK_URL_NOT_ALLOWED,
        ['url'],
      ],
      [
        'a requisition that does not exist (or an id that names none)',
        { requisitionIds: [NIL_UUID] },
        UserErrorCode.NOT_FOUND,
        ['requisitionIds', '0'],
      ],
    ])('refuses %s on its domain path, writing nothing', async (_name, overrides, code, field) => {
      const before = await mine();
      expect(await refusal(create(overrides))).toEqual(refused(code, field));
      expect(await mine()).toEqual(before);
    });

    it('updates under a version check: stale is refused on expectedVersion; nothing to change writes nothing', async () => {
      const { subscription } = await create();
      const id = subscription.id;
      expect(
        await refusal(
          ctx.as(system, () => subscriptions.update({ id, expectedVersion: 2, description: 'x' })),
        ),
      ).toEqual(refused(UserErrorCode.STALE_VERSION, ['expectedVersion']));

      const same = await ctx.as(system, () =>
        subscriptions.update({ id, expectedVersion: 1, eventTypes: [MOVED], description: ` ${marker}` }),
      );
      expect(same.version).toBe(1);
      expect((await auditOf(id)).map((a) => a.action)).toEqual(['createWebhookSubscription']);

      const changed = await ctx.as(system, () =>
        subscriptions.update({ id, expectedVersion: 1, url: 'https://1.0.0.1/new', eventTypes: ['*'] }),
      );
      expect(changed).toMatchObject({
        version: 2,
        url: 'https://1.0.0.1/new',
        eventTypes: ['*'],
        description: marker,
      });
      expect((await auditOf(id))[1]).toMatchObject({
        action: 'updateWebhookSubscription',
        changes: {
          url: { before: 'https://1.1.1.1/hooks', after: 'https://1.0.0.1/new' },
          eventTypes: { before: [MOVED], after: ['*'] },
        },
      });
    });

    it.each<[string, () => Promise<unknown>]>([
      ['update', () => subscriptions.update({ id: NIL_UUID, description: 'x' })],
      ['delete', () => subscriptions.delete(NIL_UUID)],
      ['enable', () => subscriptions.enable(NIL_UUID)],
      ['rotateSecret', () => subscriptions.rotateSecret(NIL_UUID)],
      ['ping', () => deliveries.ping(NIL_UUID)],
    ])('%s of a subscription that does not exist is NOT_FOUND on the id', async (_name, work) => {
      expect(await refusal(ctx.as(system, work))).toEqual(refused(UserErrorCode.NOT_FOUND, ['id']));
    });

    it('deletes with the delivery log; the audit keeps the record', async () => {
      const { subscription } = await create();
      const [eventId] = await fx.events([{ type: MOVED }]);
      const deliveryId = await fx.delivery(subscription.id, eventId, { status: 'SUCCEEDED' });
      await ctx.sql(
        `INSERT INTO webhook_attempt (delivery_id, attempted_at, response_status, duration_ms) VALUES ($1, now(), 204, 5)`,
        [deliveryId],
      );
      await ctx.as(system, () => subscriptions.delete(subscription.id));
      expect(await fx.deliveredPairs([subscription.id])).toEqual([]);
      expect(await fx.attempts(deliveryId)).toEqual([]);
      expect((await auditOf(subscription.id)).map((a) => a.action)).toEqual([
        'createWebhookSubscription',
        'deleteWebhookSubscription',
      ]);
    });

    it('enables a disabled subscription, ending its failure streak; an active one is left as it is', async () => {
      const id = await fx.subscription({
        status: 'DISABLED',
        failingSince: new Date(Date.now() - 86_400_000),
      });
      const enabled = await ctx.as(system, () => subscriptions.enable(id));
      expect(enabled).toMatchObject({
        status: 'ACTIVE',
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
      });
      expect(enabled.version).toBe(2);
      expect((await ctx.as(system, () => subscriptions.enable(id))).version).toBe(2);
    });

    it('rotates the secret, keeping the previous one for the overlap; the audit shows neither', async () => {
      const { subscription, secret: before } = await create();
      const { subscription: rotated, secret } = await ctx.as(system, () =>
        subscriptions.rotateSecret(subscription.id),
      );
      expect(secret).not.toBe(before);
      expect(rotated).toMatchObject({ secret, previousSecret: before, version: 2 });
      const overlapMs = rotated.previousSecretExpiresAt!.getTime() - Date.now();
      expect(overlapMs).toBeGreaterThan(86_400_000 - 60_000);
      expect(overlapMs).toBeLessThanOrEqual(86_400_000);
      const audit = JSON.stringify(await auditOf(subscription.id));
      for (const value of [before, secret]) expect(audit).not.toContain(value.slice('whsec_'.length));
    });
  });

  describe('replay', () => {
    it("queues the subscription's events of [since, until): new deliveries, finished ones again, pending ones left", async () => {
      const requisitionId = randomUUID();
      const subscription = await fx.subscription({ eventTypes: [MOVED], requisitionIds: [requisitionId] });
      const [before, delivered, failed, pendingOne, never, otherType, otherRequisition, after] =
        await fx.events([
          { type: MOVED, requisitionId },
          { type: MOVED, requisitionId },
          { type: MOVED, requisitionId },
          { type: MOVED, requisitionId },
          { type: MOVED, requisitionId },
          { type: CREATED, requisitionId },
          { type: MOVED, requisitionId: randomUUID() },
          { type: MOVED, requisitionId },
        ]);
      const since = new Date(Date.now() - 3_600_000);
      const until = new Date(Date.now() - 60_000);
      const at = (eventId: string, time: Date) =>
        ctx.sql(`UPDATE event SET occurred_at = $2 WHERE id = $1`, [eventId, time]);
      await at(before, new Date(since.getTime() - 1));
      for (const id of [delivered, failed, pendingOne, never, otherType, otherRequisition]) {
        await at(id, new Date(since.getTime() + 1_000));
      }
      // Exactly `until` is outside the window.
      await at(after, until);
      const deliveredId = await fx.delivery(subscription, delivered, {
        status: 'SUCCEEDED',
        attemptCount: 1,
      });
      const failedId = await fx.delivery(subscription, failed, { status: 'FAILED', attemptCount: 4 });
      const pendingId = await fx.delivery(subscription, pendingOne, { attemptCount: 2 });

      const queued = await ctx.as(system, () =>
        deliveries.replay({ subscriptionId: subscription, since, until }),
      );

      expect(queued).toBe(3);
      const pairs = await fx.deliveredPairs([subscription]);
      expect(pairs.map((p) => p.eventId).sort()).toEqual([delivered, failed, pendingOne, never].sort());
      const neverId = pairs.find((p) => p.eventId === never)!.id;
      // Delivered and failed ones keep their delivery (and so their webhook-id); the count is left for the log.
      expect(await fx.deliveryRow(deliveredId)).toMatchObject({ status: 'PENDING', attemptCount: 1 });
      expect(await fx.deliveryRow(failedId)).toMatchObject({ status: 'PENDING', attemptCount: 4 });
      expect(await fx.deliveryRow(pendingId)).toMatchObject({ status: 'PENDING', attemptCount: 2 });
      const jobs = await fx.attemptJobs([deliveredId, failedId, neverId, pendingId]);
      expect(jobs.map((job) => job.payload.deliveryId).sort()).toEqual(
        [deliveredId, failedId, neverId].sort(),
      );
      expect((await auditOf(subscription))[0]).toMatchObject({
        action: 'replayWebhookEvents',
        changes: { queued: { before: null, after: 3 } },
      });
    });

    it('takes at most the limit, oldest first', async () => {
      const requisitionId = randomUUID();
      const subscription = await fx.subscription({ requisitionIds: [requisitionId] });
      const events = await fx.events([1, 2, 3].map(() => ({ type: MOVED, requisitionId })));
      const base = Date.now() - 600_000;
      for (const [i, id] of events.entries()) {
        await ctx.sql(`UPDATE event SET occurred_at = $2 WHERE id = $1`, [id, new Date(base - i * 1_000)]);
      }
      const ids = await ctx.dataSource.transaction((manager) =>
        ctx
          .get(WebhookDeliveriesRepository)
          .queueReplay(
            manager,
            { id: subscription, eventTypes: ['*'], requisitionIds: [requisitionId] },
            new Date(base - 3_600_000),
            new Date(),
            2,
          ),
      );
      expect(ids).toHaveLength(2);
      const pairs = await fx.deliveredPairs([subscription]);
      // The two oldest: the last two written.
      expect(pairs.map((p) => p.eventId).sort()).toEqual([events[1], events[2]].sort());
    });

    it('refuses an empty window on until, a disabled subscription and one that does not exist on its id', async () => {
      const since = new Date();
      const active = await fx.subscription();
      expect(await refusal(deliveries.replay({ subscriptionId: active, since, until: since }))).toEqual(
        refused(UserErrorCode.INVALID_INPUT, ['until']),
      );
      const disabled = await fx.subscription({ status: 'DISABLED' });
      expect(await refusal(deliveries.replay({ subscriptionId: disabled, since: new Date(0) }))).toEqual(
        refused(UserErrorCode.WEBHOOK_SUBSCRIPTION_DISABLED, ['subscriptionId']),
      );
      expect(await refusal(deliveries.replay({ subscriptionId: NIL_UUID, since: new Date(0) }))).toEqual(
        refused(UserErrorCode.NOT_FOUND, ['subscriptionId']),
      );
    });
  });

  describe('redelivery', () => {
    it('sets a dead letter pending again with a fresh schedule, its job due now, and audits it', async () => {
      const subscription = await fx.subscription();
      const [eventId] = await fx.events([{ type: MOVED }]);
      const id = await fx.delivery(subscription, eventId, { status: 'FAILED', attemptCount: 4 });
      const returned = await ctx.as(system, () => deliveries.redeliver(id));
      expect(returned).toMatchObject({ id, status: 'PENDING', attemptCount: 0 });
      const row = await fx.deliveryRow(id);
      expect(row).toMatchObject({ status: 'PENDING', attemptCount: 0 });
      const [job] = await fx.attemptJobs([id]);
      expect(job).toMatchObject({
        runAt: row.nextAttemptAt,
        queue: null,
        payload: { deliveryId: id },
      });
      expect(Math.abs(job.runAt.getTime() - Date.now())).toBeLessThan(10_000);
      expect((await auditOf(id))[0]).toMatchObject({
        action: 'redeliverWebhookDelivery',
        changes: { status: { before: 'FAILED', after: 'PENDING' } },
      });
    });

    it('refuses pings, deliveries of disabled subscriptions and unknown deliveries on deliveryId', async () => {
      const active = await fx.subscription();
      const ping = await fx.delivery(active, null, { status: 'SUCCEEDED' });
      expect(await refusal(deliveries.redeliver(ping))).toEqual(
        refused(UserErrorCode.INVALID_INPUT, ['deliveryId']),
      );
      const disabled = await fx.subscription({ status: 'DISABLED' });
      const [eventId] = await fx.events([{ type: MOVED }]);
      const ofDisabled = await fx.delivery(disabled, eventId, { status: 'FAILED' });
      expect(await refusal(deliveries.redeliver(ofDisabled))).toEqual(
        refused(UserErrorCode.WEBHOOK_SUBSCRIPTION_DISABLED, ['deliveryId']),
      );
      expect(await fx.deliveryRow(ofDisabled)).toMatchObject({ status: 'FAILED' });
      expect(await refusal(deliveries.redeliver(NIL_UUID))).toEqual(
        refused(UserErrorCode.NOT_FOUND, ['deliveryId']),
      );
      expect(await fx.attemptJobs([ping, ofDisabled])).toEqual([]);
    });
  });
});
