import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { inTransaction } from '../common/database/transaction';
import { DomainError } from '../common/errors/domain-error';
import { CurrentRequest } from '../common/current-request';
import { apiKeyMatches, apiKeyPrefix, generateApiKey } from './api-key.secret';
import { ApiKeyEntity } from './api-key.entity';
import { CreateApiKeyCommand, RevokeApiKeyCommand } from './api-key.commands';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeyScope } from './identity.enums';
import { Principal } from './principal';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysRepository,
    private readonly audit: AuditLog,
  ) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.apiKeys.findAllNewestFirst();
  }

  findByIds(ids: readonly string[]): Promise<ApiKeyEntity[]> {
    return this.apiKeys.findByIds(ids);
  }

  /** Creates a key; the returned secret is the only time anyone sees it. */
  async create(command: CreateApiKeyCommand): Promise<{ apiKey: ApiKeyEntity; secret: string }> {
    if (command.expiresAt && command.expiresAt.getTime() <= Date.now()) {
      throw DomainError.invalid(['expiresAt'], 'expiresAt must be in the future.');
    }
    const { key, prefix, hash } = generateApiKey();
    const createdById = CurrentRequest.current()?.actor?.kind === 'user' ? CurrentRequest.actorId() : null;
    return inTransaction(this.dataSource, async (manager) => {
      const apiKey = await this.apiKeys.insert(manager, {
        name: command.name.trim(),
        prefix,
        secretHash: hash,
        scopes: [...new Set(command.scopes)],
        expiresAt: command.expiresAt ?? null,
        createdById,
      });
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

  /** Revoking a revoked key changes nothing and records nothing. */
  async revoke(command: RevokeApiKeyCommand): Promise<ApiKeyEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const apiKey = await this.apiKeys.lockById(manager, command.id);
      if (!apiKey) throw DomainError.notFound('API key', ['id']);
      if (apiKey.revokedAt) return apiKey;
      const revoked = await this.apiKeys.markRevoked(manager, apiKey.id);
      await this.audit.record(manager, {
        action: 'revokeApiKey',
        subjectType: 'api_key',
        subjectIds: [apiKey.id],
        changes: { revokedAt: { before: null, after: 'now' } },
      });
      return revoked;
    });
  }

  /** The principal behind a presented key, or null when it is malformed, unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | null> {
    const prefix = apiKeyPrefix(token);
    if (!prefix) return null;
    const apiKey = await this.apiKeys.findByPrefix(prefix);
    if (!apiKey || !apiKeyMatches(token, apiKey.secretHash)) return null;
    if (apiKey.revokedAt || (apiKey.expiresAt && apiKey.expiresAt.getTime() <= Date.now())) return null;
    await this.apiKeys.touchLastUsed(apiKey.id);
    return { kind: 'api_key', id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes as ApiKeyScope[] };
  }
}
