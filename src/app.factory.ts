import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOptions } from './app.module';
import { CurrentRequest } from './common/current-request';
import { Lifecycle } from './common/lifecycle';
import { problem, sendProblem } from './common/errors/problem-details';
import { applyRouteBodyLimits, MULTIPART_LIMITS, takesMultipart } from './common/http/raw-json-body';
import { serveOpenApi } from './openapi';
import { serveGraphQLIde } from './common/graphql/graphql-ide';
import { Environment } from './config/environment';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Answers a request Node's HTTP parser could not read, as problem details, and closes the connection. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request URL or headers are larger than 16 KB.']
        : [400, 'The request is not valid HTTP (for example, a raw non-ASCII byte in the URL).'];
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApp(env: Environment, options: AppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.trustProxy(),
    // A caller's request id is kept when it is sane, so logs correlate across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Errors Fastify's router raises before any route runs (a path parameter over 100 characters, a malformed
    // URL) are problem details like every other error, not Fastify's own JSON.
    // A body that would reach an object's prototype through `__proto__` or `constructor.prototype` is refused while
    // it is parsed (the validation pipe refuses the other prototype keys).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // What Node's HTTP parser refuses (a raw non-ASCII byte in the path, headers or a URL over 16 KB) never reaches
    // Fastify: it is answered on the socket, as problem details like every other error.
    clientErrorHandler: answerClientError,
    // Node answers an HTTP/1.1 request without Host with a bare 400 of its own; the request comes through instead and
    // is refused below, as problem details.
    http: { requireHostHeader: false },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 400;
      const detail =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path parameter is longer than 100 characters.'
          : 'The request URL is malformed.';
      sendProblem(reply, request, problem(status, detail));
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ ...options, env }),
    adapter,
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  applyRouteBodyLimits(fastify, env.BODY_LIMIT_BYTES);
  await app.register(multipart, { limits: MULTIPART_LIMITS });
  // Only routes that say so take multipart bodies; everywhere else they are refused as before (415).
  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.isMultipart() && !takesMultipart(request)) {
      sendProblem(reply, request, problem(415, 'This content type is not accepted here.'));
      return;
    }
    done();
  });
  // Shutting down (src/shutdown.ts): answers tell clients to reconnect (elsewhere, behind a load balancer), and
  // once new requests are refused they get 503 before anything runs, so a refused request can safely be sent again.
  const lifecycle = app.get(Lifecycle);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!lifecycle.refusing) return done();
    void reply.header('retry-after', '1');
    sendProblem(
      reply,
      request,
      problem(503, 'This instance is shutting down; send the request again.', {
        code: 'SERVICE_UNAVAILABLE',
      }),
    );
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (lifecycle.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  // Each request runs in its own context (request id, IP, and the principal once authenticated), which history,
  // events and the audit log read instead of having it passed through every call.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (request.raw.httpVersion === '1.1' && !request.headers.host) {
      sendProblem(reply, request, problem(400, 'An HTTP/1.1 request must have a Host header.'));
      return;
    }
    CurrentRequest.run({ requestId: request.id, ip: request.ip, actor: null }, done);
  });
  serveOpenApi(app);
  // GraphiQL for browsers opening /graphql (GRAPHQL_IDE; off in production unless asked for).
  if (env.graphqlIdeEnabled()) serveGraphQLIde(fastify);
  const origins = env.corsOrigins();
  app.enableCors({ origin: origins.length > 0 ? origins : false });
  return app;
}
