import { EeoDisabilityStatus, EeoGender, EeoRaceEthnicity, EeoSource, EeoVeteranStatus } from './eeo.enums';

/** An applicant's answers; a question left out is null (no answer), "decline" is an answer. */
export interface SelfIdentification {
  gender: EeoGender | null;
  raceEthnicity: EeoRaceEthnicity | null;
  veteranStatus: EeoVeteranStatus | null;
  disabilityStatus: EeoDisabilityStatus | null;
}

/** Stores what an applicant self-identified as, with the application it came with. */
export interface RecordSelfIdentificationCommand {
  applicationId: string;
  candidateId: string;
  source: EeoSource;
  answers: SelfIdentification;
}

/** Which applications an EEO report counts: one requisition's, optionally those that entered a stage of it. */
export interface EeoReportFilter {
  requisitionId: string;
  /** Applications that entered this stage (created in it or moved into it), whether still there or not. */
  stageId?: string | null;
  /** Applications that applied at or after it. */
  from?: Date | null;
  /** Applications that applied before it. */
  to?: Date | null;
}

/** The dimensions of a report, in the order they are shown. */
export const EEO_DIMENSIONS = ['gender', 'raceEthnicity', 'veteranStatus', 'disabilityStatus'] as const;
export type EeoDimension = (typeof EEO_DIMENSIONS)[number];

/** The category of applications that gave no answer to a question (or no self-identification at all). */
export const NOT_PROVIDED = 'NOT_PROVIDED';

/** Exact counts per dimension and category, before suppression: never leaves the service. */
export interface EeoRawCounts {
  applications: number;
  cells: Record<EeoDimension, { category: string; count: number }[]>;
}
