import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { WebhookSubscriptionStatus } from './webhook.enums';

@Entity('webhook_subscription')
@Check('webhook_subscription_status_valid', checkIn('status', Object.values(WebhookSubscriptionStatus)))
@Check('webhook_subscription_event_types_present', 'cardinality("event_types") > 0')
@Check(
  'webhook_subscription_disabled_has_reason',
  `("status" = 'DISABLED') = ("disabled_reason" IS NOT NULL AND "disabled_at" IS NOT NULL)`,
)
@Index('webhook_subscription_created_at', ['createdAt', 'id'])
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** Event types, or "*" for all. */
  @Column({ type: 'varchar', length: 80, array: true })
  eventTypes!: string[];

  /** When not empty, only events about these requisitions are delivered. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  requisitionIds!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 20, default: WebhookSubscriptionStatus.ACTIVE })
  status!: WebhookSubscriptionStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason!: string | null;

  @Column(timestampColumn({ nullable: true }))
  disabledAt!: Date | null;

  /**
   * The signing secret (whsec_…). Kept readable because every delivery is signed with it; the database is the
   * trust boundary, as for job boards' secrets.
   */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  /** After a rotation: the old secret, which also signs deliveries until previousSecretExpiresAt. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  previousSecret!: string | null;

  @Column(timestampColumn({ nullable: true }))
  previousSecretExpiresAt!: Date | null;

  /** The first failed attempt since the last success; null while deliveries succeed. */
  @Column(timestampColumn({ nullable: true }))
  failingSince!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  createdBy!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
