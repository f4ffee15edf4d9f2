import { Column, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { timestampColumn } from '../common/database/column-types';
import { UserEntity } from './user.entity';

/**
 * An integration's credential. The secret (`rqs_<prefix>_<secret>`) is shown once; only the prefix (for lookup)
 * and a SHA-256 of the whole key are stored — the secret has 192 random bits, so a fast hash is enough.
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
