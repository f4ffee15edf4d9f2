import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { Lifecycle } from '../../src/common/lifecycle';
import { loadEnvironment } from '../../src/config/environment';
import { shutDownGracefully } from '../../src/shutdown';
import { unique } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

async function listen(t: TestApp): Promise<number> {
  const server = t.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request whose body is sent in two parts: the second only when `release` resolves (a request in flight). */
function slowRequest(
  port: number,
  path: string,
  token: string,
  body: unknown,
  release: Promise<void>,
): Promise<RawResponse> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.write(payload.subarray(0, 10));
    void release.then(() => req.end(payload.subarray(10)));
  });
}

const CREATE_CANDIDATE = `mutation($input: CreateCandidateInput!) {
  createCandidate(input: $input) { candidate { id } userErrors { code } } }`;

describe('shutting down (SIGTERM)', () => {
  describe('the stages a load balancer sees', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('draining: readiness 503 at once, requests still served, each answer closes its connection', async () => {
      const lifecycle = t.app.get(Lifecycle);
      expect((await t.http.get('/health/ready')).status).toBe(200);
      lifecycle.drain();
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect(ready.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(ready.body.errors)).toContain('shutting down');
      expect((await t.http.get('/health/live')).status).toBe(200);
      const served = await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ query: '{ viewer { name } }' });
      expect(served.status).toBe(200);
      expect(served.body.data.viewer.name).toBeTruthy();
      expect(served.headers.connection).toBe('close');
    });

    it('refusing: a new request gets 503 problem+json with Retry-After and nothing of it runs', async () => {
      t.app.get(Lifecycle).refuseNewRequests();
      const email = `refused.${unique()}@example.com`;
      const refused = await t.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ query: CREATE_CANDIDATE, variables: { input: { fullName: 'Refused', email } } });
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers.connection).toBe('close');
      expect(refused.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(await t.sql('SELECT id FROM candidate WHERE email = $1', [email])).toEqual([]);
      const rest = await t.http.get('/v1/events').set('authorization', `Bearer ${t.adminToken}`);
      expect(rest.status).toBe(503);
    });
  });

  it('a request in flight when the signal arrives finishes and is answered; then the port is closed', async () => {
    const t = await createTestApp({ SHUTDOWN_GRACE_SECONDS: '30' });
    const port = await listen(t);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const email = `inflight.${unique()}@example.com`;
    const inFlight = slowRequest(
      port,
      '/graphql',
      t.adminToken,
      { query: CREATE_CANDIDATE, variables: { input: { fullName: 'In flight', email } } },
      released,
    );
    // The request's headers have arrived (it has started) before the shutdown begins.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const messages: string[] = [];
    const stopping = shutDownGracefully(
      t.app,
      loadEnvironment({ SHUTDOWN_GRACE_SECONDS: '30', RUN_MODE: 'api' }),
      {
        log: (message) => messages.push(message),
        warn: (message) => messages.push(message),
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.app.get(Lifecycle).refusing).toBe(true);
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.data.createCandidate.userErrors).toEqual([]);
    expect(answer.headers.connection).toBe('close');
    await expect(stopping).resolves.toBe(true);
    expect(messages).toEqual([]);
    // The answered write is in the database (checked with a connection of our own: the app's pool is closed).
    const { Client } = await import('pg');
    const client = new Client({ connectionString: process.env.REQUISITE_TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT full_name FROM candidate WHERE email = $1', [email]);
      expect(rows).toEqual([{ full_name: 'In flight' }]);
    } finally {
      await client.end();
    }
    await expect(
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/health/live' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
