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
