import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { checkIn, numericToNumber, timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { ApplicationEntity } from '../pipeline/application.entity';
import { RejectionReasonEntity } from '../pipeline/rejection-reason.entity';
import { RequisitionEntity } from '../requisitions/requisition.entity';
import { SalaryPeriod } from '../requisitions/requisition.enums';
import { OfferStatus, OPEN_OFFER_STATUSES } from './offer.enums';

const openStatuses = OPEN_OFFER_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * An offer to the candidate of an application. Compensation data: interviewers never see it. Amounts never leave
 * through events. The pay band it was checked against is kept with it, so a later change of the requisition's
 * range does not silently change what was approved.
 */
@Entity('offer')
@Check('offer_status_valid', checkIn('status', Object.values(OfferStatus)))
@Check('offer_base_salary_period_valid', checkIn('base_salary_period', Object.values(SalaryPeriod)))
@Check('offer_base_salary_positive', `"base_salary_amount" > 0`)
@Check(
  'offer_sign_on_bonus_complete',
  `("sign_on_bonus_amount" IS NULL) = ("sign_on_bonus_currency" IS NULL) AND ("sign_on_bonus_amount" IS NULL OR "sign_on_bonus_amount" >= 0)`,
)
@Check('offer_decline_reason_only_when_declined', `"decline_reason_id" IS NULL OR "status" = 'DECLINED'`)
// At most one offer that is not final per application, whatever races past the service's check.
@Index('offer_one_open_per_application', ['applicationId'], {
  unique: true,
  where: `"status" IN (${openStatuses})`,
})
@Index('offer_requisition_created_at', ['requisitionId', 'createdAt', 'id'])
@Index('offer_created_at_id', ['createdAt', 'id'])
@Index('offer_application', ['applicationId'])
@Index('offer_sent_expires_at', ['expiresAt'], { where: `"status" = 'SENT'` })
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  @ForeignKey(() => ApplicationEntity, { name: 'offer_application_fk' })
  applicationId!: string;

  /** The application's requisition (it never changes): reach and reports filter on it without a join. */
  @Column({ type: 'uuid' })
  @ForeignKey(() => RequisitionEntity, { name: 'offer_requisition_fk' })
  requisitionId!: string;

  @Column({ type: 'uuid' })
  candidateId!: string;

  @Column({ type: 'varchar', length: 20, default: OfferStatus.DRAFT })
  status!: OfferStatus;

  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericToNumber })
  baseSalaryAmount!: number;

  @Column({ type: 'char', length: 3 })
  baseSalaryCurrency!: string;

  @Column({ type: 'varchar', length: 10 })
  baseSalaryPeriod!: SalaryPeriod;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericToNumber })
  signOnBonusAmount!: number | null;

  @Column({ type: 'char', length: 3, nullable: true })
  signOnBonusCurrency!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  equity!: string | null;

  @Column({ type: 'date' })
  startDate!: string;

  @Column(timestampColumn())
  expiresAt!: Date;

  @Column({ type: 'boolean' })
  outsidePayBand!: boolean;

  /** The requisition's salary range when the pay band was last checked (null: it had none). */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericToNumber })
  payBandMin!: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericToNumber })
  payBandMax!: number | null;

  @Column({ type: 'char', length: 3, nullable: true })
  payBandCurrency!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  payBandPeriod!: SalaryPeriod | null;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => RejectionReasonEntity, { name: 'offer_decline_reason_fk' })
  declineReasonId!: string | null;

  /** The user who made it (null when an API key did). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'offer_created_by_fk' })
  createdById!: string | null;

  /** The actor who made it (`user:…`, `api_key:…`, `system`). */
  @Column({ type: 'varchar', length: 200 })
  createdBy!: string;

  @Column(timestampColumn({ nullable: true }))
  sentAt!: Date | null;

  @Column(timestampColumn({ nullable: true }))
  respondedAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'integer', default: 0 })
  eventSequence!: number;

  @Column(timestampColumn({ default: () => 'now()' }))
  createdAt!: Date;

  @Column(timestampColumn({ default: () => 'now()' }))
  updatedAt!: Date;
}
