import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';
import { SignInThrottleRepository } from './sign-in-throttle.repository';

/**
 * Counts failed sign-ins per e-mail and per IP in a fixed window, in PostgreSQL so every API process shares the
 * count. A key over its limit is refused before the password is even checked, until its window ends.
 */
@Injectable()
export class SignInThrottleService {
  constructor(
    private readonly counts: SignInThrottleRepository,
    private readonly env: Environment,
  ) {}

  /**
   * Seconds until the first of `keys` that is over its limit may try again; 0 when none is. "ip:" keys have their
   * own, higher limit: many people share an office's or a proxy's address.
   */
  async retryAfter(keys: string[]): Promise<number> {
    const waits = await this.counts.findWaitsOverLimit(keys, this.env.SIGN_IN_WINDOW_SECONDS, {
      perEmail: this.env.SIGN_IN_MAX_FAILURES,
      perIp: this.env.SIGN_IN_MAX_FAILURES_PER_IP,
    });
    return waits.reduce((longest, wait) => Math.max(longest, wait), 0);
  }

  async recordFailure(keys: string[]): Promise<void> {
    await this.counts.countFailure(keys, this.env.SIGN_IN_WINDOW_SECONDS);
  }

  /** A successful sign-in clears its e-mail's count (not its IP's: one success must not unlock a spray). */
  async clear(key: string): Promise<void> {
    await this.counts.deleteKey(key);
  }
}
