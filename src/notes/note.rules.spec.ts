import { UserRole } from '../identity/identity.enums';
import { ApiKeyScope } from '../identity/identity.enums';
import { Principal } from '../identity/principal';
import {
  actorOf,
  distinctMentions,
  mayDeleteNote,
  mayEditNote,
  mentionSight,
  NOTE_BODY_MAX,
  noteBodyProblem,
  noteInputProblems,
  noteSight,
  NoteSubject,
} from './note.rules';

const USER_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_ID = '22222222-2222-4222-8222-222222222222';
const KEY_ID = '33333333-3333-4333-8333-333333333333';
const user = (role: UserRole, id = USER_ID): Principal => ({
  kind: 'user',
  id,
  email: 'u@x.test',
  name: 'U',
  role,
});
const key = (...scopes: ApiKeyScope[]): Principal => ({ kind: 'api_key', id: KEY_ID, name: 'k', scopes });
const member = { kind: 'member', userId: USER_ID };
const all = { kind: 'all' };
const none = { kind: 'none' };

describe('noteSight', () => {
  it.each<[string, Principal, 'notes:read' | 'notes:write', object, object]>([
    ['admin reads', user(UserRole.ADMIN), 'notes:read', all, all],
    ['admin writes', user(UserRole.ADMIN), 'notes:write', all, all],
    ['recruiter reads', user(UserRole.RECRUITER), 'notes:read', all, all],
    ['recruiter writes', user(UserRole.RECRUITER), 'notes:write', all, all],
    ['hiring manager reads their teams', user(UserRole.HIRING_MANAGER), 'notes:read', member, member],
    ['hiring manager writes their teams', user(UserRole.HIRING_MANAGER), 'notes:write', member, member],
    ['interviewer reads application notes only', user(UserRole.INTERVIEWER), 'notes:read', member, none],
    ['interviewer writes application notes only', user(UserRole.INTERVIEWER), 'notes:write', member, none],
    ['key with notes:read reads', key(ApiKeyScope.NOTES_READ), 'notes:read', all, all],
    ['key with notes:read does not write', key(ApiKeyScope.NOTES_READ), 'notes:write', none, none],
    ['key with notes:write writes', key(ApiKeyScope.NOTES_WRITE), 'notes:write', all, all],
    ['key with notes:write does not read', key(ApiKeyScope.NOTES_WRITE), 'notes:read', none, none],
    ['key with candidates:read reads no notes', key(ApiKeyScope.CANDIDATES_READ), 'notes:read', none, none],
    ['the system', { kind: 'system' }, 'notes:write', all, all],
  ])('%s', (_title, principal, capability, applications, candidates) => {
    expect(noteSight(principal, capability)).toEqual({ applications, candidates });
  });
});

describe('mentionSight', () => {
  const mentioned = (role: UserRole, active = true) => ({
    id: OTHER_ID,
    email: 'm@x.test',
    name: 'M',
    role,
    active,
  });
  it.each<[UserRole, boolean, NoteSubject, 'yes' | 'no' | 'if-member']>([
    [UserRole.ADMIN, true, 'application', 'yes'],
    [UserRole.ADMIN, true, 'candidate', 'yes'],
    [UserRole.RECRUITER, true, 'application', 'yes'],
    [UserRole.RECRUITER, true, 'candidate', 'yes'],
    [UserRole.HIRING_MANAGER, true, 'application', 'if-member'],
    [UserRole.HIRING_MANAGER, true, 'candidate', 'if-member'],
    [UserRole.INTERVIEWER, true, 'application', 'if-member'],
    [UserRole.INTERVIEWER, true, 'candidate', 'no'],
    [UserRole.ADMIN, false, 'application', 'no'],
    [UserRole.RECRUITER, false, 'candidate', 'no'],
    [UserRole.HIRING_MANAGER, false, 'application', 'no'],
  ])('%s (active: %s) on a note on the %s → %s', (role, active, subject, expected) => {
    expect(mentionSight(mentioned(role, active), subject)).toBe(expected);
  });
});

