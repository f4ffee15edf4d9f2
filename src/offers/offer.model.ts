import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../common/graphql/connection';
import { toGlobalId } from '../common/graphql/global-id';
import { Node } from '../common/graphql/node.interface';
import { SalaryPeriod } from '../requisitions/requisition.enums';
import { SalaryRangeModel } from '../requisitions/requisition.model';
import { ApprovalDecision, OfferResponse, OfferStatus } from './offer.enums';
import { OfferApprovalEntity } from './offer-approval.entity';
import { OfferEntity } from './offer.entity';
import { GraphQLDateTime } from '../common/graphql/date-time.scalar';

registerEnumType(OfferStatus, {
  name: 'OfferStatus',
  valuesMap: {
    DRAFT: { description: 'Being drafted; editable.' },
    PENDING_APPROVAL: { description: 'Waiting for its approvers, in order; editing sends it back to DRAFT.' },
    APPROVED: { description: 'Every approver approved; ready to send.' },
    SENT: { description: 'With the candidate until `expiresAt`.' },
    ACCEPTED: { description: 'The candidate accepted: the application was hired.' },
    DECLINED: { description: 'The candidate declined.' },
    RESCINDED: { description: 'Withdrawn by the company.' },
    EXPIRED: { description: 'Sent, and not answered before `expiresAt`.' },
  },
});
registerEnumType(ApprovalDecision, { name: 'ApprovalDecision' });
registerEnumType(OfferResponse, { name: 'OfferResponse' });

@ObjectType('Money')
export class MoneyModel {
  @Field(() => Float)
  amount!: number;

  @Field({ description: 'ISO 4217 code.' })
  currency!: string;

  @Field(() => SalaryPeriod, { nullable: true, description: 'Null for a one-time amount (a sign-on bonus).' })
  period!: SalaryPeriod | null;
}

const money = (amount: number, currency: string, period: SalaryPeriod | null): MoneyModel =>
  Object.assign(new MoneyModel(), { amount, currency, period });

@ObjectType('OfferApproval', { description: 'One step of the approval chain, decided in order.' })
export class OfferApprovalModel {
  @Field(() => Int, { description: '1-based place in the chain.' })
  order!: number;

  /** Resolved by OffersResolver (null for the administrators' pay-band step). */
  row!: OfferApprovalEntity;

  @Field(() => ApprovalDecision)
  decision!: ApprovalDecision;

  @Field(() => GraphQLDateTime, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field({
    description:
      'Added because the offer is outside the pay band: any administrator decides it (`approver` is null until one does).',
  })
  payBandStep!: boolean;

  static from(this: void, row: OfferApprovalEntity): OfferApprovalModel {
    return Object.assign(new OfferApprovalModel(), {
      order: row.position,
      decision: row.decision,
      decidedAt: row.decidedAt,
      comment: row.comment,
      payBandStep: row.payBandStep,
      row,
    });
  }
}

@ObjectType('Offer', {
  implements: () => [Node],
  description:
    'An offer to the candidate of an application. Compensation data: interviewers never see offers, nor learn that one exists.',
})
export class OfferModel implements Node {
  @Field(() => ID)
  id!: string;

  @Field(() => OfferStatus)
  status!: OfferStatus;

  @Field(() => MoneyModel)
  baseSalary!: MoneyModel;

  @Field(() => MoneyModel, { nullable: true })
  signOnBonus!: MoneyModel | null;

  @Field(() => String, {
    nullable: true,
    description: 'As offered, e.g. "0.05% over 4 years, 1-year cliff".',
  })
  equity!: string | null;

  @Field({ description: 'A calendar date, YYYY-MM-DD.' })
  startDate!: string;

  @Field(() => GraphQLDateTime)
  expiresAt!: Date;

  @Field({
    description:
      "The base salary is outside the requisition's salary range (or in another currency or period, or the requisition has none): an administrator's approval is added at the end of the chain.",
  })
  outsidePayBand!: boolean;

  @Field(() => SalaryRangeModel, {
    nullable: true,
    description: "The requisition's salary range the offer was last checked against (null: it had none).",
  })
  payBand!: SalaryRangeModel | null;

  @Field(() => String, { description: 'Who made it: `user:<id>`, `api_key:<id>` or `system`.' })
  createdBy!: string;

  @Field(() => GraphQLDateTime, { nullable: true })
  sentAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  respondedAt!: Date | null;

  @Field(() => Int)
  version!: number;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  row!: OfferEntity;

  static from(this: void, row: OfferEntity): OfferModel {
    return Object.assign(new OfferModel(), {
      id: toGlobalId('Offer', row.id),
      status: row.status,
      baseSalary: money(row.baseSalaryAmount, row.baseSalaryCurrency, row.baseSalaryPeriod),
      signOnBonus:
        row.signOnBonusAmount !== null && row.signOnBonusCurrency
          ? money(row.signOnBonusAmount, row.signOnBonusCurrency, null)
          : null,
      equity: row.equity,
      startDate: row.startDate,
      expiresAt: row.expiresAt,
      outsidePayBand: row.outsidePayBand,
      payBand:
        row.payBandMin !== null && row.payBandMax !== null && row.payBandCurrency && row.payBandPeriod
          ? Object.assign(new SalaryRangeModel(), {
              min: row.payBandMin,
              max: row.payBandMax,
              currency: row.payBandCurrency,
              period: row.payBandPeriod,
            })
          : null,
      createdBy: row.createdBy,
      sentAt: row.sentAt,
      respondedAt: row.respondedAt,
      version: row.version,
      createdAt: row.createdAt,
      row,
    });
  }
}

@ObjectType()
export class OfferConnection extends Connection(OfferModel, 'Offer') {}
