import { Check, Column, Entity, Exclusion, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { InterviewStatus } from './evaluation.enums';
import { InterviewEntity } from './interview.entity';

/**
 * Who interviews, with a copy of the interview's time and status kept in step by the repository: the exclusion
 * constraint needs them on this row, so that two SCHEDULED interviews of one interviewer can never overlap, however
 * many requests race (btree_gist gives `=` on uuids a GiST operator class).
 */
@Entity('interview_interviewer')
@Check('interview_interviewer_status_valid', checkIn('status', Object.values(InterviewStatus)))
@Exclusion(
  'interview_interviewer_no_double_booking',
  `USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ((status)::text = 'SCHEDULED'::text)`,
)
@Index('interview_interviewer_user', ['userId', 'startsAt'])
export class InterviewInterviewerEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => InterviewEntity, { name: 'interview_interviewer_interview_fk', onDelete: 'CASCADE' })
  interviewId!: string;

  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => UserEntity, { name: 'interview_interviewer_user_fk', onDelete: 'CASCADE' })
  userId!: string;

  @Column(timestampColumn())
  startsAt!: Date;

  @Column(timestampColumn())
  endsAt!: Date;

  @Column({ type: 'varchar', length: 20 })
  status!: InterviewStatus;

  /** Order the interviewers were named in. */
  @Column({ type: 'smallint', default: 0 })
  position!: number;
}
