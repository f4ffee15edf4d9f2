import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '../../../src/common/errors/domain-error';
import { UserErrorCode } from '../../../src/common/errors/user-error-code';
import { NIL_UUID } from '../../../src/common/graphql/global-id';
import { encodeCursor, toPageRequest } from '../../../src/common/graphql/keyset';
import { apiKeyPrefix } from '../../../src/identity/api-key.secret';
import { ApiKeysRepository } from '../../../src/identity/api-keys.repository';
import { ApiKeysService } from '../../../src/identity/api-keys.service';
import { ApiKeyScope, UserRole } from '../../../src/identity/identity.enums';
import { CreateUserCommand } from '../../../src/identity/user.commands';
import { UserEntity } from '../../../src/identity/user.entity';
import { UsersRepository } from '../../../src/identity/users.repository';
import { UsersService } from '../../../src/identity/users.service';
import { createServiceContext, ServiceContext } from '../../support/service-context';

/** Identity's use cases and SQL against the real database. Every row here is made here (unique e-mails and names). */
describe('identity (services and repositories)', () => {
  let ctx: ServiceContext;
  const system = { kind: 'system' } as const;
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).errors;
  };

  beforeAll(async () => {
    ctx = await createServiceContext([]);
  });
  afterAll(() => ctx.close());

  /** Accounts: keyset pages, e-mail uniqueness, versions, administrators. */
  describe('users', () => {
    let service: UsersService;
    let repository: UsersRepository;
    const email = () => `medium.${randomUUID()}@requisite.test`;
    const create = (overrides: Partial<CreateUserCommand> = {}) =>
      ctx.as(system, () =>
        service.create({ email: email(), name: 'Medium User', role: UserRole.RECRUITER, ...overrides }),
      );
    const cursorOf = (user: UserEntity) => encodeCursor({ key: user.createdAt.getTime(), id: user.id });

    beforeAll(async () => {
      service = ctx.get(UsersService);
      repository = ctx.get(UsersRepository);
    });

    it('pages newest first by (created_at, id): after a cursor go older ones, before it newer ones', async () => {
      const users: UserEntity[] = [];
      for (let i = 0; i < 5; i++) users.push(await create());
      // Oldest first by the page's key, whatever ties creation times in the same millisecond had.
      users.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
      const [u1, u2, u3, u4, u5] = users;
      // Forward (newest first) from the newest: the next two and one more, which says another page exists.
      const older = await repository.findPage(toPageRequest({ first: 2, after: cursorOf(u5) }));
      expect(older.map((u) => u.id)).toEqual([u4.id, u3.id, u2.id]);
      // Backward from the oldest: the closest newer ones first (toConnection turns the page around).
      const newer = await repository.findPage(toPageRequest({ last: 2, before: cursorOf(u1) }));
      expect(newer.map((u) => u.id)).toEqual([u2.id, u3.id, u4.id]);
      const { statements } = await ctx.statements.measure(() =>
        repository.findPage(toPageRequest({ first: 2, after: cursorOf(u3) })),
      );
      expect(statements).toBe(1);
    });

    describe('e-mail addresses', () => {
      it('are one account each whatever their case, and the refusal names the account that has it', async () => {
        const address = email();
        const first = await create({ email: address });
        const errors = await refusal(create({ email: `  ${address.toUpperCase()} ` }));
        expect(errors).toEqual([
          expect.objectContaining({
            code: UserErrorCode.DUPLICATE_USER,
            field: ['email'],
            existing: { type: 'User', id: first.id },
          }),
        ]);
        expect(await repository.findByEmail(address.toUpperCase())).toMatchObject({ id: first.id });
      });

      it('two creations racing for one address: one account, and the other is refused as a duplicate', async () => {
        const address = email();
        const results = await Promise.allSettled([
          create({ email: address }),
          create({ email: address.toUpperCase() }),
          create({ email: ` ${address}` }),
        ]);
        const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(created).toHaveLength(1);
        expect(refused).toHaveLength(2);
        for (const error of refused) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).errors).toEqual([
            expect.objectContaining({
              code: UserErrorCode.DUPLICATE_USER,
              existing: { type: 'User', id: created[0].id },
            }),
          ]);
        }
        const rows = await ctx.sql(`SELECT id FROM app_user WHERE lower(email) = lower($1)`, [address]);
        expect(rows).toEqual([{ id: created[0].id }]);
      });
    });

    describe('updates', () => {
      it('a password change raises the credentials version with the version; other changes leave it', async () => {
        const user = await create({ password: 'correct horse battery staple' });
        expect(user).toMatchObject({ version: 1, credentialsVersion: 1 });
        const renamed = await ctx.as(system, () => service.update({ id: user.id, name: 'Renamed' }));
        expect(renamed).toMatchObject({ name: 'Renamed', version: 2, credentialsVersion: 1 });
        const changed = await ctx.as(system, () =>
          service.update({ id: user.id, expectedVersion: 2, password: 'a brand new passphrase 42' }),
        );
        expect(changed).toMatchObject({ version: 3, credentialsVersion: 2 });
        expect(changed.passwordHash).not.toBe(user.passwordHash);
        const [audit] = await ctx.sql<{ changes: Record<string, unknown> }>(
          `SELECT changes FROM audit_entry WHERE action = 'updateUser' AND $1 = ANY(subject_ids)
           ORDER BY occurred_at DESC, id DESC LIMIT 1`,
          [user.id],
        );
        expect(audit.changes).toEqual({
          passwordHash: { before: '[redacted]', after: '[redacted]' },
          credentialsVersion: { before: 1, after: 2 },
        });
      });

      it('a stale expectedVersion is refused and changes nothing', async () => {
        const user = await create();
        const errors = await refusal(
          ctx.as(system, () => service.update({ id: user.id, expectedVersion: 5, name: 'Overwritten' })),
        );
        expect(errors).toEqual([
          expect.objectContaining({ code: UserErrorCode.STALE_VERSION, field: ['expectedVersion'] }),
        ]);
        expect(await repository.findByIds([user.id])).toEqual([
          expect.objectContaining({ name: 'Medium User' }),
        ]);
      });

      it('an id that names nothing (as transports decode a malformed one) is NOT_FOUND on the id', async () => {
        for (const work of [
          () => service.update({ id: NIL_UUID, name: 'Nobody' }),
          () => service.deactivate({ id: NIL_UUID }),
        ]) {
          expect(await refusal(ctx.as(system, work))).toEqual([
            expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
          ]);
        }
      });

      it('deactivation hides the account from sign-in lookups by id', async () => {
        const user = await create();
        expect(await repository.findActiveById(user.id)).toMatchObject({ id: user.id });
        const deactivated = await ctx.as(system, () =>
          service.deactivate({ id: user.id, expectedVersion: 1 }),
        );
        expect(deactivated).toMatchObject({ active: false, version: 2 });
        expect(await repository.findActiveById(user.id)).toBeNull();
      });

      it('callers of concurrent requests are read in one statement: the active ones among the ids, mapped', async () => {
        const [active, deactivated] = [await create(), await create()];
        await ctx.as(system, () => service.deactivate({ id: deactivated.id, expectedVersion: 1 }));
        const found = await repository.findActiveByIds([active.id, deactivated.id, randomUUID()]);
        expect(found.map((u) => u.id)).toEqual([active.id]);
        expect(found[0]).toBeInstanceOf(UserEntity);
        expect(found[0]).toMatchObject({ role: active.role, credentialsVersion: 1, active: true });
        expect(await repository.findActiveByIds([])).toEqual([]);
      });
    });

    it('an administrator may step down while another is active; the others are found (and locked) first', async () => {
      const [admin, other, inactive] = [
        await create({ role: UserRole.ADMIN }),
        await create({ role: UserRole.ADMIN }),
        await create({ role: UserRole.ADMIN }),
      ];
      await ctx.as(system, () => service.deactivate({ id: inactive.id }));
      const others = await ctx.dataSource.transaction((manager) =>
        repository.lockOtherActiveAdmins(manager, admin.id),
      );
      expect(others).toContain(other.id);
      expect(others).not.toContain(admin.id);
      expect(others).not.toContain(inactive.id);
      const demoted = await ctx.as(system, () => service.update({ id: admin.id, role: UserRole.RECRUITER }));
      expect(demoted.role).toBe(UserRole.RECRUITER);
      // Refusing the last one needs every other administrator gone: test/e2e/last-admin.e2e-spec.ts.
    });
  });

  /** API keys: what is stored, lookup by prefix, revocation, expiry, lastUsedAt. */
  describe('API keys', () => {
    let service: ApiKeysService;
    let repository: ApiKeysRepository;
    let adminId: string;
    const name = () => `medium key ${randomUUID()}`;
    const asAdmin = <T>(work: () => Promise<T>) => ctx.as({ kind: 'user', id: adminId }, work);
    const create = (scopes: ApiKeyScope[] = [ApiKeyScope.CANDIDATES_READ], expiresAt: Date | null = null) =>
      asAdmin(() => service.create({ name: `  ${name()} `, scopes, expiresAt }));
    beforeAll(async () => {
      service = ctx.get(ApiKeysService);
      repository = ctx.get(ApiKeysRepository);
      const admin = await ctx.get(UsersService).create({
        email: `key.admin.${randomUUID()}@requisite.test`,
        name: 'Key Admin',
        role: UserRole.ADMIN,
      });
      adminId = admin.id;
    });

    it('stores the prefix and a SHA-256 of the key, never the key; scopes once each; who created it', async () => {
      const { apiKey, secret } = await create([
        ApiKeyScope.CANDIDATES_READ,
        ApiKeyScope.EVENTS_READ,
        ApiKeyScope.CANDIDATES_READ,
      ]);
      const [row] = await ctx.sql('SELECT * FROM api_key WHERE id = $1', [apiKey.id]);
      expect(row).toMatchObject({
        prefix: apiKeyPrefix(secret),
        secret_hash: createHash('sha256').update(secret).digest('hex'),
        scopes: ['candidates:read', 'events:read'],
        created_by_id: adminId,
        revoked_at: null,
        last_used_at: null,
      });
      expect(row.name).toBe(row.name.trim());
      expect(JSON.stringify(row)).not.toContain(secret.slice(4));
      const audit = await ctx.sql(
        `SELECT action, actor, changes FROM audit_entry WHERE $1 = ANY(subject_ids)`,
        [apiKey.id],
      );
      expect(audit).toEqual([
        {
          action: 'createApiKey',
          actor: `user:${adminId}`,
          changes: {
            name: { before: null, after: row.name },
            scopes: { before: null, after: ['candidates:read', 'events:read'] },
          },
        },
      ]);
    });

    it('finds a presented key by its prefix and accepts it only with the right hash', async () => {
      const { apiKey, secret } = await create([ApiKeyScope.REQUISITIONS_READ]);
      expect(await repository.findByPrefix(apiKeyPrefix(secret)!)).toMatchObject({ id: apiKey.id });
      expect(await service.authenticate(secret)).toEqual({
        kind: 'api_key',
        id: apiKey.id,
        name: apiKey.name,
        scopes: ['requisitions:read'],
      });
      const tampered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
      expect(apiKeyPrefix(tampered)).toBe(apiKeyPrefix(secret));
      expect(await service.authenticate(tampered)).toBeNull();
      expect(await service.authenticate('rqs_short')).toBeNull();
    });

    it('records use at most once a minute', async () => {
      const { apiKey, secret } = await create();
      await service.authenticate(secret);
      const [first] = await ctx.sql('SELECT last_used_at FROM api_key WHERE id = $1', [apiKey.id]);
      expect(first.last_used_at).toEqual(expect.any(Date));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await service.authenticate(secret);
      const [second] = await ctx.sql('SELECT last_used_at FROM api_key WHERE id = $1', [apiKey.id]);
      expect(second.last_used_at).toEqual(first.last_used_at);
    });

    it('an expired key is refused; an expiry in the past is refused on its field and writes nothing', async () => {
      const { apiKey, secret } = await create(
        [ApiKeyScope.CANDIDATES_READ],
        new Date(Date.now() + 3_600_000),
      );
      expect(await service.authenticate(secret)).not.toBeNull();
      await ctx.sql(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [apiKey.id]);
      expect(await service.authenticate(secret)).toBeNull();

      const late = name();
      const errors = await refusal(
        asAdmin(() =>
          service.create({
            name: late,
            scopes: [ApiKeyScope.CANDIDATES_READ],
            expiresAt: new Date(Date.now() - 1),
          }),
        ),
      );
      expect(errors).toEqual([
        expect.objectContaining({ code: UserErrorCode.INVALID_INPUT, field: ['expiresAt'] }),
      ]);
      expect(await ctx.sql('SELECT id FROM api_key WHERE name = $1', [late])).toEqual([]);
    });

    it('revocation stops the key at once, happens once however often it is asked for, and is recorded once', async () => {
      const { apiKey, secret } = await create();
      const [revoked, again] = await Promise.all([
        asAdmin(() => service.revoke({ id: apiKey.id })),
        asAdmin(() => service.revoke({ id: apiKey.id })),
      ]);
      expect(revoked.revokedAt).toEqual(expect.any(Date));
      expect(again.revokedAt).toEqual(revoked.revokedAt);
      expect(await service.authenticate(secret)).toBeNull();
      const entries = await ctx.sql(
        `SELECT action FROM audit_entry WHERE action = 'revokeApiKey' AND $1 = ANY(subject_ids)`,
        [apiKey.id],
      );
      expect(entries).toEqual([{ action: 'revokeApiKey' }]);
    });

    it('an id that names nothing is NOT_FOUND on the id', async () => {
      expect(await refusal(asAdmin(() => service.revoke({ id: NIL_UUID })))).toEqual([
        expect.objectContaining({ code: UserErrorCode.NOT_FOUND, field: ['id'] }),
      ]);
    });

    it('lists newest first and finds keys by id', async () => {
      const a = await create();
      // Creation times have millisecond precision: make sure the two differ.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const b = await create();
      const listed = (await service.list()).map((k) => k.id);
      expect(listed.indexOf(b.apiKey.id)).toBeLessThan(listed.indexOf(a.apiKey.id));
      expect((await service.findByIds([a.apiKey.id, NIL_UUID])).map((k) => k.id)).toEqual([a.apiKey.id]);
    });
  });
});
