import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './redis-server';

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');

/** A Requisite process started from the built dist/, as production runs it (`node dist/src/main.js`). */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** The HTTP port (API processes). */
  port: number;
  url: string;
  output: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Settings every process of one deployment shares (one signing key, local webhooks allowed). */
export const SHARED_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  MIGRATIONS_RUN: 'false',
  JWT_SECRET: 'multi-process-shared-signing-key-0123456789abcdef',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
  WORKER_POLL_INTERVAL_MS: '200',
};

export async function startAppProcess(
  name: string,
  runMode: 'api' | 'worker' | 'all',
  env: Record<string, string>,
): Promise<AppProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first.`);
  const port = runMode === 'worker' ? 0 : await freePort();
  const child = spawn(process.execPath, ['--max-semi-space-size=64', MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      ...SHARED_ENV,
      RUN_MODE: runMode,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = runMode === 'worker' ? 'Requisite worker running' : 'Requisite listening';
  const deadline = Date.now() + 90_000;
  while (!output.join('').includes(started)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name, child, port, url: `http://127.0.0.1:${port}`, output, exited };
}

/** Stops a process with a signal and waits for it to exit; returns its exit code. */
export async function stopAppProcess(
  process: AppProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill(signal);
  return process.exited;
}
