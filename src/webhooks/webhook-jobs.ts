import { EntityManager } from 'typeorm';
import { enqueueJobs, removeJobs } from '../jobs/job-queue';

// Inside the augmentation, names resolve in the job queue's module: `CronPayload` is its own.

/** The webhook module's background jobs, declared to the job queue (see `JobPayloads`). */
declare module '../jobs/job-queue' {
  interface JobPayloads {
    /** Turns committed events into one webhook delivery per matching subscription. */
    'webhooks.fan_out': { eventIds: string[] };
    /**
     * Wakes a webhook claimer when a delivery comes due (a retry, a redelivery, a replay, a first attempt's backup).
     * `lane` only in jobs queued before the delivery queue (ignored).
     */
    'webhooks.deliver': { deliveryId: string; lane?: boolean };
    /** Deletes finished webhook deliveries past their retention (scheduled daily; see `JobRunner.schedule`). */
    'webhooks.prune_deliveries': CronPayload;
  }
}

/**
 * Fan-out runs before other jobs (graphile-worker takes lower numbers first): under a backlog of jobs, new events
 * still become deliveries at once.
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
 * Enqueues, on the caller's transaction and in one statement, a job per delivery due at `runAt` (replacing a
 * pending one). The delivery itself waits in `webhook_delivery`, the queue; its job only wakes a claimer then, so an
 * attempt due hours from now starts on time without anyone polling for it closely.
 */
export function scheduleAttempts(
  manager: EntityManager,
  attempts: readonly AttemptToSchedule[],
): Promise<void> {
  return enqueueJobs(
    manager,
    'webhooks.deliver',
    attempts.map((attempt) => ({
      payload: { deliveryId: attempt.id },
      runAt: attempt.runAt,
      jobKey: attemptJobKey(attempt.id),
    })),
  );
}

/** Takes the jobs of deliveries that need no more attempts off the queue. */
export function cancelAttempts(manager: EntityManager, deliveryIds: readonly string[]): Promise<void> {
  return removeJobs(manager, deliveryIds.map(attemptJobKey));
}
