/*
 * The permission matrix: who may do what, written out from README.md ("Roles" and "API keys") independently of
 * src/identity/access.rules.ts, so a wrong row there fails here. Every principal below is tried on every
 * operation row (rows/), on a requisition whose hiring team the caller is on and on another one; what it gets
 * follows from the right the row names and these tables.
 *
 * A new resource (interviews, scorecards, …): its rights as rows of the tables below, as the README states them;
 * its operations as rows in rows/<resource>.ts, listed in rows/index.ts (the schema check fails until every
 * query and mutation has a row); and a spec file <resource>.e2e-spec.ts that builds its records once (world.ts)
 * and runs the rows with runQueryRows / runMutationRows (harness.ts).
 */

export type Role = 'ADMIN' | 'RECRUITER' | 'HIRING_MANAGER' | 'INTERVIEWER';

/**
 * `all` records; `own`: only those of requisitions whose hiring team the caller is on (README: "their teams'");
 * `none`: the operation answers FORBIDDEN, a field shows null.
 */
export type Level = 'all' | 'own' | 'none';

/** What an operation needs. */
export type Right =
  | 'requisitions:read'
  | 'requisitions:create'
  | 'requisitions:write'
  | 'candidates:read'
  | 'candidates:write'
  | 'applications:create'
  | 'applications:write'
  | 'notes:read'
  | 'notes:write'
  | 'candidate-notes:read'
  | 'candidate-notes:write'
  | 'interviews:read'
  | 'interviews:write'
  | 'scorecards:read'
  | 'scorecards:write'
  | 'offers:read'
  | 'offers:write'
  | 'reports:read'
  | 'eeo:read'
  | 'administer';

/** Fields some callers see as null although they see the record. */
export type Sight = 'salary' | 'contact';

type RoleRow = readonly [readme: string, right: Right | Sight, ...levels: [Level, Level, Level, Level]];

/** README.md "Roles", row for row, in its column order. */
// prettier-ignore
const ROLES_TABLE: readonly RoleRow[] = [
  // README row                                                                              ADMIN  RECRUITER HIRING_MANAGER INTERVIEWER
  ['read requisitions, their stages and hiring teams',                'requisitions:read',   'all', 'all',    'own',         'own'],
  ['create requisitions',                                             'requisitions:create', 'all', 'all',    'none',        'none'],
  ['edit requisitions, change status, pipeline stages, hiring teams', 'requisitions:write',  'all', 'all',    'own',         'none'],
  ['read candidates, applications, history',                          'candidates:read',     'all', 'all',    'own',         'own'],
  ['  … their e-mail and phone ("no e-mail/phone")',                  'contact',             'all', 'all',    'own',         'none'],
  ['create and edit candidates',                                      'candidates:write',    'all', 'all',    'none',        'none'],
  ['put candidates on requisitions',                                  'applications:create', 'all', 'all',    'none',        'none'],
  ['move, reject, reopen, withdraw, hire',                            'applications:write',  'all', 'all',    'own',         'none'],
  ['see `salaryRange`',                                               'salary',              'all', 'all',    'own',         'none'],
  ["read and add notes on applications… (read)",                      'notes:read',          'all', 'all',    'own',         'own'],
  ["read and add notes on applications… (add; edit, delete one's own)",'notes:write',         'all', 'all',    'own',         'own'],
  ["read and add notes on candidates… (read)",                        'candidate-notes:read',  'all', 'all',  'own',         'none'],
  ["read and add notes on candidates… (add; edit, delete one's own)",  'candidate-notes:write', 'all', 'all',  'own',         'none'],
  ['read interviews (interviewers: the ones they are on)',            'interviews:read',     'all', 'all',    'own',         'own'],
  ['schedule, reschedule, cancel interviews, mark no-shows',          'interviews:write',    'all', 'all',    'own',         'none'],
  ['read submitted scorecards and evaluations (interviewers: blind)', 'scorecards:read',     'all', 'all',    'own',         'own'],
  ['write own scorecards, own calendar feed',                         'scorecards:write',    'all', 'all',    'own',         'own'],
  ['read offers and their approvals (interviewers: not even that one exists)', 'offers:read', 'all', 'all', 'own',  'none'],
  ['draft, approve, send, answer and rescind offers',                'offers:write',        'all', 'all',    'own',         'none'],
  ['hiring reports (funnel, sources, CSV)',                          'reports:read',        'all', 'all',    'own',         'none'],
  ['EEO self-identification report (`eeoReport`, counts only)',      'eeo:read',            'all', 'none',   'none',        'none'],
  ['users, API keys, audit log',                                      'administer',          'all', 'none',   'none',        'none'],
];

