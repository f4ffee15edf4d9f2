import { ApplicationSourceKind } from '../pipeline/pipeline.enums';
import { JobLevel } from '../requisitions/requisition.enums';

/** Which requisitions and applications a hiring report covers (all within the caller's reach). */
export interface HiringReportFilter {
  requisitionIds?: string[] | null;
  departments?: string[] | null;
  levels?: JobLevel[] | null;
  /** Applications that applied at or after it. */
  from?: Date | null;
  /** Applications that applied before it. */
  to?: Date | null;
}

export interface FunnelStageFigures {
  stageId: string;
  requisitionId: string;
  stageName: string;
  entered: number;
  current: number;
  advanced: number;
  rejected: number;
  withdrawn: number;
  /** advanced / entered; null when nobody entered or for the last stage. */
  conversionToNext: number | null;
  medianDaysInStage: number | null;
  p90DaysInStage: number | null;
}

export interface DaysSummary {
  /** How many durations the figures are over. */
  count: number;
  median: number | null;
  p90: number | null;
}

export interface TimeFigures {
  timeToHire: DaysSummary;
  timeToFill: DaysSummary;
  /** Accepted / (accepted + declined + expired) among sent offers; null with none answered. */
  offerAcceptanceRate: number | null;
  offersAccepted: number;
  offersAnswered: number;
}

export interface SourceFigures {
  source: ApplicationSourceKind;
  applications: number;
  reachedInterview: number;
  offers: number;
  hires: number;
  /** hires / applications. */
  conversion: number | null;
}

export interface ReasonCount {
  reasonId: string;
  count: number;
}
