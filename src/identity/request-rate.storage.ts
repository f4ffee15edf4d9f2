import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { Environment } from '../config/environment';
import { RequestRateRepository, WindowCount } from './request-rate.repository';

/** Ended windows are forgotten this long after they ended, by each API process every SWEEP_EVERY_MS. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const FORGET_AFTER_MS = 10 * 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * INCR and set the window's expiry on its first hit, atomically: returns the count and the milliseconds left.
 * A key that somehow lost its expiry gets one again instead of counting forever.
 */
const REDIS_COUNT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {hits, left}`;

/** A fixed-window count as the throttler wants it: seconds, and blocked once over the limit. */
export function windowRecord(count: WindowCount, limit: number): ThrottlerStorageRecord {
  const seconds = Math.max(1, Math.ceil(count.msLeft / 1000));
  const isBlocked = count.hits > limit;
  return {
    totalHits: count.hits,
    timeToExpire: seconds,
    isBlocked,
    timeToBlockExpire: isBlocked ? seconds : 0,
  };
}

/**
 * The throttler's storage, chosen by RATE_LIMIT_STORE: each process's memory (the library's own sliding store),
 * PostgreSQL (request_rate, one upsert per request) or Redis (one script call per request). The shared stores
 * count fixed one-window periods per caller, so every API process sees the same count.
 *
 * Redis is optional: when it cannot be reached the request is let through (and a warning logged at most once a
 * minute) rather than the API failing with it. PostgreSQL failing means the API cannot work anyway, and the
 * request gets the database's error (503 during an outage).
 */
@Injectable()
export class RequestRateStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly memory = new ThrottlerStorageService();
  private redis?: Redis;
  private sweep?: NodeJS.Timeout;
  private lastWarning = 0;
  private closing = false;

  constructor(
    private readonly env: Environment,
    private readonly requests: RequestRateRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.env.runsApi()) return;
    if (this.env.RATE_LIMIT_STORE === 'postgres') {
      this.sweep = setInterval(() => {
        this.requests.deleteEndedWindows(FORGET_AFTER_MS).catch((error: Error) => this.warn(error));
      }, SWEEP_EVERY_MS);
      this.sweep.unref();
    } else if (this.env.RATE_LIMIT_STORE === 'redis') {
      this.redis = await connectRedis(
        this.env.REDIS_URL!,
        (error) => this.warn(error),
        () => this.closing,
      );
    }
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    switch (this.env.RATE_LIMIT_STORE) {
      case 'memory':
        return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
      case 'postgres':
        return windowRecord(await this.requests.countRequest(key, ttl), limit);
      case 'redis':
        return this.incrementInRedis(key, ttl, limit);
    }
  }

  private async incrementInRedis(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, msLeft] = (await this.redis!.eval(
        REDIS_COUNT_SCRIPT,
        1,
        `requisite:rate:${key}`,
        ttl,
      )) as [number, number];
      return windowRecord({ hits, msLeft }, limit);
    } catch (error) {
      this.warn(error as Error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private warn(error: Error): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate-limit store (${this.env.RATE_LIMIT_STORE}) failed: ${error.message}`);
  }

  onApplicationShutdown(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.memory.onApplicationShutdown();
    // Counters need no goodbye: QUIT would wait on a server that may be gone. No reconnection after this.
    this.closing = true;
    this.redis?.disconnect(false);
    this.redis?.removeAllListeners();
    this.redis = undefined;
  }
}

/**
 * Connects to Redis with ioredis, loaded only now: it is an optional dependency, needed only with
 * RATE_LIMIT_STORE=redis. Commands fail fast while disconnected (no offline queue) and reconnection goes on in the
 * background, so an unreachable Redis never holds requests up.
 */
async function connectRedis(
  url: string,
  onError: (error: Error) => void,
  closing: () => boolean,
): Promise<Redis> {
  let IORedis: typeof import('ioredis').Redis;
  try {
    IORedis = (await import('ioredis')).Redis;
  } catch {
    throw new Error('RATE_LIMIT_STORE=redis needs the ioredis package: npm install ioredis');
  }
  const client = new IORedis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => (closing() ? null : Math.min(attempt * 200, 2000)),
  });
  client.on('error', onError);
  await client.connect().catch(onError);
  return client;
}
