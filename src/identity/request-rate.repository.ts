import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface WindowCount {
  /** Requests counted in the running window, this one included. */
  hits: number;
  /** Milliseconds until the running window ends. */
  msLeft: number;
}

/** The shared request counters (request_rate), one fixed window per key. */
@Injectable()
export class RequestRateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one request for `key` in its running window, or opens a new window when that one has ended. */
  async countRequest(key: string, windowMs: number): Promise<WindowCount> {
    const [row] = await this.dataSource.query<{ hits: number; ms_left: string }[]>(
      `INSERT INTO request_rate AS r (key, window_started_at, hits) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at + make_interval(secs => $2 / 1000.0) > now() THEN r.hits + 1 ELSE 1 END,
         window_started_at = CASE WHEN r.window_started_at + make_interval(secs => $2 / 1000.0) > now()
                                  THEN r.window_started_at ELSE now() END
       RETURNING hits,
         ceil(extract(epoch FROM r.window_started_at + make_interval(secs => $2 / 1000.0) - now()) * 1000) AS ms_left`,
      [key, windowMs],
    );
    return { hits: row.hits, msLeft: Math.max(0, Number(row.ms_left)) };
  }

  /** Forgets windows that ended more than `olderThanMs` ago (callers who stopped calling). */
  async deleteEndedWindows(olderThanMs: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM request_rate WHERE window_started_at < now() - make_interval(secs => $1 / 1000.0)`,
      [olderThanMs],
    );
  }
}
