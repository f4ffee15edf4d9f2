import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Route config (`@RouteConfig(RAW_BODY)`) for handlers that need the JSON body as the exact bytes received. */
export const RAW_BODY = { rawBody: true };

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
