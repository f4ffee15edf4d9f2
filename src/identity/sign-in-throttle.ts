import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';

/**
 * Counts failed sign-ins per e-mail and per IP in a fixed window, in PostgreSQL so every API process shares the
 * count. A key over its limit is refused before the password is even checked, until its window ends.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  /**
   * Seconds until the first of `keys` that is over its limit may try again; 0 when none is. "ip:" keys have their
   * own, higher limit: many people share an office's or a proxy's address.
   */
  async retryAfter(keys: string[]): Promise<number> {
    const rows = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS wait
       FROM sign_in_throttle
       WHERE key = ANY($1::varchar[])
         AND failures >= CASE WHEN key LIKE 'ip:%' THEN $4::int ELSE $3::int END
         AND window_started_at + make_interval(secs => $2) > now()`,
      [
        keys,
        this.env.SIGN_IN_WINDOW_SECONDS,
        this.env.SIGN_IN_MAX_FAILURES,
        this.env.SIGN_IN_MAX_FAILURES_PER_IP,
      ],
    );
    return rows.reduce((longest, row) => Math.max(longest, row.wait), 0);
  }

  async recordFailure(keys: string[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sign_in_throttle (key, window_started_at, failures)
       SELECT key, now(), 1 FROM unnest($1::varchar[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN sign_in_throttle.window_started_at + make_interval(secs => $2) > now()
                         THEN sign_in_throttle.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN sign_in_throttle.window_started_at + make_interval(secs => $2) > now()
                                  THEN sign_in_throttle.window_started_at ELSE now() END`,
      [keys, this.env.SIGN_IN_WINDOW_SECONDS],
    );
  }

  /** A successful sign-in clears its e-mail's count (not its IP's: one success must not unlock a spray). */
  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_throttle WHERE key = $1`, [key]);
  }
}
