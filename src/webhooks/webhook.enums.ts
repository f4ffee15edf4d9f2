/** ACTIVE: events are delivered. DISABLED: by hand or automatically (410 Gone, or failing for too long). */
export enum WebhookSubscriptionStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

/** PENDING: attempts remain (or one is in flight). SUCCEEDED: a 2xx was received. FAILED: the dead letter. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** The one message type that is not an event: sent by pingWebhookSubscription. */
export const PING_EVENT_TYPE = 'webhook.ping';

/** Subscribes to every event type. */
export const ALL_EVENT_TYPES = '*';
