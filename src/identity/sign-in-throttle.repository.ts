import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The failed sign-in counts (sign_in_throttle), one fixed window per key. */
@Injectable()
export class SignInThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For each of `keys` that has reached its limit within a window still running, the seconds until that window
   * ends. "ip:" keys have their own limit.
   */
  async findWaitsOverLimit(
    keys: string[],
    windowSeconds: number,
    limits: { perEmail: number; perIp: number },
  ): Promise<number[]> {
    const rows = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS wait
       FROM sign_in_throttle
       WHERE key = ANY($1::varchar[])
         AND failures >= CASE WHEN key LIKE 'ip:%' THEN $4::int ELSE $3::int END
         AND window_started_at + make_interval(secs => $2) > now()`,
      [keys, windowSeconds, limits.perEmail, limits.perIp],
    );
    return rows.map((row) => row.wait);
  }

  /** Counts one failure for each key, in its running window or in a new one when that has ended. */
  async countFailure(keys: string[], windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sign_in_throttle (key, window_started_at, failures)
       SELECT key, now(), 1 FROM unnest($1::varchar[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN sign_in_throttle.window_started_at + make_interval(secs => $2) > now()
                         THEN sign_in_throttle.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN sign_in_throttle.window_started_at + make_interval(secs => $2) > now()
                                  THEN sign_in_throttle.window_started_at ELSE now() END`,
      [keys, windowSeconds],
    );
  }

  async deleteKey(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sign_in_throttle WHERE key = $1`, [key]);
  }
}
