import { Channel, channel, subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * What feature modules report for operators, through `node:diagnostics_channel`: a module publishes here without
 * knowing who listens (src/observability turns it into metrics when they are enabled). Publishing to a channel
 * nobody subscribes to costs a property check, so reports are free when metrics are off. Messages carry ids and
 * enumerations only, never personal data.
 */

/** One webhook delivery attempt's outcome (src/webhooks/webhook-attempter.ts). */
export interface WebhookAttemptReport {
  subscriptionId: string;
  /** `undeliverable`: the subscription was no longer active, nothing was sent. */
  outcome: 'succeeded' | 'failed' | 'interrupted' | 'undeliverable';
  /** The endpoint's HTTP status; null without an answer. */
  status: number | null;
  /** How long the HTTP request took, in milliseconds (0 when nothing was sent). */
  durationMs: number;
  /** On success: milliseconds from the event's commit to its receipt (null for pings). */
  lagMs: number | null;
}

/** One inbound application a board or career page pushed, with the HTTP status it was answered (src/job-boards/). */
export interface InboundApplicationReport {
  source: string;
  status: number;
}

/** A named `diagnostics_channel` carrying one kind of report. */
export class ReportChannel<T> {
  private readonly channel: Channel;

  constructor(readonly name: string) {
    this.channel = channel(name);
  }

  /** Publishes when someone listens; the message is not even built otherwise. */
  report(message: () => T): void {
    if (this.channel.hasSubscribers) this.channel.publish(message());
  }

  /** Listens until the returned function is called. */
  listen(listener: (message: T) => void): () => void {
    const handler = (message: unknown) => listener(message as T);
    subscribe(this.name, handler);
    return () => {
      unsubscribe(this.name, handler);
    };
  }
}

export const webhookAttempts = new ReportChannel<WebhookAttemptReport>('requisite:webhook.attempt');
export const inboundApplications = new ReportChannel<InboundApplicationReport>(
  'requisite:inbound.application',
);
