import { ApplicationSourceKind } from './pipeline.enums';

/** What the application use cases take: database ids and domain values, whichever transport they came through. */
export interface ApplicationSource {
  kind: ApplicationSourceKind;
  /** The board, the referrer, the event… */
  detail?: string | null;
}

export interface CreateApplicationCommand {
  candidateId: string;
  requisitionId: string;
  source?: ApplicationSource | null;
  /** A stage of the requisition to start in; the first stage when absent. */
  stageId?: string | null;
}

export interface MoveApplicationCommand {
  id: string;
  stageId: string;
  expectedVersion?: number | null;
  reason?: string | null;
}

/** Reject, withdraw or reopen. */
export interface ChangeApplicationStatusCommand {
  id: string;
  expectedVersion?: number | null;
  reason?: string | null;
  /** A structured reason (reject: WE_REJECTED, withdraw: THEY_WITHDREW); a rejection needs it or `reason`. */
  reasonId?: string | null;
}

/** The most applications one bulk decision takes. */
export const MAX_BULK_APPLICATIONS = 500;

export interface BulkRejectApplicationsCommand {
  ids: string[];
  reasonId?: string | null;
  reason?: string | null;
}

export interface BulkMoveApplicationsCommand {
  ids: string[];
  stageId: string;
}
