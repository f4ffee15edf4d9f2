import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo, connect, createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const SERVER_ENTRY = join(ROOT, 'dist', 'src', 'main.js');

/** A line the server wrote (pino JSON on stdout, anything on stderr), with the request in flight when it came. */
export interface ServerLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** pino's numeric level when the line is JSON (50 = error, 60 = fatal). */
  level: number | null;
  requestIndex: number | null;
}

export interface FuzzServer {
  port: number;
  child: ChildProcess;
  lines: ServerLine[];
  /** Which request the fuzzer is sending now, so that log lines are attributed to it. */
  inFlight: { index: number | null };
  alive(): boolean;
  stop(): Promise<void>;
}

/** A port no one listens on now (the operating system's choice), for the server to take. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built server (`npm run build` output) as a child process on a free port, so that what the fuzzer
 * measures (latency, the event loop, the logs) is the server's alone.
 */
export async function startServer(env: Record<string, string>): Promise<FuzzServer> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} does not exist: run \`npm run build\` before \`npm run test:fuzz\`.`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', SERVER_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ServerLine[] = [];
  const inFlight: { index: number | null } = { index: null };
  const collect = (stream: 'stdout' | 'stderr') => {
    let pending = '';
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts) {
        if (!text.trim()) continue;
        let level: number | null = null;
        try {
          const parsed = JSON.parse(text) as { level?: unknown };
          level = typeof parsed.level === 'number' ? parsed.level : null;
        } catch {
          level = null;
        }
        lines.push({ stream, text, level, requestIndex: inFlight.index });
      }
    });
  };
  collect('stdout');
  collect('stderr');
  const server: FuzzServer = {
    port,
    child,
    lines,
    inFlight,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (!server.alive()) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!server.alive()) {
      throw new Error(`The server exited while starting:\n${lines.map((line) => line.text).join('\n')}`);
    }
    const health = await send(port, { method: 'GET', path: '/health/live', headers: {} }, 1000).catch(
      () => null,
    );
    if (health?.status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(
    `The server did not answer /health/live within 60 s:\n${lines.map((line) => line.text).join('\n')}`,
  );
}

/** Whether the build is older than the newest source file (the fuzzer would test old code). */
export function buildIsStale(newestSource: number): boolean {
  return !existsSync(SERVER_ENTRY) || statSync(SERVER_ENTRY).mtimeMs < newestSource;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** One HTTP request; resolves with the whole answer and how long it took. A connection the server closed while it
 * sat in the pool (EPIPE, ECONNRESET before any answer) is the client's problem: the request is sent again once, on a
 * fresh connection. */
export async function send(
  port: number,
  request: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer },
  timeoutMs: number,
  useAgent = true,
): Promise<Answer> {
  try {
    return await sendOnce(port, request, timeoutMs, useAgent);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
    return sendOnce(port, request, timeoutMs, false);
  }
}

function sendOnce(
  port: number,
  request: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer },
  timeoutMs: number,
  useAgent = true,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const body =
      request.body === undefined
        ? undefined
        : Buffer.isBuffer(request.body)
          ? request.body
          : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string | number> = { ...request.headers };
    if (body !== undefined) headers['content-length'] = body.length;
    const call = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.path,
        headers,
        agent: useAgent ? agent : false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        response.on('error', reject);
      },
    );
    call.setTimeout(timeoutMs, () => call.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    call.on('error', reject);
    call.end(body);
  });
}

/**
 * Writes raw bytes on a fresh connection and reads what comes back until the server closes the connection or has
 * been quiet for a moment after answering. The connection is not half-closed at once: Node aborts the requests of a
 * client that hangs up, so a request still being handled would never be answered. When nothing comes back within
 * `quietMs`, the client hangs up and the server has `quietMs` more to answer or close.
 */
export function sendRaw(
  port: number,
  bytes: Buffer,
  timeoutMs: number,
  quietMs = 250,
): Promise<{ answer: string; ms: number; timedOut: boolean }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let answer = '';
    let done = false;
    let quiet: NodeJS.Timeout | undefined;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(quiet);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ answer, ms: performance.now() - started, timedOut });
    };
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      quiet = setTimeout(() => {
        socket.end();
        quiet = setTimeout(() => finish(false), quietMs);
      }, quietMs);
    });
    const deadline = setTimeout(() => finish(true), timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
      clearTimeout(quiet);
      if (answerComplete(answer)) finish(false);
      else quiet = setTimeout(() => finish(false), 100);
    });
    socket.on('end', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('error', () => finish(false));
  });
}

/** Whether a raw answer holds a whole response (head and the body its Content-Length or chunks announce). */
function answerComplete(answer: string): boolean {
  const end = answer.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = answer.slice(0, end);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (length !== undefined) return answer.length - end - 4 >= Number(length);
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) return answer.endsWith('\r\n0\r\n\r\n');
  return false;
}

export function closeAgent(): void {
  agent.destroy();
}
