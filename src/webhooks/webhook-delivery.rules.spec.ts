import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  activeSecrets,
  deliveryQueueName,
  failedTooLong,
  MAX_RETRY_AFTER_MS,
  nextAttemptDelayMs,
  outcomeOf,
  parseRetryAfter,
  signedHeaders,
  subscriptionWants,
  webhookBody,
  webhookIdOf,
} from './webhook-delivery.rules';

const REQ_A = '00000000-0000-4000-8000-00000000000a';
const REQ_B = '00000000-0000-4000-8000-00000000000b';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

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

describe('signedHeaders', () => {
  const body = webhookBody('application.stage_changed', new Date('2026-03-10T12:00:00.000Z'), {
    applicationId: 'QXBwbGljYXRpb246MQ',
    sequence: 3,
  });
  const messageId = webhookIdOf(randomUUID());

  const verify = (secretValue: string, headers: Record<string, string>, payload = body) =>
    new Webhook(secretValue).verify(payload, {
      'webhook-id': headers['webhook-id'],
      'webhook-timestamp': headers['webhook-timestamp'],
      'webhook-signature': headers['webhook-signature'],
    });

  it('produces Standard Webhooks headers the independent library verifies', () => {
    const key = secret();
    const at = new Date();
    const headers = signedHeaders(messageId, body, [key], at);
    const { 'webhook-signature': signature, ...rest } = headers;
    expect(rest).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Requisite-Webhooks/1',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    });
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(verify(key, headers)).toEqual(JSON.parse(body) as unknown);
  });

  it('does not verify with another secret, another body, another id or another timestamp', () => {
    const key = secret();
    const headers = signedHeaders(messageId, body, [key], new Date());
    expect(() => verify(secret(), headers)).toThrow();
    expect(() => verify(key, headers, body.replace('"sequence":3', '"sequence":4'))).toThrow();
    expect(() => verify(key, { ...headers, 'webhook-id': webhookIdOf(randomUUID()) })).toThrow();
    expect(() =>
      verify(key, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) }),
    ).toThrow();
  });

  it('signs with every active secret: two secrets give two space-separated v1 signatures, each verifying', () => {
    const [newer, older] = [secret(), secret()];
    const headers = signedHeaders(messageId, body, [newer, older], new Date());
    const signatures = headers['webhook-signature'].split(' ');
    expect(signatures).toHaveLength(2);
    for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(signatures[0]).not.toBe(signatures[1]);
    expect(verify(newer, headers)).toEqual(JSON.parse(body) as unknown);
    expect(verify(older, headers)).toEqual(JSON.parse(body) as unknown);
    expect(() => verify(secret(), headers)).toThrow();
    // Each signature alone is the one its secret makes.
    expect(verify(newer, { ...headers, 'webhook-signature': signatures[0] })).toBeDefined();
    expect(verify(older, { ...headers, 'webhook-signature': signatures[1] })).toBeDefined();
    expect(() => verify(newer, { ...headers, 'webhook-signature': signatures[1] })).toThrow();
  });

  it('is deterministic for the same id, body, secret and second', () => {
    const key = secret();
    const at = new Date('2026-03-10T12:00:00.700Z');
    const a = signedHeaders(messageId, body, [key], at);
    const b = signedHeaders(messageId, body, [key], new Date('2026-03-10T12:00:00.100Z'));
    expect(a).toEqual(b);
    expect(a['webhook-timestamp']).toBe(String(Date.parse('2026-03-10T12:00:00Z') / 1000));
  });
});

describe('webhookBody', () => {
  it.each([
    [
      'application.stage_changed',
      new Date('2026-03-10T12:00:00.123Z'),
      { applicationId: 'a1', sequence: 2, changedFields: ['stageId'] },
      '{"type":"application.stage_changed","timestamp":"2026-03-10T12:00:00.123Z","data":{"applicationId":"a1","sequence":2,"changedFields":["stageId"]}}',
    ],
    [
      'webhook.ping',
      new Date(Date.UTC(2026, 0, 1)),
      {},
      '{"type":"webhook.ping","timestamp":"2026-01-01T00:00:00.000Z","data":{}}',
    ],
    [
      'candidate.updated',
      new Date('2026-03-10T12:00:00Z'),
      { note: 'quote " and \\ and ü', nothing: null },
      '{"type":"candidate.updated","timestamp":"2026-03-10T12:00:00.000Z","data":{"note":"quote \\" and \\\\ and ü","nothing":null}}',
    ],
  ])('serialises %s exactly', (type, occurredAt, data, expected) => {
    const body = webhookBody(type, occurredAt, data);
    expect(body).toBe(expected);
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['type', 'timestamp', 'data']);
    expect(JSON.parse(body)).toEqual({ type, timestamp: occurredAt.toISOString(), data });
  });
});

describe('deliveryQueueName', () => {
  const subscriptionId = randomUUID();

  it('is deterministic', () => {
    const deliveryId = randomUUID();
    expect(deliveryQueueName(subscriptionId, deliveryId, 4)).toBe(
      deliveryQueueName(subscriptionId, deliveryId, 4),
    );
  });

  it.each([1, 2, 4, 7, 16])('names the subscription and a bucket below the concurrency %s', (concurrency) => {
    for (let i = 0; i < 50; i++) {
      const name = deliveryQueueName(subscriptionId, randomUUID(), concurrency);
      const match = /^webhooks:([0-9a-f-]{36}):(\d+)$/.exec(name);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(subscriptionId);
      expect(Number(match![2])).toBeLessThan(concurrency);
    }
  });

  it('puts everything in bucket 0 with a concurrency of 1', () => {
    const names = new Set(
      Array.from({ length: 20 }, () => deliveryQueueName(subscriptionId, randomUUID(), 1)),
    );
    expect([...names]).toEqual([`webhooks:${subscriptionId}:0`]);
  });

  it('spreads many deliveries over every bucket, roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 800; i++) {
      const name = deliveryQueueName(subscriptionId, randomUUID(), 4);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3].map((b) => `webhooks:${subscriptionId}:${b}`));
    for (const count of counts.values()) expect(count).toBeGreaterThan(100);
  });

  it('keeps different subscriptions in different queues', () => {
    const deliveryId = randomUUID();
    expect(deliveryQueueName(randomUUID(), deliveryId, 4)).not.toBe(
      deliveryQueueName(randomUUID(), deliveryId, 4),
    );
  });
});

describe('webhookIdOf', () => {
  it.each([
    ['0b9e5c1e-6f0a-4d8e-9a57-3c1f2d4e5f60', 'msg_0b9e5c1e6f0a4d8e9a573c1f2d4e5f60'],
    ['00000000-0000-4000-8000-000000000000', 'msg_00000000000040008000000000000000'],
  ])('%s → %s', (deliveryId, expected) => {
    expect(webhookIdOf(deliveryId)).toBe(expected);
  });

  it('is stable for a delivery and different between deliveries', () => {
    const id = randomUUID();
    expect(webhookIdOf(id)).toBe(webhookIdOf(id));
    expect(webhookIdOf(id)).toBe(webhookIdOf(`${id}`));
    expect(webhookIdOf(randomUUID())).not.toBe(webhookIdOf(id));
    expect(webhookIdOf(id)).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
