import { LocationValue } from '../common/location';
import { CertificationValue, EducationValue, ProfileLinkValue } from './candidate.entity';
import { ConsentSource } from './candidate.enums';

/**
 * What the candidate use cases take: database ids and domain values, whichever transport (GraphQL, a board's
 * intake) they came through. Field names are the ones refusals point at (`['skills', '1', 'name']`).
 */
export interface CandidateSkillClaim {
  /** Any spelling; resolved through the taxonomy. */
  name: string;
  years?: number | null;
}

export interface CreateCandidateCommand {
  fullName: string;
  email: string;
  phone?: string | null;
  location?: LocationValue | null;
  headline?: string | null;
  yearsOfExperience?: number | null;
  skills: CandidateSkillClaim[];
  education: EducationValue[];
  certifications: CertificationValue[];
  links: ProfileLinkValue[];
  tags: string[];
  consentGivenAt?: Date | null;
  retainUntil?: Date | null;
  /** Asked not to be contacted (absent: false on create, unchanged on update). */
  doNotContact?: boolean | null;
}

/** Absent fields stay as they are. */
export interface UpdateCandidateCommand extends Partial<CreateCandidateCommand> {
  id: string;
  expectedVersion?: number | null;
}

/** Which candidates a list shows; every criterion given must hold. */
export interface CandidateListFilter {
  /** Name or headline (and e-mail, for callers who see it), ignoring case. */
  search?: string | null;
  /** Every one of these skills, in any spelling the taxonomy knows. */
  skills?: string[] | null;
  /** Every one of these tags, ignoring case. */
  tags?: string[] | null;
  minYearsOfExperience?: number | null;
}

/** The candidate agreed to be kept (docs/privacy.md, "Consent"). */
export interface RecordConsentCommand {
  id: string;
  consentGivenAt: Date;
  source: ConsentSource;
  /** Until when the consent lets the data be kept; absent: CANDIDATE_CONSENT_RETENTION_DAYS after it. */
  retainUntil?: Date | null;
  /** The job posting whose career-page form carried the consent. */
  postingId?: string | null;
  expectedVersion?: number | null;
}
