import { Injectable } from '@nestjs/common';
import { UUID } from '../common/graphql/global-id';
import { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

interface Waiter<V> {
  resolve(value: V | null): void;
  reject(error: unknown): void;
}

/**
 * Batches reads by key, with one rule: a caller only ever joins a read that *starts after it asked*. The first
 * caller starts a read at once; callers arriving while it is in flight wait for the next one, which starts when it
 * ends and serves all of them in one call. At most one read is in flight.
 */
export class FreshBatches<V> {
  private queued = new Map<string, Waiter<V>[]>();
  private reading = false;

  constructor(private readonly readMany: (keys: string[]) => Promise<Map<string, V>>) {}

  get(key: string): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.queued.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.queued.set(key, [{ resolve, reject }]);
      if (!this.reading) this.readQueued();
    });
  }

  private readQueued(): void {
    const batch = this.queued;
    this.queued = new Map();
    this.reading = true;
    // Started at once (no added latency for a caller alone); a function that throws fails its callers too.
    let read: Promise<Map<string, V>>;
    try {
      read = this.readMany([...batch.keys()]);
    } catch (error) {
      read = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    read
      .then(
        (values) => {
          for (const [key, waiters] of batch) for (const w of waiters) w.resolve(values.get(key) ?? null);
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.reading = false;
        if (this.queued.size > 0) this.readQueued();
      });
  }
}

/**
 * Reads the callers of concurrent requests together: one statement for every request that arrived while the
 * previous read was in flight, instead of one per request.
 *
 * Why not a cache that skips the read: a role change, a deactivation or a password change must hold on the very next
 * request, on every API process. Nothing a request carries can tell a process that its copy is stale (the token's
 * `cv` changes only with the password), and an invalidation message (LISTEN/NOTIFY) reaches other processes some
 * time after the commit — a request sent right after the change could still be served from the old copy. So every
 * request reads its caller, and the saving is in sharing that read: a request only ever joins a read that starts
 * after it arrived (FreshBatches), so whatever committed before the request was sent is visible to it (READ
 * COMMITTED: each statement sees what committed before it began).
 */
@Injectable()
export class CallerReads {
  private readonly batches: FreshBatches<UserEntity>;

  constructor(users: UsersRepository) {
    this.batches = new FreshBatches(async (ids) => {
      const found = await users.findActiveByIds(ids);
      return new Map(found.map((user) => [user.id, user]));
    });
  }

  /** The active user `id`, read by a statement that starts after this call. */
  activeUser(id: string): Promise<UserEntity | null> {
    return UUID.test(id) ? this.batches.get(id) : Promise.resolve(null);
  }
}
