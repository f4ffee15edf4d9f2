import { Injectable, OnModuleInit } from '@nestjs/common';
import DataLoader from 'dataloader';
import { NodeRegistry } from '../common/graphql/node-registry';
import { GraphQLContext, indexBy } from '../common/graphql/request-context';
import { AuditEntriesService } from './audit-entries.service';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditEntryModel } from './audit-entry.model';
import { AuditReaders } from './audit-readers';

/** The request's batched lookups of audit entries, and how `node(id)` refetches one. */
@Injectable()
export class AuditLoaders implements OnModuleInit {
  constructor(
    private readonly entries: AuditEntriesService,
    private readonly readers: AuditReaders,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // The audit log is for administrators; to anyone else its entries do not exist.
    this.nodes.register('AuditEntry', async (id, context) => {
      if (!this.readers.mayRead(context)) return null;
      const row = await this.byId(context).load(id);
      return row && AuditEntryModel.from(row);
    });
  }

  byId(context: GraphQLContext): DataLoader<string, AuditEntryEntity | null> {
    return context.loaders.get(
      'auditEntry.byId',
      () =>
        new DataLoader(async (ids: readonly string[]) =>
          indexBy(ids, await this.entries.findByIds(ids), (e) => e.id),
        ),
    );
  }
}
