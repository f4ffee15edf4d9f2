import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { JobBoardEntity } from './job-board.entity';
import { JobPostingStatus } from './job-board.enums';

/** A requisition advertised on one board. One row per (requisition, board), kept across unpublish/republish. */
@Entity('job_posting')
@Unique('job_posting_requisition_board', ['requisitionId', 'boardId'])
@Unique('job_posting_reference_number_unique', ['referenceNumber'])
@Check('job_posting_status_valid', checkIn('status', Object.values(JobPostingStatus)))
@Index('job_posting_board_status_published', ['boardId', 'status', 'publishedAt', 'id'])
@Index('job_posting_board_created_at_id', ['boardId', 'createdAt', 'id'])
export class JobPostingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'job_posting_requisition_fk' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => JobBoardEntity, { name: 'job_posting_board_fk' })
  boardId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: JobPostingStatus;

  /** Issued at the first publication ("JP-000042") and never changed: boards key their listings on it. */
  @Column({ type: 'varchar', length: 20 })
  referenceNumber!: string;

  /** When it was last published (the board's "date posted"). */
  @Column(timestampColumn())
  publishedAt!: Date;

  @Column(timestampColumn({ nullable: true }))
  unpublishedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Last event sequence written for this posting. */
  @Column({ type: 'integer', default: 0 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
