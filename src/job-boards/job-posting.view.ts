import { LocationValue } from '../common/location';
import {
  EmploymentType,
  JobLevel,
  SalaryPeriod,
  SkillImportance,
  WorkplaceType,
} from '../requisitions/requisition.enums';
import { JobBoardKind, JobPostingStatus } from './job-board.enums';

/** Everything the public surfaces (board API, JSON-LD, job page, Indeed feed) show of one posting. */
export interface PostingView {
  postingId: string;
  status: JobPostingStatus;
  referenceNumber: string;
  publishedAt: Date;
  updatedAt: Date;
  boardSlug: string;
  boardKind: JobBoardKind;
  requisitionCode: string;
  title: string;
  description: string | null;
  level: JobLevel;
  employmentType: EmploymentType;
  department: string | null;
  workplaceType: WorkplaceType;
  locations: LocationValue[];
  salary: { min: number; max: number; currency: string; period: SalaryPeriod } | null;
  responsibilities: string[];
  educationRequirement: string | null;
  skills: { name: string; importance: SkillImportance; minYears: number | null }[];
}

/** Settings the renderers need, from configuration. */
export interface PublishingContext {
  organizationName: string;
  organizationUrl: string;
  /** PUBLIC_BASE_URL without a trailing slash. */
  baseUrl: string;
}

export const jobPageUrl = (baseUrl: string, postingId: string): string => `${baseUrl}/jobs/${postingId}`;

export const indeedApplyUrl = (baseUrl: string, boardSlug: string): string =>
  `${baseUrl}/v1/integrations/indeed/${encodeURIComponent(boardSlug)}/applications`;
