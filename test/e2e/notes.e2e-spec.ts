import {
  countRows,
  createApplication,
  createCandidate,
  createRequisition,
  CreatedApplication,
  CreatedCandidate,
  CreatedRequisition,
  databaseId,
  eventsOf,
  makeGlobalId,
  moveApplication,
} from '../factories';
import { createTestApp, TestApp, TestUser } from '../support/test-app';

const NOTE = `id body version author { id } mentions { id } candidate { id } application { id }
  viewerCanUpdate viewerCanDelete`;
const ADD = `mutation($input: AddNoteInput!) { addNote(input: $input) { note { ${NOTE} } userErrors { code field message } } }`;
const UPDATE = `mutation($input: UpdateNoteInput!) { updateNote(input: $input) { note { ${NOTE} } userErrors { code field message } } }`;
const DELETE = `mutation($input: DeleteNoteInput!) { deleteNote(input: $input) { deletedNoteId userErrors { code field message } } }`;
const ACTIVITY = `query($id: ID!, $first: Int, $after: String) { application(id: $id) {
  activity(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { __typename kind occurredAt actor { id }
      ... on StageTransitionActivity { transition { id toStatus toStage { name } } }
      ... on NoteActivity { note { id body } } } } } } }`;

/** Notes with mentions, and applications' timelines: the contract through GraphQL, errors writing nothing. */
describe('notes and the activity timeline (e2e)', () => {
  let t: TestApp;
  let req: CreatedRequisition;
  let otherReq: CreatedRequisition;
  let cand: CreatedCandidate;
  let app: CreatedApplication;
  let otherApp: CreatedApplication;
  let recruiter: TestUser;
  let manager: TestUser;
  let interviewer: TestUser;
  let outsider: TestUser;
  let adminId: string;

  const as = (user: TestUser | null, document: string, variables?: Record<string, unknown>) =>
    user ? t.gqlAs<any>(user.token, document, variables) : t.gql<any>(document, variables);
  const addNote = async (user: TestUser | null, input: Record<string, unknown>) => {
    const response = await as(user, ADD, { input });
    if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
    return response.data.addNote;
  };
  /** What a note mutation may write: a refusal leaves every count as it was. */
  const written = async () => ({
    notes: await countRows(t, 'note'),
    mentions: await countRows(t, 'note_mention'),
    events: await countRows(t, 'event', `aggregate_type = 'note'`),
    audit: await countRows(t, 'audit_entry', `subject_type = 'note'`),
    versions: (
      await t.sql<{ v: string }>(
        `SELECT coalesce(string_agg(id || ':' || version, ',' ORDER BY id), '') AS v FROM note`,
      )
    )[0].v,
  });
  const member = async (r: CreatedRequisition, user: TestUser, role: string) =>
    t.ok(
      `mutation($input: AddRequisitionMemberInput!) { addRequisitionMember(input: $input) { member { role } userErrors { code } } }`,
      { input: { requisitionId: r.id, userId: user.id, role } },
    );

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.ok<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id;
    [req, otherReq, cand] = await Promise.all([
      createRequisition(t),
      createRequisition(t),
      createCandidate(t),
    ]);
    [app, otherApp] = await Promise.all([
      createApplication(t, cand.id, req.id),
      createApplication(t, cand.id, otherReq.id),
    ]);
    [recruiter, manager, interviewer, outsider] = await Promise.all([
      t.userWithRole('RECRUITER'),
      t.userWithRole('HIRING_MANAGER'),
      t.userWithRole('INTERVIEWER'),
      t.userWithRole('INTERVIEWER'),
    ]);
    await member(req, manager, 'HIRING_MANAGER');
    await member(req, interviewer, 'INTERVIEWER');
    await member(otherReq, outsider, 'INTERVIEWER');
  });
  afterAll(() => t?.close());

  describe('addNote', () => {
    it('writes a note on an application with its mentions, a note.created event without the body, and an audit entry', async () => {
      const body = '**Strong** on ranking; probe *feature stores* in the onsite.';
      const payload = await addNote(recruiter, {
        applicationId: app.id,
        body,
        mentionedUserIds: [manager.id, interviewer.id, manager.id],
      });
      expect(payload).toEqual({
        note: {
          id: expect.any(String),
          body,
          version: 1,
          author: { id: recruiter.id },
          mentions: [{ id: manager.id }, { id: interviewer.id }],
          candidate: { id: cand.id },
          application: { id: app.id },
          viewerCanUpdate: true,
          viewerCanDelete: true,
        },
        userErrors: [],
      });
      const events = await eventsOf(t, payload.note.id);
      expect(events).toEqual([
        {
          type: 'note.created',
          aggregateType: 'note',
          sequence: 1,
          data: {
            noteId: payload.note.id,
            candidateId: cand.id,
            applicationId: app.id,
            requisitionId: req.id,
            authorId: recruiter.id,
            mentionedUserIds: [manager.id, interviewer.id],
            sequence: 1,
          },
        },
      ]);
      expect(JSON.stringify(events)).not.toContain('ranking');
      const [audit] = await t.sql(
        `SELECT action, actor, changes FROM audit_entry WHERE $1 = ANY(subject_ids)`,
        [databaseId(payload.note.id)],
      );
      expect(audit).toEqual({
        action: 'addNote',
        actor: `user:${databaseId(recruiter.id)}`,
        changes: {
          bodyLength: { before: null, after: [...body].length },
          mentionedUserIds: {
            before: null,
            after: [databaseId(manager.id), databaseId(interviewer.id)],
          },
        },
      });
    });

    it('writes a note on the candidate (application null)', async () => {
      const payload = await addNote(manager, { candidateId: cand.id, body: 'Met at NeurIPS.' });
      expect(payload.note).toMatchObject({ candidate: { id: cand.id }, application: null, mentions: [] });
      expect(payload.userErrors).toEqual([]);
    });

    it.each<[string, Record<string, unknown>, string[], string]>([
      ['no subject', { body: 'x' }, ['input', 'candidateId'], 'INVALID_INPUT'],
      [
        'both subjects',
        { body: 'x', candidateIdFrom: true, applicationIdFrom: true },
        ['input', 'applicationId'],
        'INVALID_INPUT',
      ],
      ['an empty body', { body: '', applicationIdFrom: true }, ['input', 'body'], 'INVALID_INPUT'],
      ['a blank body', { body: ' \n ', applicationIdFrom: true }, ['input', 'body'], 'INVALID_INPUT'],
      [
        '10,001 characters',
        { body: 'a'.repeat(10_001), applicationIdFrom: true },
        ['input', 'body'],
        'INVALID_INPUT',
      ],
      [
        'an unknown application',
        { body: 'x', applicationId: makeGlobalId('Application', '00000000-0000-4000-8000-000000000000') },
        ['input', 'applicationId'],
        'NOT_FOUND',
      ],
      [
        'a candidate id for the application',
        { body: 'x', applicationIdIsCandidate: true },
        ['input', 'applicationId'],
        'NOT_FOUND',
      ],
      [
        'an unknown mentioned user',
        { body: 'x', applicationIdFrom: true, mentionUnknown: true },
        ['input', 'mentionedUserIds', '0'],
        'NOT_FOUND',
      ],
    ])('refuses %s, writing nothing', async (_title, spec, field, code) => {
      const input: Record<string, unknown> = { body: spec.body };
      if (spec.candidateIdFrom) input.candidateId = cand.id;
      if (spec.applicationIdFrom) input.applicationId = app.id;
      if (spec.applicationId) input.applicationId = spec.applicationId;
      if (spec.applicationIdIsCandidate) input.applicationId = cand.id;
      if (spec.mentionUnknown)
        input.mentionedUserIds = [makeGlobalId('User', '00000000-0000-4000-8000-000000000000')];
      const before = await written();
      const payload = await addNote(recruiter, input);
      expect(payload.note).toBeNull();
      expect(payload.userErrors).toEqual([{ code, field, message: expect.any(String) }]);
      expect(await written()).toEqual(before);
    });

    it('reports every problem of the input at once, writing nothing', async () => {
      const before = await written();
      const payload = await addNote(recruiter, { body: '   ' });
      expect(payload.userErrors.map((e: any) => [e.code, e.field])).toEqual([
        ['INVALID_INPUT', ['input', 'candidateId']],
        ['INVALID_INPUT', ['input', 'body']],
      ]);
      expect(await written()).toEqual(before);
    });

    it('takes exactly 10,000 characters', async () => {
      const payload = await addNote(recruiter, { applicationId: app.id, body: 'é'.repeat(10_000) });
      expect(payload.userErrors).toEqual([]);
      expect([...payload.note.body]).toHaveLength(10_000);
    });

    it('refuses mentions of users who cannot see the subject, each at its place, writing nothing', async () => {
      const deactivated = await t.userWithRole('RECRUITER');
      await t.ok(
        `mutation($input: UserIdInput!) { deactivateUser(input: $input) { user { id } userErrors { code } } }`,
        { input: { id: deactivated.id } },
      );
      const before = await written();
      const onApplication = await addNote(recruiter, {
        applicationId: app.id,
        body: 'Who else should see this?',
        mentionedUserIds: [manager.id, outsider.id, deactivated.id],
      });
      expect(onApplication).toEqual({
        note: null,
        userErrors: [
          {
            code: 'MENTIONED_USER_CANNOT_SEE',
            field: ['input', 'mentionedUserIds', '1'],
            message: expect.any(String),
          },
          {
            code: 'MENTIONED_USER_CANNOT_SEE',
            field: ['input', 'mentionedUserIds', '2'],
            message: expect.any(String),
          },
        ],
      });
      // An interviewer on the candidate's team still never sees candidate-level notes.
      const onCandidate = await addNote(recruiter, {
        candidateId: cand.id,
        body: 'Compensation expectations: see the offer thread.',
        mentionedUserIds: [interviewer.id, manager.id],
      });
      expect(onCandidate.userErrors).toEqual([
        {
          code: 'MENTIONED_USER_CANNOT_SEE',
          field: ['input', 'mentionedUserIds', '0'],
          message: expect.any(String),
        },
      ]);
      expect(await written()).toEqual(before);
    });

    it('lets interviewers write on their teams’ applications only, and never on candidates', async () => {
      const own = await addNote(interviewer, { applicationId: app.id, body: 'Solid on PyTorch internals.' });
      expect(own.userErrors).toEqual([]);
      expect(own.note.author).toEqual({ id: interviewer.id });

      const before = await written();
      const other = await addNote(interviewer, { applicationId: otherApp.id, body: 'Not my loop.' });
      expect(other.userErrors).toEqual([
        { code: 'NOT_FOUND', field: ['input', 'applicationId'], message: 'Application not found.' },
      ]);
      const onCandidate = await as(interviewer, ADD, {
        input: { candidateId: cand.id, body: 'About the person.' },
      });
      expect(onCandidate.errors?.map((e: any) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await written()).toEqual(before);
    });

    it('refuses malformed input at the transport with the field, writing nothing', async () => {
      const before = await written();
      const response = await as(null, ADD, {
        input: {
          applicationId: app.id,
          body: 'x',
          mentionedUserIds: Array.from({ length: 51 }, () => manager.id),
        },
      });
      expect(response.data.addNote.userErrors).toEqual([
        { code: 'INVALID_INPUT', field: ['input', 'mentionedUserIds'], message: expect.any(String) },
      ]);
      const hostile = await as(null, ADD, { input: { applicationId: app.id, body: 'nul \u0000 byte' } });
      expect(hostile.data.addNote.userErrors).toEqual([
        { code: 'INVALID_INPUT', field: ['input', 'body'], message: expect.any(String) },
      ]);
      expect(await written()).toEqual(before);
    });
  });

  describe('updateNote and deleteNote', () => {
    let note: any;
    beforeEach(async () => {
      note = (
        await addNote(manager, {
          applicationId: app.id,
          body: 'First take.',
          mentionedUserIds: [recruiter.id],
        })
      ).note;
    });

    it('the author edits with expectedVersion; newly mentioned users are in note.updated', async () => {
      const response = await as(manager, UPDATE, {
        input: {
          id: note.id,
          body: 'Second take.',
          mentionedUserIds: [recruiter.id, interviewer.id],
          expectedVersion: 1,
        },
      });
      expect(response.data.updateNote).toEqual({
        note: expect.objectContaining({
          id: note.id,
          body: 'Second take.',
          version: 2,
          mentions: [{ id: recruiter.id }, { id: interviewer.id }],
        }),
        userErrors: [],
      });
      const events = await eventsOf(t, note.id);
      expect(events.map((e) => [e.type, e.sequence])).toEqual([
        ['note.created', 1],
        ['note.updated', 2],
      ]);
      expect(events[1].data).toMatchObject({
        changedFields: ['body', 'mentions'],
        mentionedUserIds: [recruiter.id, interviewer.id],
        newlyMentionedUserIds: [interviewer.id],
      });
      expect(JSON.stringify(events)).not.toContain('take');
    });

    it.each<[string, () => TestUser | null, Record<string, unknown>, string, string[]]>([
      [
        'a stale version',
        () => manager,
        { body: 'Late.', expectedVersion: 7 },
        'STALE_VERSION',
        ['input', 'expectedVersion'],
      ],
      [
        'another user, even an administrator',
        () => null,
        { body: 'Not mine.' },
        'NOT_NOTE_AUTHOR',
        ['input', 'id'],
      ],
      ['another team member', () => interviewer, { body: 'Not mine.' }, 'NOT_NOTE_AUTHOR', ['input', 'id']],
      ['someone off the team', () => outsider, { body: 'Not mine.' }, 'NOT_FOUND', ['input', 'id']],
      ['an empty body', () => manager, { body: '' }, 'INVALID_INPUT', ['input', 'body']],
      [
        'a mention of someone off the team',
        () => manager,
        { mentionOutsider: true },
        'MENTIONED_USER_CANNOT_SEE',
        ['input', 'mentionedUserIds', '0'],
      ],
    ])('updateNote refuses %s, writing nothing', async (_title, who, input, code, field) => {
      const before = await written();
      const { mentionOutsider, ...rest } = input;
      const mentions = mentionOutsider ? { mentionedUserIds: [outsider.id] } : {};
      const response = await as(who(), UPDATE, { input: { id: note.id, ...rest, ...mentions } });
      expect(response.data.updateNote).toEqual({
        note: null,
        userErrors: [{ code, field, message: expect.any(String) }],
      });
      expect(await written()).toEqual(before);
    });

    it.each<[string, () => TestUser | null, Record<string, unknown>, string | null]>([
      ['another recruiter', () => recruiter, {}, 'NOT_NOTE_AUTHOR'],
      ['a stale version', () => manager, { expectedVersion: 3 }, 'STALE_VERSION'],
      ['the author', () => manager, { expectedVersion: 1 }, null],
      ['an administrator', () => null, {}, null],
    ])('deleteNote by %s', async (_title, who, input, code) => {
      const before = await written();
      const response = await as(who(), DELETE, { input: { id: note.id, ...input } });
      if (code) {
        expect(response.data.deleteNote).toEqual({
          deletedNoteId: null,
          userErrors: [{ code, field: expect.any(Array), message: expect.any(String) }],
        });
        expect(await written()).toEqual(before);
        return;
      }
      expect(response.data.deleteNote).toEqual({ deletedNoteId: note.id, userErrors: [] });
      expect(await countRows(t, 'note', 'id = $1', [databaseId(note.id)])).toBe(0);
      expect(await countRows(t, 'note_mention', 'note_id = $1', [databaseId(note.id)])).toBe(0);
      expect((await eventsOf(t, note.id)).map((e) => [e.type, e.sequence])).toEqual([
        ['note.created', 1],
        ['note.deleted', 2],
      ]);
      const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: note.id });
      expect(node.data.node).toBeNull();
    });
  });

  describe('reading notes', () => {
    let candidateNote: string;
    let appNote: string;
    let otherAppNote: string;
    const NOTES = `query($c: ID!, $a: ID!) {
      candidate(id: $c) { notes(first: 100) { totalCount edges { node { id } } } }
      application(id: $a) { notes(first: 100) { totalCount edges { node { id } } } } }`;
    beforeAll(async () => {
      // A candidate and applications of their own, so the counts are this block's.
      const person = await createCandidate(t);
      const [a, b] = await Promise.all([
        createApplication(t, person.id, req.id),
        createApplication(t, person.id, otherReq.id),
      ]);
      candidateNote = (await addNote(recruiter, { candidateId: person.id, body: 'Person-level.' })).note.id;
      appNote = (await addNote(recruiter, { applicationId: a.id, body: 'On our loop.' })).note.id;
      otherAppNote = (await addNote(recruiter, { applicationId: b.id, body: 'On the other loop.' })).note.id;
      Object.assign(reading, { person, a, b });
    });
    const reading: { person?: CreatedCandidate; a?: CreatedApplication; b?: CreatedApplication } = {};

    it.each<[string, () => TestUser | null, () => string[], () => string[]]>([
      [
        'a recruiter sees every note',
        () => recruiter,
        () => [otherAppNote, appNote, candidateNote],
        () => [appNote],
      ],
      [
        'a hiring manager sees their team’s and candidate-level notes',
        () => manager,
        () => [appNote, candidateNote],
        () => [appNote],
      ],
      [
        'an interviewer sees only notes on their team’s applications',
        () => interviewer,
        () => [appNote],
        () => [appNote],
      ],
    ])('%s', async (_title, who, onCandidate, onApplication) => {
      const response = await as(who(), NOTES, { c: reading.person!.id, a: reading.a!.id });
      expect(response.errors).toBeUndefined();
      expect(response.data.candidate.notes).toEqual({
        totalCount: onCandidate().length,
        edges: onCandidate().map((id) => ({ node: { id } })),
      });
      expect(response.data.application.notes).toEqual({
        totalCount: onApplication().length,
        edges: onApplication().map((id) => ({ node: { id } })),
      });
    });

    it('viewer.mentions lists the notes that mention the caller and that they may see, newest first', async () => {
      const watcher = await t.userWithRole('HIRING_MANAGER');
      await member(req, watcher, 'HIRING_MANAGER');
      const first = (
        await addNote(recruiter, { applicationId: reading.a!.id, body: 'cc', mentionedUserIds: [watcher.id] })
      ).note.id;
      const second = (
        await addNote(manager, {
          candidateId: reading.person!.id,
          body: 'cc too',
          mentionedUserIds: [watcher.id],
        })
      ).note.id;
      await addNote(recruiter, { applicationId: reading.a!.id, body: 'not for them' });
      const inbox = async (user: TestUser) =>
        (await as(user, `{ viewer { mentions(first: 10) { totalCount edges { node { id } } } } }`)).data
          .viewer.mentions;
      expect(await inbox(watcher)).toEqual({
        totalCount: 2,
        edges: [{ node: { id: second } }, { node: { id: first } }],
      });
      // Off the team, the notes are out of sight: the inbox follows.
      await t.ok(
        `mutation($input: RemoveRequisitionMemberInput!) { removeRequisitionMember(input: $input) { userErrors { code } } }`,
        { input: { requisitionId: req.id, userId: watcher.id } },
      );
      expect(await inbox(watcher)).toEqual({ totalCount: 0, edges: [] });
    });

    it('node(id) refetches a note within sight only', async () => {
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Note { body } } }`;
      const ids = [candidateNote, appNote, otherAppNote];
      const seen = async (user: TestUser) =>
        (await as(user, query, { ids })).data.nodes.map((n: any) => n?.id ?? null);
      expect(await seen(recruiter)).toEqual(ids);
      expect(await seen(manager)).toEqual([candidateNote, appNote, null]);
      expect(await seen(interviewer)).toEqual([null, appNote, null]);
      expect(await seen(outsider)).toEqual([null, null, otherAppNote]);
    });

    it('API keys read notes with notes:read and write them with notes:write only', async () => {
      const key = async (scopes: string[]) =>
        (
          await t.ok<any>(
            `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
            { input: { name: `notes ${scopes.join(' ')}`, scopes } },
          )
        ).createApiKey.secret as string;
      const [reader, writer] = await Promise.all([key(['notes:read']), key(['notes:write'])]);
      const read = await t.gqlAs<any>(reader, `query($id: ID!) { node(id: $id) { id } }`, { id: appNote });
      expect(read.data.node).toEqual({ id: appNote });
      const refused = await t.gqlAs<any>(reader, ADD, { input: { applicationId: reading.a!.id, body: 'x' } });
      expect(refused.errors?.map((e: any) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      const wrote = await t.gqlAs<any>(
        writer,
        `mutation($input: AddNoteInput!) { addNote(input: $input) { note { id author { id } } userErrors { code } } }`,
        { input: { applicationId: reading.a!.id, body: 'Synced from the old ATS.' } },
      );
      expect(wrote.data.addNote).toEqual({ note: { id: expect.any(String), author: null }, userErrors: [] });
    });
  });

  describe('Application.activity', () => {
    let timeline: CreatedApplication;
    beforeAll(async () => {
      const person = await createCandidate(t);
      timeline = await createApplication(t, person.id, req.id);
      await moveApplication(t, { id: timeline.id, stageId: req.stages[1].id });
      await addNote(recruiter, { applicationId: timeline.id, body: 'After the screen.' });
      await moveApplication(t, { id: timeline.id, stageId: req.stages[2].id });
      await addNote(manager, { applicationId: timeline.id, body: 'Before the onsite.' });
    });

    it('lists transitions and notes newest first, with kinds, actors and opaque cursors', async () => {
      const response = await as(recruiter, ACTIVITY, { id: timeline.id, first: 10 });
      expect(response.errors).toBeUndefined();
      const { totalCount, edges, pageInfo } = response.data.application.activity;
      expect(totalCount).toBe(5);
      expect(pageInfo.hasNextPage).toBe(false);
      expect(edges.map((e: any) => [e.node.__typename, e.node.kind, e.node.actor?.id ?? null])).toEqual([
        ['NoteActivity', 'note.created', manager.id],
        ['StageTransitionActivity', 'application.stage_changed', adminId],
        ['NoteActivity', 'note.created', recruiter.id],
        ['StageTransitionActivity', 'application.stage_changed', adminId],
        ['StageTransitionActivity', 'application.created', adminId],
      ]);
      expect(edges[0].node.note.body).toBe('Before the onsite.');
      expect(edges[1].node.transition.toStage.name).toBe(req.stages[2].name);
      const times = edges.map((e: any) => Date.parse(e.node.occurredAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      for (const edge of edges) expect(() => JSON.parse(edge.cursor)).toThrow();
    });

    it('pages with first/after to the same sequence, and refuses a cursor it did not produce', async () => {
      const all = (await as(recruiter, ACTIVITY, { id: timeline.id, first: 10 })).data.application.activity
        .edges;
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const response = await as(recruiter, ACTIVITY, { id: timeline.id, first: 2, after });
        const activity = response.data.application.activity;
        seen.push(...activity.edges.map((e: any) => e.cursor));
        after = activity.pageInfo.endCursor;
        expect(activity.pageInfo.hasNextPage).toBe(page < 2);
      }
      expect(seen).toEqual(all.map((e: any) => e.cursor));
      const bad = await as(recruiter, ACTIVITY, { id: timeline.id, first: 2, after: 'bm90LWEtY3Vyc29y' });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('is filtered by what the caller may see', async () => {
      const kinds = async (user: TestUser) =>
        (await as(user, ACTIVITY, { id: timeline.id, first: 10 })).data.application?.activity.edges.map(
          (e: any) => e.node.kind,
        );
      expect(await kinds(interviewer)).toEqual([
        'note.created',
        'application.stage_changed',
        'note.created',
        'application.stage_changed',
        'application.created',
      ]);
      // Off the team: the application itself is out of reach.
      expect(await kinds(outsider)).toBeUndefined();
      // A key that reads applications but not notes sees the history without the notes.
      const secret = (
        await t.ok<any>(
          `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
          { input: { name: 'history only', scopes: ['candidates:read'] } },
        )
      ).createApiKey.secret as string;
      const byKey = await t.gqlAs<any>(secret, ACTIVITY, { id: timeline.id, first: 10 });
      expect(byKey.data.application.activity.edges.map((e: any) => [e.node.kind, e.node.actor])).toEqual([
        ['application.stage_changed', { id: adminId }],
        ['application.stage_changed', { id: adminId }],
        ['application.created', { id: adminId }],
      ]);
    });

    it('costs the same number of SQL statements whatever the mix and however many applications', async () => {
      const BOARD = `query($id: ID!) { requisition(id: $id) { applications(first: 10) { edges { node {
        activity(first: 5) { totalCount edges { cursor node { __typename kind occurredAt actor { id }
          ... on StageTransitionActivity { transition { toStage { name } } }
          ... on NoteActivity { note { body author { id } mentions { id } } } } } } } } } } }`;
      const measure = async (r: CreatedRequisition) => {
        const { result, statements } = await t.statements.measure(() => as(recruiter, BOARD, { id: r.id }));
        expect(result.errors).toBeUndefined();
        return statements;
      };
      // Small: one application, one transition and one note. Large: six applications, several transitions each,
      // notes with mentions on some and none on others.
      const small = await createRequisition(t);
      const only = await createApplication(t, (await createCandidate(t)).id, small.id);
      await addNote(recruiter, {
        applicationId: only.id,
        body: 'Only note',
        mentionedUserIds: [recruiter.id],
      });
      const large = await createRequisition(t);
      for (let i = 0; i < 6; i++) {
        const a = await createApplication(t, (await createCandidate(t)).id, large.id);
        await moveApplication(t, { id: a.id, stageId: large.stages[1].id });
        if (i % 2 === 0) {
          await addNote(recruiter, {
            applicationId: a.id,
            body: `Note ${i}`,
            mentionedUserIds: [recruiter.id],
          });
        }
      }
      const smallCount = await measure(small);
      const largeCount = await measure(large);
      process.stdout.write(
        `\nTimeline SQL statements: 1 application ${smallCount}; 6 applications ${largeCount}\n`,
      );
      expect(largeCount).toBe(smallCount);
    });
  });
});
