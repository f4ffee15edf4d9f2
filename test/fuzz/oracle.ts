import { HttpCase, RawCase } from './cases';
import { Answer } from './server';

/** The slowest answer the fuzzer accepts, and the slowest /health/live while hostile requests run. */
export const MAX_ANSWER_MS = 1000;
export const MAX_HEALTH_MS = 100;

function isProblem(status: number, contentType: string, text: string): string | null {
  if (!/^application\/problem\+json/i.test(contentType)) {
    return `a ${status} answered as ${contentType || 'no content type'}, not application/problem+json: ${text.slice(0, 300)}`;
  }
  try {
    const body = JSON.parse(text) as { status?: unknown; type?: unknown; title?: unknown };
    if (body.status !== status || typeof body.type !== 'string' || typeof body.title !== 'string') {
      return `problem details without a matching status, type and title: ${text.slice(0, 300)}`;
    }
  } catch {
    return `problem details that are not JSON: ${text.slice(0, 300)}`;
  }
  return null;
}

/** Whether the route documents this error as another media type than JSON (the job page's HTML 404). */
function declaredPage(fuzzCase: HttpCase, status: number, contentType: string): boolean {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const declared = fuzzCase.declared?.[String(status)] ?? [];
  return !mediaType.includes('json') && declared.includes(mediaType);
}

/** What is wrong with an answer, if anything: a 5xx, an internal error, an error that is not problem details. */
export function judgeHttp(fuzzCase: HttpCase, answer: Answer): string[] {
  const problems: string[] = [];
  const contentType = String(answer.headers['content-type'] ?? '');
  const text = answer.body.toString('utf8');
  if (answer.status >= 500) problems.push(`answered ${answer.status}: ${text.slice(0, 500)}`);
  if (fuzzCase.surface === 'graphql' && /json/i.test(contentType) && !/problem\+json/i.test(contentType)) {
    let body: { errors?: { message?: string; extensions?: { code?: string } }[]; data?: unknown } | null =
      null;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`a GraphQL answer that is not JSON: ${text.slice(0, 300)}`);
    }
    const internal =
      body?.errors?.filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR') ?? [];
    if (internal.length > 0)
      problems.push(
        `INTERNAL_SERVER_ERROR for a client's request: ${JSON.stringify(internal).slice(0, 500)}`,
      );
    if (body && answer.status >= 400 && !(Array.isArray(body.errors) && body.errors.length > 0)) {
      problems.push(`a ${answer.status} without GraphQL errors: ${text.slice(0, 300)}`);
    }
  } else if (
    answer.status >= 400 &&
    fuzzCase.method !== 'HEAD' &&
    !declaredPage(fuzzCase, answer.status, contentType)
  ) {
    const problem = isProblem(answer.status, contentType, text);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Raw requests: an answer (when the request was complete enough to have one) that is problem details, not a 5xx. */
export function judgeRaw(fuzzCase: RawCase, answer: string, timedOut: boolean): string[] {
  if (timedOut) return ['the connection was neither answered nor closed within the time allowed'];
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  if (!match) {
    // An incomplete body cannot be answered; the server only has to hang up.
    if (answer === '' && fuzzCase.incomplete) return [];
    return [`no HTTP answer, only ${JSON.stringify(answer.slice(0, 200))}`];
  }
  const status = Number(match[1]);
  const [head, ...rest] = answer.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const contentType = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
  if (status >= 500) return [`answered ${status}: ${answer.slice(0, 300)}`];
  if (status >= 400) {
    // A chunked body arrives framed: take the JSON between the chunk sizes.
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    const json = /\r\ntransfer-encoding: *chunked/i.test(head)
      ? body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n[\s\S]*$/, '')
      : length !== undefined
        ? Buffer.from(body, 'latin1').subarray(0, Number(length)).toString('utf8')
        : body;
    const problem = isProblem(status, contentType, json);
    if (problem) return [problem];
  }
  return [];
}
