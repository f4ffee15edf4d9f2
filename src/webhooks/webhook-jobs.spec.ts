import { randomUUID } from 'node:crypto';
import { laneOf } from './webhook-jobs';

describe('laneOf', () => {
  const subscriptionId = randomUUID();

  it('is deterministic', () => {
    const deliveryId = randomUUID();
    expect(laneOf(subscriptionId, deliveryId, 4)).toBe(laneOf(subscriptionId, deliveryId, 4));
  });

  it.each([1, 2, 4, 7, 16])('names the subscription and a bucket below the concurrency %s', (concurrency) => {
    for (let i = 0; i < 50; i++) {
      const name = laneOf(subscriptionId, randomUUID(), concurrency);
      const match = /^webhooks:([0-9a-f-]{36}):(\d+)$/.exec(name);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(subscriptionId);
      expect(Number(match![2])).toBeLessThan(concurrency);
    }
  });

  it('puts everything in bucket 0 with a concurrency of 1', () => {
    const names = new Set(Array.from({ length: 20 }, () => laneOf(subscriptionId, randomUUID(), 1)));
    expect([...names]).toEqual([`webhooks:${subscriptionId}:0`]);
  });

  it('spreads many deliveries over every bucket, roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 800; i++) {
      const name = laneOf(subscriptionId, randomUUID(), 4);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 1, 2, 3].map((b) => `webhooks:${subscriptionId}:${b}`));
    for (const count of counts.values()) expect(count).toBeGreaterThan(100);
  });

  it('keeps different subscriptions in different queues', () => {
    const deliveryId = randomUUID();
    expect(laneOf(randomUUID(), deliveryId, 4)).not.toBe(laneOf(randomUUID(), deliveryId, 4));
  });
});
