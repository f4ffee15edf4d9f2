import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { UserRole } from './identity.enums';

@Entity('app_user')
@Check('app_user_role_valid', checkIn('role', Object.values(UserRole)))
@Check('app_user_credentials_version_positive', '"credentials_version" >= 1')
// One account per e-mail, case-insensitively: unique index on lower(email), written in the migration.
@Index('app_user_email_lower_unique', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: UserRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** scrypt hash with its salt and parameters (see password.ts); null for accounts that sign in through OIDC only. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /**
   * Goes up when the password changes. Access tokens carry the value they were issued under (claim `cv`), and one
   * issued under an older value is refused: a password change signs out every session of the account.
   */
  @Column({ type: 'integer', default: 1 })
  credentialsVersion!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
