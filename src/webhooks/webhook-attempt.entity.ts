import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** One HTTP request of a delivery and what came of it. */
@Entity('webhook_attempt')
@Index('webhook_attempt_delivery_attempted_at', ['deliveryId', 'attemptedAt'])
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => WebhookDeliveryEntity, { name: 'webhook_attempt_delivery_fk', onDelete: 'CASCADE' })
  deliveryId!: string;

  @Column(timestampColumn())
  attemptedAt!: Date;

  /** The endpoint's HTTP status; null when none came (refused address, connection error, timeout). */
  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'integer' })
  durationMs!: number;

  /** Why the attempt failed, when it did. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;
}
