import { ApiKeyScope, UserRole } from './identity.enums';
import { reach, seesContactDetails, seesSalary } from './access.rules';
import { Capability } from '../common/auth/permissions';
import { Principal } from './principal';

const user = (role: UserRole): Principal => ({
  kind: 'user',
  id: 'u1',
  email: 'u@example.com',
  name: 'U',
  role,
});
const key = (...scopes: ApiKeyScope[]): Principal => ({ kind: 'api_key', id: 'k1', name: 'K', scopes });

describe('reach', () => {
  const A = 'all';
  const M = 'member';
  const N = 'none';
  // capability:                            ADMIN RECRUITER HIRING_MANAGER INTERVIEWER
  it.each<[Capability, string, string, string, string]>([
    ['requisitions:read', A, A, M, M],
    ['requisitions:create', A, A, N, N],
    ['requisitions:write', A, A, M, N],
    ['candidates:read', A, A, M, M],
    ['candidates:write', A, A, N, N],
    ['candidates:erase', A, N, N, N],
    ['applications:create', A, A, N, N],
    ['applications:write', A, A, M, N],
    ['job_boards:manage', A, N, N, N],
    ['interviews:read', A, A, M, M],
    ['interviews:write', A, A, M, N],
    ['scorecards:read', A, A, M, M],
    ['scorecards:write', M, M, M, M],
    ['offers:read', A, A, M, N],
    ['offers:write', A, A, M, N],
    ['reports:read', A, A, M, N],
    ['eeo:read', A, N, N, N],
    ['candidates:export', A, N, N, N],
    ['administer', A, N, N, N],
  ])('%s: admin %s, recruiter %s, hiring manager %s, interviewer %s', (capability, ...expected) => {
    const roles = [UserRole.ADMIN, UserRole.RECRUITER, UserRole.HIRING_MANAGER, UserRole.INTERVIEWER];
    expect(roles.map((role) => reach(user(role), capability).kind)).toEqual(expected);
  });

  it('scopes a member reach to the user', () => {
    expect(reach(user(UserRole.HIRING_MANAGER), 'requisitions:read')).toEqual({
      kind: 'member',
      userId: 'u1',
    });
  });

  it.each<[ApiKeyScope[], Capability, string]>([
    [[ApiKeyScope.REQUISITIONS_READ], 'requisitions:read', A],
    [[ApiKeyScope.OFFERS_READ], 'offers:read', A],
    [[ApiKeyScope.OFFERS_READ], 'offers:write', N],
    [[ApiKeyScope.OFFERS_WRITE], 'offers:write', A],
    [[ApiKeyScope.CANDIDATES_READ], 'offers:read', N],
    [[ApiKeyScope.REPORTS_READ], 'reports:read', A],
    [[ApiKeyScope.CANDIDATES_EXPORT], 'candidates:export', A],
    [[ApiKeyScope.CANDIDATES_READ], 'candidates:export', N],
    [[ApiKeyScope.CANDIDATES_EXPORT], 'candidates:read', N],
    [[ApiKeyScope.REQUISITIONS_READ], 'reports:read', N],
    [[ApiKeyScope.REQUISITIONS_READ], 'requisitions:write', N],
    [[ApiKeyScope.REQUISITIONS_WRITE], 'requisitions:create', A],
    [[ApiKeyScope.CANDIDATES_READ], 'candidates:read', A],
    [[ApiKeyScope.CANDIDATES_READ], 'candidates:write', N],
    [[ApiKeyScope.CANDIDATES_ERASE], 'candidates:erase', A],
    [[ApiKeyScope.CANDIDATES_WRITE], 'candidates:erase', N],
    [[ApiKeyScope.CANDIDATES_WRITE], 'candidates:write', A],
    [[ApiKeyScope.APPLICATIONS_WRITE], 'applications:write', A],
    [[ApiKeyScope.APPLICATIONS_WRITE], 'applications:create', A],
    [[ApiKeyScope.JOB_BOARDS_MANAGE], 'job_boards:manage', A],
    [[ApiKeyScope.REQUISITIONS_WRITE], 'job_boards:manage', N],
    [[ApiKeyScope.INTERVIEWS_READ], 'interviews:read', A],
    [[ApiKeyScope.INTERVIEWS_READ], 'interviews:write', N],
    [[ApiKeyScope.INTERVIEWS_WRITE], 'interviews:write', A],
    [[ApiKeyScope.SCORECARDS_READ], 'scorecards:read', A],
    [Object.values(ApiKeyScope), 'scorecards:write', N],
    [Object.values(ApiKeyScope), 'eeo:read', N],
    [[], 'requisitions:read', N],
    [Object.values(ApiKeyScope), 'administer', N],
  ])('API key with %j: %s is %s', (scopes, capability, expected) => {
    expect(reach(key(...scopes), capability).kind).toBe(expected);
  });
});

describe('field visibility', () => {
  it.each([
    [UserRole.ADMIN, true],
    [UserRole.RECRUITER, true],
    [UserRole.HIRING_MANAGER, true],
    [UserRole.INTERVIEWER, false],
  ])('%s sees contact details and salary: %s', (role, expected) => {
    expect(seesContactDetails(user(role))).toBe(expected);
    expect(seesSalary(user(role))).toBe(expected);
  });
});

describe('pay for API keys', () => {
  it.each<[ApiKeyScope[], boolean]>([
    [[ApiKeyScope.REQUISITIONS_READ], true],
    [[ApiKeyScope.CANDIDATES_READ], false],
    [[ApiKeyScope.REQUISITIONS_WRITE, ApiKeyScope.APPLICATIONS_WRITE], false],
  ])('a key with %j sees salary ranges: %s', (scopes, expected) => {
    expect(seesSalary(key(...scopes))).toBe(expected);
  });
});
