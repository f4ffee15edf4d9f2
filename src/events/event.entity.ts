import { Column, Entity, Generated, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';

/**
 * The outbox: every change of state writes its event here in the same transaction. Consumers (webhooks, the
 * event feed) read from this table; nothing is published that was not committed.
 */
@Entity('event')
@Unique('event_aggregate_sequence', ['aggregateType', 'aggregateId', 'sequence'])
@Index('event_position', ['position'], { unique: true })
@Index('event_type_position', ['type', 'position'])
@Index('event_feed_order', ['transactionId', 'position'])
@Index('event_occurred_at', ['occurredAt'])
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Global insertion order, for the event feed. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  position!: string;

  /**
   * The writing transaction's id (pg_current_xact_id). The feed reads in (transactionId, position) order and only
   * up to the oldest transaction still running, so an event committed late can never land behind a reader's cursor.
   */
  @Column({ type: 'bigint' })
  transactionId!: string;

  @Column({ type: 'varchar', length: 80 })
  type!: string;

  @Column({ type: 'varchar', length: 40 })
  aggregateType!: string;

  @Column({ type: 'uuid' })
  aggregateId!: string;

  /** The requisition the event concerns, if any: webhook subscriptions can be narrowed to requisitions. */
  @Column({ type: 'uuid', nullable: true })
  requisitionId!: string | null;

  /** Per aggregate, gap-free, starting at 1. */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  actor!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  occurredAt!: Date;
}
