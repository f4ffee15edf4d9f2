import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationStatus } from './pipeline.enums';
import { ApplicationEntity } from './application.entity';
import { PipelineStageEntity } from './pipeline-stage.entity';
import { RejectionReasonEntity } from './rejection-reason.entity';

/** Append-only: rows are inserted, never updated or deleted. */
@Entity('stage_transition')
@Check('stage_transition_to_status_valid', checkIn('to_status', Object.values(ApplicationStatus)))
@Check(
  'stage_transition_from_status_valid',
  `"from_status" IS NULL OR ${checkIn('from_status', Object.values(ApplicationStatus))}`,
)
// The application's event sequence at the time of the change: orders an application's history exactly.
@Unique('stage_transition_application_sequence', ['applicationId', 'sequence'])
// The application's timeline pages by time (application-activity.repository.ts).
@Index('stage_transition_application_occurred', ['applicationId', 'occurredAt', 'id'])
export class StageTransitionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, { name: 'stage_transition_application_fk' })
  applicationId!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => PipelineStageEntity, { name: 'stage_transition_from_stage_fk' })
  fromStageId!: string | null;

  @Column({ type: 'uuid' })
  @ForeignKey(() => PipelineStageEntity, { name: 'stage_transition_to_stage_fk' })
  toStageId!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus!: ApplicationStatus | null;

  @Column({ type: 'varchar', length: 20 })
  toStatus!: ApplicationStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  /** The structured reason of a rejection or withdrawal: what reports count. */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => RejectionReasonEntity, { name: 'stage_transition_reason_fk' })
  reasonId!: string | null;

  /** Who made the change; filled in once identities exist. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  actor!: string | null;

  @Column(timestampColumn({ default: () => 'now()' }))
  occurredAt!: Date;
}
