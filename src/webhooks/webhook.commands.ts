/**
 * What the webhook use cases take: database ids and domain values, whichever transport they came through. Field
 * names are the ones refusals point at (`['requisitionIds', '2']`). Operations on one subscription or delivery
 * take its id alone.
 */
export interface CreateWebhookSubscriptionCommand {
  url: string;
  /** Event types, or `*` for all. */
  eventTypes: string[];
  description?: string | null;
  /** Only events about these requisitions; empty or absent: every event. */
  requisitionIds?: string[] | null;
}

/** Absent fields stay as they are; `requisitionIds: []` widens to every requisition again. */
export interface UpdateWebhookSubscriptionCommand extends Partial<
  Omit<CreateWebhookSubscriptionCommand, 'url' | 'eventTypes'>
> {
  id: string;
  expectedVersion?: number | null;
  url?: string | null;
  eventTypes?: string[] | null;
}

export interface ReplayWebhookEventsCommand {
  subscriptionId: string;
  since: Date;
  /** Default: now. */
  until?: Date | null;
}
