import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * An application with the worker in the test process, allowed to deliver to this machine over http, with a retry
 * schedule of seconds instead of days.
 */
export const WEBHOOK_TEST_ENV: Record<string, string> = {
  RUN_MODE: 'all',
  WORKER_POLL_INTERVAL_MS: '100',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
  WEBHOOK_RETRY_SCHEDULE: '0,0.3,0.3',
  WEBHOOK_TIMEOUT_MS: '1000',
  RATE_LIMIT_PER_MINUTE: '100000',
};

export interface ReceivedWebhook {
  webhookId: string;
  timestamp: number;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, any> };
  /** Which of the receiver's secrets verified the delivery (by index), checked with the `standardwebhooks` package. */
  verifiedBy: number[];
  receivedAt: number;
  path: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Answer after this long (a hang longer than the sender's timeout never answers in time). */
  delayMs?: number;
}

/**
 * A real HTTP endpoint on 127.0.0.1 that records every webhook it gets and verifies each with the independent
 * `standardwebhooks` package against the secrets it was told (several during a rotation).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  secrets: string[] = [];
  private answer: (request: ReceivedWebhook, nth: number) => Answer = () => ({ status: 204 });
  private server!: Server;
  private readonly pending = new Set<NodeJS.Timeout>();

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** How to answer the n-th request (0-based, counted per receiver). */
  respond(answer: (request: ReceivedWebhook, nth: number) => Answer): void {
    this.answer = answer;
  }

  for(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out waiting for webhooks; received ${this.received.length}, the last: ${JSON.stringify(
            this.received.slice(-10).map((r) => [r.path, r.payload.type, r.webhookId]),
          )}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.pending) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const verifiedBy = this.secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [index];
        } catch {
          return [];
        }
      });
      let payload: ReceivedWebhook['payload'];
      try {
        payload = JSON.parse(body) as ReceivedWebhook['payload'];
      } catch {
        payload = { type: '(unparseable)', timestamp: '', data: {} };
      }
      const received: ReceivedWebhook = {
        webhookId: headers['webhook-id'],
        timestamp: Number(headers['webhook-timestamp']),
        signature: headers['webhook-signature'],
        body,
        payload,
        verifiedBy,
        receivedAt: Date.now(),
        path: req.url ?? '/',
      };
      const nth = this.received.length;
      this.received.push(received);
      const answer = this.answer(received, nth);
      const send = () => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end();
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          this.pending.delete(timer);
          if (!res.destroyed) send();
        }, answer.delayMs);
        this.pending.add(timer);
      } else {
        send();
      }
    });
  }
}