describe('who edits and deletes a note', () => {
  const byUser = `user:${USER_ID}`;
  const byKey = `api_key:${KEY_ID}`;
  it.each<[string, Principal, string, boolean, boolean]>([
    ['the author', user(UserRole.INTERVIEWER), byUser, true, true],
    ['another recruiter', user(UserRole.RECRUITER, OTHER_ID), byUser, false, false],
    ['an administrator', user(UserRole.ADMIN, OTHER_ID), byUser, false, true],
    ['the key that wrote it', key(ApiKeyScope.NOTES_WRITE), byKey, true, true],
    ['a user, of a key’s note', user(UserRole.RECRUITER), byKey, false, false],
    ['a key, of a user’s note', key(ApiKeyScope.NOTES_WRITE), byUser, false, false],
    ['the system (erasure, seed)', { kind: 'system' }, byUser, false, true],
  ])('%s: edits %#', (_title, principal, noteActor, edits, deletes) => {
    expect(mayEditNote(principal, noteActor)).toBe(edits);
    expect(mayDeleteNote(principal, noteActor)).toBe(deletes);
  });

  it.each<[Principal, string]>([
    [user(UserRole.ADMIN), `user:${USER_ID}`],
    [key(), `api_key:${KEY_ID}`],
    [{ kind: 'system' }, 'system'],
  ])('actorOf %#', (principal, actor) => {
    expect(actorOf(principal)).toBe(actor);
  });
});

describe('noteBodyProblem', () => {
  it.each<[string, string, RegExp | null]>([
    ['one character', 'x', null],
    ['Markdown', '**Strong** on PyTorch; see [the take-home](https://example.com).', null],
    ['exactly the maximum', 'a'.repeat(NOTE_BODY_MAX), null],
    ['the maximum in astral characters (code points, not UTF-16 units)', '🧠'.repeat(NOTE_BODY_MAX), null],
    ['empty', '', /empty/],
    ['blank', ' \n\t ', /empty/],
    ['one over the maximum', 'a'.repeat(NOTE_BODY_MAX + 1), /10001 characters long; at most 10000/],
    ['astral, one over', '🧠'.repeat(NOTE_BODY_MAX + 1), /at most 10000/],
  ])('%s', (_title, body, problem) => {
    const found = noteBodyProblem(body);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('distinctMentions', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [
      [USER_ID, OTHER_ID],
      [USER_ID, OTHER_ID],
    ],
    [
      [OTHER_ID, USER_ID, OTHER_ID],
      [OTHER_ID, USER_ID],
    ],
  ])('%j → %j', (given, expected) => {
    expect(distinctMentions(given)).toEqual(expected);
  });
});

describe('noteInputProblems', () => {
  const many = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  it.each<[string, Parameters<typeof noteInputProblems>[0], 'add' | 'update', string[][]]>([
    ['a note on an application', { applicationId: USER_ID, body: 'x' }, 'add', []],
    ['a note on a candidate', { candidateId: USER_ID, body: 'x' }, 'add', []],
    ['no subject', { body: 'x' }, 'add', [['candidateId']]],
    [
      'both subjects',
      { candidateId: USER_ID, applicationId: OTHER_ID, body: 'x' },
      'add',
      [['applicationId']],
    ],
    ['no body on add', { applicationId: USER_ID }, 'add', [['body']]],
    [
      'everything wrong at once',
      { body: ' ', mentionedUserIds: many },
      'add',
      [['candidateId'], ['body'], ['mentionedUserIds']],
    ],
    [
      '50 mentions, one repeated',
      { applicationId: USER_ID, body: 'x', mentionedUserIds: [...many.slice(0, 50), many[0]] },
      'add',
      [],
    ],
    ['an update of the mentions only', { mentionedUserIds: [USER_ID] }, 'update', []],
    ['an update with an empty body', { body: '' }, 'update', [['body']]],
    ['an update with 51 mentions', { mentionedUserIds: many }, 'update', [['mentionedUserIds']]],
  ])('%s', (_title, input, kind, fields) => {
    expect(noteInputProblems(input, kind).map((p) => p.field)).toEqual(fields);
  });
});
