import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createApplication, createCandidate, createRequisition, moveApplication } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';
import { deleteAllSubscriptions, drainJobQueue } from '../support/wait';
import { WebhookReceiver } from '../support/webhook-receiver';

const ROOT = join(__dirname, '../..');

/** A separate worker process (RUN_MODE=worker) on the test database, as `npm run worker` runs it. */
function startWorker(extraEnv: Record<string, string> = {}): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: process.env.REQUISITE_TEST_DATABASE_URL,
      RUN_MODE: 'worker',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'info',
      WORKER_POLL_INTERVAL_MS: '200',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
      WEBHOOK_TIMEOUT_MS: '60000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => child.output.push(chunk.toString()));
  return child;
}

/** Resolves once the worker process has started its workers (it logs so when ready). */
async function running(child: ChildProcess & { output: string[] }): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!child.output.join('').includes('Requisite worker running')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`Worker did not start: ${child.output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

// A worker process of its own needs a server the test process and the worker can both reach.
const describeOnServer = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded' ? describe.skip : describe;

describeOnServer('A worker that dies or stops mid-delivery', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // The API only: the worker runs in child processes.
    t = await createTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await deleteAllSubscriptions((query) => t.sql(query));
    await receiver.stop();
    await t.close();
  });

  async function subscribeAndMove(path: string): Promise<void> {
    const data = await t.ok<{ createWebhookSubscription: { secret: string } }>(
      `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
         secret userErrors { code message } } }`,
      { input: { url: receiver.url(path), eventTypes: ['application.stage_changed'] } },
    );
    receiver.secrets.push(data.createWebhookSubscription.secret);
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
  }

  it('SIGKILL: the delivery is sent again, with the same webhook-id, within 60 s of another worker running', async () => {
    // The first request hangs (the worker is killed while waiting); later ones succeed.
    receiver.respond((r) =>
      r.path === '/kill' && receiver.for('/kill').length === 1
        ? { status: 200, delayMs: 120_000 }
        : { status: 204 },
    );
    const doomed = startWorker();
    workers.push(doomed);
    await running(doomed);
    await drainJobQueue((query) => t.sql(query));
    await subscribeAndMove('/kill');
    await receiver.waitFor(() => receiver.for('/kill').length === 1, 45_000);
    doomed.kill('SIGKILL');
    await exited(doomed);

    // Default settings (WORKER_DEAD_AFTER_SECONDS=30): the next worker releases the dead one's job in time.
    const next = startWorker();
    workers.push(next);
    await running(next);
    const restarted = Date.now();
    await receiver.waitFor(() => receiver.for('/kill').length === 2, 60_000);
    const [first, second] = receiver.for('/kill');
    expect(second.webhookId).toBe(first.webhookId);
    expect(second.body).toBe(first.body);
    expect(second.verifiedBy).toHaveLength(1);
    expect(second.receivedAt - restarted).toBeLessThan(60_000);
    await waitFor(async () => (await deliveryStatus('/kill')) === 'SUCCEEDED');
    next.kill('SIGTERM');
    expect(await exited(next)).toBe(0);
  }, 330_000);

  it('SIGTERM: the worker stops promptly, the interrupted attempt is recorded and run again by the next worker', async () => {
    receiver.respond((r) =>
      r.path === '/term' && receiver.for('/term').length === 1
        ? { status: 200, delayMs: 120_000 }
        : { status: 204 },
    );
    const stopping = startWorker();
    workers.push(stopping);
    await subscribeAndMove('/term');
    await receiver.waitFor(() => receiver.for('/term').length === 1, 45_000);
    const signalled = Date.now();
    stopping.kill('SIGTERM');
    expect(await exited(stopping)).toBe(0);
    // graphile-worker waits 5 s for running jobs before aborting them.
    expect(Date.now() - signalled).toBeLessThan(15_000);
    const attempts = await t.sql<{ error: string | null }>(
      `SELECT a.error FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
         JOIN webhook_subscription s ON s.id = d.subscription_id WHERE s.url LIKE '%/term'`,
    );
    expect(attempts).toEqual([{ error: 'interrupted: the worker shut down' }]);
    expect(await deliveryStatus('/term')).toBe('PENDING');

    const next = startWorker();
    workers.push(next);
    await running(next);
    const restarted = Date.now();
    await receiver.waitFor(() => receiver.for('/term').length === 2, 45_000);
    // Released at shutdown: no waiting for the stopped worker to be presumed dead.
    expect(receiver.for('/term')[1].receivedAt - restarted).toBeLessThan(20_000);
    expect(receiver.for('/term')[1].webhookId).toBe(receiver.for('/term')[0].webhookId);
    await waitFor(async () => (await deliveryStatus('/term')) === 'SUCCEEDED');
    next.kill('SIGTERM');
    expect(await exited(next)).toBe(0);
  }, 330_000);

  async function deliveryStatus(path: string): Promise<string | undefined> {
    const [row] = await t.sql<{ status: string }>(
      `SELECT d.status FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE s.url LIKE '%' || $1`,
      [path],
    );
    return row?.status;
  }
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
