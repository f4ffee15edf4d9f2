import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Route config (`@RouteConfig(RAW_BODY)`) for handlers that need the JSON body as the exact bytes received. */
export const RAW_BODY = { rawBody: true };

/**
 * The body limit of routes that take a resume (Indeed Apply sends it base64 inside the JSON; the career page as a
 * multipart file): a 5 MiB file is 6.7 MiB in base64, plus room for the answers. Every other route keeps
 * BODY_LIMIT_BYTES.
 */
export const APPLICATION_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Route config for handlers that need the raw JSON body and take a resume (`@RouteConfig(RAW_BODY_WITH_RESUME)`). */
export const RAW_BODY_WITH_RESUME = { rawBody: true, bodyLimit: APPLICATION_BODY_LIMIT_BYTES };

/** Like RAW_BODY_WITH_RESUME, and also taking `multipart/form-data` (read by the handler with @fastify/multipart). */
export const RAW_OR_MULTIPART_BODY = { ...RAW_BODY_WITH_RESUME, multipart: true };

/** The largest file a multipart request may carry (a resume). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Limits of every multipart body (@fastify/multipart reads them as a stream, not through the body limit): one file of
 * at most 5 MiB (a larger one is 413 as soon as it passes the limit), at most 20 fields of at most 1 MiB each (the
 * answers are the large one), so what a request can make the process hold is bounded.
 */
export const MULTIPART_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  files: 1,
  fields: 20,
  fieldSize: 1024 * 1024,
  fieldNameSize: 100,
  parts: 21,
  headerPairs: 100,
};

/** Whether the request's route takes multipart bodies (RAW_OR_MULTIPART_BODY). */
export function takesMultipart(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { multipart?: boolean } | undefined)?.multipart === true;
}

/**
 * Gives routes whose config names a `bodyLimit` that limit (never less than the global one). Must be added before
 * the routes are registered (before `app.init()`).
 */
export function applyRouteBodyLimits(fastify: FastifyInstance, globalLimit: number): void {
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number' && route.bodyLimit === undefined) {
      route.bodyLimit = Math.max(limit, globalLimit);
    }
  });
}

/**
 * Replaces the JSON parser with one that hands routes marked RAW_BODY the body as a Buffer, unparsed, so a
 * signature can be checked over the exact bytes before anything is parsed. Every other route gets Fastify's own
 * parser (with its prototype-poisoning protection) exactly as before. Runs at module init, after Nest has
 * registered its body parsers and before Fastify is ready.
 */
@Injectable()
export class RawJsonBodies implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // No HTTP server (e.g. printing the schema): nothing to parse.
    if (!fastify?.addContentTypeParser) return;
    const parseJson = fastify.getDefaultJsonParser('error', 'error');
    if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      const config = request.routeOptions.config as { rawBody?: boolean } | undefined;
      if (config?.rawBody) {
        done(null, body);
        return;
      }
      void parseJson(request, body as Buffer & string, done);
    });
  }
}
