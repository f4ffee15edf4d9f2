export enum ProfileLinkKind {
  GITHUB = 'GITHUB',
  KAGGLE = 'KAGGLE',
  LINKEDIN = 'LINKEDIN',
  PORTFOLIO = 'PORTFOLIO',
  GOOGLE_SCHOLAR = 'GOOGLE_SCHOLAR',
  WEBSITE = 'WEBSITE',
  OTHER = 'OTHER',
}

/** Where an entry of a candidate's skills came from: given with the profile, or recognised in a resume. */
export enum SkillSource {
  PROFILE = 'PROFILE',
  RESUME = 'RESUME',
}

/** How a candidate's consent to be kept was obtained (`recordCandidateConsent`, the career page's checkbox). */
export enum ConsentSource {
  /** The checkbox of the career-page application form (recorded with the posting). */
  CAREER_PAGE = 'CAREER_PAGE',
  /** A job board passed the candidate's consent on. */
  JOB_BOARD = 'JOB_BOARD',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  IN_PERSON = 'IN_PERSON',
  OTHER = 'OTHER',
}
