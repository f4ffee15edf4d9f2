import type { FastifyInstance } from 'fastify';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics';
import { bearerMatches } from './metrics.rules';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

function problemBody(status: number, title: string, detail: string): string {
  return JSON.stringify({ type: 'about:blank', title, status, detail });
}

/** `/metrics` on the API port, for scrapers presenting METRICS_TOKEN; 404 for everyone else (nothing to find). */
export function serveMetricsRoute(fastify: FastifyInstance, metrics: Metrics, token: string): void {
  fastify.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) {
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .type(PROBLEM_TYPE)
        .send(problemBody(401, 'Unauthorized', 'Send the metrics token as "Authorization: Bearer <token>".'));
    }
    const text = await metrics.render();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}

/**
 * A plain HTTP listener of its own that answers `GET /metrics` only (and asks for the token when one is set), so
 * the metrics port can stay inside the cluster while the API port faces the load balancer.
 */
export class MetricsServer {
  private server: Server | null = null;

  constructor(
    private readonly metrics: Metrics,
    private readonly token: string | undefined,
  ) {}

  async listen(port: number, host: string): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      const answer = (status: number, type: string, body: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
        response.end(body);
      };
      if (path !== '/metrics')
        return answer(404, PROBLEM_TYPE, problemBody(404, 'Not Found', 'Try /metrics.'));
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return answer(405, PROBLEM_TYPE, problemBody(405, 'Method Not Allowed', 'Use GET.'), {
          allow: 'GET',
        });
      if (this.token !== undefined && !bearerMatches(request.headers.authorization, this.token))
        return answer(401, PROBLEM_TYPE, problemBody(401, 'Unauthorized', 'Send the metrics token.'), {
          'www-authenticate': 'Bearer realm="metrics"',
        });
      this.metrics.render().then(
        (text) => answer(200, this.metrics.contentType, text),
        () =>
          answer(500, PROBLEM_TYPE, problemBody(500, 'Internal Server Error', 'Metrics are unavailable.')),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
  }

  /** The bound port (METRICS_PORT=0 picks a free one). */
  port(): number | null {
    return (this.server?.address() as AddressInfo | null)?.port ?? null;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
