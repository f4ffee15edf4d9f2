import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { EventEntity } from '../events/event.entity';
import { WebhookDeliveryStatus } from './webhook.enums';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

/**
 * One event for one subscription. Its id is the `webhook-id` header: the same on every attempt, retry,
 * redelivery and replay, so receivers deduplicate on it. At most one per (subscription, event).
 */
@Entity('webhook_delivery')
@Check('webhook_delivery_status_valid', checkIn('status', Object.values(WebhookDeliveryStatus)))
@Check('webhook_delivery_attempts_non_negative', '"attempt_count" >= 0')
@Unique('webhook_delivery_subscription_event', ['subscriptionId', 'eventId'])
@Index('webhook_delivery_subscription_created_at', ['subscriptionId', 'createdAt', 'id'])
@Index('webhook_delivery_subscription_status', ['subscriptionId', 'status', 'createdAt', 'id'])
@Index('webhook_delivery_finished_at', ['updatedAt'], { where: `"status" IN ('SUCCEEDED', 'FAILED')` })
// The queue: each subscription's pending deliveries in the order they come due (see WebhookDispatcher).
@Index('webhook_delivery_due', ['subscriptionId', 'nextAttemptAt', 'id'], { where: `"status" = 'PENDING'` })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => WebhookSubscriptionEntity, {
    name: 'webhook_delivery_subscription_fk',
    onDelete: 'CASCADE',
  })
  subscriptionId!: string;

  /** Null for pings, which are not events. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => EventEntity, { name: 'webhook_delivery_event_fk' })
  eventId!: string | null;

  @Column({ type: 'varchar', length: 80 })
  eventType!: string;

  @Column({ type: 'varchar', length: 20, default: WebhookDeliveryStatus.PENDING })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attemptCount!: number;

  /** When the next attempt is due; null once the delivery succeeded or failed for good. */
  @Column(timestampColumn({ nullable: true }))
  nextAttemptAt!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  lastAttemptedAt!: Date | null;

  /**
   * Set while a worker is attempting it: until then no other worker claims it. A worker that dies mid-attempt
   * leaves it set, and once it has passed (after the attempt's timeout and a margin) another worker claims it.
   */
  @Column(timestampColumn({ nullable: true }))
  leaseExpiresAt!: Date | null;

  /**
   * Who holds the lease: `claimer` or `fan-out:<job id>`. A fan-out job run again because its worker died takes
   * back the leases its first run held (they would otherwise last the attempt's timeout and a margin).
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  leaseHolder!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
