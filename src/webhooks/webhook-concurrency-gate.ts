import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';

/**
 * A subscription answers slowly when its recent attempts took longer than this on average, or one of its attempts
 * in flight has run longer. Its first attempts are then queued jobs rather than made by the fan-out job itself, so
 * a slow endpoint holds no fan-out job (and with it the other subscriptions' first attempts) for long.
 */
export const SLOW_MS = 1_000;

/**
 * Each subscription's lane in this process: at most WEBHOOK_SUBSCRIPTION_CONCURRENCY attempts of one subscription
 * in flight, whoever makes them (the claimer or the fan-out job), and how promptly each subscription has been
 * answering. In memory: it is per process, like the attempts it counts.
 */
@Injectable()
export class WebhookConcurrencyGate {
  /** When each attempt this process has in flight started, per subscription. */
  private readonly inFlight = new Map<string, number[]>();
  /** A moving average of each subscription's recent attempt durations in this process, in ms. */
  private readonly recentDurationMs = new Map<string, number>();

  constructor(private readonly env: Environment) {}

  /**
   * Takes one of the subscription's slots, returning when it was taken (the token to give back), or null when its
   * slots are taken. `onlyIfPrompt` also refuses a subscription that answers slowly.
   */
  take(subscriptionId: string, onlyIfPrompt = false): number | null {
    const now = Date.now();
    const started = this.inFlight.get(subscriptionId) ?? [];
    if (onlyIfPrompt && this.answersSlowly(subscriptionId, now)) return null;
    if (started.length >= this.env.WEBHOOK_SUBSCRIPTION_CONCURRENCY) return null;
    this.inFlight.set(subscriptionId, [...started, now]);
    return now;
  }

  /** How many attempts each subscription has in flight in this process (subscriptions without any are absent). */
  inFlightCounts(): Map<string, number> {
    return new Map([...this.inFlight].map(([id, started]) => [id, started.length]));
  }

  release(subscriptionId: string, token: number): void {
    const started = this.inFlight.get(subscriptionId) ?? [];
    const i = started.indexOf(token);
    const left = i < 0 ? started : [...started.slice(0, i), ...started.slice(i + 1)];
    if (left.length > 0) this.inFlight.set(subscriptionId, left);
    else this.inFlight.delete(subscriptionId);
  }

  /** How long an attempt that was not interrupted took (lanes' attempts too: they say how the endpoint answers). */
  noteDuration(subscriptionId: string, durationMs: number): void {
    const previous = this.recentDurationMs.get(subscriptionId);
    this.recentDurationMs.set(
      subscriptionId,
      previous === undefined ? durationMs : previous * 0.8 + durationMs * 0.2,
    );
  }

  answersSlowly(subscriptionId: string, now = Date.now()): boolean {
    return (
      (this.recentDurationMs.get(subscriptionId) ?? 0) > SLOW_MS ||
      (this.inFlight.get(subscriptionId) ?? []).some((at) => now - at > SLOW_MS)
    );
  }
}
