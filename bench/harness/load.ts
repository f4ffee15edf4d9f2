import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadJob, LoadResult } from './load-protocol';

/** The separate load process: one for the whole run (forking per job would cost a ts-node start each time). */
export class LoadProcess {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();

  async start(): Promise<void> {
    // Compiled (npm run bench) the worker is plain JavaScript; under ts-node it needs ts-node too.
    const compiled = __filename.endsWith('.js');
    const child = fork(join(__dirname, compiled ? 'load-worker.js' : 'load-worker.ts'), [], {
      execArgv: compiled ? [] : ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (message.ready) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`load process exited (${code}) before it was ready`)));
    });
    child.on('message', (message: { id?: number; result?: LoadResult; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`load process: ${message.error}`));
      else if (message.result) waiter?.resolve(message.result);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load process exited (${code})`));
      this.pending.clear();
    });
  }

  run(job: LoadJob): Promise<LoadResult> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('load process not started'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      child.send({ id, job });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }
}
