/**
 * Fairness of the delivery queue, by construction: every subscription has its own lane of `laneSize` attempts in
 * flight (per worker process). A claim deals the batch's slots round-robin over the subscriptions with due
 * deliveries — one each, then a second each, … — skipping a subscription whose lane is full (never waiting for it),
 * and starts after the subscription the previous claim served last, so none is always served first.
 */

/** A subscription with deliveries due now: how many (the count may be capped at the lane size). */
export interface DueLane {
  subscriptionId: string;
  due: number;
}

export interface ClaimState {
  due: readonly DueLane[];
  /** Attempts of each subscription this process has in flight (absent: none). */
  inFlight: ReadonlyMap<string, number>;
  laneSize: number;
  /** How many attempts this claim may start at most (the process's free slots). */
  batchSize: number;
  /** The subscription the previous claim served last: this one starts after it. */
  after: string | null;
}

export interface ClaimPlan {
  /** How many due deliveries to claim per subscription, in the order dealt. */
  quotas: { subscriptionId: string; count: number }[];
  /** The subscription served last (the next claim's `after`). */
  last: string | null;
  /** Subscriptions with more due than this claim takes: worth claiming again when a slot frees up. */
  backlogged: string[];
}

export function planClaim(state: ClaimState): ClaimPlan {
  const sorted = [...state.due]
    .filter((lane) => lane.due > 0)
    .sort((a, b) => compare(a.subscriptionId, b.subscriptionId));
  // Round-robin: this claim's turn starts with the first subscription after the previous claim's last.
  const start =
    state.after === null ? 0 : sorted.findIndex((lane) => compare(lane.subscriptionId, state.after!) > 0);
  const order = start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
  const room = order.map((lane) =>
    Math.max(0, Math.min(lane.due, state.laneSize - (state.inFlight.get(lane.subscriptionId) ?? 0))),
  );
  const taken = order.map(() => 0);
  let total = 0;
  let last: string | null = state.after;
  for (let dealt = true; dealt && total < state.batchSize;) {
    dealt = false;
    for (let i = 0; i < order.length && total < state.batchSize; i++) {
      if (taken[i] >= room[i]) continue; // a full lane (or nothing more due) is skipped
      taken[i]++;
      total++;
      dealt = true;
      last = order[i].subscriptionId;
    }
  }
  return {
    quotas: order.flatMap((lane, i) =>
      taken[i] > 0 ? [{ subscriptionId: lane.subscriptionId, count: taken[i] }] : [],
    ),
    last,
    backlogged: order.filter((lane, i) => lane.due > taken[i]).map((lane) => lane.subscriptionId),
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
