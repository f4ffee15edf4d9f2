import { InterviewKind, Recommendation } from './evaluation.enums';
import { RatingInput } from './evaluation.rules';

/** What the evaluation use cases take: database ids and domain values, whichever transport they came through. */
export interface ScheduleInterviewCommand {
  applicationId: string;
  /** A live stage of the application's requisition; the application's current stage when absent. */
  stageId?: string | null;
  kind: InterviewKind;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  interviewerIds: string[];
  location?: string | null;
  videoUrl?: string | null;
  focusSkillIds?: string[] | null;
}

export interface RescheduleInterviewCommand {
  id: string;
  startsAt: Date;
  endsAt: Date;
  /** The new interviewers; the current ones when absent. */
  interviewerIds?: string[] | null;
  expectedVersion?: number | null;
}

export interface CancelInterviewCommand {
  id: string;
  reason?: string | null;
  expectedVersion?: number | null;
}

export interface MarkInterviewNoShowCommand {
  id: string;
  expectedVersion?: number | null;
}

export interface SaveScorecardCommand {
  interviewId: string;
  /** The caller: one writes only one's own scorecard. */
  authorId: string;
  ratings: RatingInput[];
  overallRecommendation?: Recommendation | null;
  notes?: string | null;
  submit: boolean;
  expectedVersion?: number | null;
}
