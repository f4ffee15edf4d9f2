export enum OfferStatus {
  DRAFT = 'DRAFT',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  APPROVED = 'APPROVED',
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  RESCINDED = 'RESCINDED',
  EXPIRED = 'EXPIRED',
}

export enum ApprovalDecision {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export enum OfferResponse {
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

/** The statuses an offer ends in; an application has at most one offer in any other status. */
export const FINAL_OFFER_STATUSES: readonly OfferStatus[] = [
  OfferStatus.ACCEPTED,
  OfferStatus.DECLINED,
  OfferStatus.RESCINDED,
  OfferStatus.EXPIRED,
];
export const OPEN_OFFER_STATUSES: readonly OfferStatus[] = Object.values(OfferStatus).filter(
  (s) => !FINAL_OFFER_STATUSES.includes(s),
);
