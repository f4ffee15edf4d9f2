import { Column, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';
import { UserEntity } from './user.entity';

/**
 * An integration's credential. The key (`rqs_` + 32 base64url characters, 192 random bits) is shown once; only
 * its first 8 characters after `rqs_` (for lookup) and a SHA-256 of the whole key are stored — with that much
 * randomness a fast hash is enough.
 */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16, unique: true })
  prefix!: string;

  @Column({ type: 'varchar', length: 64 })
  secretHash!: string;

  @Column({ type: 'text', array: true, default: '{}' })
  scopes!: string[];

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'api_key_created_by_fk', onDelete: 'SET NULL' })
  createdById!: string | null;

  @Column(timestampColumn({ nullable: true }))
  lastUsedAt!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  expiresAt!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  revokedAt!: Date | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;
}
