import { MoneyValue } from './offer.rules';
import { OfferResponse, OfferStatus } from './offer.enums';

/** What the offer use cases take: database ids and domain values. */
export interface CreateOfferCommand {
  applicationId: string;
  baseSalary: MoneyValue;
  signOnBonus?: MoneyValue | null;
  equity?: string | null;
  /** `YYYY-MM-DD`. */
  startDate: string;
  expiresAt: Date;
  /** Users who approve, in order. */
  approverIds: string[];
}

/** Absent fields stay as they are; `signOnBonus: null` and `equity: null` remove them. */
export interface UpdateOfferCommand {
  id: string;
  expectedVersion?: number | null;
  baseSalary?: MoneyValue | null;
  signOnBonus?: MoneyValue | null;
  equity?: string | null;
  startDate?: string | null;
  expiresAt?: Date | null;
  approverIds?: string[] | null;
}

export interface OfferCommand {
  id: string;
  expectedVersion?: number | null;
}

export interface DecideOfferCommand extends OfferCommand {
  comment?: string | null;
}

export interface RecordOfferResponseCommand extends OfferCommand {
  response: OfferResponse;
  /** For a decline: a THEY_WITHDREW rejection reason. */
  reasonId?: string | null;
}

export interface OfferFilter {
  requisitionId?: string | null;
  applicationId?: string | null;
  status?: OfferStatus | null;
}
