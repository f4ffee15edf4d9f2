import { Environment } from '../config/environment';
import { SLOW_MS, WebhookConcurrencyGate } from './webhook-concurrency-gate';

describe('WebhookConcurrencyGate', () => {
  let now: number;
  let gate: WebhookConcurrencyGate;
  const A = 'subscription-a';
  const B = 'subscription-b';

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    gate = new WebhookConcurrencyGate({ WEBHOOK_SUBSCRIPTION_CONCURRENCY: 2 } as Environment);
  });
  afterEach(() => jest.restoreAllMocks());

  it('gives each subscription its own WEBHOOK_SUBSCRIPTION_CONCURRENCY slots', () => {
    const first = gate.take(A);
    now += 1;
    const second = gate.take(A);
    expect([first, second]).toEqual([1_000_000, 1_000_001]);
    expect(gate.take(A)).toBeNull();
    expect(gate.take(B)).not.toBeNull();
    gate.release(A, first!);
    expect(gate.take(A)).not.toBeNull();
  });

  it('releases by token, whichever attempt ends first, and ignores unknown tokens', () => {
    const first = gate.take(A)!;
    now += 5;
    const second = gate.take(A)!;
    gate.release(A, second);
    gate.release(A, 42);
    expect(gate.take(A)).not.toBeNull();
    expect(gate.take(A)).toBeNull();
    gate.release(A, first);
    expect(gate.take(A)).not.toBeNull();
  });

  it('calls a subscription slow while an attempt has been in flight for over a second', () => {
    gate.take(A);
    now += SLOW_MS;
    expect(gate.answersSlowly(A)).toBe(false);
    now += 1;
    expect(gate.answersSlowly(A)).toBe(true);
    // The fan-out makes no first attempt for it; queued attempts still get its free slot.
    expect(gate.take(A, true)).toBeNull();
    expect(gate.take(A)).not.toBeNull();
  });

  it('calls a subscription slow when its recent attempts took over a second on average', () => {
    gate.noteDuration(A, 3_000);
    expect(gate.answersSlowly(A)).toBe(true);
    // A moving average: several prompt answers bring it back.
    for (let i = 0; i < 10; i++) gate.noteDuration(A, 50);
    expect(gate.answersSlowly(A)).toBe(false);
    expect(gate.take(A, true)).not.toBeNull();
    expect(gate.answersSlowly(B)).toBe(false);
  });
});
