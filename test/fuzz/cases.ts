/** Who sends a request: resolved into an Authorization header when it is sent. */
export type Principal = 'anonymous' | 'admin' | 'apiKey' | 'garbage';

export const PRINCIPALS: readonly Principal[] = ['anonymous', 'admin', 'apiKey', 'garbage'];

/** One request the fuzzer sends with an HTTP client. */
export interface HttpCase {
  kind: 'http';
  surface: 'graphql' | 'rest';
  /** What is fuzzed: `query.requisitions`, `mutation.createUser`, `POST /v1/auth/token`, or a document-level name. */
  target: string;
  /** How: typed, hostile, null-variable, fragment-bomb, prototype-keys, … */
  family: string;
  method: string;
  /** Path and query string, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  principal: Principal;
  /** Signed when sent (a fresh timestamp), with the secret of a board the fixtures created. */
  sign?: { scheme: 'standard-webhooks' | 'indeed'; secret: string };
  /** A deliberate stall candidate: /health/live is probed while it runs. */
  hostile?: boolean;
  /** Media types the OpenAPI document declares for the route's error answers, by status (an HTML 404 page). */
  declared?: Record<string, string[]>;
}

/** Bytes written on a socket as they are: what no HTTP client library sends (Node's HTTP parser refuses them). */
export interface RawCase {
  kind: 'raw';
  surface: 'raw';
  target: string;
  family: string;
  bytes: Buffer;
  hostile?: boolean;
  /** Not a whole request (a body shorter than its Content-Length, blank lines): hanging up is a fine answer. */
  incomplete?: boolean;
}

export type FuzzCase = HttpCase | RawCase;

/** What the fixtures created, for requests that should reach real records. */
export interface Fixtures {
  adminToken: string;
  apiKey: string;
  /** Global ids of real records, of every type the fixtures made. */
  globalIds: string[];
  /** Real values for path parameters, by parameter name (`slug`, `postingId`, `id`). */
  pathValues: Record<string, string[]>;
  /** Job boards with their signing secrets. */
  boards: { slug: string; secret: string; kind: string }[];
}

/** A short, printable description of a case (bodies cut), for failure reports. */
export function describeCase(fuzzCase: FuzzCase, limit = 600): string {
  const cut = (text: string) =>
    text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
  if (fuzzCase.kind === 'raw') return `raw bytes ${JSON.stringify(cut(fuzzCase.bytes.toString('latin1')))}`;
  const headers = Object.entries(fuzzCase.headers)
    .map(([name, value]) => `${name}: ${cut(value)}`)
    .join('; ');
  const body =
    fuzzCase.body === undefined
      ? ''
      : ` body ${cut(typeof fuzzCase.body === 'string' ? fuzzCase.body : fuzzCase.body.toString('latin1'))}`;
  return `${fuzzCase.method} ${cut(fuzzCase.path)} as ${fuzzCase.principal}${headers ? ` [${headers}]` : ''}${body}`;
}
