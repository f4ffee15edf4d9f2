import { expectNoErrors, runMutationRows, runQueryRows, setUpMatrix } from './harness';
import { createNotesWorld, NOTE_MUTATIONS, NOTE_QUERIES, NotesKit, NotesWorld } from './rows/notes';
import { mutationKit } from './world';

/*
 * Notes and applications' timelines, for every principal of the matrix (matrix.ts, from the README's roles and
 * scopes tables), on a requisition whose hiring team the caller is on and on another one.
 */
describe('permissions: notes and activity', () => {
  const m = setUpMatrix();
  let world: NotesWorld;
  let kit: NotesKit;
  beforeAll(async () => {
    world = await createNotesWorld(m.t);
    kit = { ...mutationKit(m), credential: m.credential };
  });

  describe('queries', () => {
    runQueryRows(m, () => world, NOTE_QUERIES);
  });

  describe('mutations', () => {
    runMutationRows(m, () => kit, NOTE_MUTATIONS);

    it("a team member cannot edit or delete another member's note: NOT_NOTE_AUTHOR, nothing written", async () => {
      const document = `mutation($input: UpdateNoteInput!) { updateNote(input: $input) { note { id } userErrors { code field } } }`;
      const response = await m.t.gqlAs(world.members.HIRING_MANAGER.token, document, {
        input: { id: world.note.onA, body: 'Overwritten.' },
      });
      expectNoErrors(response);
      expect(response.data.updateNote).toEqual({
        note: null,
        userErrors: [{ code: 'NOT_NOTE_AUTHOR', field: ['input', 'id'] }],
      });
      const [row] = await m.t.sql(`SELECT body, version FROM note WHERE id = $1`, [
        Buffer.from(world.note.onA, 'base64url').toString().split(':')[1],
      ]);
      expect(row).toEqual({ body: 'Strong on retrieval.', version: 1 });
    });
  });
});
