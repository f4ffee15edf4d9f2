/**
 * The load process: a separate Node process (forked by load.ts) that drives HTTP load with autocannon, so the
 * client's CPU is not the server's event loop. Receives LoadJobs over IPC and answers LoadResults.
 */
import autocannon from 'autocannon';
import { join } from 'node:path';
import type { ClientFactory, ClientRef, LoadClient, LoadJob, LoadResult, RequestSpec } from './load-protocol';
import { summarize } from './stats';

const BUILTIN: Record<string, ClientFactory> = {
  /** A fixed list of requests sent round robin; a 2xx whose body matches `failIfBodyMatches` is a failure. */
  cycle: (data: { requests: RequestSpec[]; failIfBodyMatches?: string }) => {
    let i = 0;
    const failure = data.failIfBodyMatches ? new RegExp(data.failIfBodyMatches) : null;
    return {
      next: () => data.requests[i++ % data.requests.length],
      done: (_tag, _status, body) => !failure || !failure.test(body),
    };
  },
};

const clients = new Map<string, LoadClient>();

function clientFor(ref: ClientRef): LoadClient {
  let client = clients.get(ref.key);
  if (!client) {
    let factory: ClientFactory | undefined;
    if (ref.scenario === 'builtin') factory = BUILTIN[ref.name];
    else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- scenarios are loaded by name
      const module = require(join(__dirname, '..', 'scenarios', ref.scenario)) as {
        clients?: Record<string, ClientFactory>;
      };
      factory = module.clients?.[ref.name];
    }
    if (!factory) throw new Error(`No load client ${ref.scenario}/${ref.name}`);
    client = factory(ref.data);
    clients.set(ref.key, client);
  }
  return client;
}

function run(job: LoadJob): Promise<LoadResult> {
  const client = clientFor(job.client);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const failureSamples: string[] = [];
  let ok = 0;
  let bodyFailures = 0;
  let stoppedEarly = false;
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        // autocannon rejects keys present with an undefined value.
        ...(job.durationSeconds !== undefined ? { duration: job.durationSeconds } : {}),
        ...(job.amount !== undefined ? { amount: job.amount } : {}),
        ...(job.overallRate !== undefined ? { overallRate: job.overallRate } : {}),
        timeout: job.timeoutSeconds ?? 10,
        pipelining: 1,
        requests: [
          {
            setupRequest: (request, context) => {
              const spec = client.next();
              context.tag = spec.tag;
              return {
                ...request,
                method: spec.method,
                path: spec.path,
                headers: spec.headers ?? {},
                body: spec.body ?? '',
              };
            },
            onResponse: (status, body, context) => {
              statusCounts[status] = (statusCounts[status] ?? 0) + 1;
              const good =
                status >= 200 && status < 300 && (client.done?.(context.tag, status, body) ?? true);
              if (good) ok++;
              else {
                if (status >= 200 && status < 300) bodyFailures++;
                if (failureSamples.length < 5) failureSamples.push(`${status} ${body.slice(0, 500)}`);
              }
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const durationSeconds = result.duration;
        resolve({
          durationSeconds,
          responses: latencies.length,
          ok,
          non2xx: result.non2xx,
          bodyFailures,
          errors: result.errors,
          timeouts: result.timeouts,
          throughput: ok / durationSeconds,
          statusCounts,
          latency: summarize(latencies),
          failureSamples,
          clientReport: client.report?.(),
          stoppedEarly,
        });
      },
    );
    if (job.maxSeconds !== undefined) {
      timer = setTimeout(() => {
        stoppedEarly = true;
        instance.stop();
      }, job.maxSeconds * 1000);
    }
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
}

process.on('message', (message: { id: number; job: LoadJob }) => {
  run(message.job).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: Error) => process.send?.({ id: message.id, error: error.stack ?? String(error) }),
  );
});
process.send?.({ ready: true });
