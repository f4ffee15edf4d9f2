export enum UserRole {
  ADMIN = 'ADMIN',
  RECRUITER = 'RECRUITER',
  HIRING_MANAGER = 'HIRING_MANAGER',
  INTERVIEWER = 'INTERVIEWER',
}

/** What an API key may do. Keys carry scopes instead of a role, so integrations get only what they need. */
export enum ApiKeyScope {
  REQUISITIONS_READ = 'requisitions:read',
  REQUISITIONS_WRITE = 'requisitions:write',
  CANDIDATES_READ = 'candidates:read',
  CANDIDATES_WRITE = 'candidates:write',
  CANDIDATES_ERASE = 'candidates:erase',
  APPLICATIONS_WRITE = 'applications:write',
  WEBHOOKS_MANAGE = 'webhooks:manage',
  EVENTS_READ = 'events:read',
  JOB_BOARDS_MANAGE = 'job_boards:manage',
  NOTES_READ = 'notes:read',
  NOTES_WRITE = 'notes:write',
  INTERVIEWS_READ = 'interviews:read',
  INTERVIEWS_WRITE = 'interviews:write',
  SCORECARDS_READ = 'scorecards:read',
  OFFERS_READ = 'offers:read',
  OFFERS_WRITE = 'offers:write',
  REPORTS_READ = 'reports:read',
  CANDIDATES_EXPORT = 'candidates:export',
}
