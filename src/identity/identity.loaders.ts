import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AuditReaders } from '../audit/audit-readers';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { NodeRegistry } from '../common/graphql/node-registry';
import { reach } from './access.rules';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyModel } from './api-key.model';
import { ApiKeysService } from './api-keys.service';
import { viewerOf } from './auth.guards';
import { UserEntity } from './user.entity';
import { UserModel } from './user.model';
import { UsersService } from './users.service';

/** The request's batched lookups of accounts and keys, and how `node(id)` refetches them. */
@Injectable()
export class IdentityLoaders implements OnModuleInit {
  constructor(
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly nodes: NodeRegistry,
    private readonly auditReaders: AuditReaders,
  ) {}

  onModuleInit(): void {
    // The audit log lies below identity and cannot know roles: it asks this.
    this.auditReaders.register(administers);
    // Accounts and keys are for administrators to look up; to anyone else they do not exist.
    this.nodes.register('User', async (id, context) => {
      if (!administers(context)) return null;
      const row = await this.userById(context).load(id);
      return row && UserModel.from(row);
    });
    this.nodes.register('ApiKey', async (id, context) => {
      if (!administers(context)) return null;
      const row = await this.apiKeyById(context).load(id);
      return row && ApiKeyModel.from(row);
    });
  }

  userById(context: GraphQLContext): DataLoader<string, UserEntity | null> {
    return context.loaders.get(
      'user.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.users.findByIds(ids), (u) => u.id),
        ),
    );
  }

  apiKeyById(context: GraphQLContext): DataLoader<string, ApiKeyEntity | null> {
    return context.loaders.get(
      'apiKey.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.apiKeys.findByIds(ids), (k) => k.id),
        ),
    );
  }
}

/** Whether the GraphQL caller administers users, keys and the audit log (keys never do). */
export function administers(context: GraphQLContext): boolean {
  return reach(viewerOf(context), 'administer').kind !== 'none';
}
