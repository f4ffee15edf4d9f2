import { randomUUID } from 'node:crypto';
import {
  createApplication,
  createCandidate,
  CreatedApplication,
  CreatedCandidate,
  CreatedRequisition,
  createRequisition,
  databaseId,
  unique,
} from '../factories';
import { createTestApp, TestApp, TestUser } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 42';
const WRONG_PASSWORD = 'not my password at all';

interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectIds: string[];
  changes: { field: string; before: string | null; after: string | null }[];
  requestId: string | null;
  ip: string | null;
  occurredAt: string;
}

const ENTRY_FIELDS =
  'id actor action subjectType subjectIds changes { field before after } requestId ip occurredAt';
const LOOPBACK = /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/;

describe('audit log', () => {
  let t: TestApp;
  let recruiter: TestUser;
  /** Every secret this file makes: none may ever appear in audit_entry. */
  const secrets: string[] = [PASSWORD, NEW_PASSWORD, WRONG_PASSWORD];

  /** POSTs a GraphQL operation with a request id of our choosing. */
  const gqlWithRequestId = async (token: string, requestId: string, query: string, variables?: object) => {
    const response = await t.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', requestId)
      .send({ query, variables });
    expect(response.headers['x-request-id']).toBe(requestId);
    if (response.body.errors) throw new Error(JSON.stringify(response.body.errors));
    return response.body.data;
  };

  /** The admin's view of the log for one action, newest first. */
  const entries = async (action: string): Promise<AuditEntry[]> => {
    const data = await t.ok<{ auditEntries: { edges: { node: AuditEntry }[] } }>(
      `query($action: String) { auditEntries(first: 100, filter: { action: $action }) { edges { node { ${ENTRY_FIELDS} } } } }`,
      { action },
    );
    return data.auditEntries.edges.map((e) => e.node);
  };
  const entryFor = async (action: string, subjectId: string): Promise<AuditEntry> => {
    const found = (await entries(action)).filter((e) => e.subjectIds.includes(subjectId));
    expect(found).toHaveLength(1);
    return found[0];
  };
  const change = (field: string, before: unknown, after: unknown) => ({
    field,
    before: JSON.stringify(before),
    after: JSON.stringify(after),
  });
  const expectRecent = (entry: AuditEntry) =>
    expect(Math.abs(Date.parse(entry.occurredAt) - Date.now())).toBeLessThan(60_000);

  beforeAll(async () => {
    t = await createTestApp();
    recruiter = await t.userWithRole('RECRUITER');
    secrets.push(t.adminToken, recruiter.token);
  });
  afterAll(async () => {
    await t.sql('DELETE FROM sign_in_throttle');
    await t.close();
  });

  describe('mutations are recorded with actor, subjects, changes, request id and IP', () => {
    it('updateRequisition', async () => {
      const requisition = await createRequisition(t, { title: 'Applied scientist, ranking' });
      const requestId = `audit-update-${randomUUID()}`;
      await gqlWithRequestId(
        recruiter.token,
        requestId,
        `mutation($input: UpdateRequisitionInput!) { updateRequisition(input: $input) { requisition { id } userErrors { code } } }`,
        { input: { id: requisition.id, title: 'Senior applied scientist, ranking', headcount: 2 } },
      );
      const entry = await entryFor('updateRequisition', databaseId(requisition.id));
      expect(entry).toEqual({
        id: expect.any(String),
        actor: `user:${databaseId(recruiter.id)}`,
        action: 'updateRequisition',
        subjectType: 'requisition',
        subjectIds: [databaseId(requisition.id)],
        changes: expect.arrayContaining([
          change('title', 'Applied scientist, ranking', 'Senior applied scientist, ranking'),
          change('headcount', 1, 2),
        ]),
        requestId,
        ip: expect.stringMatching(LOOPBACK),
        occurredAt: expect.any(String),
      });
      // Only what changed.
      expect(entry.changes.map((c) => c.field).sort()).toEqual(['headcount', 'title']);
      expectRecent(entry);
      // The actor filter finds it too.
      const byActor = await t.ok<{ auditEntries: { edges: { node: { id: string } }[] } }>(
        `query($actor: String) { auditEntries(first: 100, filter: { actor: $actor }) { edges { node { id } } } }`,
        { actor: `user:${databaseId(recruiter.id)}` },
      );
      expect(byActor.auditEntries.edges.map((e) => e.node.id)).toContain(entry.id);
    });

    it('moveApplication', async () => {
      const requisition = await createRequisition(t);
      const candidate = await createCandidate(t);
      const application = await createApplication(t, candidate.id, requisition.id);
      const from = requisition.stages.find((s) => s.name === 'Applied')!;
      const to = requisition.stages.find((s) => s.name === 'Technical screen')!;
      const requestId = `audit-move-${randomUUID()}`;
      await gqlWithRequestId(
        recruiter.token,
        requestId,
        `mutation($input: MoveApplicationInput!) { moveApplication(input: $input) { application { id } userErrors { code } } }`,
        { input: { id: application.id, stageId: to.id, reason: 'Strong screen' } },
      );
      const entry = await entryFor('moveApplication', databaseId(application.id));
      expect(entry).toMatchObject({
        actor: `user:${databaseId(recruiter.id)}`,
        subjectType: 'application',
        requestId,
        ip: expect.stringMatching(LOOPBACK),
      });
      expect(entry.subjectIds).toContain(databaseId(application.id));
      expect(entry.changes).toContainEqual(change('stageId', databaseId(from.id), databaseId(to.id)));
      expectRecent(entry);
    });

    it('createUser with a password: the password is neither copied nor hashed into the log', async () => {
      const email = `audited.${unique()}@requisite.test`;
      const requestId = `audit-user-${randomUUID()}`;
      const data = await gqlWithRequestId(
        t.adminToken,
        requestId,
        `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`,
        { input: { email, name: 'Audited Person', role: 'HIRING_MANAGER', password: PASSWORD } },
      );
      const userId = databaseId(data.createUser.user.id);
      const admin = await t.ok<{ viewer: { id: string } }>('{ viewer { id } }');
      const entry = await entryFor('createUser', userId);
      expect(entry).toMatchObject({
        actor: `user:${databaseId(admin.viewer.id)}`,
        subjectType: 'user',
        subjectIds: [userId],
        requestId,
      });
      expect(entry.changes).toEqual(
        expect.arrayContaining([
          change('email', null, email),
          change('name', null, 'Audited Person'),
          change('role', null, 'HIRING_MANAGER'),
        ]),
      );
      // That a password was set shows; the password does not.
      expect(entry.changes).toContainEqual(change('password', null, '[redacted]'));

      // A password change is recorded as a change, never with the value.
      await t.ok(
        `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id } userErrors { code } } }`,
        { input: { id: data.createUser.user.id, password: NEW_PASSWORD, name: 'Renamed Person' } },
      );
      const update = await entryFor('updateUser', userId);
      expect(update.changes).toContainEqual(change('name', 'Audited Person', 'Renamed Person'));
      expect(update.changes).toContainEqual(change('passwordHash', '[redacted]', '[redacted]'));
      // The new password signed the account out everywhere: its tokens' credentials version went up.
      expect(update.changes).toContainEqual(change('credentialsVersion', 1, 2));
      expect(update.changes.map((c) => c.field).sort()).toEqual([
        'credentialsVersion',
        'name',
        'passwordHash',
      ]);
    });

    it('updatePipelineStage: the stage, with the name before and after', async () => {
      const requisition = await createRequisition(t);
      const onsite = requisition.stages.find((s) => s.name === 'Onsite')!;
      await t.ok(
        `mutation($input: UpdatePipelineStageInput!) { updatePipelineStage(input: $input) { stage { id } userErrors { code } } }`,
        { input: { id: onsite.id, name: 'Onsite loop' } },
      );
      const entry = await entryFor('updatePipelineStage', databaseId(onsite.id));
      expect(entry.subjectIds).toEqual([databaseId(requisition.id), databaseId(onsite.id)]);
      expect(entry.changes).toContainEqual(change('name', 'Onsite', 'Onsite loop'));
    });

    it('createUser without a password records no password at all', async () => {
      const data = await t.ok<{ createUser: { user: { id: string } } }>(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`,
        { input: { email: `oidc.${unique()}@requisite.test`, name: 'OIDC Only', role: 'RECRUITER' } },
      );
      const entry = await entryFor('createUser', databaseId(data.createUser.user.id));
      expect(entry.changes.map((c) => c.field).sort()).toEqual(['email', 'name', 'role']);
    });

    it('createApiKey: name and scopes, never the secret', async () => {
      const requestId = `audit-key-${randomUUID()}`;
      const data = await gqlWithRequestId(
        t.adminToken,
        requestId,
        `mutation { createApiKey(input: { name: "HRIS sync", scopes: ["candidates:read", "applications:write"] }) {
           secret apiKey { id } userErrors { code } } }`,
      );
      secrets.push(data.createApiKey.secret, data.createApiKey.secret.slice(4));
      const entry = await entryFor('createApiKey', databaseId(data.createApiKey.apiKey.id));
      expect(entry).toMatchObject({ subjectType: 'api_key', requestId });
      expect(entry.changes).toEqual(
        expect.arrayContaining([
          change('name', null, 'HRIS sync'),
          change('scopes', null, ['candidates:read', 'applications:write']),
        ]),
      );
      // An API key's own actions name the key.
      const candidate = await t.gqlAs(
        data.createApiKey.secret,
        `mutation { createCandidate(input: { fullName: "Keyed In", email: "keyed.${unique()}@example.com" }) { candidate { id } userErrors { code } } }`,
      );
      expect(candidate.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const writer = await t.ok<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
        `mutation { createApiKey(input: { name: "writer", scopes: ["candidates:write"] }) { secret apiKey { id } userErrors { code } } }`,
      );
      secrets.push(writer.createApiKey.secret, writer.createApiKey.secret.slice(4));
      const created = await t.gqlAs(
        writer.createApiKey.secret,
        `mutation { createCandidate(input: { fullName: "Keyed In", email: "keyed.${unique()}@example.com" }) { candidate { id } userErrors { code } } }`,
      );
      const candidateEntry = await entryFor(
        'createCandidate',
        databaseId(created.data.createCandidate.candidate.id),
      );
      expect(candidateEntry.actor).toBe(`api_key:${databaseId(writer.createApiKey.apiKey.id)}`);
    });

    it('a refused mutation records nothing', async () => {
      const before = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_entry');
      const response = await t.gqlAs(
        recruiter.token,
        `mutation { createUser(input: { email: "nope.${unique()}@requisite.test", name: "Nope", role: ADMIN }) { user { id } userErrors { code } } }`,
      );
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const stale = await t.gql(
        `mutation($input: UpdateRequisitionInput!) { updateRequisition(input: $input) { requisition { id } userErrors { code } } }`,
        { input: { id: (await createRequisition(t)).id, title: 'Stale', expectedVersion: 1 } },
      );
      expect(stale.data.updateRequisition.userErrors).toEqual([{ code: 'STALE_VERSION' }]);
      const after = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_entry');
      // createRequisition + openRequisition of the fixture only.
      expect(after[0].n - before[0].n).toBe(2);
    });
  });

  describe('every domain mutation writes an entry', () => {
    type Fixture = 'requisition' | 'candidate' | 'application' | 'member' | 'key';
    /** What each mutation acts on, made before the log is read (so the fixtures' own entries do not count). */
    const NEEDS: Record<string, Fixture[]> = {
      createRequisition: [],
      updateRequisition: ['requisition'],
      openRequisition: [],
      holdRequisition: ['requisition'],
      closeRequisition: ['requisition'],
      addPipelineStage: ['requisition'],
      updatePipelineStage: ['requisition'],
      reorderPipelineStages: ['requisition'],
      removePipelineStage: ['requisition'],
      createCandidate: [],
      updateCandidate: ['candidate'],
      createApplication: ['requisition'],
      moveApplication: ['application'],
      rejectApplication: ['application'],
      reopenApplication: ['application'],
      withdrawApplication: ['application'],
      addRequisitionMember: ['requisition', 'member'],
      removeRequisitionMember: ['requisition', 'member'],
      createUser: [],
      updateUser: ['member'],
      deactivateUser: ['member'],
      createApiKey: [],
      revokeApiKey: ['key'],
    };

    it.each(Object.keys(NEEDS))('%s', async (action) => {
      const needs = new Set(NEEDS[action]);
      let r!: CreatedRequisition;
      let candidate!: CreatedCandidate;
      let application!: CreatedApplication;
      let member!: TestUser;
      let key!: { createApiKey: { apiKey: { id: string } } };
      if (needs.has('requisition') || needs.has('application')) r = await createRequisition(t);
      const stageId = (name: string) => r.stages.find((s) => s.name === name)!.id;
      if (needs.has('candidate') || needs.has('application')) candidate = await createCandidate(t);
      if (needs.has('application')) application = await createApplication(t, candidate.id, r.id);
      if (needs.has('member')) member = await t.userWithRole('INTERVIEWER');
      if (needs.has('key')) {
        key = await t.ok(
          `mutation { createApiKey(input: { name: "to revoke", scopes: ["requisitions:read"] }) { apiKey { id } userErrors { code } } }`,
        );
      }
      const run = (mutation: string, inputType: string, input: object) =>
        t.ok(`mutation($input: ${inputType}!) { ${mutation}(input: $input) { userErrors { code } } }`, {
          input,
        });
      const before = new Set((await entries(action)).map((e) => e.id));
      const subject: Record<string, () => Promise<string>> = {
        createRequisition: async () => {
          await createRequisition(t, {}, { open: false });
          return '';
        },
        updateRequisition: async () => (
          await run(action, 'UpdateRequisitionInput', { id: r.id, title: 'Renamed' }),
          r.id
        ),
        openRequisition: async () => {
          const draft = await createRequisition(t, {}, { open: false });
          await run(action, 'RequisitionStatusInput', { id: draft.id });
          return draft.id;
        },
        holdRequisition: async () => (await run(action, 'RequisitionStatusInput', { id: r.id }), r.id),
        closeRequisition: async () => (await run(action, 'RequisitionStatusInput', { id: r.id }), r.id),
        addPipelineStage: async () => (
          await run(action, 'AddPipelineStageInput', {
            requisitionId: r.id,
            name: 'Take-home',
            kind: 'TAKE_HOME',
          }),
          ''
        ),
        updatePipelineStage: async () => (
          await run(action, 'UpdatePipelineStageInput', { id: stageId('Onsite'), name: 'Loop' }),
          ''
        ),
        reorderPipelineStages: async () => {
          const ids = r.stages.map((s) => s.id);
          [ids[1], ids[2]] = [ids[2], ids[1]];
          await run(action, 'ReorderPipelineStagesInput', { requisitionId: r.id, stageIds: ids });
          return '';
        },
        removePipelineStage: async () => (
          await run(action, 'RemovePipelineStageInput', { id: stageId('Onsite') }),
          ''
        ),
        createCandidate: async () => (await createCandidate(t), ''),
        updateCandidate: async () => (
          await run(action, 'UpdateCandidateInput', { id: candidate.id, headline: 'Changed' }),
          candidate.id
        ),
        createApplication: async () => {
          const other = await createCandidate(t);
          await createApplication(t, other.id, r.id);
          return '';
        },
        moveApplication: async () => (
          await run(action, 'MoveApplicationInput', { id: application.id, stageId: stageId('Onsite') }),
          application.id
        ),
        rejectApplication: async () => (
          await run(action, 'RejectApplicationInput', { id: application.id, reason: 'No' }),
          application.id
        ),
        reopenApplication: async () => {
          await run('rejectApplication', 'RejectApplicationInput', { id: application.id, reason: 'No' });
          await run(action, 'ReopenApplicationInput', { id: application.id });
          return application.id;
        },
        withdrawApplication: async () => (
          await run(action, 'WithdrawApplicationInput', { id: application.id }),
          application.id
        ),
        addRequisitionMember: async () => (
          await run(action, 'AddRequisitionMemberInput', {
            requisitionId: r.id,
            userId: member.id,
            role: 'INTERVIEWER',
          }),
          r.id
        ),
        removeRequisitionMember: async () => {
          await run('addRequisitionMember', 'AddRequisitionMemberInput', {
            requisitionId: r.id,
            userId: member.id,
            role: 'INTERVIEWER',
          });
          await run(action, 'RemoveRequisitionMemberInput', { requisitionId: r.id, userId: member.id });
          return r.id;
        },
        createUser: async () => (
          await run(action, 'CreateUserInput', {
            email: `u.${unique()}@requisite.test`,
            name: 'U',
            role: 'RECRUITER',
          }),
          ''
        ),
        updateUser: async () => (
          await run(action, 'UpdateUserInput', { id: member.id, name: 'Renamed' }),
          member.id
        ),
        deactivateUser: async () => (await run(action, 'UserIdInput', { id: member.id }), member.id),
        createApiKey: async () => (
          await run(action, 'CreateApiKeyInput', { name: 'another', scopes: ['requisitions:read'] }),
          ''
        ),
        revokeApiKey: async () => (
          await run(action, 'RevokeApiKeyInput', { id: key.createApiKey.apiKey.id }),
          key.createApiKey.apiKey.id
        ),
      };
      const subjectId = await subject[action]();
      const added = (await entries(action)).filter((e) => !before.has(e.id));
      expect(added).toHaveLength(1);
      const admin = await t.ok<{ viewer: { id: string } }>('{ viewer { id } }');
      expect(added[0].actor).toBe(`user:${databaseId(admin.viewer.id)}`);
      if (subjectId) expect(added[0].subjectIds).toContain(databaseId(subjectId));
      expect(added[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(added[0].ip).toMatch(LOOPBACK);
      // Every mutation changes something, and says what.
      expect(added[0].changes.length).toBeGreaterThan(0);
      for (const c of added[0].changes) {
        if (c.before === '"[redacted]"') continue; // a changed secret reads "[redacted]" on both sides
        expect([c.field, c.after]).not.toEqual([c.field, c.before]);
      }
    });
  });

  describe('sign-in', () => {
    it('success and failure are recorded, with request id and IP, without the e-mail tried or the password', async () => {
      const email = `signin.${unique()}@requisite.test`;
      const created = await t.ok<{ createUser: { user: { id: string } } }>(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { code } } }`,
        { input: { email, name: 'Signing In', role: 'RECRUITER', password: PASSWORD } },
      );
      const userId = databaseId(created.createUser.user.id);

      const okRequest = `audit-signin-${randomUUID()}`;
      const ok = await t.http
        .post('/v1/auth/token')
        .set('x-request-id', okRequest)
        .send({ email, password: PASSWORD });
      expect(ok.status).toBe(200);
      secrets.push(ok.body.accessToken);
      const success = await entryFor('signIn', userId);
      expect(success).toEqual({
        id: expect.any(String),
        actor: `user:${userId}`,
        action: 'signIn',
        subjectType: 'user',
        subjectIds: [userId],
        changes: [],
        requestId: okRequest,
        ip: expect.stringMatching(LOOPBACK),
        occurredAt: expect.any(String),
      });

      const badRequest = `audit-signin-bad-${randomUUID()}`;
      const bad = await t.http
        .post('/v1/auth/token')
        .set('x-request-id', badRequest)
        .send({ email, password: WRONG_PASSWORD });
      expect(bad.status).toBe(401);
      const failure = await entryFor('signInFailed', userId);
      expect(failure).toEqual({
        id: expect.any(String),
        actor: 'anonymous',
        action: 'signInFailed',
        subjectType: 'user',
        subjectIds: [userId],
        changes: [],
        requestId: badRequest,
        ip: expect.stringMatching(LOOPBACK),
        occurredAt: expect.any(String),
      });

      const unknownEmail = `nobody.${unique()}@requisite.test`;
      const unknownRequest = `audit-signin-unknown-${randomUUID()}`;
      await t.http
        .post('/v1/auth/token')
        .set('x-request-id', unknownRequest)
        .send({ email: unknownEmail, password: PASSWORD });
      const unknown = (await entries('signInFailed')).filter((e) => e.requestId === unknownRequest);
      expect(unknown).toEqual([
        expect.objectContaining({ actor: 'anonymous', subjectType: null, subjectIds: [], changes: [] }),
      ]);
      const rows = await t.sql(
        'SELECT row_to_json(a)::text AS json FROM audit_entry a WHERE request_id = $1',
        [unknownRequest],
      );
      expect(rows[0].json).not.toContain(unknownEmail);
    });
  });

  describe('secrets and tampering', () => {
    it('no password, password hash, API key secret or token appears in any audit row', async () => {
      const hashes = await t.sql<{ password_hash: string }>(
        'SELECT password_hash FROM app_user WHERE password_hash IS NOT NULL',
      );
      expect(hashes.length).toBeGreaterThan(0);
      const keyHashes = await t.sql<{ secret_hash: string }>('SELECT secret_hash FROM api_key');
      const forbidden = [
        ...secrets,
        ...hashes.flatMap((h) => [h.password_hash, ...h.password_hash.split('$').slice(4)]),
        ...keyHashes.map((k) => k.secret_hash),
        ...secrets.filter((s) => s.split('.').length === 3).flatMap((token) => token.split('.').slice(1)),
      ];
      expect(secrets.filter((s) => s.startsWith('rqs_')).length).toBeGreaterThanOrEqual(2);
      const rows = await t.sql<{ json: string }>('SELECT row_to_json(a)::text AS json FROM audit_entry a');
      expect(rows.length).toBeGreaterThan(20);
      const leaks = rows.flatMap((row) =>
        forbidden.filter((secret) => row.json.includes(secret)).map((secret) => ({ secret, row: row.json })),
      );
      expect(leaks).toEqual([]);
    });

    // That rows cannot be updated, deleted or truncated is pinned in test/medium/audit/.

    it('node(id) refetches an entry for administrators; for anyone else it is null', async () => {
      const requisition = await createRequisition(t);
      const [entry] = (await entries('createRequisition')).filter((e) =>
        e.subjectIds.includes(databaseId(requisition.id)),
      );
      const NODE = `query($id: ID!) { node(id: $id) { __typename ... on AuditEntry { id action subjectIds } } }`;
      expect((await t.ok<any>(NODE, { id: entry.id })).node).toEqual({
        __typename: 'AuditEntry',
        id: entry.id,
        action: 'createRequisition',
        subjectIds: [databaseId(requisition.id)],
      });
      const key = await t.ok<{ createApiKey: { secret: string } }>(
        `mutation { createApiKey(input: { name: "reader", scopes: ["requisitions:read", "events:read"] }) { secret userErrors { code } } }`,
      );
      secrets.push(key.createApiKey.secret, key.createApiKey.secret.slice(4));
      for (const credential of [recruiter.token, key.createApiKey.secret]) {
        const response = await t.gqlAs(credential, NODE, { id: entry.id });
        expect(response.errors).toBeUndefined();
        expect(response.data.node).toBeNull();
      }
    });

    it('auditEntries is a connection: pages newest first with a stable totalCount', async () => {
      const page = (after: string | null) =>
        t.ok<{
          auditEntries: {
            totalCount: number;
            edges: { node: { id: string; occurredAt: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }>(
          `query($after: String) { auditEntries(first: 3, after: $after, filter: { action: "createUser" }) {
             totalCount edges { node { id occurredAt } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
      const first = await page(null);
      const second = await page(first.auditEntries.pageInfo.endCursor);
      const [{ n }] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'createUser'`,
      );
      expect(first.auditEntries.totalCount).toBe(n);
      expect(second.auditEntries.totalCount).toBe(n);
      const all = [...first.auditEntries.edges, ...second.auditEntries.edges].map((e) => e.node);
      expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
      const times = all.map((e) => Date.parse(e.occurredAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });
  });
});
