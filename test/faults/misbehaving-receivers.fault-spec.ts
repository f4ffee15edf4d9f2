import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createApplication, createCandidate, createRequisition, moveApplication } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Webhook receivers that misbehave in ways test/e2e/webhooks.e2e-spec.ts does not already cover (it covers a 500
 * retried with one webhook-id, a hang timed out, a redirect to the same host not followed, SSRF on the URL
 * itself): a receiver that resets the connection, one that goes through reset, 500 and hang before answering
 * (each attempt waits its delay of the schedule), and redirects to addresses the SSRF guard refuses, which must
 * never be contacted.
 */
const SCHEDULE_S = [0, 1, 1.5, 2, 1];
type Action = 'reset' | '500' | 'hang' | '204' | { redirect: string };

interface Hit {
  path: string;
  webhookId: string;
  at: number;
}

/** An endpoint that plays a script per path: the n-th request to a path gets the n-th action (the last repeats). */
class ScriptedReceiver {
  readonly hits: Hit[] = [];
  private readonly scripts = new Map<string, Action[]>();
  private server!: Server;

  static async start(host = '127.0.0.1'): Promise<ScriptedReceiver> {
    const receiver = new ScriptedReceiver();
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => receiver.server.listen(0, host, resolve));
    return receiver;
  }

  url(path: string): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}${path}`;
  }

  script(path: string, actions: Action[]): void {
    this.scripts.set(path, actions);
  }

  for(path: string): Hit[] {
    return this.hits.filter((hit) => hit.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const path = req.url ?? '/';
      const nth = this.for(path).length;
      this.hits.push({ path, webhookId: String(req.headers['webhook-id'] ?? ''), at: Date.now() });
      const actions = this.scripts.get(path) ?? ['204'];
      const action = actions[Math.min(nth, actions.length - 1)];
      if (action === 'reset') {
        req.socket.destroy();
      } else if (action === 'hang') {
        // Never answers; the sender's timeout ends it (the connection is closed when the receiver stops).
      } else if (typeof action === 'object') {
        res.writeHead(307, { location: action.redirect }).end();
      } else {
        res.writeHead(Number(action)).end();
      }
    });
  }
}

describe('misbehaving webhook receivers', () => {
  let t: TestApp;
  let receiver: ScriptedReceiver;
  let trap: ScriptedReceiver;

  beforeAll(async () => {
    receiver = await ScriptedReceiver.start('127.0.0.1');
    // A private address the guard refuses: only 127.0.0.1 is allowed below, so 127.0.0.3 is as internal as 10.x.
    trap = await ScriptedReceiver.start('127.0.0.3');
    t = await createTestApp({
      RUN_MODE: 'all',
      WORKER_POLL_INTERVAL_MS: '100',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32',
      WEBHOOK_RETRY_SCHEDULE: SCHEDULE_S.join(','),
      WEBHOOK_TIMEOUT_MS: '1000',
      RATE_LIMIT_PER_MINUTE: '100000',
    });
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
    await trap?.stop();
  });

  async function subscribeAndMove(path: string): Promise<string> {
    const created = await t.ok<{ createWebhookSubscription: { webhookSubscription: { id: string } } }>(
      `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
         webhookSubscription { id } userErrors { code message } } }`,
      { input: { url: receiver.url(path), eventTypes: ['application.stage_changed'] } },
    );
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
    return Buffer.from(created.createWebhookSubscription.webhookSubscription.id, 'base64url')
      .toString()
      .split(':')[1];
  }

  async function attempts(subscriptionId: string) {
    return t.sql<{ status: string; response_status: number | null; error: string | null; at: Date }>(
      `SELECT d.status, a.response_status, a.error, a.attempted_at AS at
         FROM webhook_delivery d JOIN webhook_attempt a ON a.delivery_id = d.id
        WHERE d.subscription_id = $1 ORDER BY a.attempted_at`,
      [subscriptionId],
    );
  }

  async function settled(subscriptionId: string, status: 'SUCCEEDED' | 'FAILED'): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await t.sql<{ status: string }>(
        'SELECT status FROM webhook_delivery WHERE subscription_id = $1',
        [subscriptionId],
      );
      if (row?.status === status) return;
      if (Date.now() > deadline) throw new Error(`delivery still ${row?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('reset, 500, hang, then success: four failures recorded, each retry after its delay, one webhook-id', async () => {
    receiver.script('/flaky', ['reset', '500', 'hang', 'reset', '204']);
    const subscription = await subscribeAndMove('/flaky');
    await settled(subscription, 'SUCCEEDED');
    const hits = receiver.for('/flaky');
    expect(hits).toHaveLength(5);
    expect(new Set(hits.map((h) => h.webhookId)).size).toBe(1);
    const recorded = await attempts(subscription);
    expect(recorded.map((a) => [a.response_status, a.error === null ? null : 'error'])).toEqual([
      [null, 'error'],
      [500, 'error'],
      [null, 'error'],
      [null, 'error'],
      [204, null],
    ]);
    expect(recorded[2].error).toMatch(/timed out after 1000 ms/);
    // The schedule is followed: attempt n+1 starts no sooner than its delay after attempt n (which includes the
    // hang's own timeout before it), less the schedule's documented jitter of up to 10 % (docs/webhooks.md): with
    // deliveries claimed at once, nothing else pads the wait any more.
    for (let n = 1; n < hits.length; n += 1) {
      expect(hits[n].at - hits[n - 1].at).toBeGreaterThanOrEqual(SCHEDULE_S[n] * 1000 * 0.9 - 50);
    }
  });

  it('a receiver that only resets: retried on the whole schedule, then FAILED', async () => {
    receiver.script('/resets', ['reset']);
    const subscription = await subscribeAndMove('/resets');
    await settled(subscription, 'FAILED');
    expect(receiver.for('/resets')).toHaveLength(SCHEDULE_S.length);
    const recorded = await attempts(subscription);
    expect(recorded).toHaveLength(SCHEDULE_S.length);
    expect(recorded.every((a) => a.response_status === null && a.error)).toBe(true);
  });

  it.each([
    ['a private address', () => trap.url('/internal')],
    ['a cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a name for this host', () => `http://localhost:${new URL(trap.url('/')).port}/internal`],
  ])('a redirect to %s is never followed, on any attempt', async (_name, target) => {
    const path = `/redirect-${Math.random().toString(36).slice(2)}`;
    receiver.script(path, [{ redirect: target() }]);
    const subscription = await subscribeAndMove(path);
    await settled(subscription, 'FAILED');
    expect(receiver.for(path)).toHaveLength(SCHEDULE_S.length);
    const recorded = await attempts(subscription);
    expect(
      recorded.every((a) => a.response_status === 307 && /redirects are not followed/.test(a.error ?? '')),
    ).toBe(true);
    expect(trap.hits).toEqual([]);
  });
});
