import type { FastifyInstance } from 'fastify';

export const LIVENESS_PATH = '/health/live';

const ALIVE = { status: 'ok' } as const;

/**
 * `GET /health/live`: the process is up and serving HTTP; says nothing about dependencies (for liveness probes).
 *
 * Served by Fastify itself rather than by a Nest controller: probes poll it often and it needs nothing Nest's
 * per-request pipeline offers (it is public, never throttled, takes no input and cannot fail), and that pipeline
 * (router context, three global guards, the exception zone) was about half of its CPU (BENCHMARKS.md, floor).
 * Every Fastify hook still runs: the request log, the request id, refusal while shutting down, CORS, metrics.
 */
export function serveLiveness(fastify: FastifyInstance): void {
  fastify.get(LIVENESS_PATH, (_request, reply) => reply.send(ALIVE));
}

/** Its entry in the OpenAPI document (the controller that documented it is gone). */
export const LIVENESS_OPENAPI = {
  get: {
    operationId: 'HealthController_live',
    parameters: [],
    responses: { '200': { description: '' } },
    tags: ['health'],
  },
};
