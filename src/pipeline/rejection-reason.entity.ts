import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { RejectionCategory } from './pipeline.enums';

/**
 * A structured reason an application ended, countable in reports. Never deleted once in use: deactivated, so the
 * applications and history that name it keep their meaning. Defaults are seeded by the `RejectionReasons` migration.
 */
@Entity('rejection_reason')
@Check('rejection_reason_category_valid', checkIn('category', Object.values(RejectionCategory)))
@Check('rejection_reason_name_not_blank', `btrim("name") <> ''`)
// One reason per name within a category, case-insensitively: unique index on (category, lower(name)), by hand.
@Index('rejection_reason_name_unique', { synchronize: false })
@Index('rejection_reason_created_at_id', ['createdAt', 'id'])
export class RejectionReasonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: RejectionCategory;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
