import { Webhook } from 'standardwebhooks';
import { toGlobalId } from '../common/graphql/global-id';
import { PING_EVENT_TYPE } from './webhook.enums';

/**
 * What a delivery sends, per Standard Webhooks: the body `{ type, timestamp, data }` and the signed headers. Ids in
 * a body are the API's global ids (what `node(id)` takes), like the ids in event payloads.
 */

/** The event facts a delivery's body is made of. */
export interface DeliveredEvent {
  id: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** The body of an event's delivery: the event's data with its feed id. The same bytes on every attempt. */
export function eventBody(event: DeliveredEvent): string {
  return webhookBody(event.type, event.occurredAt, { eventId: toGlobalId('Event', event.id), ...event.data });
}

/** The body of a ping to a subscription, timestamped with the ping's delivery. */
export function pingBody(subscriptionId: string, at: Date): string {
  return webhookBody(PING_EVENT_TYPE, at, {
    subscriptionId: toGlobalId('WebhookSubscription', subscriptionId),
  });
}

/** The Standard Webhooks body: `{ type, timestamp, data }`, serialised once and sent byte-identical each time. */
export function webhookBody(type: string, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}

/** Standard Webhooks headers for one attempt: `webhook-signature` lists one `v1,` signature per active secret. */
export function signedHeaders(
  messageId: string,
  body: string,
  secrets: readonly string[],
  at: Date,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Requisite-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}

/** The `webhook-id` of a delivery: stable for its (event, subscription), whatever happens to it. */
export function webhookIdOf(deliveryId: string): string {
  return `msg_${deliveryId.replace(/-/g, '')}`;
}
