import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Lifecycle } from './common/lifecycle';
import { Environment } from './config/environment';

export interface ShutdownLog {
  log(message: string): void;
  warn(message: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the process without losing anything it acknowledged (SIGTERM, SIGINT):
 * 1. readiness turns false (503) and answers carry `Connection: close`, while requests are still served for
 *    SHUTDOWN_DELAY_SECONDS so a load balancer polling readiness stops routing here first;
 * 2. new requests are refused with 503 + Retry-After (nothing of them ran: safe to send again); the listening
 *    socket closes once the background worker has stopped, so new connections go to the other instances;
 * 3. the worker stops taking jobs; running ones get SHUTDOWN_GRACE_SECONDS to finish, then are interrupted and
 *    released (graphile-worker fails them back to the queue, our heartbeat rows go), never left locked;
 * 4. in-flight HTTP requests finish (within the same grace; then their connections are cut), the pool closes.
 * Resolves true when everything finished in time, false when something had to be cut off.
 */
export async function shutDownGracefully(
  app: NestFastifyApplication,
  env: Environment,
  log: ShutdownLog,
): Promise<boolean> {
  const lifecycle = app.get(Lifecycle);
  lifecycle.drain();
  if (env.SHUTDOWN_DELAY_SECONDS > 0) {
    log.log(`readiness is false; requests are still served for ${env.SHUTDOWN_DELAY_SECONDS} s`);
    await sleep(env.SHUTDOWN_DELAY_SECONDS * 1000);
  }
  lifecycle.refuseNewRequests();
  let cutOff = false;
  const server = env.runsApi() ? app.getHttpServer() : undefined;
  // The grace covers jobs and requests together; an extra second lets interrupted jobs record themselves.
  const deadline = setTimeout(
    () => {
      cutOff = true;
      log.warn(`requests still running after ${env.SHUTDOWN_GRACE_SECONDS} s: closing their connections`);
      server?.closeAllConnections();
    },
    (env.SHUTDOWN_GRACE_SECONDS + 1) * 1000,
  );
  deadline.unref();
  try {
    // Worker first (beforeApplicationShutdown), then HTTP (Fastify waits for requests in flight), then the pool.
    await app.close();
  } finally {
    clearTimeout(deadline);
  }
  return !cutOff;
}
