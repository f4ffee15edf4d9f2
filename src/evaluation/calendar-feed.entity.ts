import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';

/**
 * A user's private calendar feed. The token in the URL is an HMAC of the user and `nonce` under the server's
 * signing key, so it can be shown again at any time; only its SHA-256 is stored (and looked up). Rotating draws
 * a new nonce: the old URL then names nothing.
 */
@Entity('calendar_feed')
@Index('calendar_feed_token_hash', ['tokenHash'], { unique: true })
export class CalendarFeedEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => UserEntity, { name: 'calendar_feed_user_fk', onDelete: 'CASCADE' })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  nonce!: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column(timestampColumn({ default: () => 'now()' }))
  rotatedAt!: Date;
}
