import { SetMetadata } from '@nestjs/common';

/**
 * What an operation needs, named once for every transport: resolvers and controllers declare it (`@Requires`), the
 * identity module's guards decide who has it (src/identity/access.rules.ts maps roles and key scopes to it).
 */
export type Capability =
  /** Requisitions, their stages and hiring-team membership: read. */
  | 'requisitions:read'
  /** Create requisitions (always "all" or "none"). */
  | 'requisitions:create'
  /** Edit requisitions, change their status, shape their pipeline. */
  | 'requisitions:write'
  /** Candidates, applications and their history: read. */
  | 'candidates:read'
  /** Create and edit candidates. */
  | 'candidates:write'
  /** Erase a candidate's personal data, and see whom the retention job erases next (docs/privacy.md). */
  | 'candidates:erase'
  /** Put candidates on requisitions. */
  | 'applications:create'
  /** Move, reject, reopen, withdraw, hire. */
  | 'applications:write'
  /** Job boards, their secrets, and publishing requisitions on them. */
  | 'job_boards:manage'
  /** Webhook subscriptions, their secrets, deliveries, redelivery and replay. */
  | 'webhooks:manage'
  /** Notes on candidates and applications: read (an interviewer: on their teams' applications only). */
  | 'notes:read'
  /** Add notes (and edit or delete one's own). */
  | 'notes:write'
  /** Interviews (and, for their interviewers, the calendar feed): read. */
  | 'interviews:read'
  /** Schedule, reschedule and cancel interviews, mark no-shows. */
  | 'interviews:write'
  /** Submitted scorecards and evaluations: read (blind until the reader's own is in, for interviewers). */
  | 'scorecards:read'
  /** Write one's own scorecards, on interviews one is on (users only). */
  | 'scorecards:write'
  /** The event feed (every event of every requisition and candidate). */
  | 'events:read'
  /** Offers and their approval chains: read (compensation data: never interviewers). */
  | 'offers:read'
  /** Draft, approve, send, record the answer to and rescind offers. */
  | 'offers:write'
  /** Hiring reports: funnels, sources, rejection reasons, time to hire (aggregates of reachable requisitions). */
  | 'reports:read'
  /** EEO self-identification, in aggregate (eeoReport): administrators only, never a key. */
  | 'eeo:read'
  /** Everything stored about a candidate as one document (GDPR access and portability; docs/privacy.md). */
  | 'candidates:export'
  /** Users, API keys, hiring teams' membership, audit log. */
  | 'administer';

/** Metadata keys the guards read. */
export const IS_PUBLIC = 'requisite:public';
export const REQUIRED_CAPABILITY = 'requisite:capability';

/** Marks a route as reachable without credentials (health, sign-in, public job-board endpoints). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The capability a resolver or route needs at all; "member" reach is then checked per record by the service. */
export const Requires = (capability: Capability) => SetMetadata(REQUIRED_CAPABILITY, capability);
