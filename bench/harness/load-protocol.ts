/** What the orchestrator and the load process (load-worker.ts) exchange. Kept free of heavy imports. */

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Handed back to the client's `done` with the response. */
  tag?: unknown;
}

/**
 * Runs in the load process: yields the requests to send, one at a time, and sees every response. A client may
 * keep state (versions of the applications it moves), which persists between jobs that name the same key.
 */
export interface LoadClient {
  next(): RequestSpec;
  /** Returns false when the response is a failure even though its status is 2xx (a GraphQL error). */
  done?(tag: unknown, status: number, body: string): boolean;
  /** Anything the client wants the orchestrator to see after a job (e.g. which deliveries were accepted). */
  report?(): unknown;
}

export type ClientFactory = (data: any) => LoadClient;

export interface ClientRef {
  /**
   * Scenario module (bench/scenarios/<scenario>.ts) exporting `clients: Record<string, ClientFactory>`, or
   * 'builtin' for the clients of load-worker.ts ('cycle': a fixed list of requests, round robin).
   */
  scenario: string;
  name: string;
  data: unknown;
  /** Jobs naming the same key share one client instance (and its state). */
  key: string;
}

export interface LoadJob {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  connections: number;
  /** Stop after this long (seconds) … */
  durationSeconds?: number;
  /** … or after this many requests. */
  amount?: number;
  /** Requests per second across all connections (open-ish loop); unlimited when absent. */
  overallRate?: number;
  client: ClientRef;
  /** With `amount`: stop anyway after this long (a server that cannot keep the rate must not stall the run). */
  maxSeconds?: number;
  /** Per-request timeout, seconds. */
  timeoutSeconds?: number;
}

export interface LoadResult {
  durationSeconds: number;
  responses: number;
  ok: number;
  non2xx: number;
  /** 2xx answers the client judged failures (e.g. GraphQL errors or userErrors). */
  bodyFailures: number;
  errors: number;
  timeouts: number;
  /** Successful responses per second. */
  throughput: number;
  statusCounts: Record<string, number>;
  latency: {
    count: number;
    mean: number;
    p50: number;
    p90: number;
    p95: number;
    p99: number;
    max: number;
  };
  /** A few failing bodies, for diagnosis. */
  failureSamples: string[];
  /** What the client's `report()` returned. */
  clientReport?: unknown;
  /** Whether `maxSeconds` cut the job short. */
  stoppedEarly: boolean;
}
