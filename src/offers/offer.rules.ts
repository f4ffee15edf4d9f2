import { UserErrorCode } from '../common/errors/user-error-code';
import { SalaryPeriod } from '../requisitions/requisition.enums';
import { ApprovalDecision, FINAL_OFFER_STATUSES, OfferStatus } from './offer.enums';

export interface Refusal {
  code: UserErrorCode;
  message: string;
  field: string[];
}

const refuse = (code: UserErrorCode, message: string, field: string[] = ['id']): Refusal => ({
  code,
  message,
  field,
});

export interface MoneyValue {
  amount: number;
  currency: string;
  period: SalaryPeriod | null;
}

export interface PayBand {
  min: number;
  max: number;
  currency: string;
  period: SalaryPeriod;
}

/**
 * Whether a base salary is outside the requisition's pay band (its published salary range): below or above it,
 * in another currency or for another period. A requisition without a range has no band to be inside of, so every
 * offer on it is outside and needs an administrator's approval.
 */
export function outsidePayBand(base: MoneyValue, band: PayBand | null): boolean {
  if (!band) return true;
  if (base.currency.toUpperCase() !== band.currency.toUpperCase() || base.period !== band.period) return true;
  return base.amount < band.min || base.amount > band.max;
}

export type OfferAction = 'update' | 'requestApproval' | 'decide' | 'send' | 'respond' | 'rescind' | 'expire';

/** From which statuses each action may start. */
const ALLOWED_FROM: Record<OfferAction, readonly OfferStatus[]> = {
  update: [OfferStatus.DRAFT, OfferStatus.PENDING_APPROVAL],
  requestApproval: [OfferStatus.DRAFT],
  decide: [OfferStatus.PENDING_APPROVAL],
  send: [OfferStatus.APPROVED],
  respond: [OfferStatus.SENT],
  rescind: [OfferStatus.DRAFT, OfferStatus.PENDING_APPROVAL, OfferStatus.APPROVED, OfferStatus.SENT],
  expire: [OfferStatus.SENT],
};

const VERB: Record<OfferAction, string> = {
  update: 'edited (only DRAFT or PENDING_APPROVAL offers are)',
  requestApproval: 'sent for approval (only DRAFT offers are)',
  decide: 'approved or rejected (only PENDING_APPROVAL offers are)',
  send: 'marked sent (only APPROVED offers are)',
  respond: 'answered (only SENT offers are)',
  rescind: 'rescinded (final offers are not)',
  expire: 'expired (only SENT offers are)',
};

/** Null when the offer may take the action, else why not. */
export function offerActionRefusal(action: OfferAction, status: OfferStatus): Refusal | null {
  if (ALLOWED_FROM[action].includes(status)) return null;
  return refuse(
    UserErrorCode.INVALID_STATUS_TRANSITION,
    `The offer is ${status}; it cannot be ${VERB[action]}.`,
  );
}

export const isFinal = (status: OfferStatus): boolean => FINAL_OFFER_STATUSES.includes(status);

export interface ApprovalStep {
  position: number;
  approverId: string | null;
  payBandStep: boolean;
  decision: ApprovalDecision;
}

export type Decider = { kind: 'user'; id: string; isAdmin: boolean } | { kind: 'other' };

/**
 * The step the decider may decide now: the first undecided one, if it is theirs (their own step, or the pay-band
 * step for an administrator). Approvals go strictly in order, so anyone else — a later approver, someone not in
 * the chain, an API key — is told it is not their turn.
 */
export function stepToDecide(steps: readonly ApprovalStep[], decider: Decider): ApprovalStep | Refusal {
  const current = [...steps]
    .sort((a, b) => a.position - b.position)
    .find((s) => s.decision === ApprovalDecision.PENDING);
  if (!current) return refuse(UserErrorCode.INVALID_STATUS_TRANSITION, 'No approval is pending.');
  const theirs =
    decider.kind === 'user' && (current.payBandStep ? decider.isAdmin : current.approverId === decider.id);
  if (!theirs) {
    return refuse(
      UserErrorCode.NOT_YOUR_TURN,
      current.payBandStep
        ? 'It is the turn of an administrator (the offer is outside the pay band).'
        : `It is the turn of approver ${current.position} of the chain.`,
    );
  }
  return current;
}

/** After a decision on `step`: the offer's status. Any rejection sends it back to DRAFT for rework. */
export function statusAfterDecision(
  steps: readonly ApprovalStep[],
  step: ApprovalStep,
  decision: ApprovalDecision.APPROVED | ApprovalDecision.REJECTED,
): OfferStatus {
  if (decision === ApprovalDecision.REJECTED) return OfferStatus.DRAFT;
  const remaining = steps.filter(
    (s) => s.position !== step.position && s.decision === ApprovalDecision.PENDING,
  );
  return remaining.length === 0 ? OfferStatus.APPROVED : OfferStatus.PENDING_APPROVAL;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isRefusal = <T extends object>(value: T | Refusal): value is Refusal =>
  'code' in value && 'message' in value;
