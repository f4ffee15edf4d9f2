import { FastifyOtelInstrumentation } from '@fastify/otel';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import type { IncomingMessage } from 'node:http';
import type { Environment } from '../config/environment';
import { provideTraceLogFields } from './trace-log';

/** Probes and scrapes arrive every few seconds and say nothing about a user's request. */
const UNTRACED_PATHS = /^\/(health\/|metrics(\?|$))/;

/** URL attributes of HTTP spans (old and new semantic conventions), whose query strings are cut off. */
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full', 'url.path'];

/**
 * Keeps query strings out of traces, as out of logs: a cursor or a search term is the caller's business, and a
 * webhook subscriber's URL may carry its own token there. The HTTP instrumentation sets these attributes when the
 * span starts, so they are rewritten before anything is exported.
 */
export class QueryStringRedactor implements tracing.SpanProcessor {
  onStart(span: tracing.Span): void {
    const attributes = span.attributes;
    for (const key of URL_ATTRIBUTES) {
      const value = attributes[key];
      if (typeof value === 'string' && value.includes('?')) span.setAttribute(key, value.split('?')[0]);
    }
    if (attributes['url.query'] !== undefined) span.setAttribute('url.query', 'REDACTED');
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Starts the OpenTelemetry Node SDK: traces only (metrics are Prometheus's, logs stay on stdout), exported over
 * OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, with HTTP (in and out), Fastify, pg and GraphQL instrumentation. Must
 * run before those modules are loaded: `tracing-bootstrap.ts` is the first import of main.ts. Returns the
 * function that flushes and stops it.
 */
export function startTracing(env: Environment): () => Promise<void> {
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME,
    // Batches of spans (OTEL_BSP_* tune them) to OTEL_EXPORTER_OTLP_ENDPOINT, with their query strings cut off.
    spanProcessors: [new QueryStringRedactor(), new tracing.BatchSpanProcessor(new OTLPTraceExporter())],
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      // Statements outside any traced request (the job queue's polling) would be noise.
      new PgInstrumentation({ requireParentSpan: true }),
      // Parse, validate and execute; one span per resolved field would cost more than it tells.
      new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }),
    ],
  });
  sdk.start();
  provideTraceLogFields((): Record<string, string> => {
    const context = trace.getActiveSpan()?.spanContext();
    return context && isSpanContextValid(context)
      ? { trace_id: context.traceId, span_id: context.spanId }
      : {};
  });
  return () => sdk.shutdown();
}
