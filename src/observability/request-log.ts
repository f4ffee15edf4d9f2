import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Options } from 'pino-http';
import type { Environment } from '../config/environment';
import { PRETTY_TRANSPORT, prettyLogs } from './log-format.rules';
import { traceLogMixin } from './trace-log';

/**
 * The request log (pino-http) every HTTP request goes through. One function, so the benchmark's bare-Fastify
 * reference (bench/scenarios/floor.ts) logs exactly as the application does.
 */
export function requestLogOptions(env: Environment): Options {
  return {
    level: env.LOG_LEVEL,
    // Readable on a developer's terminal, JSON for log collectors (LOG_FORMAT).
    ...(prettyLogs(env.LOG_FORMAT, env.NODE_ENV, process.stdout.isTTY === true)
      ? { transport: PRETTY_TRANSPORT }
      : {}),
    // The active trace's ids on every line while tracing is on.
    mixin: traceLogMixin(),
    genReqId: (req: IncomingMessage) => (req as unknown as { id?: string }).id ?? randomUUID(),
    // Never log credentials; bodies (where candidates' e-mail, phone and resumes travel) are not logged at all.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
    },
    customLogLevel: (_req: IncomingMessage, res: { statusCode: number }, error?: Error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
}
