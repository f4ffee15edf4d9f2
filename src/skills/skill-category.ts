export enum SkillCategory {
  LANGUAGE = 'LANGUAGE',
  ML = 'ML',
  DEEP_LEARNING = 'DEEP_LEARNING',
  DATA = 'DATA',
  CLOUD = 'CLOUD',
  BIG_DATA = 'BIG_DATA',
  MLOPS = 'MLOPS',
  OTHER = 'OTHER',
}
