import { Response } from 'supertest';
import { Environment } from '../../src/config/environment';
import {
  createApplication,
  createCandidate,
  createRequisition,
  makeGlobalId,
  moveApplication,
} from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { deleteAllSubscriptions, drainJobQueue, sleep, waitUntil } from '../support/wait';
import { WEBHOOK_TEST_ENV, WebhookReceiver } from '../support/webhook-receiver';

/**
 * The REST mirror of webhook subscriptions (under /v1) and the event feed (GET /v1/events), through the real
 * HTTP stack, with a real receiver that verifies every delivery with the independent `standardwebhooks` package.
 */

const PROBLEM = /^application\/problem\+json/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

interface Subscription {
  id: string;
  url: string;
  eventTypes: string[];
  requisitionIds: string[];
  description: string | null;
  status: string;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface FeedEvent {
  id: string;
  type: string;
  occurredAt: string;
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  data: Record<string, any>;
  actor: string | null;
}

interface FeedPage {
  data: FeedEvent[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('Webhooks and the event feed over REST', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let env: Environment;

  beforeAll(async () => {
    t = await createTestApp({ ...WEBHOOK_TEST_ENV, WEBHOOK_SECRET_OVERLAP_SECONDS: '60' });
    env = t.app.get(Environment);
    receiver = await WebhookReceiver.start();
    await drainJobQueue((query) => t.sql(query));
  }, 200_000);

  afterAll(async () => {
    // Their pending deliveries end at once, so later test files' workers do not inherit this file's work.
    await deleteAllSubscriptions((query) => t.sql(query));
    await t.close();
    await receiver.stop();
  });

  const as = (credential: string | null) => {
    const withAuth = (call: ReturnType<TestApp['http']['get']>) =>
      credential ? call.set('authorization', `Bearer ${credential}`) : call;
    return {
      get: (path: string) => withAuth(t.http.get(path)),
      post: (path: string) => withAuth(t.http.post(path)),
      patch: (path: string) => withAuth(t.http.patch(path)),
      delete: (path: string) => withAuth(t.http.delete(path)),
    };
  };
  const admin = () => as(t.adminToken);

  function expectProblem(response: Response, status: number, code?: string): void {
    expect({ status: response.status, type: response.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(PROBLEM),
    });
    expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    if (code) expect(response.body.code).toBe(code);
    expect(response.text).not.toMatch(/\bat [\w$.<>]+ \(?[^\s()]+\.(?:ts|js):\d+:\d+/);
  }

  async function subscribe(
    path: string,
    extra: Record<string, unknown> = {},
    credential: string = t.adminToken,
  ): Promise<{ subscription: Subscription; secret: string; response: Response }> {
    const response = await as(credential)
      .post('/v1/webhook-subscriptions')
      .send({ url: receiver.url(path), eventTypes: ['application.stage_changed'], ...extra });
    expect(response.status).toBe(201);
    receiver.secrets.push(response.body.secret);
    return { subscription: response.body.subscription, secret: response.body.secret, response };
  }

  async function pipeline() {
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    return { requisition, candidate, application };
  }

  async function deliveries(subscriptionId: string, query = ''): Promise<Response> {
    return admin().get(`/v1/webhook-subscriptions/${subscriptionId}/deliveries${query}`);
  }

  async function subscriptionCount(): Promise<number> {
    const [row] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM webhook_subscription');
    return row.n;
  }

  async function apiKey(scopes: string[]): Promise<string> {
    const data = await t.ok<{ createApiKey: { secret: string } }>(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } userErrors { code } } }`,
      { input: { name: `webhooks-rest ${scopes.join(' ')} ${Date.now()}`, scopes } },
    );
    expect(data.createApiKey.secret).toMatch(/^rqs_/);
    return data.createApiKey.secret;
  }

  describe('subscriptions', () => {
    it('creates a subscription: 201 with the secret shown once, never inside the subscription', async () => {
      const before = await subscriptionCount();
      const { subscription, secret, response } = await subscribe('/create', {
        description: '  Created over REST  ',
        eventTypes: ['application.stage_changed', 'application.created', 'application.stage_changed'],
      });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(response.body).sort()).toEqual(['secret', 'subscription']);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
      expect(response.text.split(secret)).toHaveLength(2); // exactly once
      expect(response.text.split(secret.slice('whsec_'.length))).toHaveLength(2);
      const json = JSON.stringify(subscription);
      expect(json).not.toContain(secret.slice('whsec_'.length));
      expect(json).not.toMatch(/secret"/i);
      expect(subscription).toEqual({
        id: expect.any(String),
        url: receiver.url('/create'),
        eventTypes: ['application.stage_changed', 'application.created'],
        requisitionIds: [],
        description: 'Created over REST',
        status: 'ACTIVE',
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
        previousSecretExpiresAt: null,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await subscriptionCount()).toBe(before + 1);

      // The same subscription through GraphQL, by the id REST gave.
      const viaGraphql = await t.ok<{ webhookSubscription: { url: string; version: number } }>(
        `query($id: ID!) { webhookSubscription(id: $id) { url version } }`,
        { id: subscription.id },
      );
      expect(viaGraphql.webhookSubscription).toEqual({ url: receiver.url('/create'), version: 1 });
    });

    it('reads one subscription, and answers 404 problems for unknown or malformed ids', async () => {
      const { subscription, secret } = await subscribe('/get-one');
      const response = await admin().get(`/v1/webhook-subscriptions/${subscription.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(subscription);
      expect(response.text).not.toContain(secret.slice('whsec_'.length));

      for (const id of [
        makeGlobalId('WebhookSubscription', MISSING_ID),
        makeGlobalId('Requisition', MISSING_ID),
        'not-an-id',
      ]) {
        const missing = await admin().get(`/v1/webhook-subscriptions/${id}`);
        expectProblem(missing, 404, 'NOT_FOUND');
      }
    });

    it('lists subscriptions newest first, paging with first and after, without secrets', async () => {
      const created: Subscription[] = [];
      const secrets: string[] = [];
      for (const path of ['/list-1', '/list-2', '/list-3']) {
        const { subscription, secret } = await subscribe(path);
        created.push(subscription);
        secrets.push(secret);
      }
      const all = await admin().get('/v1/webhook-subscriptions?first=100');
      expect(all.status).toBe(200);
      expect(all.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      const ids = (all.body.data as Subscription[]).map((s) => s.id);
      expect(ids).toHaveLength(await subscriptionCount());
      // Newest first: the three just created lead, the last one first.
      expect(ids.slice(0, 3)).toEqual(created.map((s) => s.id).reverse());
      for (const secret of secrets) expect(all.text).not.toContain(secret.slice('whsec_'.length));

      // Page by two through the whole list.
      const paged: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const query: string = after ? `?first=2&after=${encodeURIComponent(after)}` : '?first=2';
        const page = await admin().get(`/v1/webhook-subscriptions${query}`);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        paged.push(...(page.body.data as Subscription[]).map((s) => s.id));
        after = page.body.pageInfo.hasNextPage ? page.body.pageInfo.endCursor : null;
        if (page.body.pageInfo.hasNextPage) expect(page.body.data).toHaveLength(2);
        pages++;
      } while (after && pages < 50);
      expect(paged).toEqual(ids);
      expect(pages).toBe(Math.ceil(ids.length / 2));

      const first = await admin().get('/v1/webhook-subscriptions?first=1');
      expect(first.body.data.map((s: Subscription) => s.id)).toEqual([ids[0]]);
      expect(first.body.pageInfo.hasNextPage).toBe(true);
    });

    it.each([
      ['?first=0'],
      ['?first=-1'],
      ['?first=abc'],
      ['?first=1.5'],
      ['?first=100000'],
      ['?after=not-a-cursor'],
      ['?bogus=1'],
    ])('refuses the list query %s with a 400 problem', async (query) => {
      expectProblem(await admin().get(`/v1/webhook-subscriptions${query}`), 400);
    });

    it('updates with expectedVersion; a stale version is a 409 STALE_VERSION problem that changes nothing', async () => {
      const { requisition } = await pipeline();
      const { subscription } = await subscribe('/patch');
      const updated = await admin()
        .patch(`/v1/webhook-subscriptions/${subscription.id}`)
        .send({
          expectedVersion: 1,
          description: 'Only the one requisition',
          requisitionIds: [requisition.id],
          eventTypes: ['*'],
        });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        id: subscription.id,
        version: 2,
        description: 'Only the one requisition',
        requisitionIds: [requisition.id],
        eventTypes: ['*'],
        url: receiver.url('/patch'),
      });

      const stale = await admin()
        .patch(`/v1/webhook-subscriptions/${subscription.id}`)
        .send({ expectedVersion: 1, description: 'Overwritten?' });
      expectProblem(stale, 409, 'STALE_VERSION');
      expect(stale.body.errors).toEqual([
        expect.objectContaining({
          code: 'STALE_VERSION',
          field: ['expectedVersion'],
          pointer: '#/expectedVersion',
        }),
      ]);
      const after = await admin().get(`/v1/webhook-subscriptions/${subscription.id}`);
      expect(after.body).toMatchObject({ version: 2, description: 'Only the one requisition' });

      // Without expectedVersion the change applies; requisitionIds [] widens to every requisition again.
      const widened = await admin()
        .patch(`/v1/webhook-subscriptions/${subscription.id}`)
        .send({ requisitionIds: [] });
      expect(widened.status).toBe(200);
      expect(widened.body).toMatchObject({ version: 3, requisitionIds: [] });

      const missing = await admin()
        .patch(`/v1/webhook-subscriptions/${makeGlobalId('WebhookSubscription', MISSING_ID)}`)
        .send({ description: 'x' });
      expectProblem(missing, 404, 'NOT_FOUND');
    });

