import { snapshotCounts } from '../factories';
import { createTestApp, TestApp } from '../support/test-app';

const DEACTIVATE = `mutation($input: UserIdInput!) { deactivateUser(input: $input) { user { id active } userErrors { code field } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id role active } userErrors { code field } } }`;

describe('there is always an active administrator', () => {
  let t: TestApp;
  let me: string;

  beforeAll(async () => {
    t = await createTestApp();
    me = (await t.ok<{ viewer: { id: string } }>('{ viewer { id } }')).viewer.id;
    // Other test files leave administrators behind in the shared database; here this one must be the only one.
    await t.sql(`UPDATE app_user SET active = false WHERE role = 'ADMIN' AND id <> $1`, [
      Buffer.from(me, 'base64url').toString().split(':')[1],
    ]);
  });
  afterAll(() => t.close());

  it('refuses to deactivate or demote the last active administrator, and writes nothing', async () => {
    const before = await snapshotCounts(t);
    const deactivated = await t.gql<any>(DEACTIVATE, { input: { id: me } });
    expect(deactivated.data.deactivateUser).toEqual({
      user: null,
      userErrors: [{ code: 'LAST_ADMIN', field: ['input', 'id'] }],
    });
    const demoted = await t.gql<any>(UPDATE, { input: { id: me, role: 'RECRUITER' } });
    expect(demoted.data.updateUser.userErrors).toEqual([{ code: 'LAST_ADMIN', field: ['input', 'id'] }]);
    expect(await snapshotCounts(t)).toEqual(before);
    expect((await t.ok<any>('{ viewer { role } }')).viewer.role).toBe('ADMIN');
  });

  it('lets an administrator go once another one is active, and reactivates with updateUser', async () => {
    const other = await t.userWithRole('ADMIN');
    const deactivated = await t.ok<any>(DEACTIVATE, { input: { id: other.id } });
    expect(deactivated.deactivateUser.user).toEqual({ id: other.id, active: false });
    expect((await t.gqlAs(other.token, '{ viewer { id } }')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const reactivated = await t.ok<any>(UPDATE, { input: { id: other.id, active: true } });
    expect(reactivated.updateUser.user).toEqual({ id: other.id, role: 'ADMIN', active: true });
    const demoted = await t.ok<any>(UPDATE, { input: { id: me, role: 'RECRUITER' } });
    expect(demoted.updateUser.user.role).toBe('RECRUITER');
  });
});
