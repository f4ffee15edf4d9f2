/**
 * The webhook scenario's receiver: a plain `node:http` server on 127.0.0.1 in its own process (forked by
 * `WebhookReceiver`), so receipt times are not delayed by the application's event loop. `POST /<name>` records
 * the receipt time (`Date.now()` when the body has arrived), then verifies the delivery with `standardwebhooks`
 * and the secret the orchestrator handed over for `<name>`; names starting with `slow` answer after
 * `slowMs`. Receipts go back to the orchestrator on request (`collect`).
 */
import { ChildProcess, fork } from 'node:child_process';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Receipt {
  /** The endpoint (path without the slash). */
  name: string;
  /** Date.now() when the whole request had arrived. */
  at: number;
  webhookId: string | null;
  /** Signature checked with the endpoint's secret; false if it failed or no secret was known. */
  verified: boolean;
  /** The parsed body's `type`, `data.applicationId` and `data.sequence` (or the reference's `ref`). */
  type: string | null;
  applicationId: string | null;
  sequence: number | null;
  ref: number | null;
}

type Command =
  | { id: number; secrets: Record<string, string> }
  | { id: number; collect: string[] }
  | { id: number; count: true };

function serve(slowMs: number): void {
  const verifiers = new Map<string, Webhook>();
  const receipts: Receipt[] = [];
  const counts: Record<string, number> = {};
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      const name = (request.url ?? '/').slice(1);
      const raw = Buffer.concat(chunks).toString('utf8');
      const receipt: Receipt = {
        name,
        at,
        webhookId: (request.headers['webhook-id'] as string | undefined) ?? null,
        verified: false,
        type: null,
        applicationId: null,
        sequence: null,
        ref: null,
      };
      try {
        const verifier = verifiers.get(name);
        if (verifier) {
          verifier.verify(raw, request.headers as Record<string, string>);
          receipt.verified = true;
        }
        const body = JSON.parse(raw) as {
          type?: string;
          ref?: number;
          data?: { applicationId?: string; sequence?: number };
        };
        receipt.type = body.type ?? null;
        receipt.applicationId = body.data?.applicationId ?? null;
        receipt.sequence = body.data?.sequence ?? null;
        receipt.ref = body.ref ?? null;
      } catch {
        // verified stays false
      }
      receipts.push(receipt);
      counts[name] = (counts[name] ?? 0) + 1;
      const answer = () => response.writeHead(204).end();
      if (name.startsWith('slow')) setTimeout(answer, slowMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (command: Command) => {
    if ('secrets' in command) {
      for (const [name, secret] of Object.entries(command.secrets)) verifiers.set(name, new Webhook(secret));
      process.send?.({ id: command.id, result: true });
    } else if ('collect' in command) {
      const wanted = new Set(command.collect);
      const taken: Receipt[] = [];
      for (let i = receipts.length - 1; i >= 0; i--) {
        if (wanted.has(receipts[i].name)) taken.push(...receipts.splice(i, 1));
      }
      for (const name of wanted) counts[name] = 0;
      process.send?.({ id: command.id, result: taken.reverse() });
    } else {
      process.send?.({ id: command.id, result: { ...counts } });
    }
  });
}

/** The orchestrator's handle on the receiver process. */
export class WebhookReceiver {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  url = '';

  async start(slowMs: number): Promise<string> {
    const compiled = __filename.endsWith('.js');
    const child = fork(__filename, ['--receiver', String(slowMs)], {
      execArgv: compiled ? [] : ['-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    const port = await new Promise<number>((resolve, reject) => {
      const onMessage = (message: { port?: number }) => {
        if (message.port) {
          child.off('message', onMessage);
          resolve(message.port);
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`webhook receiver exited (${code}) before it listened`)));
    });
    child.on('message', (message: { id?: number; result?: unknown }) => {
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    });
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  private ask<T>(command: Record<string, unknown>): Promise<T> {
    const child = this.child;
    if (!child) return Promise.reject(new Error('webhook receiver not started'));
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (result: unknown) => void);
      child.send({ id, ...command });
    });
  }

  setSecrets(secrets: Record<string, string>): Promise<void> {
    return this.ask({ secrets });
  }

  /** Receipts so far per endpoint (since its last `collect`). */
  counts(): Promise<Record<string, number>> {
    return this.ask({ count: true });
  }

  /** Takes (and forgets) the receipts of these endpoints. */
  collect(names: string[]): Promise<Receipt[]> {
    return this.ask({ collect: names });
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

if (process.argv[2] === '--receiver') serve(Number(process.argv[3]));
