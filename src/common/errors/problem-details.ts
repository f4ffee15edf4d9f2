import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
} from './database-unavailable';
import { DomainError } from './domain-error';
import { loggableError } from './loggable-error';
import { toGlobalId } from '../graphql/global-id';
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

/** The HTTP status of every refusal, named one by one so that a new code cannot fall through to a guess. */
const DOMAIN_STATUS = {
  [UserErrorCode.INVALID_INPUT]: 400,
  [UserErrorCode.NOT_FOUND]: 404,
  [UserErrorCode.STALE_VERSION]: 409,
  [UserErrorCode.INVALID_STATUS_TRANSITION]: 409,
  [UserErrorCode.REQUISITION_NOT_OPEN]: 409,
  [UserErrorCode.REQUISITION_CLOSED]: 409,
  [UserErrorCode.HEADCOUNT_BELOW_HIRED]: 409,
  [UserErrorCode.STAGE_NOT_IN_REQUISITION]: 409,
  [UserErrorCode.STAGE_NOT_EMPTY]: 409,
  [UserErrorCode.STAGE_NOT_REMOVABLE]: 409,
  [UserErrorCode.DUPLICATE_STAGE_NAME]: 409,
  [UserErrorCode.APPLICATION_NOT_ACTIVE]: 409,
  [UserErrorCode.APPLICATION_NOT_REOPENABLE]: 409,
  [UserErrorCode.DUPLICATE_APPLICATION]: 409,
  [UserErrorCode.DUPLICATE_CANDIDATE]: 409,
  [UserErrorCode.DUPLICATE_USER]: 409,
  [UserErrorCode.LAST_ADMIN]: 409,
  [UserErrorCode.DUPLICATE_JOB_BOARD]: 409,
  [UserErrorCode.JOB_BOARD_INACTIVE]: 409,
  [UserErrorCode.WEBHOOK_URL_NOT_ALLOWED]: 422,
  [UserErrorCode.WEBHOOK_SUBSCRIPTION_DISABLED]: 409,
  [UserErrorCode.MENTIONED_USER_CANNOT_SEE]: 422,
  [UserErrorCode.NOT_NOTE_AUTHOR]: 403,
  [UserErrorCode.INTERVIEWER_UNAVAILABLE]: 409,
  [UserErrorCode.INTERVIEWER_NOT_ON_TEAM]: 422,
  [UserErrorCode.INTERVIEW_NOT_SCHEDULED]: 409,
  [UserErrorCode.NOT_AN_INTERVIEWER]: 403,
  [UserErrorCode.DUPLICATE_REJECTION_REASON]: 409,
  [UserErrorCode.OFFER_ALREADY_OPEN]: 409,
  [UserErrorCode.CANDIDATE_HAS_ACTIVE_APPLICATION]: 409,
  [UserErrorCode.NOT_YOUR_TURN]: 409,
} satisfies Record<UserErrorCode, number>;

/** One refusal in a problem's `errors`: where it is, as RFC 9457 suggests (a JSON pointer, or a parameter's name). */
export interface ProblemError {
  code: UserErrorCode;
  message: string;
  /** The field's domain path, as GraphQL's `userErrors` give it (without GraphQL's `input`). */
  field: string[] | null;
  /** JSON pointer into the request body, as a URI fragment (`#/salaryRange/min`). */
  pointer?: string;
  /** The path or query parameter at fault (`id`). */
  parameter?: string;
  existingId?: string | null;
}

/** Where a request's parameters are, so that a refusal of one is not pointed into the body. */
export interface RequestParameters {
  path: readonly string[];
  query: readonly string[];
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A DomainError's details as problem `errors`: domain paths become pointers, records become global ids. */
export function problemErrors(error: DomainError, parameters?: RequestParameters): ProblemError[] {
  return error.errors.map((detail) => {
    const located: ProblemError = { code: detail.code, message: detail.message, field: detail.field };
    const [first] = detail.field ?? [];
    if (
      first !== undefined &&
      detail.field!.length === 1 &&
      (parameters?.path.includes(first) || parameters?.query.includes(first))
    ) {
      located.parameter = first;
    } else if (
      detail.field &&
      detail.field.length > 0 &&
      !(detail.field.length === 1 && detail.field[0] === 'body')
    ) {
      located.pointer = `#/${detail.field.map(escapePointer).join('/')}`;
    } else if (detail.field) {
      located.pointer = '#';
    }
    if (detail.existing) located.existingId = toGlobalId(detail.existing.type, detail.existing.id);
    return located;
  });
}

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
  parameters?: RequestParameters,
): ProblemDetails {
  if (error instanceof DomainError) {
    return problem(DOMAIN_STATUS[error.code], error.message, {
      code: error.code,
      errors: problemErrors(error, parameters),
    });
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) return problem(status, error.message, refusalCode(error));
    if (status === 503) {
      // Health checks say which dependency is down; that is the point of asking.
      const details = error.getResponse();
      return problem(503, 'A dependency is unavailable.', {
        code: 'SERVICE_UNAVAILABLE',
        errors: typeof details === 'object' ? [details] : undefined,
      });
    }
  }
  if (isDatabaseUnavailable(error)) {
    return problem(503, DATABASE_UNAVAILABLE_MESSAGE, { code: 'SERVICE_UNAVAILABLE' });
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

/**
 * An HttpException may name its refusal more precisely than its status does (`IDEMPOTENCY_KEY_REUSED`,
 * `DUPLICATE_APPLICATION`): `new UnprocessableEntityException({ message, code })`.
 */
function refusalCode(error: HttpException): Partial<ProblemDetails> {
  const response = error.getResponse();
  const code = typeof response === 'object' ? (response as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z][A-Z_]{0,63}$/.test(code) ? { code } : {};
}

function requestParameters(request: FastifyRequest): RequestParameters {
  const keys = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value) : []);
  return { path: keys(request.params), query: keys(request.query) };
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
    // Throttling errors say when to come back, and so does a database outage.
    const retryAfter = isDatabaseUnavailable(error)
      ? DATABASE_RETRY_AFTER_SECONDS
      : (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number')
      void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    const request = http.getRequest<FastifyRequest>();
    sendProblem(reply, request, toProblem(error, this.logger, requestParameters(request)));
  }
}
