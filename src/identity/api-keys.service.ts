import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { fromGlobalId } from '../common/graphql/global-id';
import { CurrentRequest } from '../common/current-request';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key.secret';
import { ApiKeyEntity } from './api-key.entity';
import { CreateApiKeyInput, RevokeApiKeyInput } from './dto/identity.inputs';
import { ApiKeyScope } from './identity.enums';
import { Principal } from './principal';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Creates a key; the returned secret is the only time anyone sees it. */
  async create(input: CreateApiKeyInput): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw DomainError.invalid(['expiresAt'], 'expiresAt must be in the future.');
    }
    const { key, prefix, hash } = generateApiKey();
    const createdById = CurrentRequest.current()?.actor?.kind === 'user' ? CurrentRequest.actorId() : null;
    return inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      const apiKey = await repository.save(
        repository.create({
          name: input.name.trim(),
          prefix,
          secretHash: hash,
          scopes: [...new Set(input.scopes)],
          expiresAt: input.expiresAt ?? null,
          createdById,
        }),
        { reload: true },
      );
      await this.audit.record(manager, {
        action: 'createApiKey',
        subjectType: 'api_key',
        subjectIds: [apiKey.id],
        changes: {
          name: { before: null, after: apiKey.name },
          scopes: { before: null, after: apiKey.scopes },
        },
      });
      return { apiKey, secret: key };
    });
  }

  async revoke(input: RevokeApiKeyInput): Promise<ApiKeyEntity> {
    const id = fromGlobalId(input.id, 'ApiKey');
    return inTransaction(this.dataSource, async (manager) => {
      const repository = manager.getRepository(ApiKeyEntity);
      const apiKey = id ? await repository.findOneBy({ id }) : null;
      if (!apiKey) throw DomainError.notFound('API key', ['id']);
      if (apiKey.revokedAt) return apiKey;
      await repository.update({ id: apiKey.id }, { revokedAt: () => 'now()' });
      await this.audit.record(manager, {
        action: 'revokeApiKey',
        subjectType: 'api_key',
        subjectIds: [apiKey.id],
        changes: { revokedAt: { before: null, after: 'now' } },
      });
      return (await repository.findOneBy({ id: apiKey.id }))!;
    });
  }

  /** The principal behind a presented key, or null when it is malformed, unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | null> {
    const prefix = apiKeyPrefix(token);
    if (!prefix) return null;
    const apiKey = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ prefix });
    if (!apiKey || !apiKeyMatches(token, apiKey.secretHash)) return null;
    if (apiKey.revokedAt || (apiKey.expiresAt && apiKey.expiresAt.getTime() <= Date.now())) return null;
    // At most one write a minute per key: lastUsedAt is for humans, not an access log.
    await this.dataSource.query(
      `UPDATE api_key SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [apiKey.id],
    );
    return { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes as ApiKeyScope[] };
  }
}
