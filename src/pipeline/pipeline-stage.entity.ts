import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { StageKind } from './pipeline.enums';

/**
 * Removed stages are kept (removedAt set, position null) so that stage transitions, and the time-in-stage
 * metrics computed from them, keep pointing at the stage the candidate really was in.
 */
@Entity('pipeline_stage')
@Check('pipeline_stage_kind_valid', checkIn('kind', Object.values(StageKind)))
@Check('pipeline_stage_position_iff_live', `("removed_at" IS NULL) = ("position" IS NOT NULL)`)
@Check('pipeline_stage_position_nonnegative', `"position" >= 0`)
// Deferred so that a reorder can permute positions inside one transaction.
@Unique('pipeline_stage_requisition_position', ['requisitionId', 'position'], {
  deferrable: 'INITIALLY DEFERRED',
})
// Target of application's composite foreign key: an application's stage belongs to its requisition.
@Unique('pipeline_stage_id_requisition', ['id', 'requisitionId'])
@Index('pipeline_stage_one_hired_per_requisition', ['requisitionId'], {
  unique: true,
  where: `"kind" = 'HIRED' AND "removed_at" IS NULL`,
})
@Index('pipeline_stage_name_unique_per_requisition', { synchronize: false })
export class PipelineStageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { onDelete: 'CASCADE', name: 'pipeline_stage_requisition_fk' })
  requisitionId!: string;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: StageKind;

  @Column({ type: 'integer', nullable: true })
  position!: number | null;

  @Column(timestampColumn({ nullable: true }))
  removedAt!: Date | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;
}
