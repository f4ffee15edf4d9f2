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
