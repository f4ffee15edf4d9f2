import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationEntity } from '../pipeline/application.entity';
import { JobBoardEntity } from './job-board.entity';

export enum InboundSource {
  CAREER_PAGE = 'CAREER_PAGE',
  INDEED = 'INDEED',
  /** Any other board, signed with Standard Webhooks. */
  STANDARD_WEBHOOKS = 'STANDARD_WEBHOOKS',
}

/**
 * Every application a board pushed, stored as received (raw bytes) with the answer we gave. Unique per (board,
 * source, external id) — Indeed's application id, the career page's Idempotency-Key, a Standard Webhooks
 * `webhook-id` — so a retry finds the first delivery and gets its answer instead of creating anything.
 */
@Entity('inbound_delivery')
@Check('inbound_delivery_source_valid', checkIn('source', Object.values(InboundSource)))
@Check('inbound_delivery_posting_only_career_page', `"posting_id" IS NULL OR "source" = 'CAREER_PAGE'`)
@Index('inbound_delivery_board_external', ['boardId', 'source', 'externalId'], {
  unique: true,
  where: '"external_id" IS NOT NULL',
})
@Index('inbound_delivery_board_received_at', ['boardId', 'receivedAt'])
export class InboundDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => JobBoardEntity, { name: 'inbound_delivery_board_fk' })
  boardId!: string;

  @Column({ type: 'varchar', length: 20 })
  source!: InboundSource;

  /** Null when the delivery could not be trusted or parsed far enough to have one (e.g. a bad signature). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId!: string | null;

  /**
   * The posting a career-page delivery was sent to (it is in the URL, not the body), so it can be reprocessed.
   * Null for other sources (their body names the posting) and for deliveries refused before processing.
   */
  @Column({ type: 'uuid', nullable: true })
  postingId!: string | null;

  /** Null where nothing is signed (the career page). */
  @Column({ type: 'boolean', nullable: true })
  signatureValid!: boolean | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  contentType!: string | null;

  /** The body exactly as received. */
  @Column({ type: 'bytea' })
  rawBody!: Buffer;

  /** SHA-256 of the body, hex: a replayed key with a different body is refused. */
  @Column({ type: 'varchar', length: 64 })
  bodySha256!: string;

  @Column({ type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseBody!: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => ApplicationEntity, { name: 'inbound_delivery_application_fk', onDelete: 'SET NULL' })
  applicationId!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  receivedAt!: Date;

  @Column(timestampColumn({ nullable: true }))
  processedAt!: Date | null;
}
