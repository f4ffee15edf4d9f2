import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { SkillCategory } from './skill-category';

@Entity('skill')
@Check('skill_category_valid', checkIn('category', Object.values(SkillCategory)))
@Check('skill_normalized_name_lower', `"normalized_name" = lower("normalized_name")`)
@Index('skill_aliases_gin', { synchronize: false })
export class SkillEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Display name, e.g. "PyTorch". */
  @Column({ type: 'varchar', length: 80 })
  name!: string;

  /** Lookup key: lower-cased, whitespace collapsed. */
  @Column({ type: 'varchar', length: 80, unique: true })
  normalizedName!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: SkillCategory;

  /** Other spellings, normalised like normalizedName ("torch" for PyTorch). */
  @Column({ type: 'text', array: true, default: '{}' })
  aliases!: string[];

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;
}
