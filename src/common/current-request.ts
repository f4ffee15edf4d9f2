import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is acting, as history, events and the audit log record it: a user, an API key, or the system (seed, start-up
 * tasks, background jobs no request asked for). What the caller may do is identity's business, not this record's.
 */
export type Actor = { kind: 'user' | 'api_key'; id: string } | { kind: 'system' };

export const SYSTEM_ACTOR: Actor = { kind: 'system' };

/** What every layer may need to know about the request it serves, without threading it through signatures. */
export interface RequestState {
  requestId: string;
  ip: string | null;
  /** Set once the caller is authenticated; null before (and for public routes). */
  actor: Actor | null;
}

const storage = new AsyncLocalStorage<RequestState>();

export const CurrentRequest = {
  /** Runs `work` (and everything it starts) with `state` as the current request. */
  run<T>(state: RequestState, work: () => T): T {
    return storage.run(state, work);
  },

  current(): RequestState | undefined {
    return storage.getStore();
  },

  setActor(actor: Actor): void {
    const state = storage.getStore();
    if (state) state.actor = actor;
  },

  /** The acting user's or key's id; null for the system and before authentication. */
  actorId(): string | null {
    const actor = storage.getStore()?.actor;
    return actor && actor.kind !== 'system' ? actor.id : null;
  },

  /** How the current caller is recorded in history, events and the audit log. */
  actor(): string {
    const actor = storage.getStore()?.actor;
    if (!actor || actor.kind === 'system') return 'system';
    return `${actor.kind}:${actor.id}`;
  },
};
