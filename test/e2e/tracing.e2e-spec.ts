import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../support/test-app';
import { waitUntil } from '../support/wait';

const ROOT = join(__dirname, '../..');

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  scope: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP trace receiver (JSON encoding, what @opentelemetry/exporter-trace-otlp-http sends) on 127.0.0.1. */
class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly paths: string[] = [];
  private server!: Server;

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        receiver.paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        if (req.url === '/v1/traces')
          receiver.collect(JSON.parse(Buffer.concat(chunks).toString()) as OtlpBody);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private collect(body: OtlpBody): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value
        ?.stringValue;
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId,
            name: span.name,
            kind: span.kind,
            scope: scopeSpans.scope?.name ?? '',
            service: service ?? '',
            attributes: Object.fromEntries(
              (span.attributes ?? []).map((a) => [a.key, Object.values(a.value ?? {})[0]]),
            ),
          });
        }
      }
    }
  }
}

interface OtlpAttribute {
  key: string;
  value?: { stringValue?: string; intValue?: number | string; boolValue?: boolean };
}
interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      scope?: { name: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

/** A port free right now (the child binds it a moment later). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const describeOnServer = process.env.REQUISITE_TEST_DATABASE_KIND === 'embedded' ? describe.skip : describe;

describeOnServer('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let t: TestApp;
  let receiver: OtlpReceiver;
  let child: ChildProcess;
  const output: string[] = [];
  let baseUrl: string;
  const jwtSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    // The test process issues tokens the API process accepts: both sign with one JWT_SECRET.
    t = await createTestApp({ JWT_SECRET: jwtSecret });
    receiver = await OtlpReceiver.start();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // Tracing has to start before http, fastify, pg and graphql are loaded: a process of its own, as in production.
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: process.env.REQUISITE_TEST_DATABASE_URL,
        RUN_MODE: 'api',
        MIGRATIONS_RUN: 'false',
        JWT_SECRET: jwtSecret,
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_SERVICE_NAME: 'requisite-tracing-test',
        // Export every 100 ms instead of every 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`The API process exited: ${output.join('')}`);
      return Promise.resolve(output.join('').includes('Requisite listening'));
    }, 90_000);
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (child) await exited(child);
    await receiver?.stop();
    await t?.close();
  });

  it('exports the spans of a GraphQL request, down to its SQL, and logs its trace id', async () => {
    const user = await t.userWithRole('RECRUITER');
    // The caller's trace context is continued (W3C traceparent), so the trace id is known in advance.
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`${baseUrl}/graphql?note=query-string-secret`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${user.token}`,
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ query: 'query TracedViewer { viewer { name } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      viewer: { name: expect.any(String) },
    });

    const ofTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    await waitUntil(() =>
      Promise.resolve(
        ofTrace().some((s) => s.scope.includes('instrumentation-pg')) &&
          ofTrace().some((s) => s.scope.includes('instrumentation-graphql')) &&
          ofTrace().some((s) => s.scope.includes('instrumentation-http')),
      ),
    );
    const spans = ofTrace();
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['requisite-tracing-test']));
    // The server span of the request (SpanKind.SERVER = 2) …
    const server = spans.find((s) => s.scope.includes('instrumentation-http') && s.kind === 2)!;
    expect(server).toBeDefined();
    // … the GraphQL operation, named …
    expect(
      spans.some((s) => s.scope.includes('instrumentation-graphql') && /TracedViewer/.test(s.name)),
    ).toBe(true);
    // … and the statements it ran (the caller's lookup at least).
    const statements = spans.filter((s) => s.scope.includes('instrumentation-pg'));
    expect(statements.length).toBeGreaterThan(0);
    expect(
      statements.some(
        (s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql',
      ),
    ).toBe(true);
    // Fastify's own instrumentation too.
    expect(spans.some((s) => s.scope.includes('fastify'))).toBe(true);
    // Query strings stay out of traces, as out of logs; the SQL has its parameters as placeholders only.
    expect(JSON.stringify(spans)).not.toContain('query-string-secret');
    expect(JSON.stringify(spans)).not.toContain(user.email);

    // The log line of that request carries the trace id.
    await waitUntil(() => Promise.resolve(output.join('').includes(traceId)));
    const lines = output
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = lines.filter((line) => line.trace_id === traceId);
    expect(logged.length).toBeGreaterThan(0);
    expect(
      logged.every((line) => typeof line.span_id === 'string' && /^[0-9a-f]{16}$/.test(line.span_id)),
    ).toBe(true);
  });

  it('does not trace probes', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`${baseUrl}/health/live`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(response.status).toBe(200);
    // A later, traced request's spans arrive after the probe's would have.
    const later = randomBytes(16).toString('hex');
    await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${later}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await waitUntil(() => Promise.resolve(receiver.spans.some((s) => s.traceId === later)));
    expect(receiver.spans.filter((s) => s.traceId === traceId)).toEqual([]);
  });
});

describe('Tracing off (the default)', () => {
  it('loads none of the OpenTelemetry SDK or its instrumentation', async () => {
    // The application's whole module graph, loaded the way main.ts loads it, without OTEL_EXPORTER_OTLP_ENDPOINT.
    const script = `
      require('./src/observability/tracing-bootstrap');
      require('./src/app.factory');
      // The no-op API facade may be loaded (prom-client asks for it, for exemplars); the SDK, the exporter and the
      // instrumentations, which patch modules and cost per request, must not.
      const loaded = Object.keys(require.cache).filter(
        (f) => /@opentelemetry|@fastify[\\\\/]otel|require-in-the-middle|import-in-the-middle/.test(f) &&
          !/@opentelemetry[\\\\/]api[\\\\/]/.test(f),
      );
      console.log(JSON.stringify({ modules: Object.keys(require.cache).length, loaded }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'test' } },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { modules: number; loaded: string[] };
    expect(result.modules).toBeGreaterThan(100);
    expect(result.loaded).toEqual([]);
  }, 120_000);
});
