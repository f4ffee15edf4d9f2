import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { loggableError } from './loggable-error';
import { UserErrorCode } from './user-error-code';

/** RFC 9457 problem details; `code` matches the GraphQL error codes. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: unknown[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
};

const DOMAIN_STATUS: Partial<Record<UserErrorCode, number>> = {
  [UserErrorCode.INVALID_INPUT]: 400,
  [UserErrorCode.NOT_FOUND]: 404,
  [UserErrorCode.WEBHOOK_URL_NOT_ALLOWED]: 422,
};

export function problem(
  status: number,
  detail?: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  const code = extra.code ?? CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
  return {
    type: `https://requisite.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'),
    status,
    ...(detail ? { detail } : {}),
    ...extra,
    code,
  };
}

/** Maps anything thrown on a REST route, or by Fastify before routing (body limits, bad JSON), to a problem. */
export function toProblem(
  error: unknown,
  logger: { error(message: unknown, context?: string): void },
): ProblemDetails {
  if (error instanceof DomainError) {
    return problem(DOMAIN_STATUS[error.code] ?? 409, error.message, {
      code: error.code,
      errors: error.errors,
    });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) return problem(status, error.message);
    if (status === 503) {
      // Health checks say which dependency is down; that is the point of asking.
      const details = error.getResponse();
      return problem(503, 'A dependency is unavailable.', {
        code: 'SERVICE_UNAVAILABLE',
        errors: typeof details === 'object' ? [details] : undefined,
      });
    }
  }
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const detail =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'The request body is larger than this endpoint accepts.'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'This content type is not accepted here.'
          : status === 400 && error instanceof SyntaxError
            ? 'The request body is not valid JSON.'
            : fastifyError.message;
    return problem(status, detail);
  }
  logger.error({ err: loggableError(error) }, 'Unexpected error');
  return problem(500, 'Something went wrong on our side; it has been logged.');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: ProblemDetails): void {
  void reply
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ ...body, instance: request.url });
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    // GraphQL resolvers' errors are formatted by Apollo (formatGraphQLError); rethrowing hands them back.
    if (host.getType<string>() === 'graphql') throw error;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    // Throttling errors say when to come back.
    const retryAfter = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number')
      void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    sendProblem(reply, http.getRequest<FastifyRequest>(), toProblem(error, this.logger));
  }
}
