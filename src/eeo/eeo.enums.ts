/**
 * The categories of US voluntary self-identification, as the forms employers must offer name them: EEO-1 (gender,
 * race/ethnicity), OFCCP's VEVRAA invitation (veteran status) and form CC-305 (disability status). Each has an
 * explicit "decline to answer", which is an answer and counts as one: a question left out is no answer at all
 * (NOT_PROVIDED in reports) and is stored as null.
 */
export enum EeoGender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
  DECLINE_TO_ANSWER = 'DECLINE_TO_ANSWER',
}

/** The seven EEO-1 race/ethnicity categories (Hispanic or Latino is asked first and excludes the others). */
export enum EeoRaceEthnicity {
  HISPANIC_OR_LATINO = 'HISPANIC_OR_LATINO',
  WHITE = 'WHITE',
  BLACK_OR_AFRICAN_AMERICAN = 'BLACK_OR_AFRICAN_AMERICAN',
  NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER = 'NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER',
  ASIAN = 'ASIAN',
  AMERICAN_INDIAN_OR_ALASKA_NATIVE = 'AMERICAN_INDIAN_OR_ALASKA_NATIVE',
  TWO_OR_MORE_RACES = 'TWO_OR_MORE_RACES',
  DECLINE_TO_ANSWER = 'DECLINE_TO_ANSWER',
}

/** VEVRAA (41 CFR 60-300.42): the applicant's own answer to the invitation to self-identify. */
export enum EeoVeteranStatus {
  PROTECTED_VETERAN = 'PROTECTED_VETERAN',
  NOT_A_PROTECTED_VETERAN = 'NOT_A_PROTECTED_VETERAN',
  DECLINE_TO_ANSWER = 'DECLINE_TO_ANSWER',
}

/** Form CC-305 (Section 503): the three answers it offers. */
export enum EeoDisabilityStatus {
  YES = 'YES',
  NO = 'NO',
  DECLINE_TO_ANSWER = 'DECLINE_TO_ANSWER',
}

/** Where the self-identification came from. */
export enum EeoSource {
  CAREER_PAGE = 'CAREER_PAGE',
  JOB_BOARD = 'JOB_BOARD',
}

/** The wording of each answer on the forms (docs/privacy.md repeats it; a career page shows it). */
export const EEO_WORDING = {
  gender: {
    [EeoGender.MALE]: 'Male',
    [EeoGender.FEMALE]: 'Female',
    [EeoGender.DECLINE_TO_ANSWER]: 'I decline to self-identify',
  },
  raceEthnicity: {
    [EeoRaceEthnicity.HISPANIC_OR_LATINO]: 'Hispanic or Latino',
    [EeoRaceEthnicity.WHITE]: 'White (Not Hispanic or Latino)',
    [EeoRaceEthnicity.BLACK_OR_AFRICAN_AMERICAN]: 'Black or African American (Not Hispanic or Latino)',
    [EeoRaceEthnicity.NATIVE_HAWAIIAN_OR_OTHER_PACIFIC_ISLANDER]:
      'Native Hawaiian or Other Pacific Islander (Not Hispanic or Latino)',
    [EeoRaceEthnicity.ASIAN]: 'Asian (Not Hispanic or Latino)',
    [EeoRaceEthnicity.AMERICAN_INDIAN_OR_ALASKA_NATIVE]:
      'American Indian or Alaska Native (Not Hispanic or Latino)',
    [EeoRaceEthnicity.TWO_OR_MORE_RACES]: 'Two or More Races (Not Hispanic or Latino)',
    [EeoRaceEthnicity.DECLINE_TO_ANSWER]: 'I decline to self-identify',
  },
  veteranStatus: {
    [EeoVeteranStatus.PROTECTED_VETERAN]:
      'I identify as one or more of the classifications of protected veteran',
    [EeoVeteranStatus.NOT_A_PROTECTED_VETERAN]: 'I am not a protected veteran',
    [EeoVeteranStatus.DECLINE_TO_ANSWER]: "I don't wish to answer",
  },
  disabilityStatus: {
    [EeoDisabilityStatus.YES]: 'Yes, I have a disability (or previously had a disability)',
    [EeoDisabilityStatus.NO]: 'No, I do not have a disability and have not had one in the past',
    [EeoDisabilityStatus.DECLINE_TO_ANSWER]: 'I do not want to answer',
  },
} as const;
