import { createApplication, createCandidate, createRequisition, databaseId } from '../factories';
import { AppProcess, SHARED_ENV, startAppProcess, stopAppProcess } from '../support/app-process';
import { createTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';
import { until } from '../support/wait';
import { controlCluster, OwnCluster } from './own-cluster';

/**
 * PostgreSQL stopped and started again under load (moves and webhook deliveries), with an API process and a
 * worker process from dist/ on the suite's own cluster. While it is down, the API answers 503 with a problem (or
 * GraphQL's SERVICE_UNAVAILABLE) and Retry-After, never a hang, a crash or UNAUTHENTICATED; it recovers by itself;
 * every move answered with success is stored with its event, and every event is delivered.
 */
const CHAINS = 8;
/** Longer than anything the API may take even during the outage (the pool gives up connecting after 10 s). */
const HANG_MS = 30_000;
const DOWN_MS = 4_000;

const MOVE = `mutation($input: MoveApplicationInput!) {
  moveApplication(input: $input) { application { id version } transition { id sequence } userErrors { code message } } }`;

interface Outcome {
  kind: 'moved' | 'unavailable';
  applicationId: string;
  at: number;
  version?: number;
  /** The recorded stage transition; null for a move to the stage the application was already in (a no-op). */
  transition?: { id: string; sequence: number } | null;
}

describe('PostgreSQL restarted under load', () => {
  let cluster: OwnCluster;
  let t: TestApp;
  let receiver: WebhookReceiver;
  let api: AppProcess;
  let worker: AppProcess;
  const outcomes: Outcome[] = [];
  const unexpected: string[] = [];

  beforeAll(async () => {
    cluster = controlCluster(
      JSON.parse(process.env.REQUISITE_FAULTS_CLUSTER!) as { port: number; dataDir: string },
    );
    t = await createTestApp({
      JWT_SECRET: SHARED_ENV.JWT_SECRET,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOWED_CIDRS: SHARED_ENV.WEBHOOK_ALLOWED_CIDRS,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    receiver = await WebhookReceiver.start();
    const env = { DATABASE_URL: process.env.REQUISITE_TEST_DATABASE_URL!, RATE_LIMIT_PER_MINUTE: '100000' };
    api = await startAppProcess('api', 'api', env);
    worker = await startAppProcess('worker', 'worker', { ...env, WEBHOOK_RETRY_SCHEDULE: '0,1,1,2,2,3' });
  }, 300_000);

  afterAll(async () => {
    for (const child of [api, worker]) if (child) await stopAppProcess(child, 'SIGKILL');
    await receiver?.stop();
    await t?.close();
  });

  it('answers 503 while it is down, recovers within 5 s, loses no acknowledged move and no delivery', async () => {
    // The suite's other file moves applications in the same database before or after this one: only this test's
    // events count (those after its subscription exists).
    const [{ p: before }] = await t.sql<{ p: string }>(
      `SELECT coalesce(max(position), 0)::text AS p FROM event`,
    );
    const created = await t.ok<{ createWebhookSubscription: { secret: string } }>(
      `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
         secret userErrors { code message } } }`,
      { input: { url: receiver.url('/restart'), eventTypes: ['application.stage_changed'] } },
    );
    receiver.secrets.push(created.createWebhookSubscription.secret);
    const requisition = await createRequisition(t);
    const targets = requisition.stages
      .filter((stage) => !['HIRED', 'REJECTED'].includes(stage.kind))
      .slice(1, 3)
      .map((stage) => stage.id);
    const chains: string[] = [];
    for (let i = 0; i < CHAINS; i += 1) {
      const candidate = await createCandidate(t);
      chains.push((await createApplication(t, candidate.id, requisition.id)).id);
    }

    let stopLoad = false;
    let downSince = 0;
    let upAt = 0;
    const load = chains.map(async (applicationId, c) => {
      for (let m = 0; !stopLoad; m += 1) {
        const at = Date.now();
        let response: Response;
        try {
          response = await fetch(`${api.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
            body: JSON.stringify({
              query: MOVE,
              variables: { input: { id: applicationId, stageId: targets[(c + m) % 2] } },
            }),
            signal: AbortSignal.timeout(HANG_MS),
          });
        } catch (error) {
          unexpected.push(`no answer (${String((error as Error).name)}: ${(error as Error).message})`);
          continue;
        }
        const body = (await response.json()) as any;
        if (response.status === 200 && !body.errors && body.data.moveApplication.userErrors.length === 0) {
          outcomes.push({
            kind: 'moved',
            applicationId,
            at,
            version: body.data.moveApplication.application.version,
            transition: body.data.moveApplication.transition,
          });
        } else if (
          response.status === 503 &&
          response.headers.get('retry-after') &&
          body.errors?.every(
            (e: { extensions: { code: string } }) => e.extensions.code === 'SERVICE_UNAVAILABLE',
          )
        ) {
          outcomes.push({ kind: 'unavailable', applicationId, at });
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else if (
          response.status === 200 &&
          body.data?.moveApplication?.userErrors?.[0]?.code === 'STALE_VERSION'
        ) {
          // Not sent with expectedVersion; never expected.
          unexpected.push(`stale: ${JSON.stringify(body)}`);
        } else {
          unexpected.push(`${response.status} ${JSON.stringify(body)}`);
        }
      }
    });

    // Some moves succeed, then the database goes away for a few seconds.
    await until(() => outcomes.filter((o) => o.kind === 'moved').length >= 20, 'moves before the outage');
    cluster.stop('fast');
    downSince = Date.now();
    const during = { rest: 0, ready: 0, restBody: null as unknown };
    while (Date.now() - downSince < DOWN_MS) {
      const rest = await fetch(`${api.url}/v1/events?first=1`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
        signal: AbortSignal.timeout(HANG_MS),
      });
      during.rest = rest.status;
      during.restBody = {
        type: rest.headers.get('content-type'),
        retryAfter: rest.headers.get('retry-after'),
        body: await rest.json(),
      };
      during.ready = (
        await fetch(`${api.url}/health/ready`, { signal: AbortSignal.timeout(HANG_MS) })
      ).status;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    cluster.start();
    upAt = Date.now();
    await until(
      () => outcomes.some((o) => o.kind === 'moved' && o.at >= upAt),
      'a move after the restart',
      30_000,
    );
    const firstAfter = Math.min(
      ...outcomes.filter((o) => o.kind === 'moved' && o.at >= upAt).map((o) => o.at),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    stopLoad = true;
    await Promise.all(load);

    // On failure, what the API logged as unexpected says which error was not recognised as an outage.
    const logged = api.output
      .join('')
      .split('\n')
      .filter((line) => /Unexpected error|"level":50/.test(line))
      .slice(0, 5);
    expect({ unexpected, logged: unexpected.length > 0 ? logged : [] }).toEqual({
      unexpected: [],
      logged: [],
    });
    // Neither process crashed (on failure, the end of its log says why).
    for (const child of [api, worker]) {
      expect({
        [child.name]: child.child.exitCode,
        log: child.child.exitCode === null ? '' : child.output.join('').slice(-3000),
      }).toEqual({
        [child.name]: null,
        log: '',
      });
    }
    // During the outage: 503 problem details on REST, SERVICE_UNAVAILABLE on GraphQL, readiness down.
    expect(during.rest).toBe(503);
    expect(during.restBody).toMatchObject({
      type: expect.stringContaining('application/problem+json'),
      retryAfter: expect.any(String),
      body: { status: 503, code: 'SERVICE_UNAVAILABLE' },
    });
    expect(during.ready).toBe(503);
    expect(outcomes.some((o) => o.kind === 'unavailable' && o.at >= downSince && o.at < upAt)).toBe(true);
    // Recovery by itself, within 5 s of the server being back.
    expect(firstAfter - upAt).toBeLessThan(5_000);

    // Every acknowledged move is stored, with its transition and its event. (After a 503 the next move may target
    // the stage the application is already in: answered with success and no transition, it wrote nothing.)
    const written = outcomes.filter((o) => o.kind === 'moved' && o.transition);
    expect(written.length).toBeGreaterThan(20);
    for (const move of written) {
      const stored = await t.sql(
        `SELECT 1 FROM stage_transition s
           JOIN event e ON e.aggregate_id = s.application_id AND e.sequence = s.sequence
                       AND e.type = 'application.stage_changed'
          WHERE s.id = $1 AND s.application_id = $2 AND s.sequence = $3`,
        [databaseId(move.transition!.id), databaseId(move.applicationId), move.transition!.sequence],
      );
      expect({ move, stored: stored.length }).toEqual({ move, stored: 1 });
    }
    // No acknowledged write was answered twice (each has its own version).
    for (const applicationId of chains) {
      const versions = written.filter((o) => o.applicationId === applicationId).map((o) => o.version!);
      expect(new Set(versions).size).toBe(versions.length);
    }
    // Every event is delivered (at least once; the webhook-id lets the receiver drop a repeat).
    const [{ n: events }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM event WHERE type = 'application.stage_changed' AND position > $1::bigint`,
      [before],
    );
    await until(
      () => new Set(receiver.for('/restart').map((r) => r.webhookId)).size === events,
      'every delivery',
      120_000,
      async () =>
        JSON.stringify({
          events,
          received: new Set(receiver.for('/restart').map((r) => r.webhookId)).size,
          deliveries: await t.sql(
            `SELECT status, count(*)::int AS n, max(attempt_count) AS attempts FROM webhook_delivery GROUP BY status`,
          ),
          undelivered: await t.sql(
            `SELECT count(*)::int AS n FROM event e WHERE e.type = 'application.stage_changed' AND e.position > $1::bigint
               AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.event_id = e.id)`,
            [before],
          ),
          jobs: await t.sql(
            `SELECT task_identifier, locked_by, attempts, max_attempts, run_at, last_error FROM graphile_worker.jobs LIMIT 10`,
          ),
          worker: worker.output.join('').slice(-2500),
        }),
    );
    expect(new Set(receiver.for('/restart').map((r) => r.webhookId)).size).toBe(events);
  });
});
