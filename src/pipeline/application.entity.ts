import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { CandidateEntity } from '../candidates/candidate.entity';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { ApplicationSourceKind, ApplicationStatus } from './pipeline.enums';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { RejectionReasonEntity } from './rejection-reason.entity';

@Entity('application')
@Check('application_status_valid', checkIn('status', Object.values(ApplicationStatus)))
@Check('application_source_kind_valid', checkIn('source_kind', Object.values(ApplicationSourceKind)))
@Check(
  'application_rejection_reason_iff_rejected',
  `("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL)`,
)
@Unique('application_candidate_requisition', ['candidateId', 'requisitionId'])
// The stage must be one of the application's own requisition's stages, whatever the code does.
@ForeignKey(() => PipelineStageEntity, ['stageId', 'requisitionId'], ['id', 'requisitionId'], {
  name: 'application_stage_of_requisition_fk',
})
@Index('application_stage_applied_at', ['stageId', 'appliedAt', 'id'])
@Index('application_requisition_applied_at', ['requisitionId', 'appliedAt', 'id'])
@Index('application_candidate_applied_at', ['candidateId', 'appliedAt', 'id'])
@Index('application_active_by_stage', ['stageId'], { where: `"status" = 'ACTIVE'` })
@Check(
  'application_reason_id_only_when_closed',
  `"reason_id" IS NULL OR "status" IN ('REJECTED', 'WITHDRAWN')`,
)
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => CandidateEntity, { name: 'application_candidate_fk' })
  candidateId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'application_requisition_fk' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  stageId!: string;

  @Column({ type: 'varchar', length: 20, default: ApplicationStatus.ACTIVE })
  status!: ApplicationStatus;

  @Column({ type: 'varchar', length: 20 })
  sourceKind!: ApplicationSourceKind;

  /** The board, referrer, agency or event the application came through. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceDetail!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectionReason!: string | null;

  /** The structured reason it was rejected or withdrew (a RejectionReason), while it is REJECTED or WITHDRAWN. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => RejectionReasonEntity, { name: 'application_reason_fk' })
  reasonId!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  appliedAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  lastActivityAt!: Date;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 0 })
  eventSequence!: number;
}
