import { lookup } from 'node:dns/promises';
import { setMaxListeners } from 'node:events';
import { Agent as HttpAgent, request as httpRequest, IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';
import { activeSecrets, SigningSecrets } from './webhook-delivery.rules';
import { signedHeaders } from './webhook-message';
import { checkWebhookUrl, literalAddress, refusalOfAddress, TargetPolicy } from './webhook-target.rules';

export class WebhookTargetRefused extends Error {}

export interface VettedTarget {
  url: URL;
  /** The address the connection goes to: checked once, then used, so DNS cannot change it in between. */
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it resolves to (one bad answer among good ones is refused: a
 * resolver could rotate it in). Throws WebhookTargetRefused with a reason fit for the subscription's owner.
 */
export async function vetTarget(rawUrl: string, policy: TargetPolicy): Promise<VettedTarget> {
  const verdict = checkWebhookUrl(rawUrl, policy);
  if (!verdict.ok) throw new WebhookTargetRefused(verdict.reason);
  const { url } = verdict;
  const literal = literalAddress(url.hostname);
  let addresses: { address: string; family: number }[];
  if (literal) {
    addresses = [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await lookup(url.hostname, { all: true, verbatim: true });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      throw new WebhookTargetRefused(`${url.hostname} does not resolve (${code})`);
    }
  }
  if (addresses.length === 0) throw new WebhookTargetRefused(`${url.hostname} does not resolve`);
  for (const { address } of addresses) {
    const refusal = refusalOfAddress(address, policy.allowedCidrs);
    if (refusal) {
      throw new WebhookTargetRefused(
        literal
          ? `${refusal}; webhooks only go to public addresses`
          : `${url.hostname} resolves to ${refusal}`,
      );
    }
  }
  return { url, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}

/**
 * Keep-alive connections per vetted address: an agent only ever connects to the address it was made for, so
 * reusing its sockets cannot bypass the address check. (Bounded: a service has few distinct endpoints.)
 */
const agents = new Map<string, HttpAgent>();
const MAX_AGENTS = 500;

function agentFor(target: VettedTarget): HttpAgent {
  const key = `${target.url.protocol}//${target.url.host}@${target.address}`;
  let agent = agents.get(key);
  if (!agent) {
    if (agents.size >= MAX_AGENTS) {
      for (const stale of agents.values()) stale.destroy();
      agents.clear();
    }
    const options = { keepAlive: true, maxSockets: 16, maxFreeSockets: 4, timeout: 30_000 };
    agent = target.url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

export interface WebhookResponse {
  /** Null when no HTTP answer came. */
  status: number | null;
  durationMs: number;
  /** Set on every failure: what went wrong, for the attempt log. */
  error: string | null;
  /** The Retry-After header, when the answer carried one. */
  retryAfter: string | null;
}

export interface SendOptions {
  target: VettedTarget;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborts the attempt (graceful shutdown). */
  signal?: AbortSignal;
}

/**
 * One POST, to the vetted address, never following redirects. A 2xx is success; anything else, including 3xx, is
 * reported as a failure with the reason.
 */
export function postWebhook(options: SendOptions): Promise<WebhookResponse> {
  const { target, headers, body, timeoutMs, signal } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    const all = (lookupOptions as { all?: boolean }).all;
    if (all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: WebhookResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(response);
    };
    const req = send(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      agent: agentFor(target),
    });
    const timer = setTimeout(() => {
      finish({
        status: null,
        durationMs: elapsed(),
        error: `timed out after ${timeoutMs} ms`,
        retryAfter: null,
      });
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish({
        status: null,
        durationMs: elapsed(),
        error: 'interrupted: the worker shut down',
        retryAfter: null,
      });
      req.destroy();
    };
    if (signal?.aborted) return onAbort();
    if (signal) {
      // The worker's one shutdown signal is shared by every attempt in flight (more than Node's default of 10).
      setMaxListeners(0, signal);
      signal.addEventListener('abort', onAbort);
    }
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const retryAfter = headerValue(res.headers['retry-after']);
      // The body is not needed: drain it so the socket closes cleanly.
      res.resume();
      let error: string | null = null;
      if (status >= 300 && status < 400) {
        const location = headerValue(res.headers.location);
        error = `answered ${status} (redirects are not followed${location ? `; Location: ${location.slice(0, 200)}` : ''})`;
      } else if (status < 200 || status >= 300) {
        error = `answered ${status}`;
      }
      finish({ status, durationMs: elapsed(), error, retryAfter });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({
        status: null,
        durationMs: elapsed(),
        error: `request failed: ${error.code ?? error.message}`,
        retryAfter: null,
      });
    });
    req.end(body);
  });
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** Where a message goes and the secrets that sign it: a subscription. */
export interface Recipient extends SigningSecrets {
  url: string;
}

/**
 * Sends one signed message to a subscription's endpoint, under the operator's target policy (read at each call, so
 * a change of WEBHOOK_ALLOWED_CIDRS applies to the next attempt). Never throws: a refused target, a timeout or a
 * connection error is a response without status, with the reason.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly env: Environment) {}

  get targetPolicy(): TargetPolicy {
    return { allowHttp: this.env.WEBHOOK_ALLOW_HTTP, allowedCidrs: this.env.webhookAllowedCidrs() };
  }

  /** The URL as it would be delivered to, or WebhookTargetRefused: scheme, credentials, where the host resolves. */
  vet(rawUrl: string): Promise<VettedTarget> {
    return vetTarget(rawUrl, this.targetPolicy);
  }

  async send(
    recipient: Recipient,
    messageId: string,
    body: string,
    attemptedAt: Date,
    abortSignal?: AbortSignal,
  ): Promise<WebhookResponse> {
    const started = performance.now();
    try {
      // Checked at every attempt, not only at creation: DNS may have changed since.
      const target = await this.vet(recipient.url);
      const headers = signedHeaders(messageId, body, activeSecrets(recipient, attemptedAt), attemptedAt);
      return await postWebhook({
        target,
        headers,
        body,
        timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
        signal: abortSignal,
      });
    } catch (error) {
      const reason = error instanceof WebhookTargetRefused ? `refused: ${error.message}` : String(error);
      return {
        status: null,
        durationMs: Math.round(performance.now() - started),
        error: reason,
        retryAfter: null,
      };
    }
  }
}