const ROLE_COLUMNS: readonly Role[] = ['ADMIN', 'RECRUITER', 'HIRING_MANAGER', 'INTERVIEWER'];

/**
 * README.md "API keys": what each scope grants. A scope reaches every record of its kind (keys are on no hiring
 * team); a key reading candidates reads their e-mail and phone; no key administers.
 */
// prettier-ignore
const SCOPES_TABLE: Record<string, readonly (Right | Sight)[]> = {
  'requisitions:read':  ['requisitions:read', 'salary'],
  'requisitions:write': ['requisitions:create', 'requisitions:write'],
  'candidates:read':    ['candidates:read'],
  'candidates:write':   ['candidates:write'],
  'applications:write': ['applications:create', 'applications:write'],
  'notes:read':         ['notes:read', 'candidate-notes:read'],
  'notes:write':        ['notes:write', 'candidate-notes:write'],
  'interviews:read':    ['interviews:read'],
  'interviews:write':   ['interviews:write'],
  'scorecards:read':    ['scorecards:read'],
  'offers:read':        ['offers:read'],
  'offers:write':       ['offers:write'],
  'reports:read':       ['reports:read'],
  // Nothing of this matrix (webhooks have their own tests).
  'webhooks:manage':    [],
};
const KEYS_ALWAYS: readonly Sight[] = ['contact'];

export type PrincipalName =
  | 'ADMIN'
  | 'RECRUITER'
  | 'HIRING_MANAGER'
  | 'INTERVIEWER'
  | 'KEY_REQUISITIONS_READ'
  | 'KEY_REQUISITIONS_WRITE'
  | 'KEY_CANDIDATES_READ'
  | 'KEY_CANDIDATES_WRITE'
  | 'KEY_APPLICATIONS_WRITE'
  | 'KEY_NOTES_READ'
  | 'KEY_NOTES_WRITE'
  | 'KEY_INTERVIEWS_READ'
  | 'KEY_INTERVIEWS_WRITE'
  | 'KEY_SCORECARDS_READ'
  | 'KEY_OFFERS_AND_REPORTS'
  | 'KEY_NOTHING_USEFUL';

/** The callers every operation is tried as: one user per role and one key per scope. */
export const PRINCIPALS: Record<PrincipalName, { role?: Role; scopes?: readonly string[] }> = {
  ADMIN: { role: 'ADMIN' },
  RECRUITER: { role: 'RECRUITER' },
  HIRING_MANAGER: { role: 'HIRING_MANAGER' },
  INTERVIEWER: { role: 'INTERVIEWER' },
  KEY_REQUISITIONS_READ: { scopes: ['requisitions:read'] },
  KEY_REQUISITIONS_WRITE: { scopes: ['requisitions:write'] },
  KEY_CANDIDATES_READ: { scopes: ['candidates:read'] },
  KEY_CANDIDATES_WRITE: { scopes: ['candidates:write'] },
  KEY_APPLICATIONS_WRITE: { scopes: ['applications:write'] },
  KEY_NOTES_READ: { scopes: ['notes:read'] },
  KEY_NOTES_WRITE: { scopes: ['notes:write'] },
  KEY_INTERVIEWS_READ: { scopes: ['interviews:read'] },
  KEY_INTERVIEWS_WRITE: { scopes: ['interviews:write'] },
  KEY_SCORECARDS_READ: { scopes: ['scorecards:read'] },
  KEY_OFFERS_AND_REPORTS: { scopes: ['offers:read', 'offers:write', 'reports:read'] },
  KEY_NOTHING_USEFUL: { scopes: ['webhooks:manage'] },
};

