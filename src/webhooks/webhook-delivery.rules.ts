import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ALL_EVENT_TYPES } from './webhook.enums';

/** What a subscription listens to. */
export interface SubscriptionFilter {
  eventTypes: readonly string[];
  /** Empty: every requisition (and events about no requisition, such as candidate.updated). */
  requisitionIds: readonly string[];
}

export interface EventFacts {
  type: string;
  requisitionId: string | null;
}

export function subscriptionWants(filter: SubscriptionFilter, event: EventFacts): boolean {
  const typeMatches = filter.eventTypes.includes(ALL_EVENT_TYPES) || filter.eventTypes.includes(event.type);
  if (!typeMatches) return false;
  if (filter.requisitionIds.length === 0) return true;
  return event.requisitionId !== null && filter.requisitionIds.includes(event.requisitionId);
}

export type AttemptOutcome = 'succeeded' | 'gone' | 'failed';

/** 2xx succeeds; 410 Gone means "stop sending" and disables the subscription; everything else is retried. */
export function outcomeOf(status: number | null): AttemptOutcome {
  if (status !== null && status >= 200 && status < 300) return 'succeeded';
  if (status === 410) return 'gone';
  return 'failed';
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date (IMF-fixdate), e.g. "Wed, 21 Oct 2026 07:28:00 GMT"; Date.parse alone accepts any text with a year.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/** The longest wait a Retry-After can impose: past that the schedule's own end decides. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * How long to wait before the next attempt, after `attemptsMade` attempts (1 after the first), or null when the
 * schedule is exhausted. `scheduleMs[0]` is the delay of the first attempt, `scheduleMs[n]` the wait after the
 * n-th. Up to ±10 % jitter spreads retries of many deliveries that failed together; a Retry-After (429, 503)
 * longer than the schedule's wait is honoured.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  scheduleMs: readonly number[],
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= scheduleMs.length) return null;
  const base = scheduleMs[attemptsMade];
  const jittered = Math.round(base * (0.9 + 0.2 * random()));
  if (retryAfterMs === null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Whether a subscription that has failed since `failingSince` has failed long enough to be disabled. */
export function failedTooLong(failingSince: Date | null, now: Date, disableAfterMs: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= disableAfterMs;
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The secrets that sign a delivery now: the current one, and during a rotation's overlap the previous one. */
export function activeSecrets(secrets: SigningSecrets, now: Date): string[] {
  const overlapping =
    secrets.previousSecret !== null &&
    secrets.previousSecretExpiresAt !== null &&
    secrets.previousSecretExpiresAt.getTime() > now.getTime();
  return overlapping ? [secrets.secret, secrets.previousSecret!] : [secrets.secret];
}

/** Standard Webhooks headers for one attempt: `webhook-signature` lists one `v1,` signature per active secret. */
export function signedHeaders(
  messageId: string,
  body: string,
  secrets: readonly string[],
  at: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Requisite-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}

/** The Standard Webhooks body: `{ type, timestamp, data }`, serialised once and sent byte-identical each time. */
export function webhookBody(type: string, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}

/**
 * The graphile-worker queue a delivery runs in. Jobs in one queue run one at a time, so spreading a
 * subscription's deliveries over `concurrency` queues caps how many of its attempts are in flight, and a slow
 * endpoint holds at most that many of the worker's slots.
 */
export function deliveryQueueName(subscriptionId: string, deliveryId: string, concurrency: number): string {
  const bucket = createHash('sha1').update(deliveryId).digest().readUInt32BE(0) % concurrency;
  return `webhooks:${subscriptionId}:${bucket}`;
}

/** The `webhook-id` of a delivery: stable for its (event, subscription), whatever happens to it. */
export function webhookIdOf(deliveryId: string): string {
  return `msg_${deliveryId.replace(/-/g, '')}`;
}
