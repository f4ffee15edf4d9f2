import { ParamBinder } from '../common/graphql/keyset';
import { interviewsOnlyAsInterviewer, Reach } from '../identity/access.rules';
import { Principal } from '../identity/principal';
import { requisitionWithinReach } from '../requisitions/reach-sql';

/**
 * How far a caller sees interviews and scorecards: everything (admins, recruiters, keys with the scope); their
 * teams' (hiring managers); only the interviews they are on and, for scorecards, blind feedback (interviewers);
 * or nothing. `userId` is the caller when it is a user (drafts are only ever their author's).
 */
export type EvaluationReach =
  | { kind: 'all'; userId: string | null }
  | { kind: 'team'; userId: string }
  | { kind: 'interviewer'; userId: string }
  | { kind: 'none' };

export function evaluationReach(principal: Principal, reach: Reach): EvaluationReach {
  const userId = principal.kind === 'user' ? principal.id : null;
  switch (reach.kind) {
    case 'all':
      return { kind: 'all', userId };
    case 'none':
      return { kind: 'none' };
    case 'member':
      return interviewsOnlyAsInterviewer(principal)
        ? { kind: 'interviewer', userId: reach.userId }
        : { kind: 'team', userId: reach.userId };
  }
}

/** The team reach an evaluation reach stands on (for the requisitions' own filters). */
export function teamReachOf(reach: EvaluationReach): Reach {
  switch (reach.kind) {
    case 'all':
      return { kind: 'all' };
    case 'none':
      return { kind: 'none' };
    case 'team':
    case 'interviewer':
      return { kind: 'member', userId: reach.userId };
  }
}

/** SQL condition: the interview (alias `i`) is within reach. */
export function interviewWithinReach(reach: EvaluationReach, i: string, bind: ParamBinder): string {
  switch (reach.kind) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'team':
      return requisitionWithinReach(teamReachOf(reach), `${i}.requisition_id`, bind);
    case 'interviewer': {
      const user = bind(reach.userId);
      return `(${requisitionWithinReach(teamReachOf(reach), `${i}.requisition_id`, () => `${user}::uuid`)}
        AND EXISTS (SELECT 1 FROM interview_interviewer reach_ii
                    WHERE reach_ii.interview_id = ${i}.id AND reach_ii.user_id = ${user}::uuid))`;
    }
  }
}

/**
 * SQL condition: the scorecard (alias `s`) may be read. Drafts only by their author. Submitted ones by admins,
 * recruiters and keys; by hiring managers on the requisition's team; by an interviewer on the team only once their
 * own scorecard for the same application is submitted (blind feedback). Their own, always.
 */
export function scorecardVisible(reach: EvaluationReach, s: string, bind: ParamBinder): string {
  if (reach.kind === 'none') return 'FALSE';
  const user = reach.userId === null ? 'NULL' : `${bind(reach.userId)}::uuid`;
  const own = `${s}.author_id = ${user}`;
  const submitted = `${s}.status = 'SUBMITTED'`;
  switch (reach.kind) {
    case 'all':
      return `(${own} OR ${submitted})`;
    case 'team':
      return `(${own} OR (${submitted} AND ${requisitionWithinReach(teamReachOf(reach), `${s}.requisition_id`, () => user)}))`;
    case 'interviewer':
      return `(${own} OR (${submitted}
        AND ${requisitionWithinReach(teamReachOf(reach), `${s}.requisition_id`, () => user)}
        AND EXISTS (SELECT 1 FROM scorecard blind_mine WHERE blind_mine.application_id = ${s}.application_id
                    AND blind_mine.author_id = ${user} AND blind_mine.status = 'SUBMITTED')))`;
  }
}
