import {
  activeSecrets,
  afterFailedAttempt,
  FailedAttempt,
  failedTooLong,
  MAX_RETRY_AFTER_MS,
  nextAttemptDelayMs,
  outcomeOf,
  parseRetryAfter,
  subscriptionWants,
} from './webhook-delivery.rules';
import { WebhookDeliveryStatus, WebhookSubscriptionStatus } from './webhook.enums';

const REQ_A = '00000000-0000-4000-8000-00000000000a';
const REQ_B = '00000000-0000-4000-8000-00000000000b';

describe('subscriptionWants', () => {
  it.each([
    // [eventTypes, requisitionIds, event type, event requisition, wanted]
    [['*'], [], 'application.stage_changed', REQ_A, true],
    [['*'], [], 'candidate.updated', null, true],
    [['application.stage_changed'], [], 'application.stage_changed', REQ_A, true],
    [['application.stage_changed'], [], 'application.created', REQ_A, false],
    [['application.created', 'application.stage_changed'], [], 'application.created', REQ_A, true],
    [['application.created', 'application.stage_changed'], [], 'candidate.updated', null, false],
    [['application.stage_changed'], [REQ_A], 'application.stage_changed', REQ_A, true],
    [['application.stage_changed'], [REQ_A], 'application.stage_changed', REQ_B, false],
    [['application.stage_changed'], [REQ_A, REQ_B], 'application.stage_changed', REQ_B, true],
    [['application.stage_changed'], [REQ_A], 'application.created', REQ_A, false],
    [['*'], [REQ_A], 'application.created', REQ_A, true],
    [['*'], [REQ_A], 'application.created', REQ_B, false],
    // Events about no requisition only reach subscriptions that are not narrowed to requisitions.
    [['*'], [REQ_A], 'candidate.updated', null, false],
    [['candidate.updated'], [REQ_A], 'candidate.updated', null, false],
    [['candidate.updated'], [], 'candidate.updated', null, true],
    // '*' is a word of its own, not a glob.
    [['application.*'], [], 'application.created', REQ_A, false],
    [[], [], 'application.created', REQ_A, false],
  ])('%j %j wants %s about %s: %s', (eventTypes, requisitionIds, type, requisitionId, wanted) => {
    expect(subscriptionWants({ eventTypes, requisitionIds }, { type, requisitionId })).toBe(wanted);
  });
});

