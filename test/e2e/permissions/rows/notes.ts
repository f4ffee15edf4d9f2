import { countRows, createApplication, createCandidate, databaseId, unique } from '../../../factories';
import { TestApp } from '../../../support/test-app';
import { MutationRow, nodeRow, QueryRow } from '../harness';
import { candidateReach, levelOf, PrincipalName } from '../matrix';
import { createPeopleWorld, missingId, MutationKit, PeopleWorld } from '../world';

/** Notes on appA (A3, the callers' team), on appB (B1, not theirs) and on candidate cA; as the admin wrote them. */
export interface NotesWorld extends PeopleWorld {
  note: Record<'onA' | 'onB' | 'onCandidateA', string>;
}

const ADD = `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id } userErrors { code field message } } }`;

async function addNote(t: TestApp, input: Record<string, unknown>, credential?: string): Promise<string> {
  const response = credential
    ? await t.gqlAs<any>(credential, ADD, { input })
    : await t.gql<any>(ADD, { input });
  const payload = response.data?.addNote;
  if (!payload?.note) throw new Error(`addNote failed: ${JSON.stringify(response.body)}`);
  return payload.note.id as string;
}

export async function createNotesWorld(t: TestApp): Promise<NotesWorld> {
  const world = await createPeopleWorld(t);
  // One after another: lists are ordered by creation.
  const onA = await addNote(t, { applicationId: world.app.appA.id, body: 'Strong on retrieval.' });
  const onB = await addNote(t, { applicationId: world.app.appB.id, body: 'Strong on ranking.' });
  const onCandidateA = await addNote(t, { candidateId: world.cand.cA.id, body: 'Open to relocation.' });
  return { ...world, note: { onA, onB, onCandidateA } };
}

/** What note mutations prepare with: the matrix kit, and the callers' credentials to write their own notes. */
export interface NotesKit extends MutationKit {
  credential: Record<PrincipalName, string>;
}

const notesRead = (p: PrincipalName) => levelOf(p, 'notes:read');
const ids = (ns: string[]) => ({ totalCount: ns.length, edges: ns.map((id) => ({ node: { id } })) });

/** README "Roles": `read notes on applications`, `read notes on candidates`; the timeline is filtered the same way. */
export const NOTE_QUERIES: QueryRow<NotesWorld>[] = [
  {
    fields: ['application'],
    title: "an application's notes and activity, by the reach of each",
    reach: candidateReach,
    forbiddenWithoutReach: false,
    document: `query($a: ID!, $b: ID!) {
      a: application(id: $a) { notes { totalCount edges { node { id } } } activity { totalCount edges { node { kind } } } }
      b: application(id: $b) { notes { totalCount edges { node { id } } } activity { totalCount edges { node { kind } } } } }`,
    variables: ({ app }) => ({ a: app.appA.id, b: app.appB.id }),
    check(data, { p, reach, world: { note } }) {
      const shape = (noteId: string, seen: boolean) => ({
        notes: ids(seen ? [noteId] : []),
        activity: {
          totalCount: seen ? 3 : 2,
          edges: [
            ...(seen ? [{ node: { kind: 'note.created' } }] : []),
            { node: { kind: 'application.stage_changed' } },
            { node: { kind: 'application.created' } },
          ],
        },
      });
      expect(data).toEqual({
        a: reach === 'none' ? null : shape(note.onA, notesRead(p) !== 'none'),
        b: reach === 'all' ? shape(note.onB, notesRead(p) === 'all') : null,
      });
    },
  },
  {
    fields: ['candidate'],
    title:
      "a candidate's notes: on their applications by notes reach, on the candidate by candidate-notes reach",
    reach: candidateReach,
    forbiddenWithoutReach: false,
    document: `query($id: ID!) { candidate(id: $id) { notes { totalCount edges { node { id } } } } }`,
    variables: ({ cand }) => ({ id: cand.cA.id }),
    check(data, { p, reach, world: { note } }) {
      if (reach === 'none') return expect(data).toEqual({ candidate: null });
      const shown = [
        ...(levelOf(p, 'candidate-notes:read') !== 'none' ? [note.onCandidateA] : []),
        ...(notesRead(p) !== 'none' ? [note.onA] : []),
      ];
      expect(data.candidate.notes).toEqual(ids(shown));
    },
  },
  nodeRow<NotesWorld>('Note', notesRead, ({ note }) => ({ own: note.onA, other: note.onB })),
];

/** Adding notes, and editing and deleting one's own. */
export const NOTE_MUTATIONS: MutationRow<NotesKit>[] = [
  {
    title: 'addNote (on an application)',
    mutation: 'addNote',
    inputType: 'AddNoteInput',
    select: 'note { body }',
    right: 'notes:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor, applicationOn }) {
      const application = await applicationOn(await requisitionFor(scope));
      const body = `Notes ${unique()}`;
      return {
        input: { applicationId: application.id, body },
        missing: { applicationId: missingId('Application'), body },
        async verify(payload) {
          expect(payload).toEqual({ note: { body }, userErrors: [] });
          expect(
            await countRows(t, 'note', 'application_id = $1 AND body = $2', [
              databaseId(application.id),
              body,
            ]),
          ).toBe(1);
        },
      };
    },
  },
  {
    title: 'addNote (on a candidate)',
    mutation: 'addNote',
    inputType: 'AddNoteInput',
    select: 'note { body application { id } }',
    right: 'candidate-notes:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor }) {
      const r = await requisitionFor(scope);
      const candidate = await createCandidate(t);
      await createApplication(t, candidate.id, r.id);
      const body = `About the person ${unique()}`;
      return {
        input: { candidateId: candidate.id, body },
        missing: { candidateId: missingId('Candidate'), body },
        async verify(payload) {
          expect(payload).toEqual({ note: { body, application: null }, userErrors: [] });
          expect(await countRows(t, 'note', 'candidate_id = $1', [databaseId(candidate.id)])).toBe(1);
        },
      };
    },
  },
  ...(['updateNote', 'deleteNote'] as const).map((mutation): MutationRow<NotesKit> => ({
    title: `${mutation} (one's own note on an application)`,
    mutation,
    inputType: mutation === 'updateNote' ? 'UpdateNoteInput' : 'DeleteNoteInput',
    select: mutation === 'updateNote' ? 'note { id body version }' : 'deletedNoteId',
    right: 'notes:write',
    scoped: true,
    async prepare(scope, { t, requisitionFor, applicationOn, credential }, caller) {
      const application = await applicationOn(await requisitionFor(scope));
      // The caller's own note when it may write one; otherwise the administrator's.
      const noteId = await addNote(
        t,
        { applicationId: application.id, body: 'First draft.' },
        caller ? credential[caller] : undefined,
      );
      const change = mutation === 'updateNote' ? { body: 'Second draft.', expectedVersion: 1 } : {};
      return {
        input: { id: noteId, ...change },
        missing: { id: missingId('Note'), ...change },
        async verify(payload) {
          if (mutation === 'updateNote') {
            expect(payload).toEqual({
              note: { id: noteId, body: 'Second draft.', version: 2 },
              userErrors: [],
            });
            expect(await countRows(t, 'note', 'id = $1 AND version = 2', [databaseId(noteId)])).toBe(1);
          } else {
            expect(payload).toEqual({ deletedNoteId: noteId, userErrors: [] });
            expect(await countRows(t, 'note', 'id = $1', [databaseId(noteId)])).toBe(0);
          }
        },
      };
    },
  })),
];
