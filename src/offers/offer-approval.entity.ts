import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { checkIn, timestampColumn } from '../common/database/column-types';
import { UserEntity } from '../identity/user.entity';
import { ApprovalDecision } from './offer.enums';
import { OfferEntity } from './offer.entity';

/**
 * One step of an offer's approval chain, decided in order. A step added because the offer is outside the pay band
 * names no user: any active administrator decides it.
 */
@Entity('offer_approval')
@Check('offer_approval_decision_valid', checkIn('decision', Object.values(ApprovalDecision)))
@Check('offer_approval_decided_iff_not_pending', `("decision" = 'PENDING') = ("decided_at" IS NULL)`)
@Check('offer_approval_approver_or_admin_step', `("approver_id" IS NULL) = "pay_band_step"`)
export class OfferApprovalEntity {
  @PrimaryColumn({ type: 'uuid' })
  @ForeignKey(() => OfferEntity, { name: 'offer_approval_offer_fk', onDelete: 'CASCADE' })
  offerId!: string;

  /** 1-based order in the chain. */
  @PrimaryColumn({ type: 'integer' })
  position!: number;

  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'offer_approval_approver_fk' })
  approverId!: string | null;

  /** Added automatically because the offer is outside the pay band: an administrator's step. */
  @Column({ type: 'boolean', default: false })
  payBandStep!: boolean;

  @Column({ type: 'varchar', length: 10, default: ApprovalDecision.PENDING })
  decision!: ApprovalDecision;

  /** Who decided (for the pay-band step: the administrator who did). */
  @Column({ type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'offer_approval_decided_by_fk' })
  decidedById!: string | null;

  @Column(timestampColumn({ nullable: true }))
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;
}