describe('outcomeOf', () => {
  it.each([
    [200, 'succeeded'],
    [201, 'succeeded'],
    [202, 'succeeded'],
    [204, 'succeeded'],
    [299, 'succeeded'],
    [199, 'failed'],
    [300, 'failed'],
    [301, 'failed'],
    [302, 'failed'],
    [304, 'failed'],
    [307, 'failed'],
    [400, 'failed'],
    [401, 'failed'],
    [404, 'failed'],
    [409, 'failed'],
    [410, 'gone'],
    [429, 'failed'],
    [500, 'failed'],
    [502, 'failed'],
    [503, 'failed'],
    [null, 'failed'],
  ])('%s → %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');

  it.each([
    ['0', 0],
    ['1', 1000],
    ['120', 120_000],
    [' 30 ', 30_000],
    ['86400', 86_400_000],
    ['172800', 172_800_000], // longer than the cap: the cap is nextAttemptDelayMs's business
    // HTTP-dates (IMF-fixdate, as RFC 9110 specifies)
    ['Tue, 10 Mar 2026 12:01:00 GMT', 60_000],
    ['Tue, 10 Mar 2026 13:00:00 GMT', 3_600_000],
    ['Tue, 10 Mar 2026 12:00:00 GMT', 0],
    ['Tue, 10 Mar 2026 11:59:00 GMT', 0], // in the past: now
    ['Wed, 21 Oct 2015 07:28:00 GMT', 0],
    // unreadable
    ['soon', null],
    ['', null],
    ['   ', null],
    ['later please', null],
    ['12345678901', null], // more digits than delay-seconds may sensibly have, and no date either
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  // Date.parse alone would read a year out of free text ("in 2030" → 2030-01-01).
  it.each([['in 2030'], ['garbage 2030'], ['retry 2027']])(
    'treats %j, which is not an HTTP-date, as unreadable',
    (value) => {
      expect(parseRetryAfter(value, now)).toBeNull();
    },
  );
});

describe('nextAttemptDelayMs', () => {
  const SCHEDULE = [0, 5_000, 300_000, 1_800_000];
  const low = () => 0;
  const high = () => 1;
  const middle = () => 0.5;

  it.each([
    // [attempts made, random, expected delay]
    [0, middle, 0],
    [0, low, 0],
    [1, middle, 5_000],
    [1, low, 4_500],
    [1, high, 5_500],
    [2, middle, 300_000],
    [2, low, 270_000],
    [2, high, 330_000],
    [3, middle, 1_800_000],
    [3, low, 1_620_000],
    [3, high, 1_980_000],
  ])('after %s attempts (random %p) waits %s ms', (attemptsMade, random, expected) => {
    expect(nextAttemptDelayMs(attemptsMade, SCHEDULE, null, random)).toBe(expected);
  });

  it.each([4, 5, 100])('is exhausted (null) after %s attempts on a four-entry schedule', (attemptsMade) => {
    expect(nextAttemptDelayMs(attemptsMade, SCHEDULE, null, middle)).toBeNull();
    expect(nextAttemptDelayMs(attemptsMade, SCHEDULE, 60_000, middle)).toBeNull();
  });

  it('keeps jitter within ±10 % for any random value', () => {
    for (let i = 0; i <= 100; i++) {
      const delay = nextAttemptDelayMs(2, SCHEDULE, null, () => i / 100)!;
      expect(delay).toBeGreaterThanOrEqual(270_000);
      expect(delay).toBeLessThanOrEqual(330_000);
    }
  });

  it('uses Math.random by default, within the jitter bounds', () => {
    const delays = Array.from({ length: 50 }, () => nextAttemptDelayMs(1, SCHEDULE, null)!);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4_500);
      expect(delay).toBeLessThanOrEqual(5_500);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it.each([
    // [attempts made, Retry-After ms, random, expected]
    ['longer Retry-After wins', 1, 60_000, high, 60_000],
    ['longer Retry-After wins over an immediate retry', 0, 2_000, middle, 2_000],
    ['Retry-After over 24 h is capped at 24 h', 1, 48 * 3_600_000, middle, MAX_RETRY_AFTER_MS],
    ['Retry-After of exactly 24 h is kept', 1, MAX_RETRY_AFTER_MS, middle, 24 * 3_600_000],
    ['shorter Retry-After loses to the schedule', 2, 1_000, low, 270_000],
    ['zero Retry-After loses to the schedule', 1, 0, high, 5_500],
    ['Retry-After just under the jittered wait loses', 1, 5_499, high, 5_500],
  ])('%s', (_name, attemptsMade, retryAfterMs, random, expected) => {
    expect(nextAttemptDelayMs(attemptsMade, SCHEDULE, retryAfterMs, random)).toBe(expected);
  });

  it('keeps a schedule entry longer than the Retry-After cap', () => {
    const long = [0, 30 * 3_600_000];
    expect(nextAttemptDelayMs(1, long, 48 * 3_600_000, middle)).toBe(30 * 3_600_000);
  });

  it('is exhausted at once on an empty schedule', () => {
    expect(nextAttemptDelayMs(0, [], null, middle)).toBeNull();
  });
});

describe('failedTooLong', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const FIVE_DAYS = 5 * 24 * 3_600_000;

  it.each([
    ['never failing', null, false],
    ['failing for a minute', new Date(now.getTime() - 60_000), false],
    ['failing for 1 ms less than the limit', new Date(now.getTime() - FIVE_DAYS + 1), false],
    ['failing for exactly the limit', new Date(now.getTime() - FIVE_DAYS), true],
    ['failing for longer', new Date(now.getTime() - FIVE_DAYS - 3_600_000), true],
    ['failing since the future (clock skew)', new Date(now.getTime() + 60_000), false],
  ])('%s → %s', (_name, failingSince, expected) => {
    expect(failedTooLong(failingSince, now, FIVE_DAYS)).toBe(expected);
  });
});

describe('activeSecrets', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const current = 'whsec_current';
  const previous = 'whsec_previous';

  it.each([
    ['no rotation', null, null, [current]],
    ['overlap still running', previous, new Date(now.getTime() + 1_000), [current, previous]],
    ['overlap ending exactly now', previous, now, [current]],
    ['overlap over', previous, new Date(now.getTime() - 1_000), [current]],
    ['previous secret without an expiry', previous, null, [current]],
  ])('%s → %j', (_name, previousSecret, previousSecretExpiresAt, expected) => {
    expect(activeSecrets({ secret: current, previousSecret, previousSecretExpiresAt }, now)).toEqual(
      expected,
    );
  });
});

describe('afterFailedAttempt', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const attemptedAt = new Date(now.getTime() - 2_000);
  const DAY = 24 * 3_600_000;
  const policy = { scheduleMs: [0, 5_000, 300_000, 1_800_000], disableAfterMs: 5 * DAY };
  const at = (ms: number) => new Date(now.getTime() + ms);
  const attempt = (overrides: Partial<FailedAttempt> = {}): FailedAttempt => ({
    attemptCount: 0,
    attemptedAt,
    responseStatus: 500,
    retryAfter: null,
    error: 'answered 500',
    interrupted: false,
    subscription: { status: WebhookSubscriptionStatus.ACTIVE, failingSince: null },
    ...overrides,
  });
  const decide = (overrides: Partial<FailedAttempt> = {}) =>
    afterFailedAttempt(attempt(overrides), policy, now, () => 0.5);
  const { PENDING, FAILED } = WebhookDeliveryStatus;

  it('retries a failure on the schedule, counting it, and starts the failure streak', () => {
    expect(decide()).toEqual({
      delivery: { status: PENDING, nextAttemptAt: at(5_000), counts: true },
      retryAt: at(5_000),
      subscription: { failingSince: attemptedAt },
    });
  });

  it.each([
    ['a timeout (no status)', { responseStatus: null, error: 'timed out after 15000 ms' }],
    ['a redirect', { responseStatus: 302 }],
    ['a 4xx other than 410', { responseStatus: 404 }],
    ['a refused address', { responseStatus: null, error: 'refused: 10.0.0.1 is a private address' }],
  ])('treats %s like any failure', (_name, overrides) => {
    expect(decide(overrides).retryAt).toEqual(at(5_000));
  });

  it('waits longer after later attempts, and honours a longer Retry-After', () => {
    expect(decide({ attemptCount: 2 }).retryAt).toEqual(at(1_800_000));
    expect(decide({ responseStatus: 429, retryAfter: '120' }).retryAt).toEqual(at(120_000));
    // A shorter Retry-After does not hurry the schedule.
    expect(decide({ attemptCount: 1, responseStatus: 503, retryAfter: '1' }).retryAt).toEqual(at(300_000));
  });

  it('makes the delivery the dead letter once the schedule is exhausted', () => {
    expect(decide({ attemptCount: 3 })).toEqual({
      delivery: { status: FAILED, nextAttemptAt: null, counts: true },
      retryAt: null,
      subscription: { failingSince: attemptedAt },
    });
  });

  it('leaves a running failure streak as it is', () => {
    const failingSince = new Date(now.getTime() - DAY);
    expect(
      decide({ subscription: { status: WebhookSubscriptionStatus.ACTIVE, failingSince } }).subscription,
    ).toBeNull();
  });

  it('disables the subscription after failing for the whole disable period, naming the first failure', () => {
    const failingSince = new Date(now.getTime() - 5 * DAY);
    const next = decide({
      subscription: { status: WebhookSubscriptionStatus.ACTIVE, failingSince },
      error: 'answered 503',
    });
    expect(next.subscription).toEqual({
      disable: `Every delivery attempt has failed since ${failingSince.toISOString()}; last: answered 503`,
    });
    // The delivery itself still follows its schedule.
    expect(next.delivery.status).toBe(PENDING);
  });

  it('disables at once on 410 Gone, failing the delivery', () => {
    expect(decide({ responseStatus: 410 })).toEqual({
      delivery: { status: FAILED, nextAttemptAt: null, counts: true },
      retryAt: null,
      subscription: { disable: 'The endpoint answered 410 Gone.' },
    });
  });

  it('does not disable again a subscription that is already disabled', () => {
    const disabled = {
      status: WebhookSubscriptionStatus.DISABLED,
      failingSince: new Date(now.getTime() - 9 * DAY),
    };
    expect(decide({ responseStatus: 410, subscription: disabled }).subscription).toBeNull();
    expect(decide({ subscription: disabled }).subscription).toBeNull();
  });

  it('runs an interrupted attempt again at once, without counting it or touching the subscription', () => {
    for (const responseStatus of [null, 500, 410]) {
      expect(decide({ interrupted: true, responseStatus, attemptCount: 3 })).toEqual({
        delivery: { status: PENDING, nextAttemptAt: now, counts: false },
        retryAt: now,
        subscription: null,
      });
    }
  });
});