    it('pings: 200 with the delivery and the attempt, received and verified', async () => {
      const { subscription, secret } = await subscribe('/ping');
      const response = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/ping`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        delivery: {
          id: expect.any(String),
          webhookId: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
          eventType: 'webhook.ping',
          status: 'SUCCEEDED',
          nextAttemptAt: null,
          createdAt: expect.any(String),
        },
        attempt: {
          attemptedAt: expect.any(String),
          responseStatus: 204,
          durationMs: expect.any(Number),
          error: null,
        },
      });
      const got = receiver.for('/ping');
      expect(got).toHaveLength(1);
      expect(got[0].webhookId).toBe(response.body.delivery.webhookId);
      expect(got[0].verifiedBy).toEqual([receiver.secrets.indexOf(secret)]);
      expect(got[0].payload).toMatchObject({
        type: 'webhook.ping',
        data: { subscriptionId: subscription.id },
      });

      const failing = await subscribe('/ping-500');
      receiver.respond((r) => (r.path === '/ping-500' ? { status: 500 } : { status: 204 }));
      try {
        const refused = await admin().post(`/v1/webhook-subscriptions/${failing.subscription.id}/ping`);
        expect(refused.status).toBe(200);
        expect(refused.body.attempt).toMatchObject({ responseStatus: 500, error: 'answered 500' });
        expect(refused.body.delivery.status).not.toBe('SUCCEEDED');
      } finally {
        receiver.respond(() => ({ status: 204 }));
      }

      const missing = await admin().post(
        `/v1/webhook-subscriptions/${makeGlobalId('WebhookSubscription', MISSING_ID)}/ping`,
      );
      expectProblem(missing, 404, 'NOT_FOUND');
    });

    it('rotates the secret: the new one is shown once, and both sign during the overlap', async () => {
      const { subscription, secret: oldSecret } = await subscribe('/rotate');
      const response = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/rotate-secret`);
      expect(response.status).toBe(200);
      const newSecret: string = response.body.secret;
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(oldSecret);
      expect(response.text.split(newSecret)).toHaveLength(2);
      expect(response.text).not.toContain(oldSecret.slice('whsec_'.length));
      expect(response.body.subscription.id).toBe(subscription.id);
      const expiresAt = Date.parse(response.body.subscription.previousSecretExpiresAt);
      expect(expiresAt - Date.now()).toBeGreaterThan(50_000);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
      receiver.secrets.push(newSecret);

      const ping = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/ping`);
      expect(ping.body.attempt.responseStatus).toBe(204);
      const [got] = receiver.for('/rotate');
      expect(got.signature.split(' ')).toHaveLength(2);
      expect(got.verifiedBy.sort()).toEqual(
        [receiver.secrets.indexOf(oldSecret), receiver.secrets.indexOf(newSecret)].sort(),
      );
    });

    it('deletes: 204, then the subscription and its deliveries are gone (404)', async () => {
      const { subscription } = await subscribe('/delete');
      const ping = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/ping`);
      expect(ping.status).toBe(200);
      const before = await subscriptionCount();
      const response = await admin().delete(`/v1/webhook-subscriptions/${subscription.id}`);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(await subscriptionCount()).toBe(before - 1);
      expectProblem(await admin().get(`/v1/webhook-subscriptions/${subscription.id}`), 404, 'NOT_FOUND');
      expectProblem(await deliveries(subscription.id), 404, 'NOT_FOUND');
      expectProblem(await admin().delete(`/v1/webhook-subscriptions/${subscription.id}`), 404, 'NOT_FOUND');
      const redeliver = await admin().post(`/v1/webhook-deliveries/${ping.body.delivery.id}/redeliver`);
      expectProblem(redeliver, 404, 'NOT_FOUND');
    });
  });

  describe('deliveries, redelivery and replay', () => {
    afterEach(() => receiver.respond(() => ({ status: 204 })));

    it('lists deliveries with their attempts, filters by status, pages, and redelivers a dead letter', async () => {
      const { requisition, application } = await pipeline();
      const { subscription } = await subscribe('/deliveries', { requisitionIds: [requisition.id] });

      await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
      await receiver.waitFor(() => receiver.for('/deliveries').length === 1);
      const succeededWebhookId = receiver.for('/deliveries')[0].webhookId;

      receiver.respond((r) => (r.path === '/deliveries' ? { status: 500 } : { status: 204 }));
      await moveApplication(t, { id: application.id, stageId: requisition.stages[2].id });
      // Three attempts (the schedule has three entries), then the dead letter.
      await waitUntil(
        async () => (await deliveries(subscription.id, '?status=FAILED')).body.data?.length === 1,
      );
      expect(receiver.for('/deliveries')).toHaveLength(4);

      const all = await deliveries(subscription.id);
      expect(all.status).toBe(200);
      expect(all.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      const [failed, succeeded] = all.body.data;
      expect(all.body.data).toHaveLength(2);
      expect(succeeded).toMatchObject({
        webhookId: succeededWebhookId,
        eventType: 'application.stage_changed',
        status: 'SUCCEEDED',
        nextAttemptAt: null,
        eventId: receiver.for('/deliveries')[0].payload.data.eventId,
        attempts: [
          {
            attemptedAt: expect.any(String),
            responseStatus: 204,
            durationMs: expect.any(Number),
            error: null,
          },
        ],
      });
      expect(failed).toMatchObject({
        eventType: 'application.stage_changed',
        status: 'FAILED',
        nextAttemptAt: null,
        eventId: receiver.for('/deliveries')[1].payload.data.eventId,
      });
      expect(failed.webhookId).not.toBe(succeededWebhookId);
      expect(failed.attempts.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([
        500, 500, 500,
      ]);
      expect(failed.attempts[0].error).toBe('answered 500');
      expect(
        new Set(
          receiver
            .for('/deliveries')
            .slice(1)
            .map((r) => r.webhookId),
        ),
      ).toEqual(new Set([failed.webhookId]));

      const onlyFailed = await deliveries(subscription.id, '?status=FAILED');
      expect(onlyFailed.body.data.map((d: { id: string }) => d.id)).toEqual([failed.id]);
      const onlySucceeded = await deliveries(subscription.id, '?status=SUCCEEDED');
      expect(onlySucceeded.body.data.map((d: { id: string }) => d.id)).toEqual([succeeded.id]);
      const nonePending = await deliveries(subscription.id, '?status=PENDING');
      expect(nonePending.body.data).toEqual([]);

      const page1 = await deliveries(subscription.id, '?first=1');
      expect(page1.body.data.map((d: { id: string }) => d.id)).toEqual([failed.id]);
      expect(page1.body.pageInfo.hasNextPage).toBe(true);
      const page2 = await deliveries(
        subscription.id,
        `?first=1&after=${encodeURIComponent(page1.body.pageInfo.endCursor)}`,
      );
      expect(page2.body.data.map((d: { id: string }) => d.id)).toEqual([succeeded.id]);
      expect(page2.body.pageInfo.hasNextPage).toBe(false);

      for (const query of ['?status=BOGUS', '?status=failed', '?first=0', '?first=x', '?bogus=1']) {
        const bad = await deliveries(subscription.id, query);
        expectProblem(bad, 400);
      }
      expectProblem(await deliveries(makeGlobalId('WebhookSubscription', MISSING_ID)), 404, 'NOT_FOUND');

      // Redeliver the dead letter: 202, PENDING, same webhook-id; it then succeeds.
      receiver.respond(() => ({ status: 204 }));
      const redelivered = await admin().post(`/v1/webhook-deliveries/${failed.id}/redeliver`);
      expect(redelivered.status).toBe(202);
      expect(redelivered.body).toMatchObject({
        id: failed.id,
        webhookId: failed.webhookId,
        status: 'PENDING',
      });
      await receiver.waitFor(() => receiver.for('/deliveries').length === 5);
      const again = receiver.for('/deliveries')[4];
      expect(again.webhookId).toBe(failed.webhookId);
      expect(again.body).toBe(receiver.for('/deliveries')[1].body);
      expect(again.verifiedBy).toHaveLength(1);
      await waitUntil(
        async () => (await deliveries(subscription.id, '?status=SUCCEEDED')).body.data?.length === 2,
      );
      const after = (await deliveries(subscription.id)).body.data.find(
        (d: { id: string }) => d.id === failed.id,
      );
      expect(after.attempts.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([
        500, 500, 500, 204,
      ]);

      for (const id of [makeGlobalId('WebhookDelivery', MISSING_ID), 'nope']) {
        expectProblem(await admin().post(`/v1/webhook-deliveries/${id}/redeliver`), 404, 'NOT_FOUND');
      }
    });

    it('replays a window: already-delivered events keep their webhook-id, older events get new deliveries', async () => {
      const since = new Date(Date.now() - 1000);
      const { requisition, application } = await pipeline();
      // Before the subscription exists: never delivered to it.
      const early = await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
      expect(early.userErrors).toEqual([]);
      const { subscription } = await subscribe('/replay', { requisitionIds: [requisition.id] });
      const late = await moveApplication(t, { id: application.id, stageId: requisition.stages[2].id });
      await receiver.waitFor(() => receiver.for('/replay').length === 1);
      const original = receiver.for('/replay')[0];
      expect(original.payload.data.sequence).toBe(late.transition.sequence);
      // A delivery still PENDING is not queued again (it is going out anyway): wait until it is recorded.
      await waitUntil(
        async () => (await deliveries(subscription.id, '?status=SUCCEEDED')).body.data?.length === 1,
      );

      const response = await admin()
        .post(`/v1/webhook-subscriptions/${subscription.id}/replay`)
        .send({ since: since.toISOString(), until: new Date(Date.now() + 1000).toISOString() });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ queuedCount: 2 });

      await receiver.waitFor(() => receiver.for('/replay').length === 3);
      await sleep(300);
      const replayed = receiver.for('/replay').slice(1);
      expect(replayed).toHaveLength(2);
      for (const r of replayed) expect(r.verifiedBy).toHaveLength(1);
      const bySequence = new Map(replayed.map((r) => [r.payload.data.sequence as number, r]));
      expect([...bySequence.keys()].sort()).toEqual(
        [early.transition.sequence, late.transition.sequence].sort(),
      );
      // The one already delivered: the same webhook-id and the same bytes.
      const lateAgain = bySequence.get(late.transition.sequence)!;
      expect(lateAgain.webhookId).toBe(original.webhookId);
      expect(lateAgain.body).toBe(original.body);
      // The one from before the subscription: a delivery of its own.
      const earlyReplayed = bySequence.get(early.transition.sequence)!;
      expect(earlyReplayed.webhookId).not.toBe(original.webhookId);
      expect(earlyReplayed.payload).toMatchObject({
        type: 'application.stage_changed',
        data: { applicationId: application.id, toStageId: requisition.stages[1].id },
      });

      const listed = await deliveries(subscription.id);
      expect(listed.body.data).toHaveLength(2);
      expect(listed.body.data.map((d: { webhookId: string }) => d.webhookId).sort()).toEqual(
        [original.webhookId, earlyReplayed.webhookId].sort(),
      );

      // An empty window queues nothing.
      const empty = await admin()
        .post(`/v1/webhook-subscriptions/${subscription.id}/replay`)
        .send({ since: '2001-01-01T00:00:00Z', until: '2001-01-02T00:00:00Z' });
      expect(empty.status).toBe(202);
      expect(empty.body).toEqual({ queuedCount: 0 });
    });

    it.each([
      ['until before since', { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' }],
      ['until equal to since', { since: '2026-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }],
      ['no since', { until: '2026-01-01T00:00:00Z' }],
      ['since not a date', { since: 'yesterday' }],
      ['an unknown field', { since: '2026-01-01T00:00:00Z', subscriptionId: 'x' }],
    ])('refuses a replay with %s (400 problem)', async (_name, body) => {
      const { subscription } = await subscribe('/replay-bad');
      const response = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/replay`).send(body);
      expectProblem(response, 400);
      expect(response.body.errors?.length).toBeGreaterThan(0);
    });
    // Not milliseconds since 1970: a number or boolean is the wrong type, as in GraphQL and GET /v1/events.
    it.each([
      ['since a number', { since: 12 }],
      ['since a boolean', { since: true }],
    ])('refuses a replay with %s (400 problem)', async (_name, body) => {
      const { subscription } = await subscribe('/replay-bad');
      const response = await admin().post(`/v1/webhook-subscriptions/${subscription.id}/replay`).send(body);
      expectProblem(response, 400);
    });
  });

  describe('refusals', () => {
    afterEach(() => {
      env.WEBHOOK_ALLOWED_CIDRS = '127.0.0.0/8';
      env.WEBHOOK_ALLOW_HTTP = true;
    });

    it.each([
      ['a private address', 'https://10.0.0.1/x'],
      ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
      ['IPv6 loopback', 'https://[::1]/x'],
      ['a name resolving to loopback', 'https://localhost/x'],
    ])(
      'refuses %s without the allow-list: 422 WEBHOOK_URL_NOT_ALLOWED, nothing written',
      async (_name, url) => {
        env.WEBHOOK_ALLOWED_CIDRS = '';
        const before = await subscriptionCount();
        const response = await admin()
          .post('/v1/webhook-subscriptions')
          .send({ url, eventTypes: ['*'] });
        expectProblem(response, 422, 'WEBHOOK_URL_NOT_ALLOWED');
        expect(response.body.errors).toEqual([
          expect.objectContaining({ code: 'WEBHOOK_URL_NOT_ALLOWED', field: ['url'], pointer: '#/url' }),
        ]);
        expect(await subscriptionCount()).toBe(before);
      },
    );

    it('refuses moving a subscription to an internal address with PATCH (422), leaving it unchanged', async () => {
      const { subscription } = await subscribe('/patch-ssrf');
      env.WEBHOOK_ALLOWED_CIDRS = '';
      const response = await admin()
        .patch(`/v1/webhook-subscriptions/${subscription.id}`)
        .send({ url: 'https://169.254.169.254/latest/meta-data' });
      expectProblem(response, 422, 'WEBHOOK_URL_NOT_ALLOWED');
      env.WEBHOOK_ALLOWED_CIDRS = '127.0.0.0/8';
      const after = await admin().get(`/v1/webhook-subscriptions/${subscription.id}`);
      expect(after.body).toMatchObject({ url: receiver.url('/patch-ssrf'), version: 1 });
    });

    it('refuses plain http unless configured (422)', async () => {
      env.WEBHOOK_ALLOW_HTTP = false;
      const response = await admin()
        .post('/v1/webhook-subscriptions')
        .send({ url: receiver.url('/http'), eventTypes: ['*'] });
      expectProblem(response, 422, 'WEBHOOK_URL_NOT_ALLOWED');
      expect(response.body.detail).toMatch(/https/);
    });

    it.each([
      ['malformed JSON', '{"url": "https://1.1.1.1/x", "eventTypes": ['],
      ['a JSON array', '[]'],
    ])('refuses %s in the body with a 400 problem', async (_name, raw) => {
      const before = await subscriptionCount();
      const response = await admin()
        .post('/v1/webhook-subscriptions')
        .set('content-type', 'application/json')
        .send(raw);
      expectProblem(response, 400);
      expect(await subscriptionCount()).toBe(before);
    });

    it('refuses a JSON null body on POST /v1/webhook-subscriptions with a 400 problem, not a 500', async () => {
      const before = await subscriptionCount();
      const response = await admin()
        .post('/v1/webhook-subscriptions')
        .set('content-type', 'application/json')
        .send('null');
      expectProblem(response, 400);
      expect(await subscriptionCount()).toBe(before);
    });

    it.each([
      ['an unknown field', { url: 'https://1.1.1.1/x', eventTypes: ['*'], secret: 'whsec_mine' }, 'secret'],
      ['url of the wrong type', { url: 42, eventTypes: ['*'] }, 'url'],
      [
        'eventTypes of the wrong type',
        { url: 'https://1.1.1.1/x', eventTypes: 'application.created' },
        'eventTypes',
      ],
      ['no url', { eventTypes: ['*'] }, 'url'],
      ['no eventTypes', { url: 'https://1.1.1.1/x' }, 'eventTypes'],
      ['empty eventTypes', { url: 'https://1.1.1.1/x', eventTypes: [] }, 'eventTypes'],
      [
        'an unknown event type',
        { url: 'https://1.1.1.1/x', eventTypes: ['application.teleported'] },
        'eventTypes',
      ],
      [
        'requisitionIds of the wrong type',
        { url: 'https://1.1.1.1/x', eventTypes: ['*'], requisitionIds: 'x' },
        'requisitionIds',
      ],
      [
        'a url over 2048 characters',
        { url: `https://1.1.1.1/${'x'.repeat(3000)}`, eventTypes: ['*'] },
        'url',
      ],
    ])('refuses %s with a 400 problem naming the field', async (_name, body, field) => {
      const before = await subscriptionCount();
      const response = await admin().post('/v1/webhook-subscriptions').send(body);
      expectProblem(response, 400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: expect.arrayContaining([field]) })]),
      );
      expect(await subscriptionCount()).toBe(before);
    });

    it('refuses bad PATCH bodies with 400 problems', async () => {
      const { subscription } = await subscribe('/patch-bad');
      for (const body of [
        { expectedVersion: 'one' },
        { expectedVersion: 0 },
        { eventTypes: [] },
        { id: makeGlobalId('WebhookSubscription', MISSING_ID) },
        { status: 'DISABLED' },
      ]) {
        const response = await admin().patch(`/v1/webhook-subscriptions/${subscription.id}`).send(body);
        expectProblem(response, 400);
      }
      const after = await admin().get(`/v1/webhook-subscriptions/${subscription.id}`);
      expect(after.body).toEqual(subscription);
    });
  });

  describe('who may manage webhooks', () => {
    let subscriptionId: string;
    let deliveryId: string;

    beforeAll(async () => {
      const { subscription } = await subscribe('/access');
      subscriptionId = subscription.id;
      const ping = await admin().post(`/v1/webhook-subscriptions/${subscriptionId}/ping`);
      deliveryId = ping.body.delivery.id;
    });

    const routes = (): [string, string, Record<string, unknown>?][] => [
      ['get', '/v1/webhook-subscriptions'],
      ['post', '/v1/webhook-subscriptions', { url: 'https://1.1.1.1/x', eventTypes: ['*'] }],
      ['get', `/v1/webhook-subscriptions/${subscriptionId}`],
      ['patch', `/v1/webhook-subscriptions/${subscriptionId}`, { description: 'hijacked' }],
      ['post', `/v1/webhook-subscriptions/${subscriptionId}/ping`],
      ['post', `/v1/webhook-subscriptions/${subscriptionId}/rotate-secret`],
      ['get', `/v1/webhook-subscriptions/${subscriptionId}/deliveries`],
      ['post', `/v1/webhook-subscriptions/${subscriptionId}/replay`, { since: '2026-01-01T00:00:00Z' }],
      ['post', `/v1/webhook-deliveries/${deliveryId}/redeliver`],
      ['delete', `/v1/webhook-subscriptions/${subscriptionId}`],
    ];

    async function call(credential: string | null, method: string, path: string, body?: object) {
      const client = as(credential) as Record<string, (p: string) => ReturnType<TestApp['http']['get']>>;
      const request = client[method](path);
      return body ? request.send(body) : request;
    }

    it('answers 401 problems without credentials and with a bad token', async () => {
      for (const [method, path, body] of routes()) {
        expectProblem(await call(null, method, path, body), 401);
        expectProblem(await call('not-a-token', method, path, body), 401);
      }
    });

    it.each(['RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'] as const)(
      'answers 403 problems to a %s, changing nothing',
      async (role) => {
        const user = await t.userWithRole(role);
        const before = await subscriptionCount();
        for (const [method, path, body] of routes()) {
          expectProblem(await call(user.token, method, path, body), 403, 'FORBIDDEN');
        }
        expect(await subscriptionCount()).toBe(before);
        const still = await admin().get(`/v1/webhook-subscriptions/${subscriptionId}`);
        expect(still.body).toMatchObject({ version: 1, description: null });
      },
    );

    it('answers 403 to API keys without webhooks:manage', async () => {
      const key = await apiKey(['events:read', 'candidates:read', 'requisitions:write']);
      for (const [method, path, body] of routes()) {
        expectProblem(await call(key, method, path, body), 403, 'FORBIDDEN');
      }
    });

    it('lets an API key with webhooks:manage do everything', async () => {
      const key = await apiKey(['webhooks:manage']);
      const { subscription, secret } = await subscribe('/by-key', {}, key);
      expect(secret).toMatch(/^whsec_/);
      const list = await as(key).get('/v1/webhook-subscriptions?first=100');
      expect(list.status).toBe(200);
      expect(list.body.data.map((s: Subscription) => s.id)).toContain(subscription.id);
      const patched = await as(key)
        .patch(`/v1/webhook-subscriptions/${subscription.id}`)
        .send({ expectedVersion: 1, description: 'by key' });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ version: 2, description: 'by key' });
      const ping = await as(key).post(`/v1/webhook-subscriptions/${subscription.id}/ping`);
      expect(ping.status).toBe(200);
      expect(ping.body.attempt.responseStatus).toBe(204);
      expect((await as(key).get(`/v1/webhook-subscriptions/${subscription.id}/deliveries`)).status).toBe(200);
      const redeliver = await as(key).post(`/v1/webhook-deliveries/${ping.body.delivery.id}/redeliver`);
      // Pings are not redelivered (ping again instead): a 400, not a 403.
      expectProblem(redeliver, 400, 'INVALID_INPUT');
      const rotated = await as(key).post(`/v1/webhook-subscriptions/${subscription.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect((await as(key).delete(`/v1/webhook-subscriptions/${subscription.id}`)).status).toBe(204);
    });
  });

  describe('the event feed', () => {
    const EVENTS_QUERY = `query($first: Int, $after: String, $types: [String!], $since: DateTime) {
      events(first: $first, after: $after, types: $types, since: $since) {
        edges { cursor node { id type occurredAt aggregateType aggregateId sequence data actor } }
        pageInfo { hasNextPage endCursor } } }`;

    async function feed(query: string, credential: string = t.adminToken): Promise<FeedPage> {
      const response = await as(credential).get(`/v1/events${query}`);
      expect({ status: response.status, query }).toEqual({ status: 200, query });
      return response.body as FeedPage;
    }

    /** Everything from the beginning (or a cursor), page by page. */
    async function readAll(
      pageSize: number,
      extra = '',
      start: string | null = null,
    ): Promise<{ events: FeedEvent[]; endCursor: string | null; pages: number }> {
      const events: FeedEvent[] = [];
      let after = start;
      let pages = 0;
      for (;;) {
        const params = [`first=${pageSize}`, extra, after ? `after=${encodeURIComponent(after)}` : '']
          .filter(Boolean)
          .join('&');
        const page = await feed(`?${params}`);
        pages++;
        expect(page.data.length).toBeLessThanOrEqual(pageSize);
        events.push(...page.data);
        if (page.data.length > 0) expect(page.pageInfo.endCursor).not.toBe(after);
        after = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) break;
        expect(page.data).toHaveLength(pageSize);
        if (pages > 500) throw new Error('the feed does not end');
      }
      return { events, endCursor: after, pages };
    }

    /**
     * The feed shows a transaction's events only once no older transaction (in the whole PostgreSQL cluster) is
     * still running. Before comparing two reads, wait until every committed event is visible.
     */
    async function settled(): Promise<void> {
      await waitUntil(async () => {
        const [row] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM event');
        return (await readAll(100)).events.length === row.n;
      });
    }

    /** The feed shows a transaction's events once no older transaction is still running: wait for them. */
    async function waitForFeed(after: string | null, count: number, extra = ''): Promise<FeedEvent[]> {
      let events: FeedEvent[] = [];
      await waitUntil(async () => {
        events = (await readAll(100, extra, after)).events;
        return events.length >= count;
      });
      return events;
    }

    it('pages through the whole feed in a stable order, and an empty page keeps the cursor', async () => {
      // Earlier test files wrote events too: this test reads those since it started.
      const window = `since=${encodeURIComponent(new Date(Date.now() - 5).toISOString())}`;
      await pipeline();
      await settled();
      const read = await readAll(100, window);
      const whole = { data: read.events, pageInfo: { endCursor: read.endCursor } };
      expect(whole.data.length).toBeGreaterThan(3);
      expect(whole.data[0]).toEqual({
        id: expect.any(String),
        type: expect.stringMatching(/^[a-z_]+\.[a-z_]+$/),
        occurredAt: expect.any(String),
        aggregateType: expect.any(String),
        aggregateId: expect.any(String),
        sequence: expect.any(Number),
        data: expect.any(Object),
        actor: expect.anything(),
      });
      const ids = whole.data.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);

      const paged = await readAll(3, window);
      expect(paged.events.map((e) => e.id)).toEqual(ids);
      expect(paged.endCursor).toBe(whole.pageInfo.endCursor);
      expect(paged.pages).toBe(Math.floor(ids.length / 3) + 1);

      // Sequences per aggregate only grow along the feed.
      const last = new Map<string, number>();
      for (const event of whole.data) {
        const key = `${event.aggregateType}:${event.aggregateId}`;
        expect(event.sequence).toBeGreaterThan(last.get(key) ?? 0);
        last.set(key, event.sequence);
      }

      // At the end: an empty page with the same cursor, again and again.
      const cursor = whole.pageInfo.endCursor!;
      for (let i = 0; i < 2; i++) {
        const empty = await feed(`?after=${encodeURIComponent(cursor)}`);
        expect(empty).toEqual({ data: [], pageInfo: { hasNextPage: false, endCursor: cursor } });
      }

      // New events appear after the kept cursor, and only them.
      const { requisition, application } = await pipeline();
      await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
      await settled();
      const fresh = await waitForFeed(cursor, 1);
      const moved = fresh.filter((e) => e.type === 'application.stage_changed');
      expect(moved.map((e) => e.data.applicationId)).toEqual([application.id]);
      expect(fresh.map((e) => e.id).filter((id) => ids.includes(id))).toEqual([]);
    });

    it('filters by types and since', async () => {
      await sleep(20);
      const since = new Date();
      const { requisition, application } = await pipeline();
      await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
      await moveApplication(t, { id: application.id, stageId: requisition.stages[2].id });
      await settled();
      const recent = await waitForFeed(null, 5, `since=${encodeURIComponent(since.toISOString())}`);
      for (const event of recent)
        expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(since.getTime());
      const everything = (await readAll(100)).events;
      expect(recent.length).toBeLessThan(everything.length);
      expect(recent.map((e) => e.id)).toEqual(
        everything.filter((e) => Date.parse(e.occurredAt) >= since.getTime()).map((e) => e.id),
      );
      expect(
        recent.filter(
          (e) => e.data.applicationId === application.id && e.type === 'application.stage_changed',
        ),
      ).toHaveLength(2);

      const moves = (await readAll(100, 'types=application.stage_changed')).events;
      expect(moves.length).toBeGreaterThanOrEqual(2);
      expect(new Set(moves.map((e) => e.type))).toEqual(new Set(['application.stage_changed']));
      expect(moves.map((e) => e.id)).toEqual(
        everything.filter((e) => e.type === 'application.stage_changed').map((e) => e.id),
      );

      const two = (await readAll(100, 'types=application.stage_changed,application.created')).events;
      expect(new Set(two.map((e) => e.type))).toEqual(
        new Set(['application.stage_changed', 'application.created']),
      );
      expect(two.map((e) => e.id)).toEqual(
        everything
          .filter((e) => e.type === 'application.stage_changed' || e.type === 'application.created')
          .map((e) => e.id),
      );

      const both = (
        await feed(
          `?first=100&types=application.stage_changed&since=${encodeURIComponent(since.toISOString())}`,
        )
      ).data;
      expect(both.map((e) => e.data.applicationId)).toEqual([application.id, application.id]);

      const none = await feed('?types=requisition.never_happens');
      expect(none.data).toEqual([]);
      const future = await feed(
        `?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
      );
      expect(future.data).toEqual([]);
    });

    it.each([
      ['garbage cursor', '?after=garbage'],
      ['a cursor of the wrong shape', `?after=${Buffer.from('{"a":1}').toString('base64url')}`],
      ['a cursor of numbers', `?after=${Buffer.from('[1,2]').toString('base64url')}`],
      ['an over-long cursor', `?after=${'a'.repeat(300)}`],
      ['first=0', '?first=0'],
      ['first=101', '?first=101'],
      ['first=-1', '?first=-1'],
      ['first=abc', '?first=abc'],
      ['first=2.5', '?first=2.5'],
      ['an unknown type syntax', '?types=Application.Created'],
      ['a trailing comma in types', '?types=application.created,'],
      ['spaces in types', '?types=application.created, application.stage_changed'],
      ['since not a date', '?since=yesterday'],
      ['since an impossible date', '?since=2026-13-45T00:00:00Z'],
      ['since a number', '?since=1700000000'],
      ['an unknown parameter', '?limit=10'],
    ])('refuses %s with a 400 problem', async (_name, query) => {
      const response = await admin().get(`/v1/events${query}`);
      expectProblem(response, 400);
    });

    // 9999999999999999999 is beyond PostgreSQL's bigint (9223372036854775807).
    it('refuses a cursor whose digits overflow a bigint with a 400 problem, not a 500', async () => {
      const cursor = Buffer.from(JSON.stringify(['9999999999999999999', '1'])).toString('base64url');
      const response = await admin().get(`/v1/events?after=${cursor}`);
      expectProblem(response, 400);
    });

    it('lets administrators, recruiters and events:read keys read it; others are refused', async () => {
      const recruiter = await t.userWithRole('RECRUITER');
      const interviewer = await t.userWithRole('INTERVIEWER');
      const manager = await t.userWithRole('HIRING_MANAGER');
      const reader = await apiKey(['events:read']);
      const other = await apiKey(['webhooks:manage', 'candidates:read']);
      const reference = await feed('?first=5');
      expect(reference.data).toHaveLength(5);
      expect(await feed('?first=5', recruiter.token)).toEqual(reference);
      expect(await feed('?first=5', reader)).toEqual(reference);
      expectProblem(await as(interviewer.token).get('/v1/events'), 403, 'FORBIDDEN');
      expectProblem(await as(manager.token).get('/v1/events'), 403, 'FORBIDDEN');
      expectProblem(await as(other).get('/v1/events'), 403, 'FORBIDDEN');
      expectProblem(await as(null).get('/v1/events'), 401);

      const viaGraphql = await t.gqlAs(interviewer.token, EVENTS_QUERY, { first: 1 });
      expect(viaGraphql.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const keyViaGraphql = await t.gqlAs(reader, EVENTS_QUERY, { first: 1 });
      expect(keyViaGraphql.errors).toBeUndefined();
      expect(keyViaGraphql.data.events.edges).toHaveLength(1);
    });

    it('pages at most 100 events, over REST as over GraphQL', async () => {
      expectProblem(await admin().get('/v1/events?first=101'), 400);
      const response = await t.gql(EVENTS_QUERY, { first: 101 });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await t.gql(EVENTS_QUERY, { first: 100 })).errors).toBeUndefined();
    });

    it('GraphQL events(first, after, types, since) returns the same events as REST, in the same order', async () => {
      const since = new Date(Date.now() - 60_000).toISOString();
      await settled();
      type GqlPage = {
        events: {
          edges: { cursor: string; node: FeedEvent }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
      const compare = async (variables: Record<string, unknown>, query: string) => {
        const rest = await feed(query);
        const gql = await t.ok<GqlPage>(EVENTS_QUERY, variables);
        expect(gql.events.edges.map((e) => e.node)).toEqual(rest.data);
        expect(gql.events.pageInfo).toEqual(rest.pageInfo);
        if (rest.data.length > 0) {
          expect(gql.events.edges[gql.events.edges.length - 1].cursor).toBe(rest.pageInfo.endCursor);
        }
        return rest;
      };
      const first = await compare({ first: 4 }, '?first=4');
      expect(first.data).toHaveLength(4);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const cursor = first.pageInfo.endCursor!;
      const second = await compare(
        { first: 4, after: cursor },
        `?first=4&after=${encodeURIComponent(cursor)}`,
      );
      expect(second.data.map((e) => e.id)).not.toContain(first.data[0].id);
      // Page through the whole feed, filtered and not, both ways: 100 at a time (GraphQL's page limit).
      const both = async (variables: Record<string, unknown>, query: string) => {
        const events: FeedEvent[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 100; pages++) {
          const page: FeedPage = await compare(
            { first: 100, ...variables, ...(after ? { after } : {}) },
            `?first=100${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
          );
          events.push(...page.data);
          after = page.pageInfo.endCursor;
          if (!page.pageInfo.hasNextPage) break;
        }
        return { events, end: after };
      };
      const everything = await both({}, '');
      expect(everything.events.length).toBeGreaterThan(8);
      const typed = await both(
        { types: ['application.stage_changed', 'application.created'] },
        '&types=application.stage_changed,application.created',
      );
      expect(typed.events.length).toBeGreaterThan(0);
      expect(typed.events.length).toBeLessThan(everything.events.length);
      const recent = await both({ since }, `&since=${encodeURIComponent(since)}`);
      expect(recent.events.length).toBeGreaterThan(0);
      // At the end, both give an empty page with the same cursor.
      const empty = await compare({ after: everything.end }, `?after=${encodeURIComponent(everything.end!)}`);
      expect(empty).toEqual({ data: [], pageInfo: { hasNextPage: false, endCursor: everything.end } });

      const bad = await t.gql(EVENTS_QUERY, { after: 'garbage' });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
