import { ALL_EVENT_TYPES, WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';

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

/** What is known when an attempt did not succeed, under the locks of its subscription and delivery. */
export interface FailedAttempt {
  /** Attempts counted before this one. */
  attemptCount: number;
  attemptedAt: Date;
  /** The HTTP status answered; null when none came. */
  responseStatus: number | null;
  retryAfter: string | null;
  error: string | null;
  /** The worker shut down during the attempt. */
  interrupted: boolean;
  subscription: { status: WebhookSubscriptionStatus; failingSince: Date | null };
}

export interface RetryPolicy {
  /** `WEBHOOK_RETRY_SCHEDULE`: the first attempt's delay, then the wait after each attempt. */
  scheduleMs: readonly number[];
  /** `WEBHOOK_DISABLE_AFTER_SECONDS`, in ms: how long a subscription may fail before it is disabled. */
  disableAfterMs: number;
}

/** What a failed attempt changes: the delivery, when it is attempted next, and its subscription. */
export interface AfterFailedAttempt {
  delivery: {
    status: WebhookDeliveryStatus;
    nextAttemptAt: Date | null;
    /** Whether the attempt counts against the retry schedule. */
    counts: boolean;
  };
  /** When the next attempt's job runs; null: none (the dead letter). */
  retryAt: Date | null;
  subscription: { disable: string } | { failingSince: Date } | null;
}

/**
 * The state machine of a delivery after an attempt that did not succeed (successes are one statement of their
 * own). An interrupted attempt (the worker stopped) is not the endpoint's fault: it does not count and runs again at
 * once. 410 Gone is the dead letter and disables the subscription. Anything else is retried on the schedule
 * (honouring Retry-After) until it runs out; a subscription whose attempts have all failed for `disableAfterMs`
 * since the first failure after its last success is disabled.
 */
export function afterFailedAttempt(
  attempt: FailedAttempt,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
): AfterFailedAttempt {
  const { subscription } = attempt;
  const disable = (reason: string) =>
    subscription.status === WebhookSubscriptionStatus.DISABLED ? null : { disable: reason };
  if (attempt.interrupted) {
    return {
      delivery: { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now, counts: false },
      retryAt: now,
      subscription: null,
    };
  }
  if (outcomeOf(attempt.responseStatus) === 'gone') {
    return {
      delivery: { status: WebhookDeliveryStatus.FAILED, nextAttemptAt: null, counts: true },
      retryAt: null,
      subscription: disable('The endpoint answered 410 Gone.'),
    };
  }
  const delay = nextAttemptDelayMs(
    attempt.attemptCount + 1,
    policy.scheduleMs,
    parseRetryAfter(attempt.retryAfter, now),
    random,
  );
  const nextAttemptAt = delay === null ? null : new Date(now.getTime() + delay);
  const failingSince = subscription.failingSince ?? attempt.attemptedAt;
  return {
    delivery: {
      status: nextAttemptAt ? WebhookDeliveryStatus.PENDING : WebhookDeliveryStatus.FAILED,
      nextAttemptAt,
      counts: true,
    },
    retryAt: nextAttemptAt,
    subscription: failedTooLong(failingSince, now, policy.disableAfterMs)
      ? disable(
          `Every delivery attempt has failed since ${failingSince.toISOString()}; last: ${attempt.error ?? 'failed'}`,
        )
      : subscription.failingSince === null
        ? { failingSince }
        : null,
  };
}
