import { reach, Reach } from '../identity/access.rules';
import { UserRole } from '../identity/identity.enums';
import { Principal } from '../identity/principal';

/** A note's body: Markdown, 1 to 10,000 characters (Unicode code points, as PostgreSQL's char_length counts). */
export const NOTE_BODY_MAX = 10_000;

/** At most this many users mentioned in one note. */
export const NOTE_MENTIONS_MAX = 50;

const NONE: Reach = { kind: 'none' };

/**
 * Which notes a principal may read (`notes:read`) or write (`notes:write`): notes on applications within
 * `applications` (the application's requisition), and candidate-level notes of candidates within `candidates`
 * (the candidate applied to a requisition within it).
 *
 * Interviewers work on their teams' applications: they read and write notes there, never candidate-level notes,
 * which speak about the person across every requisition (other teams' processes, offers elsewhere) — an
 * interviewer's reach is one loop, not the person's whole file.
 */
export interface NoteSight {
  applications: Reach;
  candidates: Reach;
}

export function noteSight(principal: Principal, capability: 'notes:read' | 'notes:write'): NoteSight {
  const notes = reach(principal, capability);
  return { applications: notes, candidates: seesCandidateNotes(principal) ? notes : NONE };
}

/** Interviewers see notes on their teams' applications only (see NoteSight). */
export function seesCandidateNotes(principal: Principal): boolean {
  return !(principal.kind === 'user' && principal.role === UserRole.INTERVIEWER);
}

/** What a note is on: an application, or the candidate. */
export type NoteSubject = 'application' | 'candidate';

/** A user as the mention check sees them. */
export interface MentionedUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
}

/**
 * Whether a mentioned user can see the note's subject: `yes` (every record of the kind), `no`, or `if-member`
 * (only if they are on the hiring team of the application's requisition — or, for a candidate-level note, of a
 * requisition the candidate applied to). Deactivated users see nothing.
 */
export function mentionSight(user: MentionedUser, subject: NoteSubject): 'yes' | 'no' | 'if-member' {
  if (!user.active) return 'no';
  const sight = noteSight({ kind: 'user', ...user }, 'notes:read');
  const level = subject === 'application' ? sight.applications : sight.candidates;
  return level.kind === 'all' ? 'yes' : level.kind === 'member' ? 'if-member' : 'no';
}

/** How history and notes name who acted: `user:<uuid>`, `api_key:<uuid>`, `system`. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'system' ? 'system' : `${principal.kind}:${principal.id}`;
}

/** Only the author edits a note. */
export function mayEditNote(principal: Principal, noteActor: string): boolean {
  return principal.kind !== 'system' && actorOf(principal) === noteActor;
}

/** The author deletes a note, and so do administrators (moderation, erasure requests). */
export function mayDeleteNote(principal: Principal, noteActor: string): boolean {
  if (principal.kind === 'system') return true;
  return mayEditNote(principal, noteActor) || reach(principal, 'administer').kind === 'all';
}

/** Why a body is refused, or null: empty, blank, or longer than NOTE_BODY_MAX characters. */
export function noteBodyProblem(body: string): string | null {
  if (body.trim().length === 0) return 'The note must not be empty.';
  const length = [...body].length;
  if (length > NOTE_BODY_MAX) {
    return `The note is ${length} characters long; at most ${NOTE_BODY_MAX} are allowed.`;
  }
  return null;
}

/** A refusal of a note's input: the field (a domain path) and why. */
export interface NoteInputProblem {
  field: string[];
  message: string;
}

/**
 * Everything wrong with a note's input, all at once: for `add`, exactly one of candidateId and applicationId; a
 * body (when given) that `noteBodyProblem` accepts; at most NOTE_MENTIONS_MAX distinct mentions.
 */
export function noteInputProblems(
  input: {
    candidateId?: string | null;
    applicationId?: string | null;
    body?: string | null;
    mentionedUserIds?: readonly string[] | null;
  },
  kind: 'add' | 'update',
): NoteInputProblem[] {
  const problems: NoteInputProblem[] = [];
  if (kind === 'add') {
    const hasCandidate = input.candidateId != null;
    if (hasCandidate === (input.applicationId != null)) {
      problems.push({
        field: [hasCandidate ? 'applicationId' : 'candidateId'],
        message: 'Give exactly one of candidateId and applicationId: what the note is on.',
      });
    }
  }
  if (kind === 'add' || input.body != null) {
    const body = noteBodyProblem(input.body ?? '');
    if (body) problems.push({ field: ['body'], message: body });
  }
  if (distinctMentions(input.mentionedUserIds ?? []).length > NOTE_MENTIONS_MAX) {
    problems.push({
      field: ['mentionedUserIds'],
      message: `A note mentions at most ${NOTE_MENTIONS_MAX} users.`,
    });
  }
  return problems;
}

/** The mentioned users in the order given, each once. */
export function distinctMentions(userIds: readonly string[]): string[] {
  return [...new Set(userIds)];
}
