/**
 * Imported by bench/run.ts right after production-mode, before anything the tracing instruments is loaded:
 * `BENCH_OTEL=1` measures the application with OpenTelemetry tracing on, exporting every span over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (a real collector), or else to a sink process of the harness's own that accepts and
 * discards them (so the figure is the application's cost, not a collector's). `BENCH_METRICS=1` is applied in
 * app.ts (metrics on, scraped every 5 s as Prometheus would).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadEnvironment } from '../../src/config/environment';
import { startTracing } from '../../src/observability/tracing';

export const BENCH_OTEL = process.env.BENCH_OTEL === '1';
export const BENCH_METRICS = process.env.BENCH_METRICS === '1';

/** An OTLP/HTTP endpoint that answers every export with 200 and keeps nothing, in a process of its own. */
function startSink(): string {
  // Spans are only sent after the first batch delay (5 s), long after the sink is listening.
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const sink = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.writeHead(200, ` +
        `{ 'content-type': 'application/json' }).end('{}')); }).listen(${port}, '127.0.0.1');`,
    ],
    { stdio: 'inherit' },
  );
  sink.unref();
  process.once('exit', () => sink.kill());
  return `http://127.0.0.1:${port}`;
}

if (BENCH_OTEL) {
  // The SDK reads the standard variables itself; the harness only fills in the endpoint.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT ??= startSink();
  process.env.OTEL_SERVICE_NAME ??= 'requisite-bench';
  // Production mode (production-mode.ts) requires a JWT secret, which tracing does not use: app.ts makes the app's.
  startTracing(loadEnvironment({ ...process.env, JWT_SECRET: randomBytes(32).toString('hex') }));
  process.stderr.write(`Tracing on: spans exported to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}.\n`);
}
