export enum StageKind {
  APPLIED = 'APPLIED',
  SCREEN = 'SCREEN',
  TECHNICAL = 'TECHNICAL',
  TAKE_HOME = 'TAKE_HOME',
  ONSITE = 'ONSITE',
  OFFER = 'OFFER',
  HIRED = 'HIRED',
  CUSTOM = 'CUSTOM',
}

export enum ApplicationStatus {
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  HIRED = 'HIRED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ApplicationSourceKind {
  JOB_BOARD = 'JOB_BOARD',
  CAREER_PAGE = 'CAREER_PAGE',
  REFERRAL = 'REFERRAL',
  SOURCED = 'SOURCED',
  AGENCY = 'AGENCY',
  EVENT = 'EVENT',
}

/** Whose decision ended an application, as most ATSs split their reasons. */
export enum RejectionCategory {
  WE_REJECTED = 'WE_REJECTED',
  THEY_WITHDREW = 'THEY_WITHDREW',
}
