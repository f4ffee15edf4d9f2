import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../identity/principal';

/** What every layer may need to know about the request it serves, without threading it through signatures. */
export interface RequestState {
  requestId: string;
  ip: string | null;
  principal: Principal | null;
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

  principal(): Principal | null {
    return storage.getStore()?.principal ?? null;
  },

  setPrincipal(principal: Principal): void {
    const state = storage.getStore();
    if (state) state.principal = principal;
  },

  /** How the current caller is recorded in history, events and the audit log. */
  actor(): string {
    const principal = storage.getStore()?.principal;
    if (!principal || principal.kind === 'system') return 'system';
    return principal.kind === 'user' ? `user:${principal.id}` : `api_key:${principal.id}`;
  },
};
