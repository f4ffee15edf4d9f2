import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { ApplicationEntity } from '../pipeline/application.entity';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { Recommendation, ScorecardStatus } from './evaluation.enums';
import { InterviewEntity } from './interview.entity';

/** One interviewer's feedback on one interview; application and requisition copied for the blind-feedback SQL. */
@Entity('scorecard')
@Unique('scorecard_one_per_interviewer', ['interviewId', 'authorId'])
@Check('scorecard_status_valid', checkIn('status', Object.values(ScorecardStatus)))
@Check(
  'scorecard_recommendation_valid',
  `"overall_recommendation" IS NULL OR ${checkIn('overall_recommendation', Object.values(Recommendation))}`,
)
@Check(
  'scorecard_submitted_has_recommendation',
  `"status" <> 'SUBMITTED' OR ("overall_recommendation" IS NOT NULL AND "submitted_at" IS NOT NULL)`,
)
@Index('scorecard_application', ['applicationId', 'authorId'])
@Index('scorecard_author', ['authorId'])
// The timeline's scorecards (submitted ones, newest first per application).
@Index('scorecard_application_submitted', ['applicationId', 'submittedAt', 'id'], {
  where: `"status" = 'SUBMITTED'`,
})
export class ScorecardEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => InterviewEntity, { name: 'scorecard_interview_fk', onDelete: 'CASCADE' })
  interviewId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, { name: 'scorecard_application_fk', onDelete: 'CASCADE' })
  applicationId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'scorecard_requisition_fk', onDelete: 'CASCADE' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => UserEntity, { name: 'scorecard_author_fk', onDelete: 'CASCADE' })
  authorId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: ScorecardStatus;

  @Column({ type: 'varchar', length: 20, nullable: true })
  overallRecommendation!: Recommendation | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column(timestampColumn({ nullable: true }))
  submittedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 1 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
