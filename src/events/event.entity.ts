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
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Global insertion order, for the event feed. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  position!: string;

  @Column({ type: 'varchar', length: 80 })
  type!: string;

  @Column({ type: 'varchar', length: 40 })
  aggregateType!: string;

  @Column({ type: 'uuid' })
  aggregateId!: string;

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
