import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { enqueueJobs, removeJobs } from '../jobs/job-queue';

// Inside the augmentation, names resolve in the job queue's module: `CronPayload` is its own.

/** The webhook module's background jobs, declared to the job queue (see `JobPayloads`). */
declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Turns committed events into one webhook delivery per matching subscription. */
    'webhooks.fan_out': { eventIds: string[] };
    /** One attempt to deliver one webhook delivery; `lane` when it runs in its subscription's capped queues. */
    'webhooks.deliver': { deliveryId: string; lane?: boolean };
    /** Deletes finished webhook deliveries past their retention (scheduled daily; see `JobRunner.schedule`). */
    'webhooks.prune_deliveries': CronPayload;
  }
}

/**
 * Fan-out runs before queued delivery attempts (graphile-worker takes lower numbers first): under a backlog of
 * attempts, new events still become deliveries at once, and their attempts queue fairly with the rest.
 */
export const FAN_OUT_PRIORITY = -10;

/** A delivery has at most one attempt job: its key is the delivery, so scheduling again replaces the pending one. */
export const attemptJobKey = (deliveryId: string): string => `webhook-delivery:${deliveryId}`;

export interface AttemptToSchedule {
  /** The delivery. */
  id: string;
  subscriptionId: string;
  runAt: Date;
}

/**
 * Enqueues the next attempt of each delivery on the caller's transaction, in one statement (replacing a pending
 * one). Attempts run in parallel in the worker's slots; with `lanes` they go to their subscription's
 * `lanes.concurrency` serial queues instead, where a slow endpoint's backlog waits without holding those slots.
 */
export function scheduleAttempts(
  manager: EntityManager,
  attempts: readonly AttemptToSchedule[],
  lanes?: { concurrency: number },
): Promise<void> {
  return enqueueJobs(
    manager,
    'webhooks.deliver',
    attempts.map((attempt) => ({
      payload: { deliveryId: attempt.id, lane: lanes !== undefined },
      queueName: lanes ? laneOf(attempt.subscriptionId, attempt.id, lanes.concurrency) : undefined,
      runAt: attempt.runAt,
      jobKey: attemptJobKey(attempt.id),
    })),
  );
}

/** Takes the attempt jobs of deliveries that need no more attempts off the queue. */
export function cancelAttempts(manager: EntityManager, deliveryIds: readonly string[]): Promise<void> {
  return removeJobs(manager, deliveryIds.map(attemptJobKey));
}

/**
 * The graphile-worker queue (lane) a delivery runs in. Jobs in one queue run one at a time, so spreading a
 * subscription's deliveries over `concurrency` queues caps how many of its attempts are in flight, and a slow
 * endpoint holds at most that many of the worker's slots. The bucket is stable per delivery.
 */
export function laneOf(subscriptionId: string, deliveryId: string, concurrency: number): string {
  const bucket = createHash('sha1').update(deliveryId).digest().readUInt32BE(0) % concurrency;
  return `webhooks:${subscriptionId}:${bucket}`;
}
