/**
 * The first import of main.ts (also usable as `node -r dist/src/observability/tracing-bootstrap.js`): starts
 * tracing before anything it instruments (http, fastify, pg, graphql) is loaded, and only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is configured. Otherwise not one module of OpenTelemetry is loaded.
 */
import { existsSync } from 'node:fs';
import { ConfigurationError, Environment, loadEnvironment } from '../config/environment';

let stop: () => Promise<void> = () => Promise.resolve();

function tracingEnvironment(): Environment | null {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const env = loadEnvironment();
    return env.tracingEnabled() ? env : null;
  } catch (error) {
    // main.ts reports an invalid configuration and exits.
    if (error instanceof ConfigurationError) return null;
    throw error;
  }
}

const configured = tracingEnvironment();
if (configured) {
  // A synchronous load on purpose: the instrumentation must be in place before main.ts's next import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tracing = require('./tracing') as typeof import('./tracing');
  stop = tracing.startTracing(configured);
}

/** Flushes the spans still buffered and stops tracing (nothing to do when it is off). */
export function stopTracing(): Promise<void> {
  return stop();
}
