import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { ApplicationEntity } from '../pipeline/application.entity';
import { PipelineStageEntity } from '../pipeline/pipeline-stage.entity';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { InterviewKind, InterviewStatus } from './evaluation.enums';

/**
 * An interview of an application. The requisition is copied from the application (it never changes) so reach
 * filters need no join. `ics_sequence` is the iCalendar SEQUENCE: it goes up on every reschedule and cancellation.
 */
@Entity('interview')
@Check('interview_kind_valid', checkIn('kind', Object.values(InterviewKind)))
@Check('interview_status_valid', checkIn('status', Object.values(InterviewStatus)))
@Check('interview_ends_after_start', `"ends_at" > "starts_at"`)
@Check('interview_at_most_8_hours', `"ends_at" - "starts_at" <= interval '8 hours'`)
@Check('interview_video_url_https', `"video_url" IS NULL OR "video_url" LIKE 'https://%'`)
@Index('interview_application', ['applicationId', 'startsAt'])
@Index('interview_requisition', ['requisitionId'])
export class InterviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, { name: 'interview_application_fk', onDelete: 'CASCADE' })
  applicationId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'interview_requisition_fk', onDelete: 'CASCADE' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => PipelineStageEntity, { name: 'interview_stage_fk' })
  stageId!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: InterviewKind;

  @Column(timestampColumn())
  startsAt!: Date;

  @Column(timestampColumn())
  endsAt!: Date;

  /** The IANA zone the interview was planned in (times are stored in UTC). */
  @Column({ type: 'varchar', length: 64 })
  timeZone!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  location!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  videoUrl!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: InterviewStatus;

  /** Skills of the requisition the interview concentrates on; empty: all of them. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  focusSkillIds!: string[];

  @Column({ type: 'varchar', length: 1000, nullable: true })
  cancelReason!: string | null;

  @Column({ type: 'integer', default: 0 })
  icsSequence!: number;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 1 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
