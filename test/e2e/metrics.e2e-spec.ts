import { request as httpRequest } from 'node:http';
import { createHmac } from 'node:crypto';
import {
  createApplication,
  createCandidate,
  createRequisition,
  databaseId,
  moveApplication,
} from '../factories';
import { createJobBoard, publishRequisition } from '../factories/job-boards';
import { ObservabilityModule } from '../../src/observability/observability.module';
import { parsePrometheus, Sample, sampleValue } from '../support/prometheus';
import { createTestApp, TestApp } from '../support/test-app';
import { deleteAllSubscriptions, waitUntil } from '../support/wait';
import { WEBHOOK_TEST_ENV, WebhookReceiver } from '../support/webhook-receiver';

const TOKEN = 'metrics-token-for-the-tests';

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Metrics are never public by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has no /metrics without METRICS_TOKEN or METRICS_PORT', async () => {
    expect((await t.http.get('/metrics')).status).toBe(404);
    expect((await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`)).status).toBe(404);
    expect(t.app.get(ObservabilityModule).metricsPort()).toBeNull();
  });
});

describe('GET /metrics behind METRICS_TOKEN', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    t = await createTestApp({ ...WEBHOOK_TEST_ENV, METRICS_TOKEN: TOKEN });
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await deleteAllSubscriptions((query) => t.sql(query));
    await t.close();
    await receiver.stop();
  });

  async function scrape(): Promise<Sample[]> {
    const response = await t.http.get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(response.text);
  }

  it('refuses a scraper without the token, or with another one, as problem details', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', `Basic ${TOKEN}`]) {
      const call = t.http.get('/metrics');
      const response = await (authorization ? call.set('authorization', authorization) : call);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.text).not.toContain('requisite_');
    }
  });

  it('times HTTP requests by method, route pattern and status, never by raw path', async () => {
    await createRequisition(t);
    await t.http.get('/health/live');
    await t.http.get('/no/such/path/42');
    const samples = await scrape();
    expect(
      sampleValue(samples, 'requisite_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/graphql',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'requisite_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(samples, 'requisite_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/health/live',
        status: '200',
      }),
    ).toBe(1);
    expect(samples.some((s) => s.labels.route?.includes('/no/such'))).toBe(false);
  });

  it('times GraphQL operations by name, type and outcome, collapsing what a caller names freely', async () => {
    await t.gql('query ViewerName { viewer { name } }');
    await t.gql('query ViewerName { viewer { name } }');
    await t.gql('{ viewer { name } }');
    await t.gql('query Broken { viewer { ');
    await t.gql('query NoSuchField { viewer { shoeSize } }');
    // Callers without credentials cannot add operation names (anybody could fill them with junk) …
    await t.gqlAs(null, 'query Anonymous { viewer { name } }');
    // … but a name already known is kept for them.
    await t.gqlAs(null, 'query ViewerName { viewer { name } }');
    await t.gql(
      `mutation Refused($input: CreateCandidateInput!) { createCandidate(input: $input) { userErrors { code } } }`,
      { input: { fullName: 'No Email', email: 'not-an-e-mail' } },
    );
    const samples = await scrape();
    const count = (labels: Record<string, string>) =>
      sampleValue(samples, 'requisite_graphql_operation_duration_seconds_count', labels);
    expect(count({ operation: 'ViewerName', type: 'query', outcome: 'ok' })).toBe(2);
    expect(count({ operation: 'anonymous', type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    // Unparsable or invalid documents never become operation names.
    expect(count({ operation: 'invalid', type: 'unknown', outcome: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(count({ operation: 'invalid', type: 'unknown', outcome: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(count({ operation: 'other', type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(count({ operation: 'ViewerName', type: 'query', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(count({ operation: 'Refused', type: 'mutation', outcome: 'user_error' })).toBe(1);
    expect(samples.some((s) => ['Broken', 'NoSuchField', 'Anonymous'].includes(s.labels.operation))).toBe(
      false,
    );
  });

  it('reports the pool of this process and the job queue of the database', async () => {
    const samples = await scrape();
    expect(sampleValue(samples, 'requisite_db_pool_max')).toBe(20);
    expect(sampleValue(samples, 'requisite_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(
      0,
    );
    expect(sampleValue(samples, 'requisite_db_pool_waiting')).toBe(0);
    expect(sampleValue(samples, 'requisite_job_queue_up')).toBe(1);
    for (const state of ['ready', 'scheduled', 'locked', 'failed'])
      expect(sampleValue(samples, 'requisite_job_queue_jobs', { state })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'requisite_job_queue_oldest_ready_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts the jobs due and reports the age of the oldest', async () => {
    // A job nobody handles, due a minute ago: ready, and at least 60 s old.
    const [job] = await t.sql<{ id: string }>(
      `SELECT (graphile_worker.add_job('metrics.test_probe', '{}'::json, queue_name => 'metrics-probe',
                run_at => now() - interval '60 seconds')).id::text AS id`,
    );
    try {
      const samples = await scrape();
      expect(sampleValue(samples, 'requisite_job_queue_jobs', { state: 'ready' })).toBeGreaterThanOrEqual(1);
      expect(sampleValue(samples, 'requisite_job_queue_oldest_ready_age_seconds')).toBeGreaterThanOrEqual(60);
    } finally {
      await t.sql(`SELECT graphile_worker.permanently_fail_jobs(ARRAY[$1::bigint], 'test over')`, [job.id]);
      await t.sql(`DELETE FROM graphile_worker._private_jobs WHERE id = $1::bigint`, [job.id]);
    }
  });

  it('counts webhook attempts by subscription and outcome, and times the delivery lag', async () => {
    const subscribe = async (path: string) => {
      const data = await t.ok<{ createWebhookSubscription: { webhookSubscription: { id: string } } }>(
        `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
           webhookSubscription { id } secret userErrors { code } } }`,
        { input: { url: receiver.url(path), eventTypes: ['application.stage_changed'] } },
      );
      return databaseId(data.createWebhookSubscription.webhookSubscription.id);
    };
    receiver.respond((request) => ({ status: request.path === '/metrics-failing' ? 500 : 204 }));
    const healthy = await subscribe('/metrics-hooks');
    const failing = await subscribe('/metrics-failing');
    const requisition = await createRequisition(t);
    const candidate = await createCandidate(t);
    const application = await createApplication(t, candidate.id, requisition.id);
    await moveApplication(t, { id: application.id, stageId: requisition.stages[1].id });
    let samples: Sample[] = [];
    const attempts = (subscription: string, outcome: string) =>
      sampleValue(samples, 'requisite_webhook_attempts_total', { subscription, outcome });
    // The failing endpoint gets every attempt of the schedule (three, 0.3 s apart).
    await waitUntil(async () => {
      samples = await scrape();
      return attempts(healthy, 'succeeded') === 1 && attempts(failing, 'failed') === 3;
    });
    expect(attempts(healthy, 'failed')).toBeUndefined();
    expect(attempts(failing, 'succeeded')).toBeUndefined();
    expect(
      sampleValue(samples, 'requisite_webhook_delivery_lag_seconds_count', { subscription: healthy }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'requisite_webhook_delivery_lag_seconds_sum', { subscription: healthy }),
    ).toBeGreaterThan(0);
    // Lag is the time to a successful receipt: a delivery that never succeeded has none.
    expect(
      sampleValue(samples, 'requisite_webhook_delivery_lag_seconds_count', { subscription: failing }),
    ).toBe(undefined);
    expect(
      sampleValue(samples, 'requisite_webhook_attempt_duration_seconds_count', { subscription: failing }),
    ).toBe(3);
  });

  it('counts inbound applications by source and outcome', async () => {
    const board = await createJobBoard(t, 'INDEED', 'Indeed for metrics');
    const requisition = await createRequisition(t);
    const [posting] = await publishRequisition(t, requisition.id, [board.id]);
    const url = `/v1/integrations/indeed/${board.slug}/applications`;
    const body = JSON.stringify({ id: 'metrics-1', job: { jobId: posting }, applicant: {} });
    const unsigned = await t.http.post(url).set('content-type', 'application/json').send(body);
    expect(unsigned.status).toBe(401);
    const signature = createHmac('sha1', board.secret).update(body).digest('base64');
    const unreadable = await t.http
      .post(url)
      .set('content-type', 'application/json')
      .set('x-indeed-signature', signature)
      .send(body);
    expect(unreadable.status).toBeGreaterThanOrEqual(400);
    const samples = await scrape();
    expect(
      sampleValue(samples, 'requisite_inbound_applications_total', {
        source: 'INDEED',
        outcome: 'unauthenticated',
      }),
    ).toBe(1);
    const refused = samples.filter(
      (s) => s.name === 'requisite_inbound_applications_total' && s.labels.source === 'INDEED',
    );
    expect(refused.reduce((sum, s) => sum + s.value, 0)).toBe(2);
  });
});

describe('METRICS_PORT: a listener of its own', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    // Port 0 takes a free port: tests never use fixed ones.
    t = await createTestApp({ METRICS_PORT: '0', HOST: '127.0.0.1' });
    port = t.app.get(ObservabilityModule).metricsPort()!;
  });
  afterAll(() => t.close());

  it('serves /metrics there, and not on the API port without a token', async () => {
    await t.gql('query Hello { viewer { name } }');
    const response = await get(port, '/metrics');
    expect(response.status).toBe(200);
    const samples = parsePrometheus(response.body);
    expect(
      sampleValue(samples, 'requisite_graphql_operation_duration_seconds_count', { operation: 'Hello' }),
    ).toBe(1);
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect((await t.http.get('/metrics')).status).toBe(404);
  });

  it('answers nothing else', async () => {
    expect((await get(port, '/')).status).toBe(404);
    expect((await get(port, '/graphql')).status).toBe(404);
  });
});

describe('METRICS_PORT with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('asks for the token on the metrics port too', async () => {
    const port = t.app.get(ObservabilityModule).metricsPort()!;
    expect((await get(port, '/metrics')).status).toBe(401);
    expect((await get(port, '/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('A worker process (RUN_MODE=worker)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RUN_MODE: 'worker', METRICS_PORT: '0', HOST: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('is scraped on its metrics port: the job queue and its own pool, no HTTP timings', async () => {
    const response = await get(t.app.get(ObservabilityModule).metricsPort()!, '/metrics');
    expect(response.status).toBe(200);
    const samples = parsePrometheus(response.body);
    expect(sampleValue(samples, 'requisite_job_queue_up')).toBe(1);
    expect(sampleValue(samples, 'requisite_db_pool_max')).toBe(20);
    expect(samples.filter((s) => s.name.startsWith('requisite_http_request_duration_seconds'))).toEqual([]);
  });
});
