import { randomBytes } from 'node:crypto';
import { databaseId } from '../factories';
import { CallerReads } from '../../src/identity/caller-reads';
import { createTestApp, GraphQLResponse, TestApp, TestUser } from '../support/test-app';

/**
 * The caller of every request is read by a statement that starts after the request arrived (CallerReads shares one
 * statement among concurrent requests, and never lets a request join a read already in flight). So a role change,
 * a deactivation or a password change made through one process holds on the next request to any other. Two
 * applications on the same database stand for two API processes: each has its own CallerReads.
 */
describe('the caller is current on the next request, on every process', () => {
  const JWT_SECRET = randomBytes(32).toString('hex');
  let writer: TestApp;
  let reader: TestApp;

  beforeAll(async () => {
    writer = await createTestApp({ JWT_SECRET });
    reader = await createTestApp({ JWT_SECRET });
  });
  afterAll(async () => {
    await writer?.close();
    await reader?.close();
  });

  const viewer = (user: TestUser) => reader.gqlAs(user.token, '{ viewer { id role } }');
  const roles = (responses: GraphQLResponse[]) =>
    responses.map((r) => (r.errors ? r.errors[0]?.extensions?.code : r.data.viewer.role));

  /**
   * Keeps `user`'s requests to the reader in flight until stopped, so a read of the caller is nearly always under
   * way when the change commits: a request that joined it would see the old row.
   */
  const backgroundLoad = (user: TestUser) => {
    let running = true;
    const loops = Array.from({ length: 4 }, async () => {
      while (running) await viewer(user);
    });
    return async () => {
      running = false;
      await Promise.all(loops);
    };
  };

  /** Ten requests sent at once, after the change has committed (its mutation answered). */
  const burst = (user: TestUser) => Promise.all(Array.from({ length: 10 }, () => viewer(user)));

  it('a role change', async () => {
    const user = await writer.userWithRole('RECRUITER');
    expect(roles(await burst(user))).toEqual(Array(10).fill('RECRUITER'));
    const stop = backgroundLoad(user);
    try {
      await writer.ok(
        `mutation($id: ID!) { updateUser(input: { id: $id, role: INTERVIEWER }) { userErrors { code } } }`,
        { id: user.id },
      );
      expect(roles(await burst(user))).toEqual(Array(10).fill('INTERVIEWER'));
    } finally {
      await stop();
    }
  });

  it('a deactivation', async () => {
    const user = await writer.userWithRole('HIRING_MANAGER');
    expect(roles(await burst(user))).toEqual(Array(10).fill('HIRING_MANAGER'));
    const stop = backgroundLoad(user);
    try {
      await writer.ok(`mutation($id: ID!) { deactivateUser(input: { id: $id }) { userErrors { code } } }`, {
        id: user.id,
      });
      expect(roles(await burst(user))).toEqual(Array(10).fill('UNAUTHENTICATED'));
    } finally {
      await stop();
    }
  });

  it('a password change (tokens issued before it are signed out)', async () => {
    const user = await writer.userWithRole('RECRUITER');
    expect(roles(await burst(user))).toEqual(Array(10).fill('RECRUITER'));
    const stop = backgroundLoad(user);
    try {
      await writer.ok(
        `mutation($input: UpdateUserInput!) { updateUser(input: $input) { userErrors { code } } }`,
        { input: { id: user.id, password: 'a brand new passphrase' } },
      );
      expect(roles(await burst(user))).toEqual(Array(10).fill('UNAUTHENTICATED'));
    } finally {
      await stop();
    }
  });

  it('concurrent callers share reads: ten at once cost two statements, each gets its own user', async () => {
    const users = await Promise.all([writer.userWithRole('RECRUITER'), writer.userWithRole('INTERVIEWER')]);
    const ids = users.map((u) => databaseId(u.id));
    const callers = reader.app.get(CallerReads);
    const { result, statements } = await reader.statements.measure(() =>
      Promise.all(Array.from({ length: 10 }, (_, i) => callers.activeUser(ids[i % 2]))),
    );
    // The first starts a read at once (no added latency when alone); the other nine share the next one.
    expect(statements).toBe(2);
    expect(result.map((u) => u?.role)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'RECRUITER' : 'INTERVIEWER')),
    );
    expect(await callers.activeUser('not-a-uuid')).toBeNull();
  });
});
