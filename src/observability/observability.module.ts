import {
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { DataSource } from 'typeorm';
import { inboundApplications, webhookAttempts } from '../common/diagnostics';
import { Environment } from '../config/environment';
import { Metrics } from './metrics';
import { MetricsServer, serveMetricsRoute } from './metrics-endpoint';

/** The process's `Metrics`, or null when metrics are off (nobody could scrape them, so nothing is collected). */
export const METRICS = Symbol('METRICS');

/**
 * Metrics (Prometheus) for operators: HTTP and GraphQL timings through hooks, feature reports through
 * `src/common/diagnostics.ts`, the pool and the job queue sampled at scrape time. Off unless METRICS_PORT or
 * METRICS_TOKEN is set, and then `/metrics` is served on that port, or on the API port for the token's bearer.
 */
@Global()
@Module({
  providers: [
    {
      provide: METRICS,
      inject: [Environment, getDataSourceToken()],
      useFactory: (env: Environment, dataSource: DataSource) =>
        env.metricsEnabled() ? new Metrics(dataSource) : null,
    },
  ],
  exports: [METRICS],
})
export class ObservabilityModule implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private readonly stopListening: (() => void)[] = [];
  private server: MetricsServer | null = null;

  constructor(
    @Inject(METRICS) private readonly metrics: Metrics | null,
    private readonly env: Environment,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    const metrics = this.metrics;
    if (!metrics) return;
    this.stopListening.push(
      webhookAttempts.listen((report) => metrics.observeWebhookAttempt(report)),
      inboundApplications.listen((report) => metrics.observeInbound(report)),
    );
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify && this.env.runsApi()) {
      fastify.addHook('onResponse', (request, reply, done) => {
        metrics.observeHttp(
          request.method,
          request.routeOptions.url,
          reply.statusCode,
          reply.elapsedTime / 1000,
        );
        done();
      });
      if (this.env.METRICS_TOKEN !== undefined) serveMetricsRoute(fastify, metrics, this.env.METRICS_TOKEN);
    }
    if (this.env.METRICS_PORT !== undefined) {
      this.server = new MetricsServer(metrics, this.env.METRICS_TOKEN);
      await this.server.listen(this.env.METRICS_PORT, this.env.HOST);
      this.logger.log(`Metrics at http://localhost:${this.server.port()}/metrics`);
    }
  }

  /** The metrics port actually bound (METRICS_PORT=0 takes a free one); null without one. */
  metricsPort(): number | null {
    return this.server?.port() ?? null;
  }

  onModuleDestroy(): void {
    for (const stop of this.stopListening.splice(0)) stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }
}
