import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { checkIn, numericToNumber } from '../common/database/column-types';
import { SkillEntity } from '../skills/skill.entity';
import { SkillImportance } from './requisition.enums';
import { RequisitionEntity } from './requisition.entity';

@Entity('requisition_skill')
@Check('requisition_skill_importance_valid', checkIn('importance', Object.values(SkillImportance)))
@Check('requisition_skill_min_years_range', `"min_years" IS NULL OR ("min_years" >= 0 AND "min_years" <= 60)`)
@Index('requisition_skill_skill_id', ['skillId'])
export class RequisitionSkillEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { onDelete: 'CASCADE', name: 'requisition_skill_requisition_fk' })
  requisitionId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => SkillEntity, { name: 'requisition_skill_skill_fk' })
  skillId!: string;

  @Column({ type: 'varchar', length: 10 })
  importance!: SkillImportance;

  @Column({ type: 'numeric', precision: 4, scale: 1, nullable: true, transformer: numericToNumber })
  minYears!: number | null;

  /** Keeps the order the hiring team listed the skills in. */
  @Column({ type: 'smallint', default: 0 })
  position!: number;
}