export const PRINCIPAL_NAMES = Object.keys(PRINCIPALS) as PrincipalName[];
export const roleOf = (p: PrincipalName): Role | undefined => PRINCIPALS[p].role;
export const scopesOf = (p: PrincipalName): readonly string[] | undefined => PRINCIPALS[p].scopes;
export const USER_NAMES = PRINCIPAL_NAMES.filter((p) => roleOf(p));
export const KEY_NAMES = PRINCIPAL_NAMES.filter((p) => scopesOf(p));

/** The principal's level on a right or sight, from the tables above. */
export function levelOf(p: PrincipalName, right: Right | Sight): Level {
  const role = roleOf(p);
  if (role) {
    const row = ROLES_TABLE.find(([, name]) => name === right);
    if (!row) throw new Error(`README "Roles" has no row for ${right}`);
    return row[2 + ROLE_COLUMNS.indexOf(role)] as Level;
  }
  const granted = scopesOf(p)!.some((scope) => SCOPES_TABLE[scope].includes(right));
  return granted || KEYS_ALWAYS.includes(right as Sight) ? 'all' : 'none';
}

export const sees = (p: PrincipalName, sight: Sight): boolean => levelOf(p, sight) !== 'none';

const wider = (a: Level, b: Level): Level => (a === 'all' || b === 'all' ? 'all' : a === 'own' ? a : b);

/** Requisitions (and their stages) show through requisition reach or through their applications. */
export const requisitionReach = (p: PrincipalName): Level =>
  wider(levelOf(p, 'requisitions:read'), levelOf(p, 'candidates:read'));
/** Candidates, applications and their history. */
export const candidateReach = (p: PrincipalName): Level => levelOf(p, 'candidates:read');

/** The requisition a mutation acts on: one whose hiring team the caller is on, or another. */
export type Scope = 'own' | 'other';

/** ok: done; forbidden: a top-level FORBIDDEN; hidden: as for a record that does not exist (NOT_FOUND). */
export type Outcome = 'ok' | 'forbidden' | 'hidden';

export function outcomeOf(level: Level, scope: Scope): Outcome {
  if (level === 'none') return 'forbidden';
  return level === 'all' || scope === 'own' ? 'ok' : 'hidden';
}

/**
 * Operations whose permission tests live in their own e2e files (admins and the named key scope only). Every
 * other query and mutation of the schema must have a row here (the admin file checks it).
 */
export const COVERED_ELSEWHERE: Record<string, readonly string[]> = {
  'test/e2e/job-boards.e2e-spec.ts (job_boards:manage)': [
    'jobBoard',
    'jobBoards',
    'createJobBoard',
    'updateJobBoard',
    'deactivateJobBoard',
    'rotateJobBoardSecret',
    'publishRequisition',
    'unpublishRequisition',
  ],
  'test/e2e/standard-webhooks.e2e-spec.ts (job_boards:manage)': ['reprocessInboundDelivery'],
  'test/e2e/webhooks.e2e-spec.ts (webhooks:manage)': [
    'webhookSubscription',
    'webhookSubscriptions',
    'createWebhookSubscription',
    'updateWebhookSubscription',
    'deleteWebhookSubscription',
    'enableWebhookSubscription',
    'pingWebhookSubscription',
    'rotateWebhookSecret',
    'redeliverWebhookDelivery',
    'replayWebhookEvents',
  ],
  'test/e2e/event-feed.e2e-spec.ts (events:read)': ['events'],
  'test/e2e/candidate-export.e2e-spec.ts (candidates:export: admins and keys)': ['exportCandidateData'],
  'test/e2e/candidate-erasure.e2e-spec.ts (candidates:erase: admins and keys with the scope)': [
    'eraseCandidate',
    'candidatesDueForErasure',
  ],
  // The caller must be the approver whose turn it is: by role alone nobody is allowed or refused.
  'test/e2e/offers.e2e-spec.ts (offers:write, in approval order)': ['approveOffer', 'rejectOffer'],
};
