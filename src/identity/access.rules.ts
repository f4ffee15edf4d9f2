import { Capability } from '../common/auth/permissions';
import { ApiKeyScope, UserRole } from './identity.enums';
import { Principal } from './principal';

/**
 * How much of a kind of record a principal may reach: everything, only what belongs to requisitions whose hiring
 * team they are on, or nothing. Lists filter by it in SQL; single records outside it look like they do not exist.
 */
export type Reach = { kind: 'all' } | { kind: 'member'; userId: string } | { kind: 'none' };

/** Everything: for internal callers that act for no one in particular. */
export const ALL_REACH: Reach = { kind: 'all' };
const ALL = ALL_REACH;
const NONE: Reach = { kind: 'none' };

const ROLE_TABLE: Record<UserRole, Record<Capability, 'all' | 'member' | 'none'>> = {
  [UserRole.ADMIN]: {
    'requisitions:read': 'all',
    'requisitions:create': 'all',
    'requisitions:write': 'all',
    'candidates:read': 'all',
    'candidates:write': 'all',
    'candidates:erase': 'all',
    'applications:create': 'all',
    'applications:write': 'all',
    'job_boards:manage': 'all',
    'webhooks:manage': 'all',
    'notes:read': 'all',
    'notes:write': 'all',
    'interviews:read': 'all',
    'interviews:write': 'all',
    'scorecards:read': 'all',
    'scorecards:write': 'member',
    'events:read': 'all',
    'offers:read': 'all',
    'offers:write': 'all',
    'reports:read': 'all',
    'eeo:read': 'all',
    'candidates:export': 'all',
    administer: 'all',
  },
  [UserRole.RECRUITER]: {
    'requisitions:read': 'all',
    'requisitions:create': 'all',
    'requisitions:write': 'all',
    'candidates:read': 'all',
    'candidates:write': 'all',
    'candidates:erase': 'none',
    'applications:create': 'all',
    'applications:write': 'all',
    'job_boards:manage': 'none',
    'webhooks:manage': 'none',
    'notes:read': 'all',
    'notes:write': 'all',
    'interviews:read': 'all',
    'interviews:write': 'all',
    'scorecards:read': 'all',
    'scorecards:write': 'member',
    'events:read': 'all',
    'offers:read': 'all',
    'offers:write': 'all',
    'reports:read': 'all',
    'eeo:read': 'none',
    'candidates:export': 'none',
    administer: 'none',
  },
  [UserRole.HIRING_MANAGER]: {
    'requisitions:read': 'member',
    'requisitions:create': 'none',
    'requisitions:write': 'member',
    'candidates:read': 'member',
    'candidates:write': 'none',
    'candidates:erase': 'none',
    'applications:create': 'none',
    'applications:write': 'member',
    'job_boards:manage': 'none',
    'webhooks:manage': 'none',
    'notes:read': 'member',
    'notes:write': 'member',
    'interviews:read': 'member',
    'interviews:write': 'member',
    'scorecards:read': 'member',
    'scorecards:write': 'member',
    'events:read': 'none',
    'offers:read': 'member',
    'offers:write': 'member',
    'reports:read': 'member',
    'eeo:read': 'none',
    'candidates:export': 'none',
    administer: 'none',
  },
  [UserRole.INTERVIEWER]: {
    'requisitions:read': 'member',
    'requisitions:create': 'none',
    'requisitions:write': 'none',
    'candidates:read': 'member',
    'candidates:write': 'none',
    'candidates:erase': 'none',
    'applications:create': 'none',
    'applications:write': 'none',
    'job_boards:manage': 'none',
    'webhooks:manage': 'none',
    'notes:read': 'member',
    'notes:write': 'member',
    'interviews:read': 'member',
    'interviews:write': 'none',
    'scorecards:read': 'member',
    'scorecards:write': 'member',
    'events:read': 'none',
    'offers:read': 'none',
    'offers:write': 'none',
    'reports:read': 'none',
    'eeo:read': 'none',
    'candidates:export': 'none',
    administer: 'none',
  },
};

const SCOPE_TABLE: Record<Capability, ApiKeyScope | null> = {
  'requisitions:read': ApiKeyScope.REQUISITIONS_READ,
  'requisitions:create': ApiKeyScope.REQUISITIONS_WRITE,
  'requisitions:write': ApiKeyScope.REQUISITIONS_WRITE,
  'candidates:read': ApiKeyScope.CANDIDATES_READ,
  'candidates:write': ApiKeyScope.CANDIDATES_WRITE,
  'candidates:erase': ApiKeyScope.CANDIDATES_ERASE,
  'applications:create': ApiKeyScope.APPLICATIONS_WRITE,
  'applications:write': ApiKeyScope.APPLICATIONS_WRITE,
  'job_boards:manage': ApiKeyScope.JOB_BOARDS_MANAGE,
  'webhooks:manage': ApiKeyScope.WEBHOOKS_MANAGE,
  'events:read': ApiKeyScope.EVENTS_READ,
  'notes:read': ApiKeyScope.NOTES_READ,
  'notes:write': ApiKeyScope.NOTES_WRITE,
  'interviews:read': ApiKeyScope.INTERVIEWS_READ,
  'interviews:write': ApiKeyScope.INTERVIEWS_WRITE,
  'scorecards:read': ApiKeyScope.SCORECARDS_READ,
  // A scorecard is its author's own judgement: keys interview no one.
  'scorecards:write': null,
  'offers:read': ApiKeyScope.OFFERS_READ,
  'offers:write': ApiKeyScope.OFFERS_WRITE,
  'reports:read': ApiKeyScope.REPORTS_READ,
  // Self-identification is read by administrators only: no key reads it, not even in aggregate.
  'eeo:read': null,
  'candidates:export': ApiKeyScope.CANDIDATES_EXPORT,
  // Keys never administer users, keys or the audit log.
  administer: null,
};

export function reach(principal: Principal, capability: Capability): Reach {
  if (principal.kind === 'system') return ALL;
  if (principal.kind === 'api_key') {
    const scope = SCOPE_TABLE[capability];
    return scope && principal.scopes.includes(scope) ? ALL : NONE;
  }
  const level = ROLE_TABLE[principal.role][capability];
  return level === 'member' ? { kind: 'member', userId: principal.id } : level === 'all' ? ALL : NONE;
}

/** The larger of two reaches (both members' reaches are the same user's). */
export function widest(a: Reach, b: Reach): Reach {
  if (a.kind === 'all' || b.kind === 'all') return ALL;
  if (a.kind === 'member') return a;
  return b;
}

/** Interviewers see candidates without e-mail and phone. */
export function seesContactDetails(principal: Principal): boolean {
  return !(principal.kind === 'user' && principal.role === UserRole.INTERVIEWER);
}

/**
 * Interviewers reach only the interviews they are on (hiring managers: all of their teams'), and read others'
 * scorecards only once their own for the application is submitted (blind feedback): the evaluation module's SQL
 * narrows their team reach by this.
 */
export function interviewsOnlyAsInterviewer(principal: Principal): boolean {
  return principal.kind === 'user' && principal.role === UserRole.INTERVIEWER;
}

/** Interviewers do not see pay; API keys see it only with the requisitions scope. */
export function seesSalary(principal: Principal): boolean {
  if (principal.kind === 'api_key') return principal.scopes.includes(ApiKeyScope.REQUISITIONS_READ);
  return !(principal.kind === 'user' && principal.role === UserRole.INTERVIEWER);
}
